"""The headless core: data model and every text operation. Never imports textual."""
