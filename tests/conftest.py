"""Fixtures shared by the unit tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

# Shared assertion helpers get pytest's detailed failure messages too (they are not test_ files).
pytest.register_assert_rewrite(
    "tests.article_helpers", "tests.e2e.helpers", "tests.e2e.polls_driver"
)

from bot.services import Services, build_services  # noqa: E402 - after the rewrite registration
from bot.settings import Settings  # noqa: E402
from bot.storage.sqlite import Database, SqliteBackend  # noqa: E402
from tests.missing import missing  # noqa: E402

# The Discord emulator's fixtures (emulator, emulator_config, film_club, second_guild) and the
# The local TMDB-shaped server (tmdb_emulator); PostgreSQL clusters and per-test databases.
pytest_plugins = [
    "discord_emulator.pytest_plugin",
    "tmdb_emulator.pytest_plugin",
    "tests.postgres_fixtures",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED_ARTICLE = REPO_ROOT.parent / "shared" / "seeds" / "rocky-iv-best-scenes.txt"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "test.sqlite3")
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
def backend(db: Database) -> SqliteBackend:
    """Every SQLite store over the test database."""
    return SqliteBackend(db)


@pytest.fixture
async def services(test_database: dict[str, Any]) -> AsyncIterator[Services]:
    """The services as the bot builds them, over an empty database (no starter films), on this
    run's test backend (SQLite, or PostgreSQL with PROJECTIONIST_TEST_BACKEND=postgres)."""
    settings = Settings(**test_database, load_starter_catalogue=False)
    built = await build_services(settings)
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture(scope="session")
def seed_article() -> Path:
    if not SEED_ARTICLE.is_file():
        # CI always has ../shared beside the clone: there a missing seed is a failure, not a skip.
        missing(f"the seed article is not beside the project ({SEED_ARTICLE})")
    return SEED_ARTICLE
