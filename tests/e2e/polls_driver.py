"""Playing members through a poll: the ballot flow as a member clicks it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cogs.polls import ids as poll_ids
from discord_emulator.testing.driver import GuildDriver, Reply, SentMessage
from discord_emulator.world import Member
from tests.e2e.helpers import assert_clean


def poll_message(guild: GuildDriver, poll_id: int) -> SentMessage:
    for message in reversed(guild.messages_in(guild.general)):
        footer = (message.embeds[0].get("footer") or {}).get("text") if message.embeds else None
        title = message.embeds[0].get("title", "") if message.embeds else ""
        if footer == f"Poll #{poll_id}" and title.startswith("Scene poll"):
            return message
    raise AssertionError(f"no message for poll {poll_id}")


def _is_poll_message(message: SentMessage) -> bool:
    return bool(message.embeds) and message.embeds[0].get("title", "").startswith("Scene poll")


def poll_id_of(reply: Reply) -> int:
    """The id of the poll a ``/poll start`` reply opened, from the poll message it posted: its
    footer, "Poll #N", is how members name the poll (and how ``poll_message`` finds it)."""
    posted = [m for m in reply.channel_messages if _is_poll_message(m)]
    assert len(posted) == 1, f"expected one poll message, got {len(posted)}: {reply.text!r}"
    footer = (posted[0].embeds[0].get("footer") or {}).get("text", "")
    match = re.fullmatch(r"Poll #(\d+)", footer)
    assert match, f"the poll message's footer names no poll: {footer!r}"
    return int(match[1])


def component_id(reply: Reply, prefix: str) -> str:
    assert reply.message is not None
    for cid in reply.message.custom_ids:
        if cid.startswith(prefix):
            return cid
    raise AssertionError(f"no component starting {prefix!r} in {reply.message.custom_ids}")


async def open_ballot(
    guild: GuildDriver, poll_id: int, member: Member, message: SentMessage | None = None
) -> Reply:
    """Press Vote on the poll message (found in the channel unless given: under load, finding
    it once saves every click a scan of the channel)."""
    message = message or poll_message(guild, poll_id)
    return assert_clean(await guild.click(message, poll_ids.vote(poll_id), user=member))


async def cast(
    guild: GuildDriver,
    poll_id: int,
    member: Member,
    ranking: Sequence[int],
    message: SentMessage | None = None,
) -> Reply:
    """Vote, pick each option in order, submit; returns the confirmation."""
    ballot = await open_ballot(guild, poll_id, member, message)
    for option in ranking:
        select = component_id(ballot, poll_ids.add(poll_id, ""))
        ballot = assert_clean(await guild.select(ballot, select, [str(option)], user=member))
    submit = component_id(ballot, poll_ids.submit(poll_id, ""))
    return assert_clean(await guild.click(ballot, submit, user=member))


async def start_poll(guild: GuildDriver, film: str = "jaws", **options: object) -> int:
    """A moderator starts a poll on ``film``; returns its id (the reply names it too)."""
    return (await start_poll_reply(guild, film, **options))[0]


async def start_poll_reply(
    guild: GuildDriver, film: str = "jaws", **options: object
) -> tuple[int, Reply]:
    """A moderator starts a poll on ``film``: its id and the moderator's private reply."""
    reply = assert_clean(
        await guild.slash("poll start", film=film, user=guild.moderator, **options)
    )
    assert reply.ephemeral and "is open in" in reply.text, reply.text
    poll_id = poll_id_of(reply)
    assert f"Poll #{poll_id} " in reply.text, reply.text
    return poll_id, reply
