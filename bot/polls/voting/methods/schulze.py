"""Schulze method (beatpath), after Markus Schulze, "A new monotonic, clone-independent, reversal
symmetric, and Condorcet-consistent single-winner election method" (Social Choice and Welfare,
2011).

1. ``d[i][j]`` is the number of ballots that strictly prefer option ``i`` to option ``j``. A ballot
   prefers every option it ranks to every option it leaves out, and has no preference between two
   options it leaves out.
2. A path ``i -> ... -> j`` follows pairwise wins (``d[x][y] > d[y][x]``); its strength is its
   weakest link, measured in winning votes ``d[x][y]``. ``p[i][j]`` is the strength of the
   strongest path (0 if there is none), found with a Floyd-Warshall style widest-path pass,
   O(n^3): about 15,000 steps for 25 options.
3. ``i`` beats ``j`` when ``p[i][j] > p[j][i]``. This relation is transitive, so when ``a`` beats
   ``b``, ``a`` also beats everything ``b`` beats, and more: ranking by the number of options each
   one beats (its *head-to-head wins*, counted on strongest paths) therefore never places an
   option above one that beats it, and the figure shown beside each scene falls as the rank
   falls. Options with equal wins never beat each other; they are a tie, ordered by the tie rule
   of ``bot.polls.voting.ties`` (Borda points, then poll order) and reported. The winners are the
   options with the most wins (none of them is beaten by anybody).

An option's score is the number of options it beats. A Condorcet winner (beating every other option
head to head) always has a path to everyone stronger than any path back, so it always wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from bot.polls.voting.aggregate import Counts, aggregate_ballots
from bot.polls.voting.ballots import Ballots
from bot.polls.voting.methods.common import empty_result, rank_by_score
from bot.polls.voting.results import Method, PollResult, SchulzeDetail

TIED_ON = "strongest paths (neither has a stronger path to the other)"


def strongest_paths(d: Sequence[Sequence[int]]) -> list[list[int]]:
    """``p[i][j]``: the strength of the strongest path from ``i`` to ``j`` (widest path)."""
    n = len(d)
    p = [[d[i][j] if i != j and d[i][j] > d[j][i] else 0 for j in range(n)] for i in range(n)]
    for i in range(n):
        row_i = p[i]
        for j in range(n):
            if j == i:
                continue
            row_j = p[j]
            via = row_j[i]
            if via == 0:
                continue
            for k in range(n):
                if k == j:
                    continue
                strength = row_i[k]
                if strength > via:
                    strength = via
                if strength > row_j[k]:
                    row_j[k] = strength
    return p


def schulze_result(counts: Counts) -> PollResult:
    d = counts.pairwise
    p = strongest_paths(d)
    n = len(counts.options)
    detail = SchulzeDetail(
        options=counts.options, pairwise=d, strongest=tuple(tuple(row) for row in p)
    )
    if counts.ballot_count == 0:
        return empty_result(Method.SCHULZE, counts, detail)
    beats = [[p[i][j] > p[j][i] for j in range(n)] for i in range(n)]
    scores = [Fraction(sum(row)) for row in beats]
    return rank_by_score(Method.SCHULZE, counts, scores, detail, lambda _: TIED_ON)


def schulze(options: Sequence[int], ballots: Ballots) -> PollResult:
    """Schulze ranking of ``ballots`` (raw rankings or a profile) over ``options`` (poll order)."""
    return schulze_result(aggregate_ballots(options, ballots))
