"""The PostgreSQL connection pool (asyncpg), numbered migrations and the unit of work.

Migrations are ``migrations/NNNN_name.sql`` files, each applied in its own transaction that first
takes ``pg_advisory_xact_lock``, so processes starting together migrate once: the second waits,
then finds the migration recorded in ``schema_migrations`` and skips it. A database whose
version is newer than the newest migration this code knows is refused rather than touched.
Driver exceptions never leave this package: constraint violations become ``ConflictError``, a
database that cannot be reached becomes ``StorageError``; messages never carry the password.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from bot.errors import ConflictError, StorageError
from bot.storage.migrations import Migration, read_migrations, refuse_newer
from bot.storage.postgres.notify import PgListener
from bot.storage.refusals import CONFLICT

log = logging.getLogger(__name__)

# pg_advisory_xact_lock key: "projmigr" as a 64-bit integer, shared by every process.
MIGRATION_LOCK = 0x70726F6A6D696772
_DRIVER_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError)
_CREATE_VERSIONS = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
)


def load_migrations() -> tuple[Migration, ...]:
    """The shipped PostgreSQL migrations, in order."""
    return read_migrations("bot.storage.postgres")


def _scrub(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


class PgDatabase:
    """Owns the asyncpg pool; reads borrow a connection, writes hold one for a transaction."""

    def __init__(
        self, pool: asyncpg.Pool, label: str, secret: str | None, url: str | None = None
    ) -> None:
        self._pool = pool
        self._label = label
        self._secret = secret
        self._url = url

    def listener(self, changed: Callable[[], None]) -> PgListener:
        """A (not yet started) LISTEN connection calling ``changed`` on catalogue changes."""
        if self._url is None:
            raise StorageError(f"The database at {self._label} was opened without its URL.")
        return PgListener(self._url, self._label, self._secret, changed)

    @property
    def label(self) -> str:
        """The database URL with its password masked."""
        return self._label

    @property
    def pool(self) -> asyncpg.Pool:
        return self._pool

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        label: str,
        password: str | None = None,
        pool_size: int = 10,
        migrate: bool = True,
    ) -> PgDatabase:
        try:
            pool = await asyncpg.create_pool(
                url, min_size=1, max_size=pool_size, command_timeout=60, timeout=15
            )
        except (*_DRIVER_ERRORS, ValueError) as exc:
            reason = _scrub(str(exc).strip() or type(exc).__name__, password)
            raise StorageError(f"Cannot connect to PostgreSQL at {label}: {reason}") from None
        db = cls(pool, label, password, url)
        try:
            if migrate:
                await db.migrate()
        except BaseException:
            await pool.close()
            raise
        return db

    async def close(self) -> None:
        await self._pool.close()

    def _unavailable(self, exc: BaseException) -> StorageError:
        reason = _scrub(str(exc).strip() or type(exc).__name__, self._secret)
        return StorageError(f"The database at {self._label} failed: {reason}")

    # -- reads (each on a pooled connection, in its own implicit transaction) ----------------

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        try:
            return list(await self._pool.fetch(sql, *args))
        except _DRIVER_ERRORS as exc:
            raise self._unavailable(exc) from exc

    async def fetchrow(self, sql: str, *args: Any) -> asyncpg.Record | None:
        try:
            row: asyncpg.Record | None = await self._pool.fetchrow(sql, *args)
        except _DRIVER_ERRORS as exc:
            raise self._unavailable(exc) from exc
        return row

    async def fetchval(self, sql: str, *args: Any) -> Any:
        try:
            return await self._pool.fetchval(sql, *args)
        except _DRIVER_ERRORS as exc:
            raise self._unavailable(exc) from exc

    # -- migrations --------------------------------------------------------------------------

    async def schema_version(self) -> int:
        try:
            async with self._pool.acquire() as conn:
                return await _version(conn)
        except _DRIVER_ERRORS as exc:
            raise self._unavailable(exc) from exc

    async def migrate(self, migrations: Sequence[Migration] | None = None) -> list[str]:
        """Apply pending migrations (the shipped ones by default); return the names applied.

        Each runs in its own transaction under the advisory lock, which also re-reads the
        version, so a migration another process applied meanwhile is skipped, not repeated.
        """
        if migrations is None:
            migrations = load_migrations()
        newest = migrations[-1].version if migrations else 0
        applied: list[str] = []
        try:
            async with self._pool.acquire() as conn:
                refuse_newer(self._label, await _version(conn), newest)
                for migration in migrations:
                    if await self._apply(conn, migration, newest):
                        applied.append(migration.name)
        except _DRIVER_ERRORS as exc:
            raise self._unavailable(exc) from exc
        return applied

    async def _apply(self, conn: asyncpg.Connection, migration: Migration, newest: int) -> bool:
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            await conn.execute(_CREATE_VERSIONS)
            current = await _version(conn)
            refuse_newer(self._label, current, newest)
            if migration.version <= current:
                return False
            try:
                await conn.execute(migration.sql)
            except asyncpg.PostgresError as exc:
                raise StorageError(f"Migration {migration.name} failed: {exc}") from exc
            await conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                migration.version,
                migration.name,
            )
        log.info("Applied migration %s", migration.name)
        return True

    # -- the unit of work --------------------------------------------------------------------

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[asyncpg.Connection]:
        """A write transaction on one pooled connection: committed on success, rolled back on
        any exception. A constraint the adapters did not translate still leaves as
        ``ConflictError``; a lost connection as ``StorageError``."""
        try:
            async with self._pool.acquire() as conn:
                tx = conn.transaction()
                await tx.start()
                try:
                    yield conn
                except BaseException:
                    await tx.rollback()
                    raise
                await tx.commit()
        except asyncpg.IntegrityConstraintViolationError as exc:
            raise ConflictError(CONFLICT) from exc
        except _DRIVER_ERRORS as exc:
            raise self._unavailable(exc) from exc


async def _version(conn: asyncpg.Connection) -> int:
    exists = await conn.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL")
    if not exists:
        return 0
    value = await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations")
    return int(value)
