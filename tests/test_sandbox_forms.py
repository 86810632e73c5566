"""Completion shows and inserts a choice's name but sends its value; forms filled by a line."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from bot.sandbox.parse import parse_command
from bot.sandbox.prompt import SandboxCompleter
from bot.sandbox.session import Sandbox
from bot.sandbox.shell import Outcome, Shell
from tests.sandbox_helpers import memory_console, written

pytestmark = pytest.mark.e2e


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    async with Sandbox(output=tmp_path / "out") as running:
        yield running


async def _completions(sandbox: Sandbox, line: str) -> list[str]:
    completer = SandboxCompleter(sandbox)
    document = Document(line)
    return [c.text async for c in completer.get_completions_async(document, CompleteEvent())]


async def test_completion_inserts_the_name_and_sends_the_value(sandbox: Sandbox) -> None:
    line = "/film info title:rocky 4"
    inserted = await _completions(sandbox, line)
    assert inserted and inserted[0] == "Rocky IV (1985)"
    assert not any(text.startswith("#") for text in inserted)  # no internal ids
    command = parse_command(f"/film info title:{inserted[0]}", sandbox.commands())
    reply = await sandbox.slash(command)
    sent = reply.interaction.payload["data"]["options"][0]["options"][0]["value"]  # info:title
    suggested = await sandbox.autocomplete(("film", "info"), "title", "rocky 4", {})
    assert sent == suggested[0]["value"] != "Rocky IV (1985)"  # the value Discord would send
    assert "Rocky IV (1985)" in reply.text


async def test_a_form_is_filled_by_a_submit_line(sandbox: Sandbox) -> None:
    out, err = memory_console(), memory_console()
    shell = Shell(sandbox, out, err)  # as with --run: nobody to ask field by field
    assert await shell.execute("as moderator: /manage film add") is Outcome.OK, written(err)
    assert "submit title=" in written(out)  # the form says how to fill it in
    assert await shell.execute("submit nonsense=1") is Outcome.FAILED
    assert "the form has no field 'nonsense'" in written(err)
    line = "submit title=Paddington 2 release_date=10/11/2017 genres=Comedy, Family"
    assert await shell.execute(line) is Outcome.OK, written(err)
    assert "Added Paddington 2 (2017)." in written(out)
    assert await shell.execute("submit title=x") is Outcome.FAILED  # no form open any more
    assert "no form is open" in written(err)


async def test_spoilers_can_be_shown(sandbox: Sandbox) -> None:
    out, err = memory_console(), memory_console()
    shell = Shell(sandbox, out, err)
    assert await shell.execute("/scene list film:alien") is Outcome.OK, written(err)
    assert "||" not in written(out) and "▒▒▒" in written(out)
    assert await shell.execute("spoilers shown") is Outcome.OK
    assert await shell.execute("/scene list film:alien") is Outcome.OK
    assert "The chestburster" in written(out)


async def test_a_submit_line_ticks_a_checkbox_and_picks_a_select_by_name(
    sandbox: Sandbox,
) -> None:
    """Label-wrapped inputs, a select in a modal (genres) and a checkbox (spoiler) by name."""
    out, err = memory_console(), memory_console()
    shell = Shell(sandbox, out, err)
    assert await shell.execute("as moderator: /manage film add") is Outcome.OK, written(err)
    line = "submit title=Harbour Lights release_date=1961 genres=drama, Mystery"
    assert await shell.execute(line) is Outcome.OK, written(err)
    assert "Added Harbour Lights (1961)." in written(out)
    assert await shell.execute("as moderator: /manage scene add film:harbour lights") is Outcome.OK
    assert "spoiler=" in written(out) and "checkbox: yes or no" in written(out)
    assert await shell.execute("submit title=The ledger spoiler=perhaps") is Outcome.FAILED
    assert "spoiler is a checkbox: give yes or no" in written(err)
    line = "submit title=The ledger description=The captain burns it. spoiler=yes"
    assert await shell.execute(line) is Outcome.OK, written(err)
    guild_id = sandbox.driver.guild.id
    hit = sandbox.bot.catalogue.search("harbour lights", guild_id, limit=1)[0]
    film = await sandbox.bot.catalogue.get(hit.film_id, guild_id)
    assert film.genres == ("Drama", "Mystery")
    assert [(s.title, s.spoiler) for s in film.scenes] == [("The ledger", True)]
