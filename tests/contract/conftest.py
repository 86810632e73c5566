"""The store contract: every storage backend passes the same tests, written against the store
protocols (``bot.*.store``), never against one backend's SQL.

``store_backend`` is parametrised by backend name: SQLite and PostgreSQL (a fresh database per
test, copied from a migrated template; skipped with one reason where PostgreSQL cannot run, a
failure when ``PROJECTIONIST_REQUIRE_POSTGRES=1``). The PostgreSQL pass of ``make test``
(``PROJECTIONIST_TEST_BACKEND=postgres``) runs only the PostgreSQL half.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.services import Backend
from bot.storage.postgres import PgBackend
from bot.storage.sqlite import SqliteBackend
from tests.postgres_fixtures import backend_under_test

BACKENDS = ["postgres"] if backend_under_test() == "postgres" else ["sqlite", "postgres"]


async def _open(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if name == "sqlite":
        return await SqliteBackend.open(tmp_path / "contract.sqlite3")
    if name == "postgres":
        url = request.getfixturevalue("pg_url")
        return await PgBackend.open(url, label=url, migrate=False)
    raise AssertionError(f"unknown store backend {name}")


@pytest.fixture(params=BACKENDS)
async def store_backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    backend = await _open(request.param, request, tmp_path)
    try:
        yield backend
    finally:
        await backend.close()


@pytest.fixture
async def second_backend(
    store_backend: Backend, request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Backend]:
    """The same database as ``store_backend``, opened again: what a second process sees."""
    backend = await _open(request.node.callspec.params["store_backend"], request, tmp_path)
    try:
        yield backend
    finally:
        await backend.close()
