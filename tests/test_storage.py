from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.storage.database import Database, Migration, load_migrations


async def test_migrates_an_empty_database_to_the_newest_version(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.sqlite3")
    try:
        assert await db.user_version() == len(load_migrations())
        async with db.conn.execute("PRAGMA journal_mode") as cursor:
            assert (await cursor.fetchone())[0] == "wal"
        async with db.conn.execute("PRAGMA foreign_keys") as cursor:
            assert (await cursor.fetchone())[0] == 1
    finally:
        await db.close()


async def test_rerunning_migrations_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    first = await Database.open(path)
    await first.close()
    again = await Database.open(path, migrate=False)
    try:
        assert await again.migrate() == []
    finally:
        await again.close()


async def test_a_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 999")
    with pytest.raises(StorageError, match="newer than this Projectionist knows"):
        await Database.open(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 999


async def test_a_failing_migration_rolls_back_whole(db: Database) -> None:
    version = await db.user_version()
    broken = Migration(
        version + 1,
        "broken.sql",
        "CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);",
    )
    with pytest.raises(StorageError, match=r"broken\.sql failed"):
        await db.migrate([*load_migrations(), broken])
    assert await db.user_version() == version
    async with db.conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'half_done'"
    ) as cursor:
        assert (await cursor.fetchone())[0] == 0


def test_migration_files_are_numbered_without_gaps() -> None:
    versions = [m.version for m in load_migrations()]
    assert versions == list(range(1, len(versions) + 1))


async def test_transaction_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO guild_settings (guild_id) VALUES (7)")
            raise RuntimeError("boom")
    async with db.conn.execute("SELECT count(*) FROM guild_settings") as cursor:
        assert (await cursor.fetchone())[0] == 0


async def test_backup_is_a_usable_copy(db: Database, tmp_path: Path) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO guild_settings (guild_id, spoilers) VALUES (5, 0)")
    await db.backup(tmp_path / "copy" / "b.sqlite3")
    with sqlite3.connect(tmp_path / "copy" / "b.sqlite3") as raw:
        assert raw.execute("SELECT guild_id, spoilers FROM guild_settings").fetchall() == [(5, 0)]
