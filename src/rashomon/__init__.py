"""Rashomon: a reconciled record of what happened and who says what, from news coverage."""

__version__ = "0.1.0"
