from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import Settings


def test_token_is_required_with_one_clear_line() -> None:
    settings = Settings.from_env({})
    with pytest.raises(ConfigError) as info:
        settings.require_token()
    assert "DISCORD_TOKEN" in str(info.value) and "\n" not in str(info.value)


def test_token_never_appears_in_repr() -> None:
    settings = Settings.from_env({"DISCORD_TOKEN": "secret-token-value"})
    assert settings.require_token() == "secret-token-value"
    assert "secret-token-value" not in repr(settings)


def test_environment_values_are_read() -> None:
    settings = Settings.from_env(
        {
            "PROJECTIONIST_DB": "/tmp/x.sqlite3",
            "DISCORD_API_BASE": "http://127.0.0.1:9/api/v10/",
            "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9/gateway",
            "LOG_LEVEL": "debug",
            "PROJECTIONIST_SYNC_COMMANDS": "0",
        }
    )
    assert settings.database_path == Path("/tmp/x.sqlite3")
    assert settings.api_base == "http://127.0.0.1:9/api/v10"
    assert settings.gateway_url == "ws://127.0.0.1:9/gateway"
    assert settings.log_level == "DEBUG"
    assert settings.sync_commands is False


def test_default_database_lives_outside_the_repository() -> None:
    settings = Settings.from_env({"XDG_DATA_HOME": "/srv/data"})
    assert settings.database_path == Path("/srv/data/projectionist/projectionist.sqlite3")
    assert settings.api_base is None and settings.gateway_url is None


def test_bad_log_level_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="LOG_LEVEL"):
        Settings.from_env({"LOG_LEVEL": "loud"})
