"""The SQLite connections: one writer and one reader per process, WAL, numbered migrations.

Every write transaction runs on the writer connection, serialised by a lock; every read runs on
the reader connection (``PRAGMA query_only``). The writer uses sqlite3's transaction control with
``isolation_level="IMMEDIATE"``: a write statement outside a transaction begins one (``BEGIN
IMMEDIATE`` sent with it). ``transaction()`` still begins explicitly, so a unit of work that reads
first reads inside it; a unit whose every path starts with a write (the poll store's) may let that
first write begin it, one round trip to the database thread fewer (a ballot is 3, not 4).
Under WAL a reader sees only committed data, so no command ever observes another command's
uncommitted rows, and reads never wait for a writer.
Both connections wait up to ``busy_timeout`` for a lock held by another process, then raise
``DatabaseBusyError`` (a domain error: "the database is busy, try again").

Migrations are ``migrations/NNNN_name.sql`` files applied in order, each in one transaction that
also bumps ``PRAGMA user_version``. A database whose version is newer than the newest migration
this code knows is refused rather than touched.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

import aiosqlite

from bot.errors import ConflictError, DatabaseBusyError, StorageError
from bot.storage.migrations import Migration, read_migrations, refuse_newer
from bot.storage.refusals import CONFLICT

log = logging.getLogger(__name__)

BUSY = "The database is busy with other work; nothing was changed. Try again in a moment."
#: How long a connection waits for another process's lock: inside Discord's 3 s answer window.
DEFAULT_BUSY_TIMEOUT_MS = 2500


def load_migrations() -> tuple[Migration, ...]:
    """The shipped SQLite migrations, in order."""
    return read_migrations("bot.storage.sqlite")


def is_busy(exc: BaseException) -> bool:
    """Whether a driver error means another connection holds the lock (SQLITE_BUSY/LOCKED)."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(exc)
    return "database is locked" in text or "database is busy" in text


class Database:
    """Owns the writer connection (write transactions, serialised) and the reader connection."""

    def __init__(
        self, conn: aiosqlite.Connection, path: str, reader: aiosqlite.Connection | None = None
    ) -> None:
        self._conn = conn
        self._reader = reader or conn
        self._path = path
        self._write_lock = asyncio.Lock()

    @property
    def conn(self) -> aiosqlite.Connection:
        """The writer connection: migrations, backups and (through ``transaction``) writes."""
        return self._conn

    @property
    def path(self) -> str:
        return self._path

    @property
    def reader(self) -> aiosqlite.Connection:
        """The reader connection (``PRAGMA query_only``): it sees only committed data."""
        return self._reader

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """The reader connection, for statements that only read; it sees only committed data.

        A lock held by another process past ``busy_timeout`` leaves as ``DatabaseBusyError``.
        """
        try:
            yield self._reader
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise DatabaseBusyError(BUSY) from exc
            raise

    async def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` on the reader: it changes whenever another
        connection (another process, or this process's writer) has committed since."""
        async with self.read() as conn, conn.execute("PRAGMA data_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    @classmethod
    async def open(
        cls,
        path: Path | str,
        *,
        migrate: bool = True,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> Database:
        target = str(path)
        if target != ":memory:":
            parent = Path(target).parent
            try:
                await asyncio.to_thread(parent.mkdir, parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(
                    f"Cannot create the folder for the database at {target}: {exc.strerror}."
                ) from None
        try:
            conn = await aiosqlite.connect(target, isolation_level="IMMEDIATE")
        except sqlite3.Error as exc:
            raise _unusable(target, exc) from None
        conn.row_factory = aiosqlite.Row
        db = cls(conn, target)
        try:
            await conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA synchronous = NORMAL")
            await db.check_usable()
            if migrate:
                await db.migrate()
            if target != ":memory:":  # a private in-memory database has no second connection
                db._reader = await _open_reader(target, busy_timeout_ms)
        except sqlite3.Error as exc:
            await db.close()
            if is_busy(exc):  # another process kept the write lock past busy_timeout
                raise DatabaseBusyError(
                    f"The database at {target} is busy: another process holds its write lock. "
                    "Try again when it has finished."
                ) from None
            raise _unusable(target, exc) from None
        except BaseException:
            await db.close()
            raise
        return db

    async def check_usable(self) -> None:
        """Refuse at start, in words, a damaged database or one this process cannot write.

        ``quick_check`` reads every page (a garbage or truncated file fails it); the write probe
        takes the write lock and releases it, which SQLite refuses for a read-only file or
        folder whoever the process runs as."""
        async with self._conn.execute("PRAGMA quick_check(1)") as cursor:
            row = await cursor.fetchone()
        if row is None or row[0] != "ok":
            raise sqlite3.DatabaseError(str(row[0]) if row else "quick_check failed")
        await self._conn.execute("BEGIN IMMEDIATE")
        await self._conn.execute("ROLLBACK")

    async def close(self) -> None:
        if self._reader is not self._conn:
            await self._reader.close()
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
        refuse_newer(self._path, current, newest)
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
    async def transaction(
        self, *, begun_by_first_write: bool = False
    ) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: committed on success, rolled back on any exception.

        With ``begun_by_first_write`` the caller promises that the first statement of the unit
        is a write (INSERT, UPDATE, DELETE): sqlite3 sends ``BEGIN IMMEDIATE`` with it instead of
        in a round trip of its own, so the write lock is held from that statement on, as with an
        explicit begin. A constraint the adapters did not translate themselves still leaves as a
        domain error (``ConflictError``), so no driver exception reaches the services.
        """
        conn = self._conn
        async with self._write_lock:
            if not begun_by_first_write:
                try:
                    await conn.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    if is_busy(exc):  # another process held the write lock past busy_timeout
                        raise DatabaseBusyError(BUSY) from exc
                    raise
            try:
                yield conn
            except BaseException as exc:
                if conn.in_transaction:  # a first write refused at its begin left none open
                    await conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.IntegrityError):
                    raise ConflictError(CONFLICT) from exc
                if is_busy(exc):
                    raise DatabaseBusyError(BUSY) from exc
                raise
            if not conn.in_transaction:  # nothing was written
                return
            try:
                await conn.execute("COMMIT")
            except sqlite3.IntegrityError as exc:  # deferred constraints fail at commit
                await conn.execute("ROLLBACK")
                raise ConflictError(CONFLICT) from exc
            except sqlite3.OperationalError as exc:
                if conn.in_transaction:
                    await conn.execute("ROLLBACK")
                if is_busy(exc):
                    raise DatabaseBusyError(BUSY) from exc
                raise

    async def backup(self, destination: Path | str) -> None:
        """A consistent copy of the live database (SQLite's online backup API)."""
        dest = Path(destination)
        await asyncio.to_thread(dest.parent.mkdir, parents=True, exist_ok=True)
        async with aiosqlite.connect(str(dest)) as target:
            await self._conn.backup(target)


def _unusable(target: str, exc: sqlite3.Error) -> StorageError:
    """One line saying why the database at ``target`` cannot be used."""
    detail = str(exc) or type(exc).__name__
    code = getattr(exc, "sqlite_errorname", "")
    if code.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")) or (
        "readonly" in detail
    ):
        return StorageError(
            f"Cannot write the database at {target} ({detail}): Projectionist needs write "
            "access to the file and to its folder."
        )
    return StorageError(
        f"The file at {target} is not a usable Projectionist database ({detail}). Restore a "
        "backup, or point PROJECTIONIST_DB at another file."
    )


async def backup_file(source: Path | str, destination: Path | str) -> Path:
    """Copy the database at ``source`` to ``destination`` with SQLite's online backup API.

    The source is opened read-only (never migrated, never written), and the copy is taken in one
    backup step, so it is one consistent snapshot even while another process writes. A directory
    ``destination`` receives ``projectionist-YYYYmmdd-HHMMSS.sqlite3``; an existing file is
    refused. The copy is written beside its final name and renamed into place, so a failed
    backup leaves nothing. Returns the path written."""
    return await asyncio.to_thread(_backup_file, Path(source), Path(destination))


def _backup_file(source: Path, destination: Path) -> Path:
    if not source.is_file():
        raise StorageError(f"There is no database at {source} to back up.")
    if destination.is_dir():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        destination = destination / f"projectionist-{stamp}.sqlite3"
    if destination.exists():
        raise StorageError(f"{destination} already exists; choose a new name or a folder.")
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(partial)
            try:
                reader.backup(target)
            finally:
                target.close()
        finally:
            reader.close()
        os.replace(partial, destination)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"Cannot back up {source}: {exc}.") from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"Cannot write the backup {destination}: {exc.strerror}.") from None
    return destination


async def _open_reader(target: str, busy_timeout_ms: int) -> aiosqlite.Connection:
    """A second connection that only reads (autocommit: each statement sees the last commit)."""
    try:
        reader = await aiosqlite.connect(target, isolation_level=None)
    except sqlite3.Error as exc:
        raise StorageError(f"Cannot open the database at {target}: {exc}") from exc
    reader.row_factory = aiosqlite.Row
    try:
        await reader.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        await reader.execute("PRAGMA query_only = ON")
    except BaseException:
        await reader.close()
        raise
    return reader
