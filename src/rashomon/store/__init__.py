"""The embedded SQLite store: schema and migrations, one writer, read queries."""

from .db import Store, connect

__all__ = ["Store", "connect"]
