"""What happens around a poll: ballots cast, the message kept current, closing and results."""

from __future__ import annotations

import asyncio
import io
import logging

import discord

from bot.client import ProjectionistBot
from bot.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from bot.polls.models import Poll, Status
from bot.polls.voting import render_chart
from bot.ui.access import is_moderator, may_host_polls
from bot.ui.items import item_for
from bot.ui.replies import NO_MENTIONS, defer, send
from bot.ui.text import timestamp, truncate
from bot.ui.types import Bot, Interaction
from cogs.polls import ids
from cogs.polls.background import PokableLoop
from cogs.polls.outbox import OutboxWorker, Outcome, Report
from cogs.polls.render import (
    ballot_embed,
    hidden_name,
    option_names,
    poll_embed,
    poll_view,
    ranking_lines,
    results_embed,
    scene_numbers,
)

log = logging.getLogger(__name__)
MESSAGE_REFRESH_SECONDS = 2.0  # the ballot count on a poll message is refreshed at most this often


async def can_host(interaction: Interaction, poll: Poll | None = None) -> bool:
    """Who may start a poll (``poll`` None): poll hosts and moderators. Who may end or peek at
    an existing poll: moderators and that poll's own host only; the poll role does not reach
    other members' polls."""
    if poll is not None:
        return poll.host_id == interaction.user.id or await is_moderator(interaction)
    return await may_host_polls(interaction)


async def check_results_allowed(interaction: Interaction, poll: Poll) -> None:
    if poll.status is Status.CANCELLED:
        raise PermissionDeniedError("This poll was cancelled, so it has no result.")
    if poll.is_open and not await can_host(interaction, poll):
        raise PermissionDeniedError(
            f"Results are shown to everyone when the poll closes {timestamp(poll.closes_at, 'R')}."
        )


async def open_poll(interaction: Interaction, poll_id: int) -> Poll:
    poll = await interaction.client.polls.open_poll(poll_id, interaction.guild_id)
    if not interaction.permissions.view_channel:
        raise ValidationError("You can only vote in polls in channels you can see.")
    return poll


async def ballot_message(
    interaction: Interaction, poll: Poll, draft: tuple[int, ...], *, voted: bool = False
) -> tuple[discord.Embed, discord.ui.View]:
    """The private ballot with ``draft`` ranked so far; its items are in ``cogs.polls.ballot``."""
    hidden = await interaction.client.hides_spoilers(interaction.guild_id)
    embed = ballot_embed(poll, draft, hidden, voted_before=voted)
    view = discord.ui.View(timeout=None)
    remaining = [o for o in poll.options if o.option not in draft]
    secret = hidden and any(o.spoiler for o in poll.options)
    numbers = await poll_scene_numbers(interaction.client, poll) if secret else {}
    text = ids.encode(draft)
    if remaining:
        options = [
            discord.SelectOption(
                label=truncate(f"{o.option}. {o.title}", 100)
                if not (hidden and o.spoiler)
                else f"{o.option}. {hidden_name(o, numbers.get(o.option))}",
                value=str(o.option),
            )
            for o in remaining
        ]
        view.add_item(item_for(ids.add(poll.id, text), options=options))
    view.add_item(item_for(ids.submit(poll.id, text)))
    view.add_item(item_for(ids.undo(poll.id, text)))
    view.add_item(item_for(ids.clear(poll.id), enabled=bool(draft)))
    if secret:
        view.add_item(item_for(ids.reveal(poll.id)))
    return embed, view


_NUMBERS_KEPT = 512
_numbers: dict[int, dict[int, int]] = {}  # poll id -> option -> scene number, oldest first


async def poll_scene_numbers(bot: Bot, poll: Poll) -> dict[int, int]:
    """Each option's scene number in the film (empty if the film is gone). Kept per poll after
    the first look-up, so the clicks of a busy ballot do not each read the catalogue."""
    known = _numbers.get(poll.id)
    if known is not None:
        return known
    try:
        film = await bot.catalogue.get(poll.film_id, poll.guild_id)
    except NotFoundError:
        return {}
    numbers = scene_numbers(film, poll)
    if len(_numbers) >= _NUMBERS_KEPT:
        del _numbers[next(iter(_numbers))]
    _numbers[poll.id] = numbers
    return numbers


async def ballot_cast(interaction: Interaction, poll: Poll, draft: tuple[int, ...]) -> None:
    """Store the ballot, confirm it privately, and schedule a refresh of the poll message."""
    bot = interaction.client
    receipt = await bot.polls.vote(poll.id, interaction.user.id, draft)
    lines = ranking_lines(
        poll, receipt.ranking, await interaction.client.hides_spoilers(interaction.guild_id)
    )
    if receipt.unchanged:
        headline = "Your ballot is unchanged:"
    elif receipt.replaced:
        headline = "Your new ballot replaces the earlier one:"
    else:
        headline = "Your ballot is in:"
    text = f"{headline}\n{lines}\n\nYou can vote again until {timestamp(poll.closes_at)}."
    await interaction.edit_original_response(
        content=text[:2000], embed=None, view=None, allowed_mentions=NO_MENTIONS
    )
    bot.dispatch("poll_ballot", poll.id)  # the Polls cog refreshes the poll message


class MessageRefresher:
    """Keeps poll messages' ballot counts current without one edit per ballot."""

    def __init__(self, bot: ProjectionistBot) -> None:
        self.bot = bot
        self._pending: dict[int, asyncio.Task[None]] = {}

    def touch(self, poll_id: int) -> None:
        if poll_id not in self._pending:
            self._pending[poll_id] = asyncio.create_task(self._refresh_later(poll_id))

    async def _refresh_later(self, poll_id: int) -> None:
        try:
            await asyncio.sleep(MESSAGE_REFRESH_SECONDS)
        finally:
            self._pending.pop(poll_id, None)
        poll = await self.bot.polls.get(poll_id)
        await update_poll_message(self.bot, poll)

    async def flush(self) -> None:
        tasks = list(self._pending.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def poll_message(bot: ProjectionistBot, poll: Poll) -> tuple[discord.Embed, discord.ui.View]:
    """The poll message as it should look now (a finished poll's has no Vote button)."""
    return poll_embed(poll, await bot.hides_spoilers(poll.guild_id)), poll_view(poll)


def outbox_worker(bot: ProjectionistBot) -> OutboxWorker:
    return OutboxWorker(
        bot,
        poll_message=lambda poll: poll_message(bot, poll),
        results_message=lambda poll: results_payload(bot, poll),
    )


async def update_poll_message(bot: ProjectionistBot, poll: Poll) -> None:
    if poll.message_id is None:
        return
    channel = bot.get_partial_messageable(poll.channel_id, guild_id=poll.guild_id)
    embed = poll_embed(poll, await bot.hides_spoilers(poll.guild_id))
    try:
        await channel.get_partial_message(poll.message_id).edit(embed=embed, view=poll_view(poll))
    except discord.NotFound:
        log.info("Poll %s message %s is gone; not updating it", poll.id, poll.message_id)
    except discord.HTTPException:
        log.warning("Could not update the message of poll %s", poll.id, exc_info=True)


async def results_payload(bot: Bot, poll: Poll) -> tuple[discord.Embed, discord.File]:
    result = await bot.polls.result(poll)
    hidden = await bot.hides_spoilers(poll.guild_id)
    numbers = await poll_scene_numbers(bot, poll) if hidden else {}
    embed = results_embed(poll, result, hidden, numbers)
    names = option_names(poll, hidden, numbers)
    png = await asyncio.to_thread(render_chart, result, names, poll.film_title)
    filename = f"poll-{poll.id}-results.png"
    embed.set_image(url=f"attachment://{filename}")
    return embed, discord.File(io.BytesIO(png), filename=filename)


async def send_results(interaction: Interaction, poll: Poll, *, private: bool = False) -> None:
    """Show the results: privately while the poll is open or when ``private`` (the Results
    button, so presses do not post public copies), else in the channel."""
    await check_results_allowed(interaction, poll)
    ephemeral = private or poll.is_open
    await defer(interaction, ephemeral=ephemeral)
    embed, chart = await results_payload(interaction.client, poll)
    await send(interaction, embed=embed, file=chart, ephemeral=ephemeral)


async def finish_poll(
    bot: ProjectionistBot,
    outbox: OutboxWorker,
    poll_id: int,
    status: Status = Status.CLOSED,
    *,
    tell_host: bool = False,
    due_only: bool = False,
) -> tuple[Poll, Report]:
    """Close or cancel. The closing transaction queues what the channel must see (the poll
    message without its Vote button and, for a close, the results) in the outbox; this attempts
    it at once, and the outbox worker (of any process) retries what Discord did not take.
    ``due_only``: close only a poll whose deadline has passed (ConflictError otherwise)."""
    poll = await bot.polls.finish(poll_id, status, due_only=due_only)
    bot.polls.forget(poll.id)
    try:
        if tell_host:  # nobody is waiting on a reply: the worker's own attempt tells the host
            delivery = await bot.outbox.claim(poll.id)
            report = (
                await outbox.attempt(delivery, tell_host=True)
                if delivery is not None
                else Report(Outcome.BUSY)
            )
        else:
            report = await outbox.deliver_now(poll.id)
    finally:
        outbox.poke()  # whatever happened, the worker looks at the row's new due time
    return poll, report


class DeadlineScheduler(PokableLoop):
    """Closes polls at their deadline, including those whose deadline passed while the bot was
    down. Wakes at the next deadline (at most every ``max_sleep`` seconds) or when poked.

    Every process runs one over every guild's polls (REST is not shard-bound, so a poll of a
    guild whose process died still closes): the store's conditional close is the claim, so
    exactly one process closes a poll and queues its delivery; the others lose quietly."""

    name = "poll-deadlines"

    def __init__(
        self, bot: ProjectionistBot, outbox: OutboxWorker, max_sleep: float = 60.0
    ) -> None:
        super().__init__(bot, max_sleep)
        self.outbox = outbox

    async def run_pass(self) -> float:
        now = self.bot.polls.clock()
        delay = self.max_sleep
        for poll in await self.bot.polls.open_polls():
            if poll.closes_at <= now:
                try:
                    await finish_poll(self.bot, self.outbox, poll.id, tell_host=True, due_only=True)
                except (ConflictError, NotFoundError) as exc:
                    log.debug("Poll %s was not closed here: %s", poll.id, exc)
                except Exception:
                    log.exception("Could not close poll %s at its deadline", poll.id)
            else:
                delay = min(delay, (poll.closes_at - now).total_seconds())
        return max(delay, 0.05)
