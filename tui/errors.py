"""Errors the user caused: the CLI turns them into one line and exit code 2."""


class UserError(Exception):
    """Bad usage or bad input."""


class NotFound(Exception):
    """Nothing matched: exit code 1."""
