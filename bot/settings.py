"""Configuration from environment variables, optionally read from a ``.env`` file.

The Discord token and the TMDB key have no default and are never logged or shown in ``repr``.
``PROJECTIONIST_DB`` is a path (or ``sqlite:///path``) for SQLite, or a ``postgresql://`` URL
whose password is never shown: ``repr`` and every message use ``database_label`` (masked).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bot.errors import ConfigError
from bot.tmdb.credentials import DEFAULT_API_BASE, parse_api_base, parse_credential

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
#: Per-guild quotas (README "Limits"): films a guild may own, films one /manage import may hold.
DEFAULT_MAX_GUILD_FILMS = 2000
DEFAULT_MAX_IMPORT_FILMS = 200
POSTGRES_SCHEMES = ("postgresql", "postgres")
DEFAULT_POOL_SIZE = 10  # one process: a handful of concurrent interactions plus background work
MAX_POOL_SIZE = 100


def mask_password(url: str) -> str:
    """``url`` with any password replaced by ``***`` (safe to log, show and put in errors)."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return "<unreadable database URL>"
    if not password:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def _database(value: str, environ: Mapping[str, str]) -> tuple[Path, str | None]:
    """``PROJECTIONIST_DB`` read as (SQLite path, PostgreSQL URL or None)."""
    if not value:
        return default_database_path(environ), None
    scheme, sep, rest = value.partition("://")
    if not sep:
        return Path(value).expanduser(), None
    if scheme.lower() == "sqlite":
        path = rest[1:] if rest.startswith("/") else rest
        if not path:
            raise ConfigError("PROJECTIONIST_DB: sqlite:///path needs a path after sqlite:///.")
        return Path(path).expanduser(), None
    if scheme.lower() in POSTGRES_SCHEMES:
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises ValueError for a bad port
        except ValueError:
            raise ConfigError(
                f"PROJECTIONIST_DB is not a valid PostgreSQL URL: {mask_password(value)}"
            ) from None
        if not parts.path.strip("/"):
            raise ConfigError(
                "PROJECTIONIST_DB: the PostgreSQL URL names no database "
                f"(postgresql://user:pass@host:port/db): {mask_password(value)}"
            )
        return default_database_path(environ), value
    raise ConfigError(
        f"PROJECTIONIST_DB must be a path, sqlite:///path or postgresql://user:pass@host:port/db, "
        f"not a {scheme}:// URL."
    )


def _pool_size(value: str | None) -> int:
    if value is None or not value.strip():
        return DEFAULT_POOL_SIZE
    try:
        size = int(value.strip())
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_POOL_SIZE:
        raise ConfigError(
            f"PROJECTIONIST_DB_POOL_SIZE must be a whole number from 1 to {MAX_POOL_SIZE}."
        )
    return size


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


MAX_SHARD_COUNT = 100_000  # far beyond any bot; bounds the ranges a typo could expand to


def _shard_count(value: str | None) -> int | None:
    raw = (value or "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_SHARD_COUNT:
        raise ConfigError(
            f"PROJECTIONIST_SHARD_COUNT must be a whole number from 1 to {MAX_SHARD_COUNT}, "
            f"not {raw!r}."
        )
    return int(raw)


def _shard_ids(value: str | None, count: int | None) -> tuple[int, ...] | None:
    """``PROJECTIONIST_SHARD_IDS`` (``0-3,8``) as sorted, distinct ids, each below ``count``."""
    raw = (value or "").strip()
    if not raw:
        return None
    if count is None:
        raise ConfigError(
            "PROJECTIONIST_SHARD_IDS needs PROJECTIONIST_SHARD_COUNT: set how many shards the "
            "bot has in all."
        )
    ids: set[int] = set()
    for part in raw.split(","):
        first, dash, last = part.strip().partition("-")
        bounds = (first, last) if dash else (first, first)
        if not all(b.strip().isascii() and b.strip().isdigit() for b in bounds):
            raise ConfigError(
                f"PROJECTIONIST_SHARD_IDS must be shard ids or ranges such as 0-3,8, not {raw!r}."
            )
        low, high = (int(b) for b in bounds)
        if low > high or high >= count:
            raise ConfigError(
                f"PROJECTIONIST_SHARD_IDS: {part.strip()!r} is not a range of shard ids from 0 "
                f"to {count - 1} (PROJECTIONIST_SHARD_COUNT is {count})."
            )
        ids.update(range(low, high + 1))
    return tuple(sorted(ids))


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True, slots=True)
class Settings:
    token: str | None = field(default=None, repr=False)
    database_path: Path = Path("projectionist.sqlite3")
    # Set: PostgreSQL at this URL. It may hold a password: out of repr, shown as database_label.
    database_url: str | None = field(default=None, repr=False)
    database_pool_size: int = DEFAULT_POOL_SIZE
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
    # Sharding: None (both) runs every shard Discord recommends in this one process.
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None

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
        database_path, database_url = _database(db, environ)
        shard_count = _shard_count(environ.get("PROJECTIONIST_SHARD_COUNT"))
        shard_ids = _shard_ids(environ.get("PROJECTIONIST_SHARD_IDS"), shard_count)
        tmdb_key = environ.get("TMDB_API_KEY", "").strip() or None
        if tmdb_key is not None:
            parse_credential(tmdb_key)
        return cls(
            token=environ.get("DISCORD_TOKEN", "").strip() or None,
            database_path=database_path,
            database_url=database_url,
            database_pool_size=_pool_size(environ.get("PROJECTIONIST_DB_POOL_SIZE")),
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
            shard_count=shard_count,
            shard_ids=shard_ids,
        )

    @property
    def uses_postgres(self) -> bool:
        return self.database_url is not None

    @property
    def database_label(self) -> str:
        """Where the data lives, safe to show: the SQLite path or the URL with its password
        masked."""
        if self.database_url is not None:
            return mask_password(self.database_url)
        return str(self.database_path)

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError(
                "DISCORD_TOKEN is not set: put your bot token in the environment or in .env "
                "(or try `projectionist sandbox`, which needs no token)."
            )
        return self.token
