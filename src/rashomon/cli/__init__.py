"""The ``rashomon`` command line.

Each command is a thin wrapper: it parses options and calls a plain function (``jobs``,
``store.queries``, ``export``) that the HTTP API and the tests call too. Commands live in
modules by area (``corpus``, ``listing``, ``serve``), all registered on one Typer app.

Exit codes: 0 when everything succeeded, 1 when some documents failed, 2 for usage errors.
"""

from __future__ import annotations

import logging
import sys

import typer

from ..errors import RashomonError

app = typer.Typer(
    name="rashomon",
    help="Who said what, who did what, and where accounts disagree — from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _register() -> None:
    from . import (  # noqa: F401  (each module adds its commands)
        articles,
        check,
        corpus,
        doctor,
        grouping,
        listing,
        serve,
        watch,
    )


def main() -> None:
    """Entry point of the ``rashomon`` script."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    _register()
    try:
        app()
    except RashomonError as exc:
        typer.echo(f"Error: {exc.message}", err=True)
        sys.exit(2 if exc.code.startswith("E02") else 1)


_register()
