from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.polls.models import Method, Status
from bot.storage.migrations import Migration
from bot.storage.sqlite.database import Database, load_migrations

MIGRATION_DIGESTS = {
    "0001_initial.sql": "9c1e6abef8cce240",
    "0002_favourites_and_discussions.sql": "d7bc6d614d3bda98",
    "0003_polls.sql": "f4cb2acbcbec4690",
}


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


def _check_values(table_sql: str, column: str) -> set[str]:
    match = re.search(rf"\b{column}\b[^,]*?CHECK \({column} IN \(([^)]*)\)\)", table_sql)
    assert match, f"no CHECK on {column}"
    return {value.strip().strip("'") for value in match.group(1).split(",")}


async def test_the_poll_checks_match_the_method_and_status_enums(db: Database) -> None:
    async with db.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'polls'") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    assert _check_values(row[0], "method") == {m.value for m in Method}
    assert _check_values(row[0], "status") == {s.value for s in Status}


def test_the_check_reader_sees_a_mismatch() -> None:
    sql = "method TEXT NOT NULL CHECK (method IN ('schulze', 'borda')),"
    assert _check_values(sql, "method") == {"schulze", "borda"} != {m.value for m in Method}


async def test_the_never_read_tally_tables_are_gone(db: Database) -> None:
    sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'poll%'"
    async with db.conn.execute(sql) as cursor:
        tables = {r[0] for r in await cursor.fetchall()}
    assert tables == {"polls", "poll_options", "poll_outbox"}


def test_the_shipped_migrations_before_0004_are_unchanged() -> None:
    # Databases in the field were migrated by these exact scripts; editing one would fork them.
    digests = {m.name: hashlib.sha256(m.sql.encode()).hexdigest()[:16] for m in load_migrations()}
    assert {name: digests[name] for name in list(digests)[:3]} == MIGRATION_DIGESTS


# A poll with three members' ballots as migration 0009 stored them: one row per ballot and one
# row per rank, the rank rows written out of order (the order a row lands in must not matter);
# the ``ballots_count`` trigger counts the three ballots.
_OLD_BALLOTS = """
INSERT INTO films (id, title, title_key) VALUES (1, 'Rocky IV', 'rocky iv');
INSERT INTO polls (id, guild_id, channel_id, film_id, film_title, host_id, method, created_at,
                   closes_at, ballot_count)
VALUES (1, 1, 1, 1, 'Rocky IV', 1, 'irv', '2026-01-01T00:00:00+00:00',
        '2026-01-02T00:00:00+00:00', 0);
INSERT INTO poll_options (poll_id, option, title, spoiler)
VALUES (1, 1, 'a', 0), (1, 2, 'b', 0), (1, 3, 'c', 0);
INSERT INTO ballots (id, poll_id, user_id, cast_at)
VALUES (7, 1, 30, '2026-01-01T01:00:00+00:00'), (8, 1, 10, '2026-01-01T01:00:00+00:00'),
       (9, 1, 20, '2026-01-01T01:00:00+00:00');
INSERT INTO ballot_rankings (ballot_id, rank, option)
VALUES (7, 3, 1), (7, 1, 3), (7, 2, 2), (8, 1, 2), (9, 2, 1), (9, 1, 3);
"""


async def test_ballots_keep_their_rankings_when_a_ballot_becomes_one_row(tmp_path: Path) -> None:
    """Migration 0010 folds each ballot's rank rows into the ballot's own row (one page per
    ballot instead of five); every stored ranking comes through, in rank order."""
    from bot.storage.sqlite.polls import SqlitePollStore

    path = tmp_path / "old.sqlite3"
    db = await Database.open(path, migrate=False)
    try:
        await db.migrate(load_migrations()[:9])
        await db.conn.executescript(_OLD_BALLOTS)
        await db.migrate(load_migrations())
        store = SqlitePollStore(db)
        assert await store.ballot_of(1, 30) == (3, 2, 1)
        assert await store.ballot_of(1, 10) == (2,)
        assert await store.ballot_of(1, 20) == (3, 1)
        assert sorted([b async for b in store.ballots(1)]) == [(2,), (3, 1), (3, 2, 1)]
        poll = await store.get(1)
        assert poll is not None and poll.ballot_count == 3
    finally:
        await db.close()


@pytest.mark.parametrize("ranking", ["", "0", "1,,2", "2,", ",2", "1,02", "1;2", "x"])
async def test_the_schema_refuses_a_ranking_that_is_not_a_list_of_options(
    db: Database, ranking: str
) -> None:
    await db.conn.executescript(_OLD_BALLOTS.split("INSERT INTO ballots")[0])
    with pytest.raises(sqlite3.IntegrityError):
        await db.conn.execute(
            "INSERT INTO ballots (poll_id, user_id, ranking, cast_at) VALUES (1, 5, ?, 'now')",
            (ranking,),
        )
    await db.conn.execute(
        "INSERT INTO ballots (poll_id, user_id, ranking, cast_at) VALUES (1, 5, '12,3,25', 'now')"
    )


# Two polls as migration 0010 stored them: one with three members' ballots (the
# ``ballots_count`` trigger counts them), one with none.
_ONE_ROW_BALLOTS = """
INSERT INTO films (id, title, title_key) VALUES (1, 'Rocky IV', 'rocky iv');
INSERT INTO polls (id, guild_id, channel_id, film_id, film_title, host_id, method, created_at,
                   closes_at, status)
VALUES (1, 1, 1, 1, 'Rocky IV', 1, 'irv', '2026-01-01T00:00:00+00:00',
        '2026-01-02T00:00:00+00:00', 'closed'),
       (2, 1, 1, 1, 'Rocky IV', 1, 'irv', '2026-01-01T00:00:00+00:00',
        '2026-01-02T00:00:00+00:00', 'open');
INSERT INTO poll_options (poll_id, option, title, spoiler)
VALUES (1, 1, 'a', 0), (1, 2, 'b', 0), (2, 1, 'a', 0), (2, 2, 'b', 0);
INSERT INTO ballots (poll_id, user_id, ranking, cast_at)
VALUES (1, 30, '2,1', '2026-01-01T01:00:00+00:00'), (1, 10, '1', '2026-01-01T01:00:00+00:00'),
       (1, 20, '2', '2026-01-01T01:00:00+00:00');
"""


async def test_existing_polls_start_counting_writes_at_their_ballot_count(tmp_path: Path) -> None:
    """Migration 0011 adds ``polls.ballot_writes``: an existing poll starts at its ballot count
    (every ballot was written at least once), and from then on every stored ballot, a
    replacement included, adds one."""
    from bot.storage.sqlite.polls import SqlitePollStore

    db = await Database.open(tmp_path / "old.sqlite3", migrate=False)
    try:
        await db.migrate(load_migrations()[:10])
        await db.conn.executescript(_ONE_ROW_BALLOTS)
        await db.migrate(load_migrations())
        store = SqlitePollStore(db)
        polls = {p.id: (p.ballot_count, p.ballot_writes) for p in await store.list_for_guild(1)}
        assert polls == {1: (3, 3), 2: (0, 0)}
        await db.conn.execute(
            "INSERT INTO ballots (poll_id, user_id, ranking, cast_at) VALUES (2, 5, '1', 'x')"
        )
        await db.conn.execute("UPDATE ballots SET ranking = '2' WHERE poll_id = 2")
        await db.conn.commit()
        poll = await store.get(2)
        assert poll is not None and (poll.ballot_count, poll.ballot_writes) == (1, 2)
    finally:
        await db.close()
