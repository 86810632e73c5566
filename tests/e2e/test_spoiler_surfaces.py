"""Nothing the bot shows reveals a spoiler scene the guild hides (issue 9, item 13).

Each surface is driven through the emulator and everything the bot sent for it (callbacks,
messages, thread names, autocomplete choices) is searched for the spoiler title outside spoiler
bars. Surfaces that cannot carry spoiler bars (autocomplete, thread names, select options) name
the scene by its number instead.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from bot.catalogue.models import Film, FilmDraft, SceneDraft
from bot.client import ProjectionistBot
from discord_emulator.testing.driver import GuildDriver, Reply
from tests.e2e.helpers import assert_clean
from tests.e2e.polls_driver import open_ballot, poll_id_of

pytestmark = pytest.mark.e2e

SECRET = "Quartermaster Betrays Everyone"


async def _film(projectionist: ProjectionistBot, guild: GuildDriver) -> Film:
    return await projectionist.catalogue.add_film(
        FilmDraft(
            title="Harbour Lights",
            year=1961,
            scenes=(
                SceneDraft("Opening fog", "The ferry leaves."),
                SceneDraft(SECRET, "He was the smuggler all along.", spoiler=True),
                SceneDraft("Last crossing", "Dawn."),
            ),
        ),
        guild.guild.id,
    )


def _revealed(data: Any) -> bool:
    """Whether the spoiler title appears anywhere outside ``||spoiler bars||``."""
    text = json.dumps(data, ensure_ascii=False)
    return SECRET.casefold() in re.sub(r"\|\|.*?\|\|", "", text).casefold()


def _sent(reply: Reply) -> list[Any]:
    return [r.json for r in reply.requests if r.json is not None]


async def test_scene_autocomplete_hides_spoiler_titles(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    film = await _film(projectionist, film_club)
    for command in ("scene info", "favourite set", "discuss"):
        choices = await film_club.autocomplete(
            command, "scene", "", options={"film": f"#{film.id}"}
        )
        assert len(choices) == 3
        assert not _revealed(choices)
        assert choices[1]["name"] == "2. Scene 2 · hidden (spoiler)"
        # typing words of the hidden title does not single the spoiler scene out either
        typed = await film_club.autocomplete(
            command, "scene", "quartermaster", options={"film": f"#{film.id}"}
        )
        assert not _revealed(typed) and typed == []


async def test_scene_info_hides_the_spoiler_title(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    film = await _film(projectionist, film_club)
    reply = assert_clean(await film_club.slash("scene info", film=f"#{film.id}", scene="2"))
    assert not _revealed(_sent(reply))


async def test_discussion_threads_are_named_without_the_spoiler(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    film = await _film(projectionist, film_club)
    reply = assert_clean(await film_club.slash("discuss", film=f"#{film.id}", scene="2"))
    assert not _revealed(_sent(reply))
    names = [c.name for c in film_club.emulator.state.channels.values()]
    assert "Harbour Lights (1961) · Scene 2" in names
    assert not _revealed(names)


async def test_favourite_lists_hide_the_spoiler(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    film = await _film(projectionist, film_club)
    chosen = assert_clean(await film_club.slash("favourite set", film=f"#{film.id}", scene="2"))
    shown = assert_clean(await film_club.slash("favourite show"))
    top = assert_clean(await film_club.slash("favourite top"))
    for reply in (chosen, shown, top):
        assert not _revealed(_sent(reply))


async def test_poll_options_hide_the_spoiler(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    film = await _film(projectionist, film_club)
    started = assert_clean(
        await film_club.slash("poll start", film=f"#{film.id}", user=film_club.moderator)
    )
    poll_id = poll_id_of(started)
    assert not _revealed(_sent(started))
    posted = [m for m in film_club.messages_in(film_club.general) if m.embeds]
    assert not _revealed([m.embeds for m in posted] + [m.text for m in posted])
    ballot = await open_ballot(film_club, poll_id, film_club.owner)
    assert not _revealed(_sent(ballot))
