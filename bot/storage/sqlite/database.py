"""The SQLite connection: one per process, WAL, foreign keys on, numbered migrations.

Migrations are ``migrations/NNNN_name.sql`` files applied in order, each in one transaction that
also bumps ``PRAGMA user_version``. A database whose version is newer than the newest migration
this code knows is refused rather than touched.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import aiosqlite

from bot.errors import ConflictError, StorageError

log = logging.getLogger(__name__)

CONFLICT = "That change conflicts with what is already stored; nothing was changed."
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations() -> tuple[Migration, ...]:
    """The shipped migrations, in order; their numbers must run 1, 2, 3... without gaps."""
    folder = resources.files("bot.storage.sqlite") / "migrations"
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise StorageError(f"Migration numbering has a gap before {migration.name}.")
    return tuple(found)


class Database:
    """Owns the single aiosqlite connection and serialises write transactions."""

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self._conn = conn
        self._path = path
        self._write_lock = asyncio.Lock()

    @property
    def conn(self) -> aiosqlite.Connection:
        return self._conn

    @property
    def path(self) -> str:
        return self._path

    @classmethod
    async def open(cls, path: Path | str, *, migrate: bool = True) -> Database:
        target = str(path)
        if target != ":memory:":
            parent = Path(target).parent
            await asyncio.to_thread(parent.mkdir, parents=True, exist_ok=True)
        try:
            conn = await aiosqlite.connect(target, isolation_level=None)
        except sqlite3.Error as exc:
            raise StorageError(f"Cannot open the database at {target}: {exc}") from exc
        conn.row_factory = aiosqlite.Row
        db = cls(conn, target)
        try:
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA synchronous = NORMAL")
            await conn.execute("PRAGMA busy_timeout = 5000")
            if migrate:
                await db.migrate()
        except BaseException:
            await conn.close()
            raise
        return db

    async def close(self) -> None:
        await self._conn.close()

    async def user_version(self) -> int:
        async with self._conn.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self, migrations: Sequence[Migration] | None = None) -> list[str]:
        """Apply pending migrations (the shipped ones by default); return the names applied."""
        if migrations is None:
            migrations = load_migrations()
        newest = migrations[-1].version if migrations else 0
        current = await self.user_version()
        if current > newest:
            raise StorageError(
                f"The database at {self._path} has schema version {current}, newer than this "
                f"Projectionist knows ({newest}). Upgrade Projectionist or use a backup."
            )
        applied: list[str] = []
        async with self._write_lock:
            for migration in migrations:
                if migration.version <= current:
                    continue
                script = (
                    f"BEGIN IMMEDIATE;\n{migration.sql}\n"
                    f"PRAGMA user_version = {migration.version};\nCOMMIT;"
                )
                try:
                    await self._conn.executescript(script)
                except sqlite3.Error as exc:
                    if self._conn.in_transaction:
                        await self._conn.execute("ROLLBACK")
                    raise StorageError(f"Migration {migration.name} failed: {exc}") from exc
                log.info("Applied migration %s", migration.name)
                applied.append(migration.name)
        return applied

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: committed on success, rolled back on any exception.

        A constraint the adapters did not translate themselves still leaves as a domain error
        (``ConflictError``), so no driver exception reaches the services.
        """
        async with self._write_lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException as exc:
                await self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.IntegrityError):
                    raise ConflictError(CONFLICT) from exc
                raise
            try:
                await self._conn.execute("COMMIT")
            except sqlite3.IntegrityError as exc:  # deferred constraints fail at commit
                await self._conn.execute("ROLLBACK")
                raise ConflictError(CONFLICT) from exc

    async def backup(self, destination: Path | str) -> None:
        """A consistent copy of the live database (SQLite's online backup API)."""
        dest = Path(destination)
        await asyncio.to_thread(dest.parent.mkdir, parents=True, exist_ok=True)
        async with aiosqlite.connect(str(dest)) as target:
            await self._conn.backup(target)
