"""The web UI and JSON API: ``create_app`` builds the app that ``rashomon serve`` runs."""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str) -> object:
    # Import lazily so that ``import rashomon.web`` stays cheap for the CLI.
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
