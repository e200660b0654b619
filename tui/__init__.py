"""yuedu: a terminal reader for Chinese-language articles."""

__version__ = "0.1.0"
