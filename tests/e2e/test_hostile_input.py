"""Hostile files and forged custom ids get one clear answer and store nothing (item 15)."""

from __future__ import annotations

import pytest

from bot.client import ProjectionistBot
from bot.ui import ids
from discord_emulator.testing.driver import GuildDriver, Upload
from discord_emulator.testing.models import walk_components
from tests.e2e.helpers import assert_clean, custom_id, refused
from tests.hostile_files import HOSTILE

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("name", "data", "message", "line"), HOSTILE, ids=[h[0] for h in HOSTILE])
async def test_manage_import_explains_a_hostile_file(
    projectionist: ProjectionistBot,
    film_club: GuildDriver,
    name: str,
    data: bytes,
    message: str,
    line: int | None,
) -> None:
    before = await projectionist.catalogue.count(film_club.guild.id)
    reply = assert_clean(
        await film_club.slash("manage import", file=Upload(name, data), user=film_club.moderator)
    )
    assert reply.ephemeral and message.casefold() in reply.text.casefold(), reply.text
    assert not any(b.get("label") == "Import" for b in reply.message.walk_components())
    assert await projectionist.catalogue.count(film_club.guild.id) == before


@pytest.mark.parametrize(
    ("fragment", "forged"),
    [
        (":scenes", ids.film_scenes(9999999999999999999)),
        (":discuss", ids.film_discuss(99999999999999999999)),
        (":scenes", ids.film_scenes(9223372036854775808)),
    ],
)
async def test_a_forged_id_too_large_for_a_snowflake_is_a_stale_button(
    projectionist: ProjectionistBot, film_club: GuildDriver, fragment: str, forged: str
) -> None:
    info = assert_clean(await film_club.slash("film info", title="rocky 4"))
    real = custom_id(info, fragment)
    assert info.message is not None
    stored = film_club.emulator.state.messages[info.message.id]
    for component in walk_components(stored.components):
        if component.get("custom_id") == real:
            component["custom_id"] = forged
    reply = await film_club.click(info, forged)
    refused(reply, "not valid any more")


@pytest.mark.parametrize(
    ("command", "options", "fragment"),
    [
        ("poll results", {"poll": "#²"}, "Pick a poll"),
        ("poll results", {"poll": "#9999999999999999999"}, "Pick a poll"),
        ("poll start", {"film": "jaws", "scenes": "1²"}, "List scenes by rank"),
    ],
)
async def test_digits_that_are_not_ascii_or_too_long_are_refused_in_words(
    projectionist: ProjectionistBot,
    film_club: GuildDriver,
    command: str,
    options: dict[str, str],
    fragment: str,
) -> None:
    refused(await film_club.slash(command, user=film_club.moderator, **options), fragment)


async def test_titles_in_error_messages_are_escaped(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    mod = film_club.moderator
    started = assert_clean(await film_club.slash("poll start", film="mash", user=mod))
    assert started.text
    again = await film_club.slash("poll start", film="mash", user=mod)
    refused(again, "already has an open poll")
    assert "M\\*A\\*S\\*H" in again.text  # shown as written, not as italics
