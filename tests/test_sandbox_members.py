"""Anyone can be a member of the sandbox's club: `as alice`, `as bob --mod`, the seeded names."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.sandbox.session import Sandbox
from bot.sandbox.shell import Outcome, Shell
from tests.sandbox_helpers import memory_console, written

pytestmark = pytest.mark.e2e


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox() as running:
        yield running


async def test_any_name_becomes_a_member_with_or_without_moderator_rights(
    sandbox: Sandbox,
) -> None:
    out, err = memory_console(), memory_console()
    shell = Shell(sandbox, out, err)
    assert await shell.execute("as alice") is Outcome.OK, written(err)
    assert shell.prompt_label == "alice@Film Club> "
    alice = sandbox.member()
    assert alice.user.username == "alice"
    assert sandbox.driver.seeded.moderator_role.id not in alice.role_ids
    assert await shell.execute("/manage settings show") is Outcome.FAILED  # not a moderator
    assert await shell.execute("as bob --mod") is Outcome.OK, written(err)
    assert "You are now bob (moderator)" in written(out)
    assert await shell.execute("/manage settings show") is Outcome.OK, written(err)
    # one line as someone new, then back to bob; alice is the same member as before
    assert await shell.execute("as carol: /film info title:alien") is Outcome.OK, written(err)
    assert shell.prompt_label == "bob@Film Club> "
    assert await shell.execute("as alice") is Outcome.OK
    assert sandbox.member() is alice
    names = {m.user.username for m in sandbox.driver.guild.members.values()}
    assert {"alice", "bob", "carol"} <= names


async def test_the_seeded_members_answer_to_their_names(sandbox: Sandbox) -> None:
    out, err = memory_console(), memory_console()
    shell = Shell(sandbox, out, err)
    assert await shell.execute("as maya") is Outcome.OK, written(err)  # the seeded moderator
    assert sandbox.member() is sandbox.driver.moderator
    assert "You are now maya (moderator)" in written(out)
    assert await shell.execute("as member") is Outcome.OK
    assert sandbox.member() is sandbox.driver.member
    assert await shell.execute("as Not A Name") is Outcome.FAILED
    assert "usernames" in written(err)


async def test_a_private_message_is_pressed_only_by_its_reader(sandbox: Sandbox) -> None:
    out, err = memory_console(), memory_console()
    shell = Shell(sandbox, out, err)
    assert await shell.execute("as maya: /poll start film:alien") is Outcome.OK, written(err)
    assert await shell.execute("as dora: press 1") is Outcome.OK, written(err)  # her ballot
    assert await shell.execute("pick 1") is Outcome.FAILED  # the ballot is dora's
    assert "only dora can see message #3; write: as dora: pick" in written(err)
    assert await shell.execute("as dora: pick 1") is Outcome.OK, written(err)
