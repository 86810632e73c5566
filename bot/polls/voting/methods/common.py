"""Pieces shared by the methods: the empty result and ranking by a score with the tie rule."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from bot.polls.voting.aggregate import Counts
from bot.polls.voting.results import (
    Detail,
    Method,
    PollResult,
    RankedOption,
    TieBreak,
    format_number,
)
from bot.polls.voting.ties import rule_order, tie_break


def empty_result(method: Method, counts: Counts, detail: Detail) -> PollResult:
    """No ballots: options in poll order, all tied on 0, no winner, no tie notes."""
    tied = len(counts.options) > 1
    return PollResult(
        method=method,
        options=counts.options,
        ballot_count=0,
        ranking=tuple(
            RankedOption(option, position, Fraction(0), tied)
            for position, option in enumerate(counts.options, start=1)
        ),
        winners=(),
        ties=(),
        detail=detail,
    )


def groups_of_equal(order: Sequence[int], key: Sequence[Fraction]) -> list[list[int]]:
    """Split ``order`` (indices) into runs of equal ``key``."""
    groups: list[list[int]] = []
    for index in order:
        if groups and key[groups[-1][0]] == key[index]:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def rank_by_score(
    method: Method,
    counts: Counts,
    scores: Sequence[Fraction],
    detail: Detail,
    tied_on: Callable[[Fraction], str],
    *,
    use_borda: bool = True,
) -> PollResult:
    """Rank by ``scores`` (higher first); equal scores are ordered by the tie rule."""
    if counts.ballot_count == 0:
        return empty_result(method, counts, detail)
    borda2 = counts.borda2 if use_borda else (0,) * len(counts.options)
    by_score = sorted(range(len(counts.options)), key=lambda i: -scores[i])
    ranking: list[RankedOption] = []
    ties: list[TieBreak] = []
    groups = [rule_order(group, borda2) for group in groups_of_equal(by_score, scores)]
    for group in groups:
        tied = len(group) > 1
        if tied:
            ties.append(
                tie_break(
                    counts.options,
                    group,
                    counts.borda2,
                    tied_on(scores[group[0]]),
                    use_borda=use_borda,
                )
            )
        for index in group:
            ranking.append(
                RankedOption(counts.options[index], len(ranking) + 1, scores[index], tied)
            )
    return PollResult(
        method=method,
        options=counts.options,
        ballot_count=counts.ballot_count,
        ranking=tuple(ranking),
        winners=tuple(counts.options[index] for index in groups[0]),
        ties=tuple(ties),
        detail=detail,
    )


def plural(count: int | Fraction, word: str) -> str:
    """``"1 vote"``, ``"2 votes"``, ``"2.5 points"``."""
    return f"{format_number(count)} {word}{'' if count == 1 else 's'}"
