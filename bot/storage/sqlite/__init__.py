"""The SQLite backend: a writer and a reader connection (WAL), numbered migrations, every store."""

from __future__ import annotations

from pathlib import Path

from bot.storage.sqlite.catalogue import SqliteCatalogueStore
from bot.storage.sqlite.community import SqliteCommunityStore
from bot.storage.sqlite.database import (
    DEFAULT_BUSY_TIMEOUT_MS,
    Database,
    backup_file,
    load_migrations,
)
from bot.storage.sqlite.guilds import SqliteGuildSettingsStore
from bot.storage.sqlite.polls import SqlitePollStore
from bot.storage.sqlite.suggestions import SqliteSuggestionStore

__all__ = ["Database", "SqliteBackend", "backup_file"]


class SqliteBackend:
    """Every store over one ``Database``; also what `projectionist db` needs."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.catalogue = SqliteCatalogueStore(db)
        self.polls = SqlitePollStore(db)
        self.community = SqliteCommunityStore(db)
        self.guilds = SqliteGuildSettingsStore(db)
        self.suggestions = SqliteSuggestionStore(db)

    @classmethod
    async def open(
        cls,
        path: Path | str,
        *,
        migrate: bool = True,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> SqliteBackend:
        return cls(await Database.open(path, migrate=migrate, busy_timeout_ms=busy_timeout_ms))

    @property
    def location(self) -> str:
        return self.db.path

    async def schema_version(self) -> int:
        return await self.db.user_version()

    def known_version(self) -> int:
        return len(load_migrations())

    async def migrate(self) -> list[str]:
        return await self.db.migrate()

    async def backup(self, destination: Path | str) -> None:
        await self.db.backup(destination)

    async def close(self) -> None:
        await self.db.close()
