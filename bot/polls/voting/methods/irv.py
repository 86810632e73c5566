"""Instant runoff (IRV, also called the alternative vote or ranked-choice voting).

Each round, every ballot counts for its highest-ranked option still running. The running option
with the fewest votes is eliminated and its ballots move to their next running preference; a
ballot with no running preference left is *exhausted* and counts no further. If several options
share the fewest votes, the one that comes last under the tie rule of ``bot.polls.voting.ties``
(Borda
points, then poll order) is eliminated, and the tie is reported.

The winner is decided once an option holds a majority of the continuing (non-exhausted) ballots
(``IrvDetail.majority_round``), but elimination goes on until one option is left, so that every
option gets a place: the winner first, then the others in reverse order of elimination. (An
option holding a majority can never become the one with the fewest votes, so the last option
standing is always that majority winner.) An option's score is its vote in the last round it was
still running; ``winners`` has two options only when the final round was a tie.

The count works on the profile of distinct rankings, not on single ballots: rankings are packed
into one array and each round only the rankings held by the eliminated option are moved along
(with numpy), so 100,000 distinct rankings of 25 options are counted in a few tens of
milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from bot.polls.voting.aggregate import Counts, aggregate_ballots
from bot.polls.voting.ballots import Ballots
from bot.polls.voting.methods.common import empty_result, plural
from bot.polls.voting.results import IrvDetail, IrvRound, Method, PollResult, RankedOption, TieBreak
from bot.polls.voting.ties import rule_order, tie_break

_Ints = npt.NDArray[np.intp]


def _weighted_bincount(
    values: npt.NDArray[np.integer], weights: npt.NDArray[np.int64], n: int
) -> list[int]:
    if values.size == 0:
        return [0] * n
    # bincount sums weights as float64, which is exact for totals below 2**53 ballots.
    summed = np.bincount(values, weights=weights, minlength=n)
    return [int(value) for value in np.rint(summed).tolist()]


class _Transfers:
    """The packed profile: ``flat`` holds every distinct ranking back to back, ``end[r]`` is one
    past ranking ``r``'s last entry, ``pointer[r]`` the entry its ballots currently count for and
    ``holder[r]`` that option (-1 once exhausted)."""

    def __init__(self, profile: Sequence[bytes], weights: Sequence[int], n: int) -> None:
        self.n = n
        self.flat = np.frombuffer(b"".join(profile), dtype=np.uint8)
        lengths = np.fromiter(map(len, profile), dtype=np.intp, count=len(profile))
        self.weights = np.fromiter(weights, dtype=np.int64, count=len(weights))
        self.end: _Ints = np.cumsum(lengths)
        self.pointer: _Ints = self.end - lengths
        self.holder: _Ints = self.flat[self.pointer].astype(np.intp)
        self.running = np.ones(n, dtype=bool)

    def first_counts(self) -> list[int]:
        return _weighted_bincount(self.holder, self.weights, self.n)

    def eliminate(self, option: int) -> tuple[list[int], int]:
        """Move the ballots held by ``option`` on; return votes gained per option and ballots
        exhausted."""
        self.running[option] = False
        gained = [0] * self.n
        exhausted = 0
        moving: _Ints = np.flatnonzero(self.holder == option)
        while moving.size:
            nxt = self.pointer[moving] + 1
            inside = nxt < self.end[moving]
            if not inside.all():
                done = moving[~inside]
                exhausted += int(self.weights[done].sum())
                self.holder[done] = -1
                moving = moving[inside]
                nxt = nxt[inside]
            self.pointer[moving] = nxt
            candidates = self.flat[nxt]
            live = self.running[candidates]
            if live.any():
                arrived = moving[live]
                targets = candidates[live]
                self.holder[arrived] = targets
                for i, votes in enumerate(
                    _weighted_bincount(targets, self.weights[arrived], self.n)
                ):
                    gained[i] += votes
            moving = moving[~live]
        return gained, exhausted


def irv_result(counts: Counts) -> PollResult:
    options = counts.options
    n = len(options)
    if counts.ballot_count == 0:
        return empty_result(Method.IRV, counts, IrvDetail(rounds=(), majority_round=None))
    transfers = _Transfers(list(counts.profile.keys()), list(counts.profile.values()), n)
    votes = transfers.first_counts()
    running = list(range(n))
    exhausted = 0
    rounds: list[IrvRound] = []
    ties: list[TieBreak] = []
    tied = [False] * n
    score = [0] * n
    eliminated: list[int] = []
    majority_round: int | None = None
    final_tie = False
    for number in range(1, n):
        continuing = sum(votes[i] for i in running)
        majority = 2 * max(votes[i] for i in running) > continuing
        if majority and majority_round is None:
            majority_round = number
        fewest = min(votes[i] for i in running)
        group = rule_order([i for i in running if votes[i] == fewest], counts.borda2)
        out = group[-1]
        if len(group) > 1:
            ties.append(
                tie_break(
                    options, group, counts.borda2, plural(fewest, "vote"), round_number=number
                )
            )
            for i in group:
                tied[i] = True
            final_tie = len(running) == 2
        rounds.append(
            IrvRound(
                number=number,
                counts=MappingProxyType({options[i]: votes[i] for i in running}),
                exhausted=exhausted,
                eliminated=options[out],
                majority=majority,
            )
        )
        for i in running:
            score[i] = votes[i]
        eliminated.append(out)
        running.remove(out)
        gained, lost = transfers.eliminate(out)
        exhausted += lost
        votes = [v + g for v, g in zip(votes, gained, strict=True)]
        votes[out] = 0
    winner = running[0]
    order = [winner, *reversed(eliminated)]
    ranking = tuple(
        RankedOption(options[i], position, Fraction(score[i]), tied[i])
        for position, i in enumerate(order, start=1)
    )
    winners = (options[winner], options[eliminated[-1]]) if final_tie else (options[winner],)
    return PollResult(
        method=Method.IRV,
        options=options,
        ballot_count=counts.ballot_count,
        ranking=ranking,
        winners=winners,
        ties=tuple(ties),
        detail=IrvDetail(rounds=tuple(rounds), majority_round=majority_round),
    )


def irv(options: Sequence[int], ballots: Ballots) -> PollResult:
    """Instant-runoff ranking of ``ballots`` (raw rankings or a profile) over ``options``."""
    return irv_result(aggregate_ballots(options, ballots))
