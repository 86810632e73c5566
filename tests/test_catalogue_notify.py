"""Catalogue change notification: LISTEN/NOTIFY on PostgreSQL (with the listener connection
re-established when it drops), a sub-second ``change_token`` check on SQLite."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg

from bot.catalogue.service import Catalogue
from bot.storage.postgres import PgBackend
from bot.storage.postgres.notify import LISTENER_NAME
from bot.storage.sqlite import SqliteBackend
from tests.contract.helpers import add_film
from tests.contract.test_catalogue_watch import following, titles, wait_until

NEVER = 3600.0  # a fallback check this slow never fires during a test: only NOTIFY can help


async def test_sqlite_checks_for_changes_at_least_every_second(tmp_path: Path) -> None:
    backend = await SqliteBackend.open(tmp_path / "db.sqlite3")
    try:
        assert 0 < backend.catalogue.check_interval <= 1.0
    finally:
        await backend.close()


async def test_postgres_pushes_a_change_without_waiting_for_the_check(pg_url: str) -> None:
    first = await PgBackend.open(pg_url, label="first", migrate=False)
    second = await PgBackend.open(pg_url, label="second", migrate=False)
    try:
        assert first.catalogue.check_interval > 1.0  # NOTIFY does the work; the check is spare
        catalogue = await Catalogue.load(first.catalogue)
        async with following(catalogue, interval=NEVER):
            await _listening(pg_url, 1)
            await add_film(second.catalogue, "The Conversation")
            await wait_until(lambda: "The Conversation" in titles(catalogue))
    finally:
        await second.close()
        await first.close()


async def test_a_dropped_listener_connection_is_reestablished(pg_url: str) -> None:
    first = await PgBackend.open(pg_url, label="first", migrate=False)
    second = await PgBackend.open(pg_url, label="second", migrate=False)
    admin = await asyncpg.connect(pg_url)
    try:
        catalogue = await Catalogue.load(first.catalogue)
        async with following(catalogue, interval=NEVER):
            await _listening(pg_url, 1)
            killed = await admin.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = $1 AND datname = current_database()",
                LISTENER_NAME,
            )
            assert killed == 1
            await add_film(second.catalogue, "The Third Man")  # perhaps while reconnecting
            await wait_until(lambda: "The Third Man" in titles(catalogue))
            await _listening(pg_url, 1)
            await add_film(second.catalogue, "The Lady Vanishes")
            await wait_until(lambda: "The Lady Vanishes" in titles(catalogue))
    finally:
        await admin.close()
        await second.close()
        await first.close()


async def _listening(url: str, count: int, within: float = 20.0) -> None:
    """Until ``count`` listener connections of this database wait for notifications."""
    conn = await asyncpg.connect(url)
    try:
        query = (
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 "
            "AND datname = current_database() AND query LIKE 'LISTEN%'"
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while await conn.fetchval(query, LISTENER_NAME) != count:
            assert loop.time() < deadline, "the listener did not start listening"
            await asyncio.sleep(0.02)
    finally:
        await conn.close()
