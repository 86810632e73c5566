"""Configuration from environment variables, optionally read from a ``.env`` file.

The Discord token and the TMDB key have no default and are never logged or shown in ``repr``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import ConfigError
from bot.tmdb.credentials import DEFAULT_API_BASE, parse_api_base, parse_credential

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
#: Per-guild quotas (README "Limits"): films a guild may own, films one /manage import may hold.
DEFAULT_MAX_GUILD_FILMS = 2000
DEFAULT_MAX_IMPORT_FILMS = 200


def default_database_path(environ: Mapping[str, str]) -> Path:
    """A per-user data directory (XDG), outside the repository and never inside ``data/``."""
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "projectionist" / "projectionist.sqlite3"


def _positive(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9 or int(raw) < 1:
        raise ConfigError(f"{name} must be a whole number from 1 to 999999999, not {raw!r}.")
    return int(raw)


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True, slots=True)
class Settings:
    token: str | None = field(default=None, repr=False)
    database_path: Path = Path("projectionist.sqlite3")
    api_base: str | None = None
    gateway_url: str | None = None
    log_level: str = "INFO"
    sync_commands: bool = True
    load_starter_catalogue: bool = True
    # TMDB is optional: without a key no TMDB feature appears. The key's shape was checked.
    tmdb_api_key: str | None = field(default=None, repr=False)
    tmdb_api_base: str = DEFAULT_API_BASE
    max_guild_films: int = DEFAULT_MAX_GUILD_FILMS
    max_import_films: int = DEFAULT_MAX_IMPORT_FILMS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
        """Read settings; ``.env`` in the working directory fills only unset variables."""
        if environ is None:
            if dotenv:
                from dotenv import load_dotenv

                load_dotenv(Path.cwd() / ".env", override=False)
            environ = os.environ
        level = environ.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if level not in LOG_LEVELS:
            raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {level!r}.")
        db = environ.get("PROJECTIONIST_DB", "").strip()
        tmdb_key = environ.get("TMDB_API_KEY", "").strip() or None
        if tmdb_key is not None:
            parse_credential(tmdb_key)
        return cls(
            token=environ.get("DISCORD_TOKEN", "").strip() or None,
            database_path=Path(db).expanduser() if db else default_database_path(environ),
            api_base=environ.get("DISCORD_API_BASE", "").strip().rstrip("/") or None,
            gateway_url=environ.get("DISCORD_GATEWAY_URL", "").strip() or None,
            log_level=level,
            sync_commands=_flag(environ.get("PROJECTIONIST_SYNC_COMMANDS"), True),
            load_starter_catalogue=_flag(environ.get("PROJECTIONIST_STARTER_CATALOGUE"), True),
            tmdb_api_key=tmdb_key,
            tmdb_api_base=parse_api_base(environ.get("TMDB_API_BASE", "") or DEFAULT_API_BASE),
            max_guild_films=_positive(
                environ, "PROJECTIONIST_MAX_GUILD_FILMS", DEFAULT_MAX_GUILD_FILMS
            ),
            max_import_films=_positive(
                environ, "PROJECTIONIST_MAX_IMPORT_FILMS", DEFAULT_MAX_IMPORT_FILMS
            ),
        )

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError(
                "DISCORD_TOKEN is not set: put your bot token in the environment or in .env "
                "(or try `projectionist sandbox`, which needs no token)."
            )
        return self.token
