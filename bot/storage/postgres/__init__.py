"""The PostgreSQL backend: an asyncpg pool, numbered migrations under an advisory lock, and
every store, passing the same contract tests as SQLite."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bot.errors import StorageError
from bot.storage.postgres.catalogue import PgCatalogueStore
from bot.storage.postgres.community import PgCommunityStore
from bot.storage.postgres.database import PgDatabase, load_migrations
from bot.storage.postgres.guilds import PgGuildSettingsStore
from bot.storage.postgres.polls import PgPollStore
from bot.storage.postgres.suggestions import PgSuggestionStore

__all__ = ["PgBackend", "PgDatabase"]


def _without_password(url: str) -> tuple[str, str | None]:
    """The URL minus its password (for a command line others can see), and the password."""
    parts = urlsplit(url)
    password = parts.password
    if password is None:
        return url, None
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}@{host}" if user else host)), password


class PgBackend:
    """Every store over one ``PgDatabase``; also what `projectionist db` needs."""

    def __init__(self, db: PgDatabase, url: str) -> None:
        self.db = db
        self._url = url
        self.catalogue = PgCatalogueStore(db)
        self.polls = PgPollStore(db)
        self.community = PgCommunityStore(db)
        self.guilds = PgGuildSettingsStore(db)
        self.suggestions = PgSuggestionStore(db)

    def __repr__(self) -> str:
        return f"PgBackend({self.db.label})"

    @classmethod
    async def open(
        cls, url: str, *, label: str, pool_size: int = 10, migrate: bool = True
    ) -> PgBackend:
        _plain, password = _without_password(url)
        db = await PgDatabase.open(
            url, label=label, password=password, pool_size=pool_size, migrate=migrate
        )
        return cls(db, url)

    @property
    def location(self) -> str:
        return self.db.label

    async def schema_version(self) -> int:
        return await self.db.schema_version()

    def known_version(self) -> int:
        return len(load_migrations())

    async def migrate(self) -> list[str]:
        return await self.db.migrate()

    async def backup(self, destination: Path | str) -> None:
        """A consistent dump (``pg_dump --format=custom``; restore with ``pg_restore``).

        The password reaches pg_dump through its environment, never its command line."""
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise StorageError(
                "Backing up PostgreSQL needs pg_dump, which is not on PATH: install the "
                "PostgreSQL client tools (or back up with your own PostgreSQL tooling)."
            )
        dest = Path(destination)
        await asyncio.to_thread(dest.parent.mkdir, parents=True, exist_ok=True)
        plain, password = _without_password(self._url)
        env = dict(os.environ)
        if password is not None:
            env["PGPASSWORD"] = password
        process = await asyncio.create_subprocess_exec(
            pg_dump,
            "--format=custom",
            "--no-owner",
            f"--file={dest}",
            f"--dbname={plain}",
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        _out, err = await process.communicate()
        if process.returncode != 0:
            reason = err.decode("utf-8", "replace").strip().splitlines()
            detail = reason[-1] if reason else f"exit code {process.returncode}"
            if password:
                detail = detail.replace(password, "***")
            raise StorageError(f"pg_dump could not back up {self.db.label}: {detail}")

    async def close(self) -> None:
        await self.db.close()
