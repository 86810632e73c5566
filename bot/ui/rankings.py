"""A closed poll's ranking as a film's scenes: ``/scene list ranking:community`` shows it."""

from __future__ import annotations

from bot.catalogue.models import Film, Scene
from bot.polls.models import Poll
from bot.polls.voting import PollResult
from bot.polls.voting.figures import row_figure
from bot.ui.embeds import RankedScene
from bot.ui.text import plural, timestamp


def community_ranking(film: Film, poll: Poll, result: PollResult) -> tuple[list[RankedScene], str]:
    """The poll's ranking as scenes of ``film`` (a removed scene keeps its poll title)."""
    scenes = {s.id: s for s in film.scenes}
    ranked = []
    for entry in result.ranking:
        option = poll.option(entry.option_id)
        scene = scenes.get(option.scene_id or 0) or Scene(
            0, film.id, option.option, option.title, "", option.spoiler
        )
        ranked.append(RankedScene(entry.position, scene, row_figure(result, entry.option_id)))
    closed = poll.closed_at or poll.closes_at
    intro = (
        f"From poll #{poll.id} ({poll.method.label}), closed {timestamp(closed, 'D')}, "
        f"{plural(result.ballot_count, 'ballot')}."
    )
    return ranked, intro
