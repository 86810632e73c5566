"""Aggregated counts from which every method computes its result without touching single ballots.

Inside the counting core an option is referred to by its *index*: its position in the caller's
option order. A ranking is stored as ``bytes`` of indices (at most 25 options, so one byte each),
which is compact, hashable and lets instant runoff process the whole profile with array operations.

For ``n`` options, one ballot ranking ``k`` of them contributes:

* pairwise: +1 to ``d[i][j]`` for each ranked ``i`` above each later-ranked or unranked ``j``
  (unranked options are tied below all ranked ones, so they gain nothing against each other);
* first choices: +1 to its first option;
* doubled Borda points: ``2*(n-1-p)`` to the option at position ``p`` (0-based) and ``n-k-1``
  to each unranked option. (The ``n-k`` unranked options share the remaining
  ``0+1+...+(n-k-1)`` points equally, i.e. ``(n-k-1)/2`` each; doubling keeps them integers.)
"""

from __future__ import annotations

from collections.abc import Mapping, MutableSequence, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from bot.polls.voting.ballots import Ballots, to_profile, validate_options


@dataclass(frozen=True, slots=True)
class Counts:
    """A read-only snapshot of a poll's aggregated counts (indices are poll-order positions)."""

    options: tuple[int, ...]
    ballot_count: int
    pairwise: tuple[tuple[int, ...], ...]
    first_choices: tuple[int, ...]
    borda2: tuple[int, ...]
    profile: Mapping[bytes, int]


def accumulate(
    pairwise: Sequence[MutableSequence[int]],
    first_choices: MutableSequence[int],
    borda2: MutableSequence[int],
    ranking: bytes,
    weight: int,
) -> None:
    """Add ``weight`` ballots (negative to remove) carrying ``ranking`` (indices) to the arrays."""
    n = len(first_choices)
    k = len(ranking)
    first_choices[ranking[0]] += weight
    ranked = set(ranking)
    unranked = [j for j in range(n) if j not in ranked]
    share = (n - k - 1) * weight
    for j in unranked:
        borda2[j] += share
    top = 2 * (n - 1)
    for position, i in enumerate(ranking):
        borda2[i] += (top - 2 * position) * weight
        row = pairwise[i]
        for j in ranking[position + 1 :]:
            row[j] += weight
        for j in unranked:
            row[j] += weight


def counts_from_profile(options: tuple[int, ...], profile: Mapping[bytes, int]) -> Counts:
    """Aggregate an index-bytes profile (already validated) into ``Counts``."""
    n = len(options)
    pairwise = [[0] * n for _ in range(n)]
    first = [0] * n
    borda2 = [0] * n
    total = 0
    for ranking, count in profile.items():
        accumulate(pairwise, first, borda2, ranking, count)
        total += count
    return Counts(
        options=options,
        ballot_count=total,
        pairwise=tuple(tuple(row) for row in pairwise),
        first_choices=tuple(first),
        borda2=tuple(borda2),
        profile=MappingProxyType(dict(profile)),
    )


def encode_profile(options: tuple[int, ...], ballots: Ballots) -> dict[bytes, int]:
    """Validate ``ballots`` against ``options`` and return them as an index-bytes profile."""
    index = {option: i for i, option in enumerate(options)}
    return {
        bytes(index[option] for option in ranking): count
        for ranking, count in to_profile(ballots, options).items()
    }


def aggregate_ballots(options: Sequence[int], ballots: Ballots) -> Counts:
    """Validate options and ballots (raw or a profile) and aggregate them."""
    checked = validate_options(options)
    return counts_from_profile(checked, encode_profile(checked, ballots))
