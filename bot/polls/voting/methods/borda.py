"""Borda count.

With ``n`` options, a ballot gives ``n-1`` points to its first choice, ``n-2`` to its second, and so
on down the options it ranks. A ballot that ranks only ``k`` options leaves ``n-k`` unranked; they
share the points the ballot did not hand out (``0 + 1 + ... + (n-k-1)``) equally, so each gets
``(n-k-1)/2``. Every ballot therefore hands out the same total, ``n(n-1)/2`` points, whatever its
length, and points are exact multiples of one half (kept as doubled integers while counting and
reported as ``Fraction``).

Options are ranked by points, most first. Equal points are ordered by poll order (the tie rule of
``bot.polls.voting.ties``; its Borda step cannot separate them), and each such tie is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from types import MappingProxyType

from bot.polls.voting.aggregate import Counts, aggregate_ballots
from bot.polls.voting.ballots import Ballots
from bot.polls.voting.methods.common import plural, rank_by_score
from bot.polls.voting.results import BordaDetail, Method, PollResult


def borda_result(counts: Counts) -> PollResult:
    points = [Fraction(value, 2) for value in counts.borda2]
    detail = BordaDetail(MappingProxyType(dict(zip(counts.options, points, strict=True))))
    return rank_by_score(
        Method.BORDA, counts, points, detail, lambda p: plural(p, "point"), use_borda=False
    )


def borda(options: Sequence[int], ballots: Ballots) -> PollResult:
    """Borda count of ``ballots`` (raw rankings or a profile) over ``options`` (poll order)."""
    return borda_result(aggregate_ballots(options, ballots))
