"""A second guild can neither see nor change the first guild's films."""

from __future__ import annotations

import json

import pytest

from bot.catalogue.loader import parse_json
from bot.catalogue.models import FilmDraft, SceneDraft
from bot.client import ProjectionistBot
from discord_emulator.testing.driver import GuildDriver
from tests.e2e.helpers import assert_clean, refused
from tests.test_search_isolation import flood

pytestmark = pytest.mark.e2e


async def test_guild_films_stay_in_their_guild(
    projectionist: ProjectionistBot, film_club: GuildDriver, second_guild: GuildDriver
) -> None:
    film = await projectionist.catalogue.add_film(
        FilmDraft(title="Club Only Picture", year=2011, scenes=(SceneDraft("Only scene", "x"),)),
        film_club.guild.id,
    )
    assert_clean(await film_club.slash("film info", title="club only picture"))
    refused(await second_guild.slash("film info", title="club only picture"), "couldn't find")
    refused(await second_guild.slash("film search", query="club only picture"), "No films match")
    assert await second_guild.autocomplete("film info", "title", "club only") == []
    ref = f"#{film.id}"
    mod = second_guild.moderator
    refused(await second_guild.slash("manage film edit", title=ref, user=mod), "not in this server")
    refused(
        await second_guild.slash("manage film remove", title=ref, user=mod), "not in this server"
    )
    refused(
        await second_guild.slash("manage scene remove", film=ref, scene="1", user=mod),
        "not in this server",
    )
    refused(await second_guild.slash("scene list", film=ref), "not in this server")
    stored = await projectionist.catalogue.get(film.id, film_club.guild.id)
    assert [s.title for s in stored.scenes] == ["Only scene"]
    about_one = assert_clean(await film_club.slash("about"))
    about_two = assert_clean(await second_guild.slash("about"))
    assert about_one.text != about_two.text  # one more film in Film Club's catalogue


async def test_a_flood_of_near_identical_titles_leaves_other_guilds_autocomplete_alone(
    projectionist: ProjectionistBot, film_club: GuildDriver, second_guild: GuildDriver
) -> None:
    catalogue = projectionist.catalogue
    godfather = await catalogue.resolve("The Godfather 1972")  # from the starter shelf
    assert godfather.guild_id is None
    before = await second_guild.autocomplete("film info", "title", "godf")
    assert before and before[0]["value"] == f"#{godfather.id}"
    films = [{"title": e.title, "year": e.year, "scenes": [{"title": "Scene"}]} for e in flood()]
    files = [  # in files within the per-import quota, as a determined attacker would
        parse_json(json.dumps(films[i : i + 150]), f"flood-{i}.json")
        for i in range(0, len(films), 150)
    ]
    report = await catalogue.import_files(files, guild_id=film_club.guild.id)
    assert not report.has_errors and len(catalogue.index) >= 300
    for query in ("godf", "godfather", "godfathr"):
        after = await second_guild.autocomplete("film info", "title", query)
        assert after and after[0]["value"] == f"#{godfather.id}", query
    assert await second_guild.autocomplete("film info", "title", "godf") == before
    own = await film_club.autocomplete("film info", "title", "godfa")
    assert len(own) == 25  # the flooding guild still sees its own films
