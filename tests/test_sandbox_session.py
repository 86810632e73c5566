"""The sandbox's shell in-process: the real bot on the emulator, a form filled by code."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

import bot.ui.errors
from bot.sandbox import _sandbox
from bot.sandbox.session import Sandbox
from bot.sandbox.shell import Outcome, Shell
from tests.sandbox_helpers import memory_console, written

pytestmark = pytest.mark.e2e


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    root = logging.getLogger()
    handlers, send = list(root.handlers), bot.ui.errors.send
    async with Sandbox() as running:
        yield running
    assert not running.tmp.exists()  # the database and the log are gone
    assert root.handlers == handlers and bot.ui.errors.send is send  # all put back


async def test_a_form_is_filled_and_submitted(sandbox: Sandbox) -> None:
    asked: list[dict[str, Any]] = []

    async def filler(modal: dict[str, Any]) -> dict[str, Any]:
        asked.append(modal)
        return {"title": "Paddington 2", "release_date": "10/11/2017", "genres": ["Comedy"]}

    out, err = memory_console(), memory_console()
    shell = Shell(sandbox, out, err, modal_filler=filler)
    assert await shell.execute("as moderator: /manage film add") is Outcome.OK, written(err)
    assert asked and asked[0]["title"] == "Add a film"
    assert "Added Paddington 2 (2017)." in written(out)
    assert sandbox.identity == "member"  # `as moderator:` lasted one line
    assert await shell.execute("/film info title:paddington 2") is Outcome.OK
    assert await shell.execute("press 1") is Outcome.OK
    assert "Best scenes · Paddington 2 (2017)" in written(out)


async def test_closing_a_form_sends_nothing(sandbox: Sandbox) -> None:
    async def give_up(modal: dict[str, Any]) -> None:
        return None

    out, err = memory_console(), memory_console()
    shell = Shell(sandbox, out, err, modal_filler=give_up)
    assert await shell.execute("as owner: /manage film add") is Outcome.OK
    assert "Form closed; nothing was sent." in written(out)


async def test_errors_are_told_apart_from_other_ephemeral_answers(sandbox: Sandbox) -> None:
    out, err = memory_console(), memory_console()
    shell = Shell(sandbox, out, err)
    assert await shell.execute("/film info title:qqqqzzzz") is Outcome.FAILED
    assert await shell.execute("/manage settings show") is Outcome.FAILED  # not a moderator
    assert await shell.execute("as moderator: /manage settings show") is Outcome.OK  # ephemeral
    assert await shell.execute("/help") is Outcome.OK  # ephemeral too
    assert written(err).count("the bot answered with an error") == 2


async def test_sandbox_commands(sandbox: Sandbox) -> None:
    out, err = memory_console(), memory_console()
    shell = Shell(sandbox, out, err)
    assert await shell.execute("press 1") is Outcome.FAILED  # nothing to press yet
    assert await shell.execute("/film search query:godfather") is Outcome.OK
    assert await shell.execute("pick 2") is Outcome.OK
    assert "The Godfather Part II (1974)" in written(out)
    assert await shell.execute("press 1 on 1") is Outcome.FAILED  # #1 has a menu, no buttons
    assert await shell.execute("as moderator") is Outcome.OK
    assert shell.prompt_label == "moderator@Film Club> "
    assert await shell.execute("guild second guild") is Outcome.OK
    assert shell.prompt_label == "moderator@Second Guild> "
    assert await shell.execute("press 1") is Outcome.FAILED  # those messages are elsewhere
    assert await shell.execute("guild Third Guild") is Outcome.FAILED
    assert await shell.execute("dance") is Outcome.FAILED
    assert await shell.execute("quit") is Outcome.QUIT
    assert "Traceback" not in written(err)
    assert "no guild 'Third Guild'; guilds: Film Club, Second Guild" in written(err)


async def test_a_start_failure_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(self: Sandbox) -> None:
        raise RuntimeError("no port for you")

    created: list[Path] = []
    original_init = Sandbox.__init__

    def tracking_init(self: Sandbox, **kwargs: Any) -> None:
        original_init(self, **kwargs)
        created.append(self.tmp)

    monkeypatch.setattr(Sandbox, "start", broken)
    monkeypatch.setattr(Sandbox, "__init__", tracking_init)
    out, err = memory_console(), memory_console()
    assert await _sandbox(["/about"], False, out, err) == 1
    assert "sandbox: the bot did not start: no port for you" in written(err)
    assert created and not created[0].exists()


def test_the_fixed_error_texts_of_the_bot_are_recognised() -> None:
    from discord import app_commands

    from bot.sandbox.errors import ERROR_PATTERNS
    from bot.ui.errors import GENERIC, user_message

    texts = [
        GENERIC,
        user_message(app_commands.MissingPermissions(["manage_guild"])),
        user_message(app_commands.NoPrivateMessage()),
        user_message(app_commands.CheckFailure()),
    ]
    for text in texts:
        assert text and any(p.search(text) for p in ERROR_PATTERNS), text


async def test_the_sandbox_can_start_the_fake_tmdb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROJECTIONIST_SANDBOX_TMDB", "1")
    async with Sandbox() as running:
        assert running.tmdb is not None
        out, err = memory_console(), memory_console()
        shell = Shell(running, out, err)
        assert await shell.execute("/film info title:paddington 2") is Outcome.OK, written(err)
        assert "TMDB" in written(out)
    assert running.tmdb is None  # stopped with the sandbox
