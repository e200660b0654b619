"""One module per group of headless subcommands; none imports textual."""
