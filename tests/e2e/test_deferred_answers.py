"""After a "thinking" defer the first answer edits the loading message (documented), and an
ephemeral answer after a public defer stays ephemeral."""

from __future__ import annotations

import pytest

from bot.client import ProjectionistBot
from discord_emulator import DiscordEmulator
from discord_emulator.testing.driver import GuildDriver, Upload
from tests.e2e.emulator_bot import EmulatorBot
from tests.e2e.helpers import assert_clean, button
from tests.e2e.polls_driver import cast, poll_id_of

pytestmark = pytest.mark.e2e

ARTICLE = b"Title: Harbour Lights\nRelease Date: 04/03/1961\nGenres: Drama\n\nScene 1: A\nB\n"


async def test_the_emulator_records_how_the_loading_message_was_answered(
    emulator_bot: EmulatorBot, film_club: GuildDriver
) -> None:
    followed = assert_clean(await film_club.slash("deferred"))
    assert followed.interaction.loading_answer == "followup"  # deprecated, but accepted
    edited = assert_clean(await film_club.slash("edit"))
    assert edited.interaction.loading_answer == "edit"  # a command's defer always "thinks"
    assert edited.text == "edited original"


async def test_import_preview_edits_the_loading_message(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    preview = assert_clean(
        await film_club.slash(
            "manage import", file=Upload("film.txt", ARTICLE), user=film_club.moderator
        )
    )
    assert preview.interaction.loading_answer == "edit"
    assert preview.ephemeral and "Harbour Lights (1961)" in preview.text
    done = assert_clean(
        await film_club.click(
            preview, button(preview, "Import")["custom_id"], user=film_club.moderator
        )
    )
    assert "1 new" in done.text


async def test_poll_answers_and_errors_after_a_defer_edit_the_loading_message(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    mod = film_club.moderator
    started = assert_clean(await film_club.slash("poll start", film="jaws", user=mod))
    assert started.interaction.loading_answer == "edit" and "is open in" in started.text
    poll_id = poll_id_of(started)
    assert_clean(await cast(film_club, poll_id, film_club.member, [1, 2]))
    closed = assert_clean(await film_club.slash("poll close", poll=f"#{poll_id}", user=mod))
    assert closed.interaction.loading_answer == "edit"
    shown = assert_clean(await film_club.slash("poll results", poll=f"#{poll_id}"))
    assert shown.interaction.loading_answer == "edit" and shown.message is not None
    assert shown.message.attachments and shown.message.embeds


async def test_an_error_after_a_public_defer_stays_ephemeral(
    projectionist: ProjectionistBot, film_club: GuildDriver, emulator: DiscordEmulator
) -> None:
    mod = film_club.moderator
    started = assert_clean(await film_club.slash("poll start", film="jaws", user=mod))
    poll_id = poll_id_of(started)
    assert_clean(await cast(film_club, poll_id, film_club.member, [1]))
    assert_clean(await film_club.slash("poll close", poll=f"#{poll_id}", user=mod))
    # Discord refuses the results once (say, the chart upload): the member gets a private error.
    emulator.faults.add("PATCH", r"/messages/@original$", status=400, times=1)
    # /poll results on a closed poll answers in public (the Results button answers privately).
    reply = await film_club.slash("poll results", poll=f"#{poll_id}", user=film_club.member)
    assert reply.interaction.loading_answer == "delete"
    errors = [m for m in reply.followups if "went wrong" in m.text]
    assert errors and all(m.ephemeral for m in errors)
    assert not [m for m in reply.all_messages if not m.ephemeral and "went wrong" in m.text]
