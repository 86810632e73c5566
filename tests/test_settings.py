from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import Settings, mask_password


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


def test_a_sqlite_url_selects_sqlite_at_that_path() -> None:
    settings = Settings.from_env({"PROJECTIONIST_DB": "sqlite:////srv/bot/data.sqlite3"})
    assert settings.database_path == Path("/srv/bot/data.sqlite3")
    assert settings.database_url is None and not settings.uses_postgres
    relative = Settings.from_env({"PROJECTIONIST_DB": "sqlite:///data.sqlite3"})
    assert relative.database_path == Path("data.sqlite3")


def test_a_postgresql_url_selects_postgres_with_a_pool() -> None:
    url = "postgresql://bot:s3cr3t-pw@db.internal:5433/projectionist"
    settings = Settings.from_env({"PROJECTIONIST_DB": url, "PROJECTIONIST_DB_POOL_SIZE": "4"})
    assert settings.uses_postgres and settings.database_url == url
    assert settings.database_pool_size == 4
    assert Settings.from_env({"PROJECTIONIST_DB": url}).database_pool_size == 10


def test_the_database_password_is_never_shown() -> None:
    settings = Settings.from_env({"PROJECTIONIST_DB": "postgresql://bot:s3cr3t-pw@db:5432/films"})
    assert "s3cr3t-pw" not in repr(settings)
    assert settings.database_label == "postgresql://bot:***@db:5432/films"
    assert mask_password("postgresql://bot@db/films") == "postgresql://bot@db/films"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("mysql://bot:pw@db/films", "must be a path, sqlite:///path or postgresql://"),
        ("postgresql://bot:s3cr3t-pw@db:5432/", "names no database"),
        ("postgresql://bot:s3cr3t-pw@db:port/films", "not a valid PostgreSQL URL"),
    ],
)
def test_a_bad_database_setting_is_one_line_without_the_password(value: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=problem) as info:
        Settings.from_env({"PROJECTIONIST_DB": value})
    assert "s3cr3t-pw" not in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("size", ["0", "101", "ten"])
def test_a_bad_pool_size_is_a_config_error(size: str) -> None:
    with pytest.raises(ConfigError, match="PROJECTIONIST_DB_POOL_SIZE"):
        Settings.from_env(
            {"PROJECTIONIST_DB": "postgresql://bot@db/films", "PROJECTIONIST_DB_POOL_SIZE": size}
        )


# -- sharding ------------------------------------------------------------------------------------


def test_without_shard_settings_one_process_runs_every_recommended_shard() -> None:
    settings = Settings.from_env({})
    assert settings.shard_count is None and settings.shard_ids is None


def test_a_shard_count_alone_runs_every_shard_of_that_count() -> None:
    settings = Settings.from_env({"PROJECTIONIST_SHARD_COUNT": " 4 "})
    assert settings.shard_count == 4 and settings.shard_ids is None


@pytest.mark.parametrize(
    ("raw", "ids"),
    [("1", (1,)), ("0-3,8", (0, 1, 2, 3, 8)), (" 5 , 2-3 ", (2, 3, 5)), ("3,3,1-3", (1, 2, 3))],
)
def test_shard_ids_are_a_list_or_ranges(raw: str, ids: tuple[int, ...]) -> None:
    settings = Settings.from_env(
        {"PROJECTIONIST_SHARD_COUNT": "10", "PROJECTIONIST_SHARD_IDS": raw}
    )
    assert settings.shard_ids == ids


@pytest.mark.parametrize("raw", ["0", "-1", "two", "1.5", "", "99999999999"])
def test_a_bad_shard_count_is_one_clear_line(raw: str) -> None:
    environ = {"PROJECTIONIST_SHARD_COUNT": raw, "PROJECTIONIST_SHARD_IDS": "0"}
    with pytest.raises(ConfigError, match="PROJECTIONIST_SHARD_COUNT") as info:
        Settings.from_env(environ)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("raw", ["2", "0-2", "1,x", "3-1", "-1", "1-", ",", "0--1", "1 2"])
def test_bad_shard_ids_are_one_clear_line(raw: str) -> None:
    environ = {"PROJECTIONIST_SHARD_COUNT": "2", "PROJECTIONIST_SHARD_IDS": raw}
    with pytest.raises(ConfigError, match="PROJECTIONIST_SHARD_IDS") as info:
        Settings.from_env(environ)
    assert "\n" not in str(info.value)


def test_shard_ids_without_a_count_are_a_config_error() -> None:
    with pytest.raises(ConfigError, match="PROJECTIONIST_SHARD_COUNT"):
        Settings.from_env({"PROJECTIONIST_SHARD_IDS": "0-1"})
