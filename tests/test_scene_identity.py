"""Item 9.7: a scene is an entity; re-imports match scenes and never rewrite one into another."""

from __future__ import annotations

import pytest

from bot.catalogue.loader import parse_text
from bot.catalogue.models import Film, SceneDraft, SceneWrite
from bot.catalogue.scene_plan import plan_scenes
from bot.errors import ConflictError, ValidationError
from bot.polls.models import Status
from bot.services import Services
from tests.poll_helpers import start_poll

GUILD = 4242


def _toml(*scenes: str, title: str = "Heist Night") -> str:
    body = "".join(
        f'\n[[scenes]]\ntitle = "{name}"\ndescription = "About {name.lower()}."\n'
        for name in scenes
    )
    return f'title = "{title}"\nyear = 2001\ndirector = "Someone"\n{body}'


async def _import(services: Services, *scenes: str, **options: object) -> Film:
    loaded = parse_text(_toml(*scenes), "heist.toml")
    report = await services.catalogue.import_files([loaded], guild_id=GUILD, **options)  # type: ignore[arg-type]
    assert not report.has_errors, report.problems
    film_id = report.files[0].films[0].film_id
    assert film_id is not None
    return await services.catalogue.get(film_id, GUILD)


def _titles(film: Film) -> list[str]:
    return [s.title for s in film.scenes]


async def test_a_new_top_scene_keeps_every_favourite_and_poll_on_its_scene(
    services: Services,
) -> None:
    film = await _import(services, "Car chase", "Vault", "Getaway")
    chase = film.scenes[0]
    await services.community.set_favourite(GUILD, 7, film.id, chase.id)
    poll = await start_poll(services.polls, film, guild_id=GUILD)
    await services.polls.vote(poll.id, 7, [1, 2, 3])
    await services.polls.finish(poll.id, Status.CLOSED, GUILD)

    after = await _import(services, "Opening heist", "Car chase", "Vault", "Getaway")

    assert _titles(after) == ["Opening heist", "Car chase", "Vault", "Getaway"]
    by_id = {s.id: s for s in after.scenes}
    assert by_id[chase.id].title == "Car chase" and by_id[chase.id].rank == 2
    favourite = (await services.community.favourites_of(GUILD, 7))[0]
    assert by_id[favourite.scene_id].title == "Car chase"
    closed = await services.polls.get(poll.id)
    assert [by_id[o.scene_id or 0].title for o in closed.options] == [
        "Car chase",
        "Vault",
        "Getaway",
    ]


async def test_scenes_missing_from_an_import_are_kept_unless_it_says_remove(
    services: Services,
) -> None:
    film = await _import(services, "Car chase", "Vault", "Getaway")
    await services.community.set_favourite(GUILD, 7, film.id, film.scenes[1].id)
    kept = await _import(services, "Getaway", "Car chase")
    assert _titles(kept) == ["Getaway", "Car chase", "Vault"]
    assert [s.id for s in kept.scenes] == [film.scenes[2].id, film.scenes[0].id, film.scenes[1].id]
    preview = await services.catalogue.import_files(
        [parse_text(_toml("Getaway", "Car chase"), "h.toml")],
        guild_id=GUILD,
        dry_run=True,
        remove_missing=True,
    )
    plan = preview.files[0].films[0].scenes
    assert plan is not None and [s.title for s in plan.removed] == ["Vault"]
    removed = await _import(services, "Getaway", "Car chase", remove_missing=True)
    assert _titles(removed) == ["Getaway", "Car chase"]
    assert await services.community.favourites_of(GUILD, 7) == []


async def test_a_renamed_scene_is_found_by_its_description(services: Services) -> None:
    film = await _import(services, "Car chase", "Vault")
    text = _toml("Car chase", "Vault").replace('title = "Vault"', 'title = "The vault job"')
    report = await services.catalogue.import_files(
        [parse_text(text, "h.toml")], guild_id=GUILD, dry_run=True
    )
    plan = report.files[0].films[0].scenes
    assert plan is not None
    assert [(old.title, new) for old, new in plan.renamed] == [("Vault", "The vault job")]
    assert plan.added == () and plan.removed == ()
    await services.catalogue.import_files([parse_text(text, "h.toml")], guild_id=GUILD)
    after = await services.catalogue.get(film.id, GUILD)
    assert [(s.id, s.title) for s in after.scenes] == [
        (film.scenes[0].id, "Car chase"),
        (film.scenes[1].id, "The vault job"),
    ]


async def test_the_preview_lists_added_moved_and_removed_scenes(services: Services) -> None:
    await _import(services, "Car chase", "Vault", "Getaway")
    report = await services.catalogue.import_files(
        [parse_text(_toml("Opening heist", "Vault", "Car chase"), "h.toml")],
        guild_id=GUILD,
        dry_run=True,
        remove_missing=True,
    )
    plan = report.files[0].films[0].scenes
    assert plan is not None
    assert plan.added == ("Opening heist",)
    assert sorted((s.title, rank) for s, rank in plan.moved) == [("Car chase", 3)]
    assert [s.title for s in plan.removed] == ["Getaway"]


async def test_kept_scenes_past_the_limit_are_refused_in_the_preview(services: Services) -> None:
    await _import(services, *(f"Old {n}" for n in range(30)))
    film = (await services.catalogue.export(GUILD))[0]
    with pytest.raises(ValidationError, match="limit is 50"):
        plan_scenes(film.scenes, [SceneDraft(f"New {n}") for n in range(30)])
    report = await services.catalogue.import_files(
        [parse_text(_toml(*(f"New {n}" for n in range(30))), "h.toml")],
        guild_id=GUILD,
        dry_run=True,
    )
    assert report.has_errors and "remove_missing" in str(report.problems[0])


async def test_an_import_cannot_remove_a_scene_in_an_open_poll(services: Services) -> None:
    film = await _import(services, "Car chase", "Vault", "Getaway")
    poll = await start_poll(services.polls, film, guild_id=GUILD)
    report = await services.catalogue.import_files(
        [parse_text(_toml("Car chase", "Getaway"), "h.toml")],
        guild_id=GUILD,
        dry_run=True,
        remove_missing=True,
    )
    assert report.has_errors and f"open poll #{poll.id}" in str(report.problems[0])
    # the write checks again, inside its transaction
    keep = [SceneWrite(film.scenes[0].id, SceneDraft("Car chase"))]
    with pytest.raises(ConflictError, match=f"open poll #{poll.id}"):
        async with services.backend.catalogue.transaction() as tx:
            await tx.sync_scenes(film.id, keep)
    assert _titles(await services.catalogue.get(film.id, GUILD)) == [
        "Car chase",
        "Vault",
        "Getaway",
    ]
