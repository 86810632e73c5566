"""/poll start | close | cancel | results | list."""

from __future__ import annotations

import logging
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import ProjectionistBot
from bot.errors import PermissionDeniedError, ServiceUnavailableError, ValidationError
from bot.polls.durations import DEFAULT_DURATION, parse_duration
from bot.polls.models import Method, Poll, Status
from bot.polls.voting import MAX_OPTIONS
from bot.ui.autocomplete import film_choices
from bot.ui.budget import EmbedBuilder, cell
from bot.ui.embeds import COLOUR
from bot.ui.matches import acted_film
from bot.ui.replies import NO_MENTIONS, defer, send
from bot.ui.text import escape, plural, timestamp, truncate
from bot.ui.types import Interaction
from cogs.polls.lifecycle import (
    DeadlineScheduler,
    MessageRefresher,
    can_host,
    finish_poll,
    outbox_worker,
    send_results,
)
from cogs.polls.outbox import POLL_PERMISSIONS, Outcome, and_list, missing_permissions
from cogs.polls.render import left_out_notice, poll_embed, poll_view

log = logging.getLogger(__name__)
METHOD_CHOICES = [app_commands.Choice(name=m.label, value=m.value) for m in Method]
StatusFilter = Literal["open", "closed", "cancelled", "all"]


def parse_scene_list(text: str) -> list[int]:
    """ "1, 3, 5" or "1-4, 7" -> [1, 3, 5] / [1, 2, 3, 4, 7]."""
    ranks: list[int] = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        low, _, high = part.partition("-")
        if not (low.isascii() and low.isdigit()) or (
            high and not (high.isascii() and high.isdigit())
        ):
            raise ValidationError("List scenes by rank, such as 1, 3, 5 or 1-4, 7.")
        start, end = int(low), int(high or low)
        if end < start or end - start > 25:
            raise ValidationError(f"“{part}” is not a range of scene ranks.")
        ranks.extend(range(start, end + 1))
    if not ranks:
        raise ValidationError("List scenes by rank, such as 1, 3, 5 or 1-4, 7.")
    return ranks


async def poll_choices(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    polls = await interaction.client.polls.list_polls(interaction.guild_id)
    folded = current.strip().casefold().lstrip("#")
    choices = []
    for poll in polls:
        label = (
            f"#{poll.id} {poll.film_title} · {poll.status} · {plural(poll.ballot_count, 'ballot')}"
        )
        if folded and folded not in label.casefold():
            continue
        choices.append(app_commands.Choice(name=truncate(label, 100), value=f"#{poll.id}"))
    return choices[:25]


async def resolve_poll(interaction: Interaction, value: str) -> Poll:
    text = value.strip().lstrip("#")
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise ValidationError("Pick a poll from the list (or type its number, such as #3).")
    return await interaction.client.polls.get(int(text), interaction.guild_id)


@app_commands.guild_only()
class Polls(commands.GroupCog, group_name="poll", group_description="Scene-ranking polls"):
    def __init__(self, bot: ProjectionistBot) -> None:
        self.bot = bot
        self.refresher = MessageRefresher(bot)
        self.outbox = outbox_worker(bot)
        self.scheduler = DeadlineScheduler(bot, self.outbox)
        super().__init__()

    async def cog_load(self) -> None:
        self.outbox.start()
        self.scheduler.start()

    async def cog_unload(self) -> None:
        await self.scheduler.stop()
        await self.outbox.stop()
        await self.refresher.flush()

    @commands.Cog.listener()
    async def on_poll_ballot(self, poll_id: int) -> None:
        self.refresher.touch(poll_id)

    @app_commands.command(
        name="start", description="Start a poll where members rank a film's scenes"
    )
    @app_commands.describe(
        film="The film whose scenes to rank",
        duration="How long it runs, 10 minutes to 14 days: 90m, 2h, 2 days, 1 week (default 24h)",
        method="How ballots are counted (default: Schulze)",
        scenes="Only these scene ranks, such as 1, 3, 5 or 1-4 (default: all, up to 25)",
        channel="Where to post the poll (default: here)",
    )
    @app_commands.autocomplete(film=film_choices)
    @app_commands.choices(method=METHOD_CHOICES)
    async def start(
        self,
        interaction: Interaction,
        film: app_commands.Range[str, 1, 200],
        duration: app_commands.Range[str, 1, 20] | None = None,
        method: str = Method.SCHULZE.value,
        scenes: app_commands.Range[str, 1, 100] | None = None,
        channel: discord.TextChannel | None = None,
    ) -> None:
        if not await can_host(interaction):
            raise PermissionDeniedError(
                "Only moderators and members with the poll host role can start polls."
            )
        assert interaction.guild_id is not None
        length = parse_duration(duration) if duration else DEFAULT_DURATION
        ranks = parse_scene_list(scenes) if scenes else None
        chosen = await acted_film(interaction, film)
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel):
            raise ValidationError(
                "Polls are posted in a text channel; pick one with the channel option."
            )
        if not isinstance(interaction.user, discord.Member):
            raise PermissionDeniedError("Polls can only be started by members of this server.")
        yours = target.permissions_for(interaction.user)  # the member's own rights there
        if not (yours.view_channel and yours.send_messages):
            raise PermissionDeniedError(
                f"You can't send messages in {target.mention}, so I won't post a poll there "
                "for you. Pick a channel where you can post."
            )
        missing = missing_permissions(target.permissions_for(target.guild.me))
        if missing:
            noun = "permission" if len(missing) == 1 else "permissions"
            raise PermissionDeniedError(
                f"I can't run a poll in {target.mention}: I'm missing the {and_list(missing)} "
                f"{noun} there. A poll needs {and_list([n for _, n in POLL_PERMISSIONS])}."
            )
        await defer(interaction, ephemeral=True)
        poll = await self.bot.polls.start(
            guild_id=interaction.guild_id,
            channel_id=target.id,
            film=chosen,
            host_id=interaction.user.id,
            duration=length,
            method=method,
            scene_ranks=ranks,
        )
        hidden = await self.bot.hides_spoilers(interaction.guild_id)
        try:
            message = await target.send(
                embed=poll_embed(poll, hidden), view=poll_view(poll), allowed_mentions=NO_MENTIONS
            )
        except discord.HTTPException as exc:  # nothing to vote on: the poll must not exist
            await self.bot.polls.discard_unposted(poll.id)
            log.warning("Poll %s could not be posted; discarded it", poll.id, exc_info=True)
            if isinstance(exc, discord.Forbidden):
                why = "Discord refused it: check my permissions in that channel"
            else:
                why = "Discord failed to take it; try again in a moment"
            raise ServiceUnavailableError(
                f"I could not post the poll in {target.mention} ({why}), so no poll was "
                f"started and {escape(chosen.display_title)} is free for a new one."
            ) from exc
        await self.bot.polls.set_message(poll.id, message.id)
        self.scheduler.poke()
        notice = "" if ranks else left_out_notice(chosen, poll, MAX_OPTIONS)
        await send(
            interaction,
            f"Poll #{poll.id} on {escape(chosen.display_title)} is open in {target.mention} "
            f"until {timestamp(poll.closes_at)}: {message.jump_url}"
            + (f"\n{notice}" if notice else ""),
            ephemeral=True,
        )

    async def _hosted(self, interaction: Interaction, value: str) -> Poll:
        poll = await resolve_poll(interaction, value)
        if not await can_host(interaction, poll):
            raise PermissionDeniedError("Only the poll's host or a moderator can do that.")
        return poll

    @app_commands.command(name="close", description="Close a poll now and post its results")
    @app_commands.describe(poll="The poll to close")
    @app_commands.autocomplete(poll=poll_choices)
    async def close(self, interaction: Interaction, poll: app_commands.Range[str, 1, 30]) -> None:
        chosen = await self._hosted(interaction, poll)
        await defer(interaction, ephemeral=True)
        closed, report = await finish_poll(self.bot, self.outbox, chosen.id, Status.CLOSED)
        if report.outcome is Outcome.DELIVERED:
            text = f"Closed poll #{closed.id}; the results are posted."
        elif report.outcome is Outcome.FAILED:
            text = (
                f"Closed poll #{closed.id}, but I could not post the results: {report.reason}. "
                f"Once that is fixed, `/poll results poll:#{closed.id}` shows them."
            )
        else:
            text = (
                f"Closed poll #{closed.id}. Discord did not take the results just now; "
                "I'll keep trying and post them as soon as it does."
            )
        await send(interaction, text, ephemeral=True)

    @app_commands.command(
        name="cancel", description="Cancel a poll: ballots are kept but no result is shown"
    )
    @app_commands.describe(poll="The poll to cancel")
    @app_commands.autocomplete(poll=poll_choices)
    async def cancel(self, interaction: Interaction, poll: app_commands.Range[str, 1, 30]) -> None:
        chosen = await self._hosted(interaction, poll)
        await defer(interaction, ephemeral=True)
        cancelled, _report = await finish_poll(self.bot, self.outbox, chosen.id, Status.CANCELLED)
        await send(interaction, f"Cancelled poll #{cancelled.id}.", ephemeral=True)

    @app_commands.command(
        name="results", description="A poll's results (open polls: hosts and moderators only)"
    )
    @app_commands.describe(poll="The poll")
    @app_commands.autocomplete(poll=poll_choices)
    async def results(self, interaction: Interaction, poll: app_commands.Range[str, 1, 30]) -> None:
        await send_results(interaction, await resolve_poll(interaction, poll))

    @app_commands.command(name="list", description="This server's polls")
    @app_commands.describe(status="Which polls (default: all)")
    async def list_(self, interaction: Interaction, status: StatusFilter = "all") -> None:
        assert interaction.guild_id is not None
        polls = await self.bot.polls.list_polls(
            interaction.guild_id, None if status == "all" else Status(status)
        )
        if not polls:
            await send(interaction, "There are no such polls in this server yet.", ephemeral=True)
            return
        lines = []
        for poll in polls:
            when = f"closes {timestamp(poll.closes_at, 'R')}" if poll.is_open else poll.status
            film = cell(poll.film_title, 120)
            ballots = plural(poll.ballot_count, "ballot")
            lines.append(f"**#{poll.id}** {film} · {poll.method.label} · {ballots} · {when}")
        embed = EmbedBuilder(title="Polls", colour=COLOUR)
        embed.lines(lines)
        await send(interaction, embed=embed.build(), ephemeral=True)
