"""Poll messages, ballots and results as embeds (always inside Discord's limits)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import discord

from bot.catalogue.models import Film
from bot.polls.models import Poll, PollOption, Status
from bot.polls.voting import PollResult, RankedOption, explain
from bot.polls.voting.figures import row_figure
from bot.ui.budget import EmbedBuilder, cell
from bot.ui.embeds import COLOUR
from bot.ui.items import item_for
from bot.ui.text import escape, hidden_scene, timestamp
from cogs.polls import ids

CLOSED_COLOUR = discord.Colour.dark_grey()


def poll_view(poll: Poll) -> discord.ui.View:
    """The poll message's buttons (``cogs.polls.buttons``): a finished poll has no Vote."""
    view = discord.ui.View(timeout=None)
    if poll.is_open:
        view.add_item(item_for(ids.vote(poll.id)))
        view.add_item(item_for(ids.mine(poll.id)))
    if poll.status is not Status.CANCELLED:
        view.add_item(item_for(ids.results(poll.id)))
    return view


def option_line(option: PollOption, hide_spoilers: bool, prefix: str | None = None) -> str:
    title = cell(option.title, 120, hidden=hide_spoilers and option.spoiler)
    return f"**{prefix or option.option}.** {title}"


def poll_embed(poll: Poll, hide_spoilers: bool) -> discord.Embed:
    lines = [option_line(o, hide_spoilers) for o in poll.options]
    if poll.is_open:
        status = f"Closes {timestamp(poll.closes_at)} ({timestamp(poll.closes_at, 'R')})"
        colour = COLOUR
    elif poll.status is Status.CLOSED:
        status = f"Closed {timestamp(poll.closed_at or poll.closes_at)}"
        colour = CLOSED_COLOUR
    else:
        status = "Cancelled: no result is shown"
        colour = CLOSED_COLOUR
    embed = EmbedBuilder(
        title=f"Scene poll · {cell(poll.film_title, 200)}",
        description="Rank the scenes, best first: press **Vote** and pick them in your order.\n",
        colour=colour,
        footer=f"Poll #{poll.id}",
    )
    embed.lines(lines)
    embed.field("Method", poll.method.label)
    embed.field("Ballots", str(poll.ballot_count))
    embed.field("Status", status, inline=False)
    return embed.build()


def ballot_embed(
    poll: Poll, draft: Sequence[int], hide_spoilers: bool, *, voted_before: bool
) -> discord.Embed:
    if draft:
        ranking = "\n".join(
            option_line(poll.option(o), hide_spoilers, str(i)) for i, o in enumerate(draft, 1)
        )
        text = f"Your ranking so far:\n{ranking}"
    else:
        text = "Pick your favourite scene first, then the next, as far down as you like."
    if voted_before:
        text += "\n\nYou have voted already: submitting replaces your earlier ballot."
    return EmbedBuilder(
        title=f"Your ballot · {cell(poll.film_title, 200)}",
        description=text,
        colour=COLOUR,
        footer=f"Poll #{poll.id} · nothing counts until you press Submit",
    ).build()


def ranking_lines(poll: Poll, ranking: Sequence[int], hide_spoilers: bool) -> str:
    return "\n".join(
        option_line(poll.option(o), hide_spoilers, str(i)) for i, o in enumerate(ranking, 1)
    )


def hidden_name(option: PollOption, scene_number: int | None = None) -> str:
    """A spoiler scene's name with its title hidden, still telling it apart from the others:
    ``"Scene 5 · hidden (spoiler)"`` (the scene's number in the film, else its poll number)."""
    return hidden_scene(scene_number or option.option)


def option_names(
    poll: Poll, hide_spoilers: bool, scene_numbers: Mapping[int, int] | None = None
) -> dict[int, str]:
    """Names for prose and charts, which cannot carry spoiler bars: a hidden spoiler scene is
    named by its number only (``scene_numbers`` maps options to the scenes' numbers in the film)."""
    numbers = scene_numbers or {}
    return {
        o.option: hidden_name(o, numbers.get(o.option)) if hide_spoilers and o.spoiler else o.title
        for o in poll.options
    }


def scene_numbers(film: Film | None, poll: Poll) -> dict[int, int]:
    """Each option's scene number (rank) in ``film`` today; options whose scene is gone are left
    out."""
    if film is None:
        return {}
    ranks = {scene.id: scene.rank for scene in film.scenes}
    return {o.option: ranks[o.scene_id] for o in poll.options if o.scene_id in ranks}


def _ranges(numbers: Sequence[int]) -> str:
    """``[1, 2, 3, 5, 7, 8]`` -> ``"1-3, 5, 7-8"``."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def left_out_notice(film: Film, poll: Poll, limit: int) -> str:
    """What the host should know when the film has more scenes than a poll can hold and the
    poll took the first ``limit`` ("" when nothing was left out by the limit)."""
    if len(film.scenes) <= limit:
        return ""
    polled = {o.scene_id for o in poll.options}
    left = [s.rank for s in film.scenes if s.id not in polled]
    if not left or len(poll.options) < limit:
        return ""
    return (
        f"{escape(film.display_title)} has {len(film.scenes)} scenes and a poll holds at most "
        f"{limit}, so scene{'s' if len(left) > 1 else ''} {_ranges(left)} "
        f"{'are' if len(left) > 1 else 'is'} left out. To rank others, start a poll with "
        f"`scenes:`, such as `scenes: {_ranges(left[:limit])}`."
    )


def result_row(poll: Poll, result: PollResult, entry: RankedOption, hide_spoilers: bool) -> str:
    """``**2.** Title · 3 head-to-head wins (tied)``: the rank, the scene and the named figure
    the method ranked by."""
    line = option_line(poll.option(entry.option_id), hide_spoilers, str(entry.position))
    shown = row_figure(result, entry.option_id)
    return f"{line} · {shown}" if shown else line


def results_embed(
    poll: Poll,
    result: PollResult,
    hide_spoilers: bool,
    scene_numbers: Mapping[int, int] | None = None,
) -> discord.Embed:
    names = option_names(poll, hide_spoilers, scene_numbers)
    lines = [result_row(poll, result, entry, hide_spoilers) for entry in result.ranking]
    if result.ballot_count == 0:  # nothing was ranked: no winner, no rows, no community ranking
        headline = "No ballots were cast, so this poll ranks nothing."
        lines = []
    else:
        winner = poll.option(result.ranking[0].option_id)
        headline = f"🏆 {option_line(winner, hide_spoilers, 'Winner')}"
    embed = EmbedBuilder(
        title=f"Results · {cell(poll.film_title, 200)}",
        description=headline + "\n",
        colour=COLOUR,
        footer=f"Poll #{poll.id}",
    )
    embed.lines(lines)
    embed.field("Ballots", str(result.ballot_count))
    embed.field("Method", poll.method.label)
    # Ties are described once, in their own field below.
    how = explain(result, {k: v[:60] for k, v in names.items()}, ties=False)
    embed.field("How this was counted", cell(how, 1024), inline=False)
    notes = result.tie_notes_named(names) if result.ties else ()
    if notes:
        embed.field("Ties", cell(" ".join(notes), 1024), inline=False)
    return embed.build()
