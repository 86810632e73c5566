"""Pytest fixtures: ``tmdb_emulator`` starts a fresh emulator on a free loopback port.

Enable with ``pytest_plugins = ["tmdb_emulator.pytest_plugin"]`` in a top-level conftest.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tmdb_emulator.server import TmdbEmulator


@pytest.fixture
async def tmdb_emulator() -> AsyncIterator[TmdbEmulator]:
    emulator = TmdbEmulator()
    await emulator.start()
    try:
        yield emulator
    finally:
        await emulator.stop()
