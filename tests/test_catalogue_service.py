from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from bot.catalogue.loader import parse_text
from bot.catalogue.models import FilmDraft, SceneDraft
from bot.catalogue.records import draft_to_record
from bot.catalogue.service import Catalogue
from bot.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    SharedFilmError,
    ValidationError,
)
from bot.storage.sqlite import SqliteBackend
from bot.ui.errors import user_message

FILM_TOML = """
title = "Night Harbour"
original_title = "Port de nuit"
alt_titles = ["Harbour at Night"]
release_date = 1961-03-04
year = 1961
runtime = 97
genres = ["Drama", "Mystery"]
director = "A. Nonymous"
tagline = "Fog, a ferry and a secret."
synopsis = "A ferry captain keeps a ledger nobody else may read."
source = "test"

[[scenes]]
title = "The ledger"
description = "The captain writes by lamplight."

[[scenes]]
title = "The crossing"
description = "Fog swallows the lights."
spoiler = true
"""

GUILD_A = 1001
GUILD_B = 2002


@pytest.fixture
async def catalogue(backend: SqliteBackend) -> Catalogue:
    return await Catalogue.load(backend.catalogue)


def draft(title: str = "Night Harbour", **changes: object) -> FilmDraft:
    base = FilmDraft(
        title=title,
        release_date=date(1961, 3, 4),
        genres=("Drama",),
        synopsis="A ferry captain keeps a ledger.",
        scenes=(SceneDraft("The ledger", "Lamplight."), SceneDraft("The crossing", "Fog.")),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


async def test_import_is_idempotent(catalogue: Catalogue) -> None:
    loaded = parse_text(FILM_TOML, "night.toml")
    first = await catalogue.import_files([loaded])
    second = await catalogue.import_files([loaded])
    assert (first.count("created"), second.count("updated")) == (1, 1)
    assert await catalogue.count(every_owner=True) == 1
    film = (await catalogue.export())[0]
    assert film.title == "Night Harbour" and film.year == 1961
    assert [s.spoiler for s in film.scenes] == [False, True]


async def test_a_file_with_one_bad_film_imports_nothing(catalogue: Catalogue) -> None:
    good = draft_to_record(draft())
    bad = draft_to_record(draft("Another"))
    bad["release_date"] = "31/02/1961"
    broken = parse_text(json.dumps([good, bad]), "two.json")
    fine = parse_text(FILM_TOML.replace("Night Harbour", "Day Harbour"), "day.toml")
    report = await catalogue.import_files([broken, fine])
    assert report.has_errors
    assert [f.imported for f in report.files] == [False, True]
    assert [f.title for f in await catalogue.export()] == ["Day Harbour"]
    assert any("two.json#films[1]" in str(p) for p in report.problems)


async def test_dry_run_changes_nothing(catalogue: Catalogue) -> None:
    report = await catalogue.import_files([parse_text(FILM_TOML, "n.toml")], dry_run=True)
    assert report.count("created") == 1
    assert await catalogue.count(every_owner=True) == 0
    assert catalogue.search("night harbour") == []


async def test_the_index_follows_every_write(catalogue: Catalogue) -> None:
    film = await catalogue.add_film(draft(), GUILD_A)
    assert catalogue.search("night harbor", GUILD_A)[0].film_id == film.id
    assert catalogue.search("night harbor", GUILD_B) == []
    renamed = await catalogue.edit_film(film.id, draft("Morning Quay"), GUILD_A)
    assert catalogue.search("morning quay", GUILD_A)[0].film_id == renamed.id
    assert all(h.film_id != film.id for h in catalogue.search("night harbour", GUILD_A))
    await catalogue.remove_film(film.id, GUILD_A)
    assert catalogue.search("morning quay", GUILD_A) == []


async def test_guilds_are_isolated(catalogue: Catalogue) -> None:
    shared = await catalogue.add_film(draft("Shared Film"), None)
    own = await catalogue.add_film(draft("Club Film"), GUILD_A)
    assert (await catalogue.get(shared.id, GUILD_B)).title == "Shared Film"
    with pytest.raises(NotFoundError):
        await catalogue.get(own.id, GUILD_B)
    with pytest.raises(NotFoundError):
        await catalogue.remove_film(own.id, GUILD_B)
    with pytest.raises(SharedFilmError, match="shared catalogue") as refused:
        await catalogue.edit_film(shared.id, draft("Shared Film"), GUILD_A)
    assert (
        isinstance(refused.value, PermissionDeniedError)
        and refused.value.title == "Shared Film (1961)"
    )
    # the core names no command; the Discord layer words the advice
    assert "/manage film add" not in refused.value.message
    assert user_message(refused.value) == (
        "Shared Film (1961) belongs to the shared catalogue, which servers cannot change. "
        "Add your own copy with /manage film add (same title and year) and edit that instead."
    )
    # the refusal's advice works: a guild copy with the same title and year is allowed
    copy = await catalogue.add_film(draft("Shared Film"), GUILD_A)
    assert copy.guild_id == GUILD_A
    assert await catalogue.count(GUILD_A) == 3 and await catalogue.count(GUILD_B) == 1


async def test_duplicates_and_bad_drafts_are_refused_without_damage(catalogue: Catalogue) -> None:
    film = await catalogue.add_film(draft(), GUILD_A)
    with pytest.raises(ConflictError):
        await catalogue.add_film(draft(), GUILD_A)
    with pytest.raises(ValidationError, match="limit is 200"):
        await catalogue.edit_film(film.id, draft("x" * 5000), GUILD_A)
    with pytest.raises(ValidationError, match="empty"):
        await catalogue.add_film(draft("   "), GUILD_A)
    assert (await catalogue.get(film.id, GUILD_A)).title == "Night Harbour"


async def test_scene_operations_check_positions(catalogue: Catalogue) -> None:
    film = await catalogue.add_film(draft(), GUILD_A)
    film = await catalogue.add_scene(film.id, SceneDraft("Opening", "Dawn."), GUILD_A, 1)
    assert [s.title for s in film.scenes] == ["Opening", "The ledger", "The crossing"]
    with pytest.raises(ValidationError, match="between 1 and 3"):
        await catalogue.move_scene(film.id, film.scenes[0].id, 9, GUILD_A)
    film = await catalogue.move_scene(film.id, film.scenes[0].id, 3, GUILD_A)
    assert [s.title for s in film.scenes] == ["The ledger", "The crossing", "Opening"]
    film = await catalogue.remove_scene(film.id, film.scenes[0].id, GUILD_A)
    assert [(s.rank, s.title) for s in film.scenes] == [(1, "The crossing"), (2, "Opening")]
    assert Catalogue.scene_of(film, "2").title == "Opening"
    assert Catalogue.scene_of(film, "crossing").title == "The crossing"
    with pytest.raises(NotFoundError):
        Catalogue.scene_of(film, "nothing like it")


async def test_resolve_takes_ids_and_typed_titles(catalogue: Catalogue) -> None:
    film = await catalogue.add_film(draft(), None)
    assert (await catalogue.resolve(f"#{film.id}")).id == film.id
    with pytest.raises(NotFoundError):
        await catalogue.resolve("#999999")
    assert (await catalogue.resolve("night harbor")).id == film.id
    with pytest.raises(NotFoundError) as info:
        await catalogue.resolve("qqqqzzzz")
    assert "qqqqzzzz" in str(info.value)


async def test_load_builds_the_index_from_the_database(backend: SqliteBackend) -> None:
    first = await Catalogue.load(backend.catalogue)
    await first.add_film(draft(), None)
    second = await Catalogue.load(backend.catalogue)
    assert second.search("night harbour")[0].title == "Night Harbour"


async def test_a_guild_copy_shadows_the_shared_film(catalogue: Catalogue) -> None:
    shared = await catalogue.add_film(draft("Night Harbour"), None)
    own = await catalogue.add_film(draft("Night Harbour", synopsis="Our version."), GUILD_A)
    assert [h.film_id for h in catalogue.search("night harbour", GUILD_A)] == [own.id]
    assert [h.film_id for h in catalogue.search("night harbour", GUILD_B)] == [shared.id]
    assert (await catalogue.resolve("night harbour", GUILD_A)).id == own.id


async def test_every_imported_draft_is_validated_whatever_its_reader(catalogue: Catalogue) -> None:
    from bot.catalogue.loader import LoadedFile, LoadedFilm
    from bot.catalogue.models import ParsedFilm

    unchecked = FilmDraft(title="Fine", genres=("Cooking",), scenes=(SceneDraft("x" * 300),))
    report = await catalogue.import_files(
        [LoadedFile("odd.txt", (LoadedFilm(ParsedFilm(unchecked)),))]
    )
    assert report.has_errors and "odd.txt" in str(report.problems[0])
    assert "not a genre" in str(report.problems[0])
    assert await catalogue.count(every_owner=True) == 0
