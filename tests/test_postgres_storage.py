"""PostgreSQL-specific storage behaviour: migrations under the advisory lock, a newer schema
refused, connection failures as one line without the password, backups through pg_dump.
(What every backend shares is in tests/contract.)"""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

import asyncpg
import pytest

from bot.catalogue.models import MAX_SCENES, FilmDraft, SceneDraft
from bot.errors import ConflictError, StorageError, ValidationError
from bot.polls.models import Method, PollClosedError, Status
from bot.storage.migrations import Migration
from bot.storage.postgres import PgBackend
from bot.storage.postgres.database import PgDatabase, load_migrations
from bot.storage.sqlite import Database
from tests.contract.helpers import NOW, add_film, open_poll
from tests.missing import missing
from tests.postgres_cluster import Cluster


async def _recorded(url: str) -> list[tuple[int, str]]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("SELECT version, name FROM schema_migrations ORDER BY version")
    finally:
        await conn.close()
    return [(r[0], r[1]) for r in rows]


async def test_processes_starting_together_migrate_once(pg_empty_url: str) -> None:
    first, second = await asyncio.gather(
        PgDatabase.open(pg_empty_url, label="first", migrate=False),
        PgDatabase.open(pg_empty_url, label="second", migrate=False),
    )
    try:
        applied = await asyncio.gather(first.migrate(), second.migrate())
        names = [m.name for m in load_migrations()]
        # Each migration ran exactly once, whichever process took the lock first.
        assert sorted(applied[0] + applied[1]) == sorted(names)
        assert await _recorded(pg_empty_url) == [(m.version, m.name) for m in load_migrations()]
        assert await first.schema_version() == await second.schema_version() == len(names)
        assert await first.migrate() == []
    finally:
        await first.close()
        await second.close()


async def test_a_newer_schema_is_refused_and_left_alone(pg_url: str) -> None:
    conn = await asyncpg.connect(pg_url)
    try:
        await conn.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'x.sql')")
    finally:
        await conn.close()
    with pytest.raises(StorageError, match="newer than this Projectionist knows") as info:
        await PgBackend.open(pg_url, label="postgresql://projectionist@test/db")
    assert "\n" not in str(info.value) and "schema version 999" in str(info.value)
    assert (999, "x.sql") in await _recorded(pg_url)


async def test_a_failing_migration_rolls_back_whole(pg_url: str) -> None:
    db = await PgDatabase.open(pg_url, label="test", migrate=False)
    try:
        version = await db.schema_version()
        broken = Migration(
            version + 1,
            "broken.sql",
            "CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);",
        )
        with pytest.raises(StorageError, match=r"broken\.sql failed"):
            await db.migrate([*load_migrations(), broken])
        assert await db.schema_version() == version
        assert await db.fetchval("SELECT to_regclass('half_done')") is None
    finally:
        await db.close()


async def test_a_connection_failure_is_one_line_without_the_password(
    pg_cluster: Cluster,
) -> None:
    url = f"postgresql://nobody:s3cr3t-pw@{pg_cluster.host}:{pg_cluster.port}/no_such_database"
    label = f"postgresql://nobody:***@{pg_cluster.host}:{pg_cluster.port}/no_such_database"
    with pytest.raises(StorageError, match="Cannot connect to PostgreSQL") as info:
        await PgBackend.open(url, label=label)
    message = str(info.value)
    assert "s3cr3t-pw" not in message and "\n" not in message and label in message
    assert info.value.__cause__ is None and info.value.__context__ is not None  # from None


async def test_a_constraint_the_adapter_does_not_name_is_still_a_conflict(pg_url: str) -> None:
    backend = await PgBackend.open(pg_url, label="test")
    try:
        with pytest.raises(ConflictError):
            async with backend.db.transaction() as conn:
                await conn.execute("INSERT INTO guild_settings (guild_id) VALUES (-1)")
    finally:
        await backend.close()


async def test_backup_is_a_pg_dump_archive(pg_url: str, tmp_path: Path) -> None:
    if shutil.which("pg_dump") is None:
        missing("pg_dump is not on PATH")
    backend = await PgBackend.open(pg_url, label="test")
    try:
        await backend.backup(tmp_path / "backups" / "films.dump")
    finally:
        await backend.close()
    assert (tmp_path / "backups" / "films.dump").read_bytes().startswith(b"PGDMP")


async def test_backup_without_pg_dump_says_so_in_one_line(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = await PgBackend.open(pg_url, label="test")
    monkeypatch.setenv("PATH", str(tmp_path))
    try:
        with pytest.raises(StorageError, match="needs pg_dump, which is not on PATH") as info:
            await backend.backup(tmp_path / "films.dump")
    finally:
        await backend.close()
    assert "\n" not in str(info.value)


async def test_the_scene_limit_holds_on_every_write_path(pg_url: str) -> None:
    """The ``scenes_limit`` trigger refuses a film stored with too many scenes at once, as the
    same ValidationError the adapter's own count gives."""
    backend = await PgBackend.open(pg_url, label="test")
    scenes = tuple(SceneDraft(f"Scene {n}") for n in range(1, MAX_SCENES + 2))
    try:
        with pytest.raises(ValidationError, match=f"at most {MAX_SCENES} scenes"):
            async with backend.catalogue.transaction() as tx:
                await tx.insert(FilmDraft("Too Long", scenes=scenes), guild_id=None, title_key="t")
        assert await backend.catalogue.count(every_owner=True) == 0
    finally:
        await backend.close()


async def _sqlite_schema(path: Path) -> tuple[dict[str, set[str]], set[str], set[str]]:
    db = await Database.open(path)
    try:
        async with db.conn.execute(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ) as cursor:
            objects = [(r[0], r[1]) for r in await cursor.fetchall()]
        tables: dict[str, set[str]] = {}
        for kind, name in objects:
            if kind == "table":
                async with db.conn.execute(f"PRAGMA table_info({name})") as cursor:
                    tables[name] = {r[1] for r in await cursor.fetchall()}
    finally:
        await db.close()
    indexes = {name for kind, name in objects if kind == "index"}
    triggers = {name for kind, name in objects if kind == "trigger"}
    return tables, indexes, triggers


async def test_the_schema_matches_sqlites_latest_migration(pg_url: str, tmp_path: Path) -> None:
    """Same tables, columns, named indexes and triggers as SQLite after its newest migration: a
    SQLite migration without its PostgreSQL twin fails here."""
    tables, indexes, triggers = await _sqlite_schema(tmp_path / "schema.sqlite3")
    conn = await asyncpg.connect(pg_url)
    try:
        columns = await conn.fetch(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name <> 'schema_migrations'"
        )
        pg_indexes = {
            r[0]
            for r in await conn.fetch(
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
                "AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'"
            )
        }
        pg_triggers = {
            r[0]
            for r in await conn.fetch("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            if not r[0].startswith("notify_catalogue_")  # NOTIFY is PostgreSQL's alone
        }
    finally:
        await conn.close()
    pg_tables: dict[str, set[str]] = {}
    for row in columns:
        pg_tables.setdefault(row[0], set()).add(row[1])
    assert pg_tables == tables
    assert pg_indexes == indexes
    assert pg_triggers == triggers


async def test_the_poll_checks_match_the_method_and_status_enums(pg_url: str) -> None:
    conn = await asyncpg.connect(pg_url)
    try:
        checks = [
            r[0]
            for r in await conn.fetch(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'polls'::regclass AND contype = 'c'"
            )
        ]
    finally:
        await conn.close()

    def allowed(column: str) -> set[str]:
        (check,) = [c for c in checks if f"({column} = ANY" in c]
        return set(re.findall(r"'([a-z]+)'::text", check))

    assert allowed("method") == {m.value for m in Method}
    assert allowed("status") == {s.value for s in Status}


async def test_a_ballot_waiting_on_a_close_is_refused_once_the_close_commits(pg_url: str) -> None:
    """Across connections (processes), the poll row lock orders a close and a ballot: a ballot
    that started while the close was uncommitted sees the poll closed, never slips in after."""
    backend = await PgBackend.open(pg_url, label="test")
    watcher = await asyncpg.connect(pg_url)
    try:
        film_id = await add_film(backend.catalogue)
        poll_id = await open_poll(backend.polls, film_id)
        poll = await backend.polls.get(poll_id)
        assert poll is not None

        async def vote() -> None:
            async with backend.polls.transaction() as tx:
                await tx.save_ballot(poll, 100, (1, 2), NOW)

        async with backend.polls.transaction() as closing:
            assert await closing.finish(poll_id, Status.CLOSED, NOW)
            voting = asyncio.create_task(vote())
            waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            while await watcher.fetchval(waiting) == 0 and not voting.done():  # noqa: ASYNC110
                await asyncio.sleep(0.01)  # until the ballot's statement waits on the close
        with pytest.raises(PollClosedError):
            await voting
        stored = await backend.polls.get(poll_id)
        assert stored is not None and stored.ballot_count == 0
        assert await backend.polls.ballot_of(poll_id, 100) is None
    finally:
        await watcher.close()
        await backend.close()


# Three members' ballots as migration 0007 stored them (see tests/test_storage.py's twin): a row
# per ballot and a row per rank, written out of rank order.
_OLD_BALLOTS = """
INSERT INTO films (id, title, title_key) VALUES (1, 'Rocky IV', 'rocky iv');
INSERT INTO polls (id, guild_id, channel_id, film_id, film_title, host_id, method, created_at,
                   closes_at)
VALUES (1, 1, 1, 1, 'Rocky IV', 1, 'irv', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z');
INSERT INTO poll_options (poll_id, option, title, spoiler)
VALUES (1, 1, 'a', false), (1, 2, 'b', false), (1, 3, 'c', false);
INSERT INTO ballots (id, poll_id, user_id, cast_at)
VALUES (7, 1, 30, '2026-01-01T01:00:00Z'), (8, 1, 10, '2026-01-01T01:00:00Z'),
       (9, 1, 20, '2026-01-01T01:00:00Z');
INSERT INTO ballot_rankings (ballot_id, rank, option)
VALUES (7, 3, 1), (7, 1, 3), (7, 2, 2), (8, 1, 2), (9, 2, 1), (9, 1, 3);
"""


async def test_ballots_keep_their_rankings_when_a_ballot_becomes_one_row(
    pg_empty_url: str,
) -> None:
    db = await PgDatabase.open(pg_empty_url, label="test", migrate=False)
    try:
        await db.migrate(load_migrations()[:7])
        async with db.transaction() as conn:
            await conn.execute(_OLD_BALLOTS)
        await db.migrate(load_migrations())
    finally:
        await db.close()
    backend = await PgBackend.open(pg_empty_url, label="test")
    try:
        store = backend.polls
        assert await store.ballot_of(1, 30) == (3, 2, 1)
        assert await store.ballot_of(1, 10) == (2,)
        assert await store.ballot_of(1, 20) == (3, 1)
        assert sorted([b async for b in store.ballots(1)]) == [(2,), (3, 1), (3, 2, 1)]
        poll = await store.get(1)
        assert poll is not None and poll.ballot_count == 3
    finally:
        await backend.close()


# Two polls as migration 0008 stored them (see tests/test_storage.py's twin).
_ONE_ROW_BALLOTS = """
INSERT INTO films (id, title, title_key) VALUES (1, 'Rocky IV', 'rocky iv');
INSERT INTO polls (id, guild_id, channel_id, film_id, film_title, host_id, method, created_at,
                   closes_at, status)
VALUES (1, 1, 1, 1, 'Rocky IV', 1, 'irv', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z',
        'closed'),
       (2, 1, 1, 1, 'Rocky IV', 1, 'irv', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z',
        'open');
INSERT INTO poll_options (poll_id, option, title, spoiler)
VALUES (1, 1, 'a', false), (1, 2, 'b', false), (2, 1, 'a', false), (2, 2, 'b', false);
INSERT INTO ballots (poll_id, user_id, ranking, cast_at)
VALUES (1, 30, '{2,1}', '2026-01-01T01:00:00Z'), (1, 10, '{1}', '2026-01-01T01:00:00Z'),
       (1, 20, '{2}', '2026-01-01T01:00:00Z');
"""


async def test_existing_polls_start_counting_writes_at_their_ballot_count(
    pg_empty_url: str,
) -> None:
    db = await PgDatabase.open(pg_empty_url, label="test", migrate=False)
    try:
        await db.migrate(load_migrations()[:8])
        async with db.transaction() as conn:
            await conn.execute(_ONE_ROW_BALLOTS)
        await db.migrate(load_migrations())
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO ballots (poll_id, user_id, ranking, cast_at) "
                "VALUES (2, 5, '{1}', now())"
            )
            await conn.execute("UPDATE ballots SET ranking = '{2}' WHERE poll_id = 2")
    finally:
        await db.close()
    backend = await PgBackend.open(pg_empty_url, label="test")
    try:
        polls = {
            p.id: (p.ballot_count, p.ballot_writes) for p in await backend.polls.list_for_guild(1)
        }
        assert polls == {1: (3, 3), 2: (1, 2)}
    finally:
        await backend.close()
