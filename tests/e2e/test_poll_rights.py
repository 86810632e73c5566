"""Who may end a poll and where a host may post one: always the member's own rights (issue 9.12).

The poll role lets a member start polls; it does not make them a moderator of other members'
polls. A host can only have the bot post a poll where the host could post themselves.
"""

from __future__ import annotations

from typing import Any

import discord
import pytest

from bot.client import ProjectionistBot
from discord_emulator.permissions import SEND_MESSAGES, VIEW_CHANNEL, Overwrite
from discord_emulator.testing.driver import GuildDriver
from discord_emulator.world import Member
from tests.e2e.helpers import assert_clean, refused
from tests.e2e.polls_driver import cast, poll_id_of, poll_message

pytestmark = pytest.mark.e2e
MEMBER_OVERWRITE = 1


def bot_channel_overwrites(bot: ProjectionistBot, channel_id: int) -> dict[Any, Any]:
    """The permission overwrites of a guild channel as the bot's cache has them."""
    channel = bot.get_channel(channel_id)
    assert isinstance(channel, discord.abc.GuildChannel), channel
    return dict(channel.overwrites)


async def poll_role_member(film_club: GuildDriver, name: str = "host") -> Member:
    role = await film_club.emulator.create_role(film_club.guild, "Poll hosts")
    assert_clean(
        await film_club.slash("manage settings poll-role", role=role, user=film_club.moderator)
    )
    return film_club.add_member(name, roles=[role])


async def test_a_poll_role_member_cannot_end_or_peek_at_someone_elses_poll(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    other_host = await poll_role_member(film_club)
    reply = assert_clean(await film_club.slash("poll start", film="jaws", user=film_club.moderator))
    poll_id = poll_id_of(reply)
    refused(
        await film_club.slash("poll cancel", poll=f"#{poll_id}", user=other_host),
        "host or a moderator",
    )
    refused(
        await film_club.slash("poll close", poll=f"#{poll_id}", user=other_host),
        "host or a moderator",
    )
    refused(
        await film_club.slash("poll results", poll=f"#{poll_id}", user=other_host),
        "when the poll closes",
    )
    assert (await projectionist.polls.get(poll_id)).is_open


async def test_a_host_ends_their_own_poll_and_a_moderator_anyones(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    other_host = await poll_role_member(film_club)
    reply = assert_clean(await film_club.slash("poll start", film="jaws", user=film_club.moderator))
    poll_id = poll_id_of(reply)
    own = assert_clean(await film_club.slash("poll start", film="alien", user=other_host))
    own_id = poll_id_of(own)
    assert (
        "Cancelled"
        in assert_clean(
            await film_club.slash("poll cancel", poll=f"#{own_id}", user=other_host)
        ).text
    )
    cancelled = assert_clean(
        await film_club.slash("poll cancel", poll=f"#{poll_id}", user=film_club.moderator)
    )
    assert "Cancelled" in cancelled.text


@pytest.mark.parametrize("denied", [SEND_MESSAGES, VIEW_CHANNEL])
async def test_a_host_cannot_post_a_poll_where_they_cannot_send(
    projectionist: ProjectionistBot, film_club: GuildDriver, denied: int
) -> None:
    host = await poll_role_member(film_club)
    talk = film_club.channel("film-talk")
    await film_club.emulator.set_overwrites(
        talk, [Overwrite(host.user.id, MEMBER_OVERWRITE, deny=denied)]
    )
    await film_club.wait_until(
        lambda: bool(bot_channel_overwrites(projectionist, talk.id)),
        what="the bot seeing the channel's new overwrites",
    )
    before = len(film_club.messages_in(talk))
    refused(
        await film_club.slash("poll start", film="jaws", options={"channel": talk}, user=host),
        "you can't send messages in",
    )
    assert await projectionist.polls.list_polls(film_club.guild.id) == []
    assert len(film_club.messages_in(talk)) == before  # nothing was posted there
    # The same host may post where they can send, and a moderator wherever allowed.
    here = assert_clean(await film_club.slash("poll start", film="jaws", user=host))
    poll_id = poll_id_of(here)
    assert poll_message(film_club, poll_id).custom_ids


async def test_an_empty_poll_is_no_community_ranking(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    """Issue 9.4: a poll closed with no ballots says so and leaves the previous ranking."""
    mod = film_club.moderator
    ranked = assert_clean(await film_club.slash("poll start", film="jaws", user=mod))
    ranked_id = poll_id_of(ranked)
    assert_clean(await cast(film_club, ranked_id, film_club.member, [2, 1]))
    assert_clean(await film_club.slash("poll close", poll=f"#{ranked_id}", user=mod))
    empty = assert_clean(await film_club.slash("poll start", film="jaws", user=mod))
    empty_id = poll_id_of(empty)
    assert_clean(await film_club.slash("poll close", poll=f"#{empty_id}", user=mod))
    posted = [
        m.embeds[0]
        for m in film_club.messages_in(film_club.general)
        if not m.ephemeral and m.embeds and m.embeds[0]["title"].startswith("Results")
    ]
    assert len(posted) == 2 and "No ballots were cast" in posted[1]["description"]
    assert "**1.**" not in posted[1]["description"]
    community = assert_clean(await film_club.slash("scene list", film="jaws", ranking="community"))
    assert f"From poll #{ranked_id}" in community.embed["description"]
