"""/scene list and /scene info through the emulator."""

from __future__ import annotations

import pytest

from bot.client import ProjectionistBot
from discord_emulator.testing.driver import GuildDriver
from tests.e2e.helpers import assert_clean, button, refused

pytestmark = pytest.mark.e2e


async def test_scene_list_ranks_pages_and_hides_spoilers(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    reply = assert_clean(await film_club.slash("scene list", film="rocky 4"))
    embed = reply.embed
    assert embed["title"] == "Best scenes · Rocky IV (1985)"
    names = [f["name"] for f in embed["fields"]]
    assert names[0].startswith("1. ") and len(names) == 5
    spoilers = [f for f in embed["fields"] if "(spoiler)" in f["name"]]
    assert spoilers and all(f["value"].startswith("||") for f in spoilers)
    second = assert_clean(await film_club.click(reply, button(reply, "Next ▶")["custom_id"]))
    assert [f["name"][:2] for f in second.embed["fields"]] == ["6.", "7."]

    moderator_reply = await film_club.slash(
        "manage settings spoilers", spoilers="shown", user=film_club.moderator
    )
    assert_clean(moderator_reply)
    shown = assert_clean(await film_club.slash("scene list", film="rocky 4"))
    assert not any("||" in f["value"] for f in shown.embed["fields"])


async def test_community_ranking_says_when_no_poll_ran(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    reply = assert_clean(await film_club.slash("scene list", film="jaws", ranking="community"))
    assert "No community poll" in reply.embed["description"]


async def test_scene_autocomplete_is_scoped_to_the_chosen_film(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    films = await film_club.autocomplete("scene info", "film", "alien")
    alien = next(c["value"] for c in films if c["name"] == "Alien (1979)")
    choices = await film_club.autocomplete("scene info", "scene", "", film=alien)
    film = await projectionist.catalogue.resolve(alien, film_club.guild.id)
    assert [c["name"].split(". ", 1)[1] for c in choices] == [
        f"Scene {s.rank} · hidden (spoiler)" if s.spoiler else s.title[:100] for s in film.scenes
    ]  # the guild hides spoilers (the default)
    reply = assert_clean(await film_club.slash("scene info", film=alien, scene=choices[1]["value"]))
    assert reply.embed["title"] == "Scene 2 · Alien (1979)"
    by_rank = assert_clean(await film_club.slash("scene info", film="alien", scene="2"))
    assert by_rank.embed["description"] == reply.embed["description"]


async def test_unknown_scene_is_a_friendly_error(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    refused(await film_club.slash("scene info", film="jaws", scene="99"), "has no scene")
    refused(await film_club.slash("scene list", film="qqqzzzqqq"), "couldn't find")
