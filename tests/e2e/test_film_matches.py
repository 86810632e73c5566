"""An ambiguous title shows the best match, names the others and lets the member switch."""

from __future__ import annotations

import pytest

from bot.catalogue.models import FilmDraft
from bot.client import ProjectionistBot
from cogs.films import ids as film_ids
from discord_emulator.testing.driver import GuildDriver
from tests.e2e.helpers import assert_clean, button, custom_id

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("typed", "best", "other"), [("scarface", 1932, 1983), ("dune", 1984, 2021)]
)
async def test_an_ambiguous_title_names_the_other_films_and_switches(
    projectionist: ProjectionistBot, film_club: GuildDriver, typed: str, best: int, other: int
) -> None:
    title = typed.capitalize()
    reply = assert_clean(await film_club.slash("film info", title=typed))
    assert reply.embed["title"].startswith(f"{title} ({best})")
    assert f"also: {title} ({other})" in reply.text
    switch = custom_id(reply, film_ids.SWITCH)
    options = reply.message.component(switch)["options"]
    assert [o["label"] for o in options] == [f"{title} ({best})", f"{title} ({other})"]
    other_value = options[1]["value"]

    switched = assert_clean(await film_club.select(reply, switch, [other_value]))
    assert switched.message is not None and switched.message.id == reply.message.id
    shown = switched.message.embeds[0]["title"]
    assert shown.startswith(f"{title} ({other})")
    assert f"also: {title} ({best})" in switched.message.text

    # Someone else's pick opens the film privately instead of changing the asker's message.
    stranger = film_club.add_member("stranger")
    private = assert_clean(
        await film_club.select(switched.message, switch, [options[0]["value"]], user=stranger)
    )
    assert private.ephemeral and private.embed["title"].startswith(f"{title} ({best})")
    current = film_club.emulator.state.messages[reply.message.id]
    assert current.embeds[0]["title"].startswith(f"{title} ({other})")


async def test_a_clear_title_has_no_alternatives(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    reply = assert_clean(await film_club.slash("film info", title="rocky"))
    assert "also:" not in reply.text
    assert not [c for c in reply.message.custom_ids if c.startswith(film_ids.SWITCH)]


async def test_paging_a_long_synopsis_keeps_the_switch(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    long = "Fog rolls in over the harbour and nobody sees the ferry leave. " * 80
    for year in (1961, 1999):
        await projectionist.catalogue.add_film(
            FilmDraft(title="Harbour Lights", year=year, synopsis=long), film_club.guild.id
        )
    reply = assert_clean(await film_club.slash("film info", title="harbour lights"))
    assert "also: Harbour Lights (1999)" in reply.text
    paged = assert_clean(await film_club.click(reply, button(reply, "Next ▶")["custom_id"]))
    assert "synopsis page 2" in paged.message.embeds[0]["footer"]["text"]
    assert [c for c in paged.message.custom_ids if c == film_ids.SWITCH]
    assert "also: Harbour Lights (1999)" in paged.message.content
