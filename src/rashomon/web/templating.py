"""The Jinja2 environment of the web pages, shared by the notebook display (``display.py``).

Autoescaping is on for every template: article text is shown as text, never as HTML.
"""

from __future__ import annotations

from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape

from .markup import day, day_range


def environment() -> Environment:
    """The templates under ``web/templates`` with Rashomon's filters."""
    env = Environment(
        loader=PackageLoader("rashomon.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["urlid"] = lambda value: quote(str(value), safe="")
    # Only http(s) URLs become links: a stored "javascript:" URL must not run on a click.
    env.filters["is_web_url"] = lambda value: str(value or "").lower().startswith(
        ("http://", "https://")
    )
    env.filters["label"] = lambda value: str(value or "").replace("_", " ")
    env.filters["day"] = day
    env.filters["day_range"] = day_range
    return env
