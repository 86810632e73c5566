"""Item 9.8: an import onto a stored film merges, and a guild copy of a shared film takes over
what the guild did with the shared one. Uses the real seed article."""

from __future__ import annotations

from pathlib import Path

from bot.catalogue.loader import read_file, read_paths
from bot.catalogue.models import Film, FilmDraft
from bot.catalogue.starter import starter_catalogue_dir
from bot.polls.models import Status
from bot.services import Services
from tests.poll_helpers import start_poll

GUILD = 3131
ROCKY = starter_catalogue_dir() / "rocky-iv-1985.toml"


async def _shared_rocky(services: Services) -> Film:
    report = await services.catalogue.import_files(read_paths([ROCKY]))
    film_id = report.files[0].films[0].film_id
    assert film_id is not None
    return await services.catalogue.get(film_id)


async def test_the_seed_article_does_not_blank_what_it_lacks(
    services: Services, seed_article: Path
) -> None:
    before = await _shared_rocky(services)
    report = await services.catalogue.import_files([read_file(seed_article)])
    assert not report.has_errors and report.count("updated") == 1
    after = await services.catalogue.get(before.id)
    assert after.director == before.director == "Sylvester Stallone"
    assert after.runtime == before.runtime == 91
    assert after.tagline == before.tagline and after.tagline
    assert set(before.genres) <= set(after.genres) and "Sport" in after.genres
    assert after.alt_titles[: len(before.alt_titles)] == before.alt_titles
    # every stored scene is still there with its id and its spoiler flag
    flags = {s.id: s.spoiler for s in after.scenes}
    assert all(flags[s.id] == s.spoiler for s in before.scenes)
    assert any(s.spoiler for s in after.scenes)


async def test_a_guild_copy_takes_over_the_guilds_favourites_and_polls(
    services: Services, seed_article: Path
) -> None:
    shared = await _shared_rocky(services)
    speech = next(s for s in shared.scenes if "speech" in s.title.casefold())
    await services.community.set_favourite(GUILD, 7, shared.id, speech.id)
    await services.community.set_favourite(GUILD + 1, 8, shared.id, speech.id)
    poll = await start_poll(services.polls, shared, guild_id=GUILD)
    await services.polls.vote(poll.id, 7, [1, 2])
    await services.polls.finish(poll.id, Status.CLOSED, GUILD)

    preview = await services.catalogue.import_files(
        [read_file(seed_article)], guild_id=GUILD, dry_run=True
    )
    planned = preview.files[0].films[0]
    assert planned.action == "created" and planned.shadows is not None
    assert planned.shadows.id == shared.id

    report = await services.catalogue.import_files([read_file(seed_article)], guild_id=GUILD)
    copy_id = report.files[0].films[0].film_id
    assert copy_id is not None and copy_id != shared.id
    copy = await services.catalogue.get(copy_id, GUILD)
    assert copy.director == "Sylvester Stallone" and "Sport" in copy.genres

    favourites = await services.community.favourites_of(GUILD, 7)
    assert [f.film_id for f in favourites] == [copy.id]  # one Rocky IV favourite, on the copy
    scene = next(s for s in copy.scenes if s.id == favourites[0].scene_id)
    assert scene.title == speech.title and scene.spoiler
    ran = await services.polls.latest_ranked_for_film(GUILD, copy.id)
    assert ran is not None and ran.id == poll.id
    titles = {s.id: s.title for s in copy.scenes}
    assert [titles[o.scene_id or 0] for o in ran.options] == [o.title for o in poll.options]
    # another guild still sees the shared film and keeps its own favourite there
    other = await services.community.favourites_of(GUILD + 1, 8)
    assert [(f.film_id, f.scene_id) for f in other] == [(shared.id, speech.id)]


async def test_a_copy_added_with_the_form_takes_over_favourites_too(services: Services) -> None:
    shared = await _shared_rocky(services)
    await services.community.set_favourite(GUILD, 7, shared.id, shared.scenes[3].id)
    form = FilmDraft(title="Rocky IV", year=1985, synopsis="Our club's take.")
    copy = await services.catalogue.add_film(form, GUILD)
    assert copy.guild_id == GUILD and copy.synopsis == "Our club's take."
    assert copy.runtime == 91 and [s.title for s in copy.scenes] == [s.title for s in shared.scenes]
    [favourite] = await services.community.favourites_of(GUILD, 7)
    assert favourite.film_id == copy.id
    assert favourite.scene_id == copy.scenes[3].id
