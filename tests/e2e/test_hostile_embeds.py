"""Maximal titles full of markdown never push a command's embed past Discord's limits (item 14).

The emulator validates every message like Discord does (a 400 for an embed over any limit), so
``assert_clean`` fails the moment the bot sends an embed Discord would refuse.
"""

from __future__ import annotations

import pytest

from bot.catalogue.models import FILM_TITLE_MAX, SCENE_TITLE_MAX, Film, FilmDraft, SceneDraft
from bot.client import ProjectionistBot
from discord_emulator.testing.driver import GuildDriver
from tests.e2e.helpers import assert_clean
from tests.e2e.polls_driver import cast, poll_id_of, poll_message

pytestmark = pytest.mark.e2e

MARKDOWN = "*_~|`"  # every one of them doubles when escaped
ZERO_WIDTH = "\u200b\u200d"


def hostile(prefix: str, size: int, extra: str = "") -> str:
    return (prefix + " " + extra + MARKDOWN * size)[:size]


async def hostile_films(bot: ProjectionistBot, guild: GuildDriver, count: int) -> list[Film]:
    films = []
    for i in range(count):
        scenes = tuple(
            SceneDraft(hostile(f"S{j:02d}", SCENE_TITLE_MAX, ZERO_WIDTH), "x", spoiler=j % 2 == 0)
            for j in range(25)
        )
        draft = FilmDraft(title=hostile(f"Zq{i:02d}", FILM_TITLE_MAX), year=2000, scenes=scenes)
        films.append(await bot.catalogue.add_film(draft, guild.guild.id))
    return films


def shown(reply_text: str) -> bool:
    return "Something went wrong" not in reply_text


async def test_film_search_with_25_maximal_hostile_titles(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    await hostile_films(projectionist, film_club, 25)
    reply = assert_clean(await film_club.slash("film search", query="zq"))
    assert reply.embed and reply.embed["description"].count("**") >= 2 * 10, reply.text


async def test_favourite_show_and_top_with_maximal_hostile_titles(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    films = await hostile_films(projectionist, film_club, 16)
    fans = film_club.add_members(2, prefix="fan")
    for film in films:
        for fan in fans:
            assert_clean(
                await film_club.slash("favourite set", film=f"#{film.id}", scene="1", user=fan)
            )
    show = assert_clean(await film_club.slash("favourite show", user=fans[0]))
    assert show.embed and shown(show.text)
    top = assert_clean(await film_club.slash("favourite top"))
    assert top.embed and "2 members" in top.embed["description"]
    one = assert_clean(await film_club.slash("favourite top", film=f"#{films[0].id}"))
    assert one.embed and shown(one.text)


async def test_poll_messages_and_results_with_maximal_hostile_titles(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    [film] = await hostile_films(projectionist, film_club, 1)
    started = assert_clean(
        await film_club.slash("poll start", film=f"#{film.id}", user=film_club.moderator)
    )
    poll_id = poll_id_of(started)
    assert poll_message(film_club, poll_id).embeds
    voters = film_club.add_members(2, prefix="voter")
    await cast(film_club, poll_id, voters[0], list(range(1, 26)))
    await cast(film_club, poll_id, voters[1], list(range(25, 0, -1)))
    early = assert_clean(
        await film_club.slash("poll results", poll=f"#{poll_id}", user=film_club.moderator)
    )
    assert early.embed and shown(early.text)
    assert_clean(await film_club.slash("poll close", poll=f"#{poll_id}", user=film_club.moderator))
    results = [
        m
        for m in film_club.messages_in(film_club.general)
        if not m.ephemeral and m.embeds and m.embeds[0]["title"].startswith("Results")
    ]
    assert len(results) == 1
    assert_clean(await film_club.slash("poll list", user=film_club.moderator))
    assert_clean(await film_club.slash("scene list", film=f"#{film.id}"))
    assert_clean(await film_club.slash("film info", title=f"#{film.id}"))
