"""The Textual reader. Only `yuedu` and `yuedu read` import this package."""
