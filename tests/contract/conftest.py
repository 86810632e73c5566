"""The store contract: every storage backend passes the same tests, written against the store
protocols (``bot.*.store``), never against one backend's SQL.

``store_backend`` is parametrised by backend name; today only SQLite. A new backend adds its name
to ``BACKENDS`` and a branch in ``_open``; every contract test then runs on it too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.services import Backend
from bot.storage.sqlite import SqliteBackend

BACKENDS = ["sqlite"]


async def _open(name: str, tmp_path: Path) -> Backend:
    if name == "sqlite":
        return await SqliteBackend.open(tmp_path / "contract.sqlite3")
    raise AssertionError(f"unknown store backend {name}")


@pytest.fixture(params=BACKENDS)
async def store_backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    backend = await _open(request.param, tmp_path)
    try:
        yield backend
    finally:
        await backend.close()
