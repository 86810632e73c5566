from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import Settings
from bot.tmdb.credentials import DEFAULT_API_BASE, parse_credential
from tmdb_emulator import FAKE_ACCESS_TOKEN, FAKE_API_KEY


def test_a_v3_key_and_a_v4_token_are_told_apart_by_shape() -> None:
    v3 = parse_credential(FAKE_API_KEY)
    v4 = parse_credential(FAKE_ACCESS_TOKEN)
    assert (v3.kind, v3.query(), v3.headers()) == ("v3", {"api_key": FAKE_API_KEY}, {})
    assert (v4.kind, v4.query()) == ("v4", {})
    assert v4.headers() == {"Authorization": f"Bearer {FAKE_ACCESS_TOKEN}"}


@pytest.mark.parametrize(
    "value",
    [
        "0123456789abcdef",
        "0123456789abcdef0123456789abcdeg",
        "eyJonlyonepart",
        "Bearer abc.def.ghi",
    ],
)
def test_a_malformed_key_is_one_line_that_does_not_repeat_the_value(value: str) -> None:
    with pytest.raises(ConfigError) as info:
        Settings.from_env({"TMDB_API_KEY": value})
    message = str(info.value)
    assert "TMDB_API_KEY" in message and "\n" not in message and value not in message


def test_no_key_means_no_tmdb_and_the_default_base() -> None:
    settings = Settings.from_env({})
    assert settings.tmdb_api_key is None
    assert settings.tmdb_api_base == DEFAULT_API_BASE == "https://api.themoviedb.org/3"


def test_the_key_is_read_but_never_shown_in_repr() -> None:
    for key in (FAKE_API_KEY, FAKE_ACCESS_TOKEN):
        settings = Settings.from_env({"TMDB_API_KEY": f" {key} "})
        assert settings.tmdb_api_key == key
        assert key not in repr(settings)
        assert key not in repr(parse_credential(key)) and key not in str(parse_credential(key))


def test_the_api_base_can_point_elsewhere_and_must_be_a_url() -> None:
    settings = Settings.from_env({"TMDB_API_BASE": "http://127.0.0.1:8123/3/"})
    assert settings.tmdb_api_base == "http://127.0.0.1:8123/3"
    with pytest.raises(ConfigError, match="TMDB_API_BASE"):
        Settings.from_env({"TMDB_API_BASE": "api.themoviedb.org"})


def test_the_readme_carries_tmdbs_attribution_notice() -> None:
    from bot.tmdb.models import ATTRIBUTION

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    assert f"> {ATTRIBUTION}" in readme and "TMDB_API_KEY" in readme


def test_run_with_a_malformed_key_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "TMDB_"))}
    env |= {"DISCORD_TOKEN": "x", "TMDB_API_KEY": "not-a-key", "PROJECTIONIST_DB": "t.sqlite3"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "TMDB_API_KEY" in result.stderr
    assert "not-a-key" not in result.stderr
