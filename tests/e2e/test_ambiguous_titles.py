"""Every command that takes a film treats an ambiguous title the same way (issue 12).

``scarface`` is Scarface (1932) and Scarface (1983), both in the starter catalogue. Commands that
only show something show the best match and name the other ("also: Scarface (1983)") with how to
switch; commands that act refuse with "Which one? ..." naming both with their years. An
autocomplete choice (``#<id>``) or the year ("scarface 1983") picks one film and is never
ambiguous.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.catalogue.models import FilmDraft, SceneDraft
from bot.catalogue.service import ref
from bot.client import ProjectionistBot
from discord_emulator.testing.driver import GuildDriver
from tests.e2e.helpers import assert_clean, refused

pytestmark = pytest.mark.e2e

ALSO = "also: Scarface (1983)"
WHICH = ("Which one?", "Scarface (1932)", "Scarface (1983)", "scarface 1983")


def _which_one(reply: Any) -> None:
    for fragment in WHICH:
        refused(reply, fragment)


def _scarface(bot: ProjectionistBot, year: int) -> int:
    hits = bot.catalogue.search(f"scarface {year}", limit=1)
    assert hits and hits[0].year == year
    return hits[0].film_id


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("scene list", {"film": "scarface"}),
        ("scene info", {"film": "scarface", "scene": "1"}),
    ],
)
async def test_showing_commands_show_the_best_and_name_the_other(
    projectionist: ProjectionistBot,
    film_club: GuildDriver,
    command: str,
    options: dict[str, Any],
) -> None:
    reply = assert_clean(await film_club.slash(command, **options))
    assert not reply.ephemeral
    assert "Scarface (1932)" in reply.embed["title"]
    assert ALSO in reply.text and "“scarface 1983”" in reply.text  # the way to switch
    switched = assert_clean(await film_club.slash(command, **{**options, "film": "scarface 1983"}))
    assert "Scarface (1983)" in switched.embed["title"]
    assert "also:" not in switched.text


async def test_favourite_top_of_an_ambiguous_title_names_the_other(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    older = ref(_scarface(projectionist, 1932))
    assert_clean(await film_club.slash("favourite set", film=older, scene="1"))
    reply = assert_clean(await film_club.slash("favourite top", film="scarface"))
    assert "Scarface (1932)" in reply.embed["title"] and ALSO in reply.text
    empty = assert_clean(await film_club.slash("favourite top", film="scarface 1983"))
    assert "also:" not in empty.text


async def test_favourite_set_asks_which_one_and_sets_nothing(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    _which_one(await film_club.slash("favourite set", film="scarface", scene="1"))
    assert not await projectionist.community.favourites_of(
        film_club.guild.id, film_club.member.user.id
    )
    picked = ref(_scarface(projectionist, 1983))
    reply = assert_clean(await film_club.slash("favourite set", film=picked, scene="1"))
    assert "Scarface (1983)" in reply.text
    typed = assert_clean(await film_club.slash("favourite set", film="Scarface 1932", scene="1"))
    assert "Scarface (1932)" in typed.text


async def test_poll_start_asks_which_one_and_starts_nothing(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    mod = film_club.moderator
    _which_one(await film_club.slash("poll start", film="scarface", user=mod))
    assert not await projectionist.polls.list_polls(film_club.guild.id)
    reply = assert_clean(await film_club.slash("poll start", film="scarface 1983", user=mod))
    assert "on Scarface (1983) is open" in reply.text


async def test_discuss_asks_which_one_and_opens_no_thread(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    _which_one(await film_club.slash("discuss", film="scarface"))
    names = [c.name for c in film_club.emulator.state.channels.values()]
    assert not [n for n in names if n and n.startswith("Scarface")]
    assert_clean(await film_club.slash("discuss", film=ref(_scarface(projectionist, 1932))))
    names = [c.name for c in film_club.emulator.state.channels.values()]
    assert "Scarface (1932)" in names


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("manage film edit", {"title": "harbour lights"}),
        ("manage film remove", {"title": "harbour lights"}),
        ("manage scene add", {"film": "harbour lights"}),
        ("manage scene edit", {"film": "harbour lights", "scene": "1"}),
        ("manage scene remove", {"film": "harbour lights", "scene": "1"}),
        ("manage scene move", {"film": "harbour lights", "scene": "1", "position": 2}),
    ],
)
async def test_moderator_commands_ask_which_one(
    projectionist: ProjectionistBot,
    film_club: GuildDriver,
    command: str,
    options: dict[str, Any],
) -> None:
    ids = {}
    for year in (1961, 1999):
        film = await projectionist.catalogue.add_film(
            FilmDraft(
                title="Harbour Lights",
                year=year,
                synopsis="Fog.",
                scenes=(SceneDraft("First", "One."), SceneDraft("Second", "Two.")),
            ),
            film_club.guild.id,
        )
        ids[year] = film.id
    reply = await film_club.slash(command, user=film_club.moderator, **options)
    for fragment in ("Which one?", "Harbour Lights (1961)", "Harbour Lights (1999)"):
        refused(reply, fragment)
    assert reply.modal is None
    picked = assert_clean(
        await film_club.slash(
            command, user=film_club.moderator, **{**options, next(iter(options)): ref(ids[1999])}
        )
    )
    assert "Which one?" not in picked.text
    other = await projectionist.catalogue.get(ids[1961], film_club.guild.id)
    assert [s.title for s in other.scenes] == ["First", "Second"]  # the refusal changed nothing
