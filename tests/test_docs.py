"""Everything a user can set or type is documented."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import typer.main

from rashomon.cli import app
from rashomon.config import Settings, StorySettings, WatchSettings, WebSettings
from rashomon.errors import Errors, Warnings

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_setting_is_documented() -> None:
    text = (DOCS / "config.md").read_text()
    names = [f.name for f in fields(Settings) if f.name not in {"stories", "web", "watch"}]
    names += [f"stories.{f.name}" for f in fields(StorySettings)]
    names += [f"web.{f.name}" for f in fields(WebSettings)]
    names += [f"watch.{f.name}" for f in fields(WatchSettings)]
    missing = [n for n in names if f"`{n}`" not in text]
    assert not missing, f"docs/config.md lacks {missing}"


def test_every_error_code_is_documented() -> None:
    text = (DOCS / "errors.md").read_text()
    missing = [e.name for e in [*Errors, *Warnings] if f"`{e.name}`" not in text]
    assert not missing, f"docs/errors.md lacks {missing}"


def test_every_command_and_option_is_documented() -> None:
    text = (DOCS / "cli.md").read_text()
    group = typer.main.get_command(app)
    assert hasattr(group, "commands")
    missing = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        if f"rashomon {name}" not in text:
            missing.append(f"command {name}")
        for param in command.params:
            if param.param_type_name == "option":
                for opt in param.opts:
                    if opt.startswith("--") and f"`{opt}" not in text:
                        missing.append(f"{name} {opt}")
            if not command.help:
                missing.append(f"help of {name}")
    assert not missing, f"docs/cli.md lacks {missing}"
