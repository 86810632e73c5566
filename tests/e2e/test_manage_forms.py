"""/manage forms through the emulator: one form per opening, bound to who opened it."""

from __future__ import annotations

import pytest

from bot.client import ProjectionistBot
from bot.emulator.driver import GuildDriver
from tests.e2e.helpers import assert_clean, refused

pytestmark = pytest.mark.e2e


def _film(title: str) -> dict[str, str]:
    return {"title": title, "release_date": "04/03/1961", "synopsis": "Fog."}


async def test_two_moderators_adding_films_at_once_both_get_their_film(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    other = film_club.add_member("second-mod", moderator=True)
    first = assert_clean(await film_club.slash("manage film add", user=film_club.moderator))
    second = assert_clean(await film_club.slash("manage film add", user=other))
    assert first.modal is not None and second.modal is not None
    assert first.modal["custom_id"] != second.modal["custom_id"]
    a = assert_clean(await film_club.submit_modal(first, _film("Harbour Lights")))
    b = assert_clean(await film_club.submit_modal(second, _film("Lantern Street")))
    assert "Added Harbour Lights" in a.text and "Added Lantern Street" in b.text
    guild = film_club.guild.id
    assert projectionist.catalogue.search("harbour lights", guild)
    assert projectionist.catalogue.search("lantern street", guild)


async def test_a_form_submitted_by_someone_else_is_refused(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    other = film_club.add_member("second-mod", moderator=True)
    opened = assert_clean(await film_club.slash("manage film add", user=film_club.moderator))
    refused(
        await film_club.submit_modal(opened, _film("Harbour Lights"), user=other),
        "someone else",
    )
    assert projectionist.catalogue.search("harbour lights", film_club.guild.id) == []


async def test_rights_are_checked_again_on_submit(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    role = await film_club.emulator.create_role(film_club.guild, "Projectionists")
    helper = film_club.add_member("helper", roles=[role])
    assert_clean(
        await film_club.slash("manage settings moderator-role", role=role, user=film_club.moderator)
    )
    opened = assert_clean(await film_club.slash("manage film add", user=helper))
    assert_clean(await film_club.slash("manage settings moderator-role", user=film_club.moderator))
    refused(await film_club.submit_modal(opened, _film("Harbour Lights")), "Only moderators")
    assert projectionist.catalogue.search("harbour lights", film_club.guild.id) == []


async def test_a_stale_form_gets_an_answer(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    opened = assert_clean(await film_club.slash("manage film add", user=film_club.moderator))
    assert_clean(await film_club.submit_modal(opened, _film("Harbour Lights")))
    again = await film_club.submit_modal(opened, _film("Lantern Street"))
    refused(again, "no longer open")
    assert projectionist.catalogue.search("lantern street", film_club.guild.id) == []
