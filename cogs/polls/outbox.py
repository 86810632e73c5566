"""Delivering the poll outbox: a finished poll's message is edited (no Vote button) and, for a
close, its results are posted, until that succeeds or fails for a reason a retry cannot fix.

The row is written in the closing transaction (``bot.polls.outbox``); this worker claims rows
with a lease, so a restart, an outage or several processes cannot lose or double a delivery.
A retry first looks for a results message an earlier attempt may have posted before it died,
so one row never posts twice. A final failure is explained to the host in plain words.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

import discord

from bot.client import ProjectionistBot
from bot.polls.models import Delivery, Poll, Status
from bot.ui.replies import NO_MENTIONS
from bot.ui.text import escape
from cogs.polls.background import PokableLoop

log = logging.getLogger(__name__)

# What a poll needs from the bot in its channel, in the words Discord's settings use.
POLL_PERMISSIONS = (
    ("view_channel", "View Channel"),
    ("send_messages", "Send Messages"),
    ("embed_links", "Embed Links"),
    ("attach_files", "Attach Files"),  # the results chart
    ("read_message_history", "Read Message History"),  # finding a post an attempt left behind
)
UNKNOWN_MESSAGE = 10008
# How the poll message and the results look (``cogs.polls.lifecycle`` builds them).
PollMessage = Callable[[Poll], Awaitable[tuple[discord.Embed, discord.ui.View]]]
ResultsMessage = Callable[[Poll], Awaitable[tuple[discord.Embed, discord.File]]]


def missing_permissions(permissions: discord.Permissions) -> list[str]:
    return [label for name, label in POLL_PERMISSIONS if not getattr(permissions, name)]


def and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


class Outcome(StrEnum):
    DELIVERED = "delivered"
    RETRYING = "retrying"  # Discord failed in a way a retry can fix; the worker keeps trying
    FAILED = "failed"  # a retry cannot fix it; ``reason`` says why, in words
    BUSY = "busy"  # another attempt holds the claim


@dataclass(frozen=True, slots=True)
class Report:
    outcome: Outcome
    message_id: int | None = None
    reason: str = ""


class PermanentFailure(Exception):
    """A delivery a retry cannot fix; the message is for the host."""


class OutboxWorker(PokableLoop):
    """Delivers due outbox rows: at once after a close, then with backoff, and after restarts."""

    name = "poll-outbox"

    def __init__(
        self,
        bot: ProjectionistBot,
        poll_message: PollMessage,
        results_message: ResultsMessage,
        max_sleep: float = 30.0,
    ) -> None:
        super().__init__(bot, max_sleep)
        self.poll_message = poll_message
        self.results_message = results_message

    async def deliver_now(self, poll_id: int) -> Report:
        """Attempt this poll's delivery now (a close the host is waiting on)."""
        delivery = await self.bot.outbox.claim(poll_id)
        if delivery is None:
            done = await self.bot.outbox.get(poll_id)
            if done is not None and done.message_id is not None:
                return Report(Outcome.DELIVERED, done.message_id)
            return Report(Outcome.BUSY)
        report = await self.attempt(delivery, tell_host=False)
        if report.outcome is Outcome.FAILED:
            await self.bot.outbox.host_told(delivery, "reply")
        return report

    async def run_pass(self) -> float:
        """Deliver every row that is due; sleep until the next one is (or ``max_sleep``)."""
        try:
            while (delivery := await self.bot.outbox.claim()) is not None:
                await self.attempt(delivery, tell_host=True)
            due = await self.bot.outbox.next_due()
        except Exception:
            log.exception("The poll outbox worker failed; trying again shortly")
            due = None
        if due is None:
            return self.max_sleep
        return min(self.max_sleep, (due - self.bot.outbox.clock()).total_seconds())

    async def attempt(self, delivery: Delivery, *, tell_host: bool) -> Report:
        outbox = self.bot.outbox
        poll = await self.bot.polls.get(delivery.poll_id)
        try:
            async with asyncio.timeout(outbox.lease.total_seconds() * 0.75):
                message_id = await self._deliver(poll, delivery)
        except PermanentFailure as exc:
            reason = str(exc)
            log.warning("Poll %s: delivery failed for good: %s", poll.id, reason)
            await outbox.failed(delivery, reason)
            if tell_host:
                await outbox.host_told(delivery, await self._tell_host(poll, reason))
            return Report(Outcome.FAILED, reason=reason)
        except Exception as exc:  # Discord 5xx, a dropped connection, a timeout: retry later
            log.warning("Poll %s: delivery attempt failed", poll.id, exc_info=True)
            await outbox.retry(delivery, f"{type(exc).__name__}: {exc}"[:300])
            self.poke()  # the worker's sleep follows the new due time
            return Report(Outcome.RETRYING)
        await outbox.delivered(delivery, message_id)
        return Report(Outcome.DELIVERED, message_id)

    async def _deliver(self, poll: Poll, delivery: Delivery) -> int | None:
        channel = self.bot.get_partial_messageable(poll.channel_id, guild_id=poll.guild_id)
        try:
            await self._edit_poll_message(poll, channel)
            if poll.status is not Status.CLOSED:
                return None
            if delivery.attempts > 1:  # an earlier attempt may have posted before it failed
                found = await self._posted_results(poll, channel)
                if found is not None:
                    return found
            embed, chart = await self.results_message(poll)
            message = await channel.send(embed=embed, file=chart, allowed_mentions=NO_MENTIONS)
            return message.id
        except (discord.Forbidden, discord.NotFound) as exc:
            raise PermanentFailure(self._explain(poll, exc)) from exc
        except discord.HTTPException as exc:
            if 400 <= exc.status < 500 and exc.status != 429:
                raise PermanentFailure(f"Discord refused the message ({exc.text})") from exc
            raise

    async def _edit_poll_message(self, poll: Poll, channel: discord.PartialMessageable) -> None:
        if poll.message_id is None:
            return
        embed, view = await self.poll_message(poll)
        try:
            await channel.get_partial_message(poll.message_id).edit(embed=embed, view=view)
        except discord.NotFound as exc:
            if exc.code != UNKNOWN_MESSAGE:
                raise
            log.info("Poll %s message %s is gone; not updating it", poll.id, poll.message_id)

    async def _posted_results(self, poll: Poll, channel: discord.PartialMessageable) -> int | None:
        me = self.bot.user
        async for message in channel.history(limit=50):
            if me is None or message.author.id != me.id or not message.embeds:
                continue
            embed = message.embeds[0]
            if embed.footer.text == f"Poll #{poll.id}" and (embed.title or "").startswith(
                "Results"
            ):
                return message.id
        return None

    def _explain(self, poll: Poll, exc: discord.HTTPException) -> str:
        where = f"<#{poll.channel_id}>"
        channel = self.bot.get_channel(poll.channel_id)
        if isinstance(exc, discord.NotFound) or channel is None:
            return f"the channel {where} no longer exists or I can no longer see it"
        guild = getattr(channel, "guild", None)
        if guild is not None and isinstance(channel, discord.abc.GuildChannel):
            missing = missing_permissions(channel.permissions_for(guild.me))
            if missing:
                noun = "permission" if len(missing) == 1 else "permissions"
                return f"I'm missing the {and_list(missing)} {noun} in {where}"
        needed = and_list([label for _name, label in POLL_PERMISSIONS])
        return f"Discord refused me in {where}; I need {needed} there"

    async def _tell_host(self, poll: Poll, reason: str) -> str:
        """Tell the host in the poll's channel, else by DM; return how ("none" if neither)."""
        what = "post the results of" if poll.status is Status.CLOSED else "update the message of"
        text = (
            f"<@{poll.host_id}> I could not {what} poll #{poll.id} on "
            f"{escape(poll.film_title)}: {reason}. Once that is fixed, "
            f"`/poll results poll:#{poll.id}` shows them."
        )
        mention = discord.AllowedMentions(users=[discord.Object(poll.host_id)])
        channel = self.bot.get_partial_messageable(poll.channel_id, guild_id=poll.guild_id)
        try:
            await channel.send(text, allowed_mentions=mention)
            return "channel"
        except discord.HTTPException:
            log.info("Could not tell host %s in the poll's channel", poll.host_id)
        try:
            user = self.bot.get_user(poll.host_id) or await self.bot.fetch_user(poll.host_id)
            await user.send(text.split(" ", 1)[1])
            return "dm"
        except discord.HTTPException:
            log.warning("Could not tell host %s that poll %s failed", poll.host_id, poll.id)
            return "none"
