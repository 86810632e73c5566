"""Plurality: only first choices count.

Options are ranked by the number of ballots that put them first. Options with equal first choices
are ordered by the tie rule of ``bot.polls.voting.ties`` (Borda points, then poll order), and each
such
tie is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from types import MappingProxyType

from bot.polls.voting.aggregate import Counts, aggregate_ballots
from bot.polls.voting.ballots import Ballots
from bot.polls.voting.methods.common import plural, rank_by_score
from bot.polls.voting.results import Method, PluralityDetail, PollResult


def plurality_result(counts: Counts) -> PollResult:
    detail = PluralityDetail(
        MappingProxyType(dict(zip(counts.options, counts.first_choices, strict=True)))
    )
    scores = [Fraction(value) for value in counts.first_choices]
    return rank_by_score(
        Method.PLURALITY, counts, scores, detail, lambda s: plural(s, "first choice")
    )


def plurality(options: Sequence[int], ballots: Ballots) -> PollResult:
    """First-choice count of ``ballots`` (raw rankings or a profile) over ``options``."""
    return plurality_result(aggregate_ballots(options, ballots))
