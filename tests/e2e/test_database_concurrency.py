"""The bot beside other writers of its database: another process holding the write lock while
a moderator confirms an import, and `python -m bot import` run beside the live bot."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.client import ProjectionistBot
from discord_emulator.testing.driver import GuildDriver, Upload
from tests.e2e.helpers import assert_clean, button
from tests.postgres_fixtures import backend_under_test

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = b"Title: Harbour Lights\nRelease Date: 04/03/1961\nGenres: Drama\n\nScene 1: A\nB\n"
UPDATE_MESSAGE = 7


@pytest.mark.skipif(
    backend_under_test() == "postgres",
    reason="holds SQLite's file write lock; PostgreSQL locks rows, not the database",
)
async def test_confirm_acknowledges_first_and_a_busy_database_is_answered_in_words(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    mod = film_club.moderator
    preview = assert_clean(
        await film_club.slash("manage import", file=Upload("film.txt", ARTICLE), user=mod)
    )
    other = sqlite3.connect(projectionist.settings.database_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process is writing for a long time
        clicked = await film_club.click(preview, button(preview, "Import")["custom_id"], user=mod)
        # acknowledged before any work, so Discord's 3 s window cannot pass while it waits
        assert clicked.callback_type == UPDATE_MESSAGE, clicked.text
        assert "Importing" in clicked.text and not clicked.components
        record = clicked.interaction
        await film_club.wait_until(
            lambda: any(
                "busy" in film_club.emulator.state.messages[i].content for i in record.followup_ids
            ),
            within=30,
            what="the busy answer",
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
    answers = [film_club.emulator.state.messages[i] for i in record.followup_ids]
    assert all("went wrong" not in m.content for m in answers)
    assert all(m.flags & 64 for m in answers)  # ephemeral
    assert projectionist.catalogue.search("harbour lights", film_club.guild.id) == []
    # with the database free again the same import goes through
    again = assert_clean(
        await film_club.slash("manage import", file=Upload("film.txt", ARTICLE), user=mod)
    )
    done = assert_clean(
        await film_club.click(again, button(again, "Import")["custom_id"], user=mod)
    )
    await film_club.wait_until(
        lambda: (
            "1 new"
            in (
                film_club.emulator.state.messages[done.interaction.original_message_id or 0].content
                if done.interaction.original_message_id
                else done.text
            )
        ),
        within=30,
        what="the import's result",
    )


async def test_a_cli_import_beside_the_live_bot_is_found_without_a_restart(
    projectionist: ProjectionistBot, film_club: GuildDriver, tmp_path: Path
) -> None:
    article = tmp_path / "harbour.txt"
    article.write_bytes(ARTICLE)
    missing = await film_club.slash("film info", title="harbour lights")
    assert "couldn't find" in missing.text
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "PROJECTIONIST_"))}
    settings = projectionist.settings  # the bot's own database, on either backend
    env["PROJECTIONIST_DB"] = settings.database_url or str(settings.database_path)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "import",
        str(article),
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    assert process.returncode == 0, output.decode()
    found = assert_clean(await film_club.slash("film info", title="harbour lights"))
    assert "Harbour Lights" in found.text
    # autocomplete answers from memory: the bot's timer brings the index up to date
    await film_club.wait_until(
        lambda: bool(projectionist.catalogue.search("harbour", film_club.guild.id)),
        within=30,
        what="the search index to follow the database",
    )
