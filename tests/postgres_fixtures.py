"""Pytest fixtures for PostgreSQL: one throwaway cluster per session, a migrated template
database, and a fresh database per test copied from it (``CREATE DATABASE ... TEMPLATE``).

Where PostgreSQL cannot start, tests that need it are skipped with one reason, unless ``CI`` or
``PROJECTIONIST_REQUIRE_POSTGRES=1`` is set, where they fail loudly (``tests.missing``).
``PROJECTIONIST_TEST_BACKEND=postgres`` makes ``test_database`` (and so the ``services`` and
end-to-end ``projectionist`` fixtures) use a PostgreSQL database instead of a SQLite file.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from tests.missing import missing, strict
from tests.postgres_cluster import Cluster, PostgresUnavailable, missing_reason, running_cluster

TEMPLATE = "projectionist_template"
_numbers = itertools.count(1)


def backend_under_test() -> str:
    name = os.environ.get("PROJECTIONIST_TEST_BACKEND", "sqlite").strip().lower() or "sqlite"
    if name not in {"sqlite", "postgres"}:
        raise pytest.UsageError(f"PROJECTIONIST_TEST_BACKEND must be sqlite or postgres: {name}")
    return name


def _needs_postgres(item: pytest.Item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    callspec = getattr(item, "callspec", None)
    on_postgres = callspec is not None and callspec.params.get("store_backend") == "postgres"
    return on_postgres or "pg_cluster" in fixtures


def pytest_report_header(config: pytest.Config) -> str | None:
    reason = missing_reason()
    return None if reason is None else f"postgres: not available ({reason})"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without PostgreSQL server binaries (and not required), leave its tests out, quietly:
    the header says why once, instead of one skip line per test."""
    if strict() or missing_reason() is None:
        return
    dropped = [item for item in items if _needs_postgres(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if not _needs_postgres(item)]


def _in_a_thread(coro: Any) -> Any:
    """Run a coroutine to completion from a sync (session) fixture, away from any test loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _make_template(cluster: Cluster) -> None:
    from bot.storage.postgres import PgBackend

    await _admin(cluster, f"CREATE DATABASE {TEMPLATE}")
    backend = await PgBackend.open(cluster.url(TEMPLATE), label=cluster.url(TEMPLATE))
    await backend.close()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The session's PostgreSQL cluster, with a migrated template database."""
    with ExitStack() as stack:
        try:
            cluster = stack.enter_context(running_cluster())
        except PostgresUnavailable as exc:
            missing(f"PostgreSQL cannot run: {exc}")
        _in_a_thread(_make_template(cluster))
        yield cluster


async def _admin(cluster: Cluster, sql: str) -> None:
    admin = await asyncpg.connect(cluster.url())
    try:
        await admin.execute(sql)
    finally:
        await admin.close()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh, migrated, empty database for one test; dropped afterwards. (Synchronous, so
    async fixtures can ask for it with ``request.getfixturevalue``.)"""
    name = f"projectionist_test_{os.getpid()}_{next(_numbers)}"
    _in_a_thread(_admin(pg_cluster, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
    try:
        yield pg_cluster.url(name)
    finally:
        _in_a_thread(_admin(pg_cluster, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
def pg_empty_url(pg_cluster: Cluster) -> Iterator[str]:
    """A database with no schema at all (not copied from the migrated template)."""
    name = f"projectionist_empty_{os.getpid()}_{next(_numbers)}"
    _in_a_thread(_admin(pg_cluster, f"CREATE DATABASE {name} TEMPLATE template0"))
    try:
        yield pg_cluster.url(name)
    finally:
        _in_a_thread(_admin(pg_cluster, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
def test_database(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, Any]:
    """Settings keywords for this run's test backend: a SQLite file, or a fresh PostgreSQL
    database (``PROJECTIONIST_TEST_BACKEND=postgres``)."""
    if backend_under_test() == "postgres":
        return {"database_url": request.getfixturevalue("pg_url")}
    return {"database_path": tmp_path / "projectionist.sqlite3"}
