"""Counting scene-ranking polls, free of Discord.

Members each submit one ranked ballot of a poll's options (scene ids), best first; unranked options
are tied last. This package validates ballots, counts them by four methods, keeps an incremental
``Tally`` that can be persisted as JSON, explains a result in one paragraph and draws it as a PNG.

Methods (each a pure function ``method(options, ballots) -> PollResult``; ballots may be raw
rankings or a profile ``{ranking: count}``):

* ``schulze`` - beatpath method over pairwise preferences (``bot.polls.voting.methods.schulze``);
* ``borda`` - points by position, unranked options share the rest (``...methods.borda``);
* ``irv`` - instant runoff, eliminating the weakest option round by round (``...methods.irv``);
* ``plurality`` - first choices only (``...methods.plurality``).

Ties are broken by one rule everywhere: Borda points, then the caller's option order (earlier
wins); pass options in editorial order. See ``bot.polls.voting.ties``. Every tie that needed
breaking is
listed in ``PollResult.ties`` / ``tie_notes``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.polls.voting.aggregate import Counts
from bot.polls.voting.ballots import (
    MAX_OPTIONS,
    MIN_OPTIONS,
    Ballot,
    Ballots,
    Profile,
    validate_options,
    validate_ranking,
)
from bot.polls.voting.explain import explain
from bot.polls.voting.methods import borda, irv, plurality, schulze
from bot.polls.voting.results import (
    BordaDetail,
    IrvDetail,
    IrvRound,
    Method,
    PluralityDetail,
    PollResult,
    RankedOption,
    SchulzeDetail,
    TieBreak,
    TieCriterion,
    format_number,
)
from bot.polls.voting.tally import Tally


def count(method: Method | str, options: Sequence[int], ballots: Ballots) -> PollResult:
    """Count ``ballots`` over ``options`` by ``method`` (a ``Method`` or its value)."""
    return Tally.from_ballots(options, ballots).result(method)


def render_chart(result: PollResult, option_names: Mapping[int, str], film: str = "") -> bytes:
    """PNG chart of ``result`` for ``film`` (see ``bot.polls.voting.chart``; imports matplotlib
    on first use)."""
    from bot.polls.voting.chart import render_chart as render

    return render(result, option_names, film)


__all__ = [
    "MAX_OPTIONS",
    "MIN_OPTIONS",
    "Ballot",
    "Ballots",
    "BordaDetail",
    "Counts",
    "IrvDetail",
    "IrvRound",
    "Method",
    "PluralityDetail",
    "PollResult",
    "Profile",
    "RankedOption",
    "SchulzeDetail",
    "Tally",
    "TieBreak",
    "TieCriterion",
    "borda",
    "count",
    "explain",
    "format_number",
    "irv",
    "plurality",
    "render_chart",
    "schulze",
    "validate_options",
    "validate_ranking",
]
