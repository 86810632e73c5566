"""Per-guild quotas (films per guild, films per import) and a large import beside another
guild's commands: it writes one file per transaction, so the other guild still gets its turn."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.catalogue.imports import Quotas
from bot.catalogue.loader import LoadedFile, LoadedFilm
from bot.catalogue.models import FilmDraft, ParsedFilm, SceneDraft
from bot.catalogue.service import Catalogue
from bot.catalogue.store import CatalogueStore
from bot.errors import ValidationError
from bot.settings import Settings
from bot.storage.sqlite import SqliteBackend

GUILD = 100
OTHER = 200


def film_file(name: str, count: int, start: int = 0) -> LoadedFile:
    films = tuple(
        LoadedFilm(ParsedFilm(FilmDraft(title=f"{name} {n}", year=2000, scenes=(SceneDraft("A"),))))
        for n in range(start, start + count)
    )
    return LoadedFile(f"{name}.json", films)


@pytest.fixture
async def backend(tmp_path: Path) -> AsyncIterator[SqliteBackend]:
    opened = await SqliteBackend.open(tmp_path / "quota.sqlite3")
    try:
        yield opened
    finally:
        await opened.close()


async def test_an_import_larger_than_the_per_import_quota_is_refused_in_words(
    backend: SqliteBackend,
) -> None:
    catalogue = Catalogue(backend.catalogue, quotas=Quotas(guild_films=100, import_films=5))
    for dry_run in (True, False):
        report = await catalogue.import_files(
            [film_file("Big", 6)], guild_id=GUILD, dry_run=dry_run
        )
        assert report.has_errors
        assert "at most 5 films" in str(report.problems[0])
    assert await catalogue.count(GUILD) == 0
    ok = await catalogue.import_files([film_file("Small", 5)], guild_id=GUILD)
    assert not ok.has_errors and ok.count("created") == 5


async def test_a_guild_cannot_own_more_films_than_its_quota(backend: SqliteBackend) -> None:
    catalogue = Catalogue(backend.catalogue, quotas=Quotas(guild_films=8, import_films=5))
    await catalogue.import_files([film_file("First", 5)], guild_id=GUILD)
    over = await catalogue.import_files([film_file("Second", 4)], guild_id=GUILD)
    assert over.has_errors and "at most 8 films" in str(over.problems[0])
    assert await catalogue.count(GUILD) == 5
    # updates of films it already has are not new films
    again = await catalogue.import_files([film_file("First", 5)], guild_id=GUILD)
    assert not again.has_errors and again.count("updated") == 5
    await catalogue.import_files([film_file("Third", 3)], guild_id=GUILD)
    with pytest.raises(ValidationError, match="at most 8 films"):
        await catalogue.add_film(FilmDraft(title="One Too Many"), GUILD)
    # another guild has its own quota; the shared catalogue has none
    await catalogue.add_film(FilmDraft(title="One Too Many"), OTHER)
    shared = await catalogue.import_files([film_file("Shared", 5)], guild_id=None)
    assert not shared.has_errors


async def test_concurrent_imports_cannot_pass_the_guild_quota_together(
    backend: SqliteBackend,
) -> None:
    catalogue = Catalogue(backend.catalogue, quotas=Quotas(guild_films=6, import_films=5))
    reports = await asyncio.gather(
        *(catalogue.import_files([film_file(f"Race{n}", 4)], guild_id=GUILD) for n in range(3))
    )
    assert sum(not r.has_errors for r in reports) == 1
    assert await catalogue.count(GUILD) == 4


async def test_the_operators_cli_import_is_not_limited(backend: SqliteBackend) -> None:
    catalogue = Catalogue(backend.catalogue, quotas=Quotas(guild_films=2, import_films=2))
    report = await catalogue.import_files([film_file("Restore", 4)], guild_id=GUILD, limits=False)
    assert not report.has_errors and report.count("created") == 4


def test_quotas_come_from_the_environment() -> None:
    settings = Settings.from_env(
        {"PROJECTIONIST_MAX_GUILD_FILMS": "300", "PROJECTIONIST_MAX_IMPORT_FILMS": "40"}
    )
    assert (settings.max_guild_films, settings.max_import_films) == (300, 40)
    defaults = Settings.from_env({})
    assert defaults.max_guild_films > defaults.max_import_films > 0


@pytest.mark.parametrize("value", ["0", "-3", "lots", "1e3"])
def test_a_bad_quota_is_a_config_error(value: str) -> None:
    from bot.errors import ConfigError

    with pytest.raises(ConfigError, match="PROJECTIONIST_MAX_IMPORT_FILMS"):
        Settings.from_env({"PROJECTIONIST_MAX_IMPORT_FILMS": value})


class _Signalling:
    """The catalogue store, setting ``first_commit`` once the first write transaction ends."""

    def __init__(self, store: CatalogueStore) -> None:
        self._store = store
        self.first_commit = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Any]:
        async with self._store.transaction() as tx:
            yield tx
        self.first_commit.set()


async def test_a_huge_import_lets_another_guilds_command_through(backend: SqliteBackend) -> None:
    store = _Signalling(backend.catalogue)
    catalogue = Catalogue(store, quotas=Quotas(guild_films=10_000, import_films=500))  # type: ignore[arg-type]
    files = [film_file(f"Huge{n}", 200) for n in range(6)]
    importing = asyncio.create_task(catalogue.import_files(files, guild_id=GUILD))
    await store.first_commit.wait()
    film = await catalogue.add_film(FilmDraft(title="Other Guild's Film"), OTHER)
    # the other guild's write was served between two files, not after the whole import
    assert not importing.done()
    assert film.guild_id == OTHER
    # and what it reads of the importing guild is whole files only
    assert (await catalogue.count(GUILD, every_owner=True) - 1) % 200 == 0
    report = await importing
    assert report.count("created") == 1200
