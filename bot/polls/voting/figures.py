"""The figure each method ranks by, named, for results rows, the community ranking and charts.

Every method's figure falls (never rises) as the rank falls, so a row reads like the ranking:

* Schulze - head-to-head wins: the scenes it beats (directly or through a stronger chain of
  wins, Schulze's strongest paths); ``"4 head-to-head wins"``;
* Borda - points; ``"12.5 points"``;
* instant runoff - votes in the final round, or in the round the scene went out;
  ``"9 votes in the final round"``, ``"3 votes, out in round 2"``;
* plurality - first choices; ``"5 first choices"``.

With no ballots there is no figure (an empty string).
"""

from __future__ import annotations

from fractions import Fraction

from bot.polls.voting.results import IrvDetail, Method, PollResult, format_number

_UNITS = {
    Method.SCHULZE: "head-to-head win",
    Method.BORDA: "point",
    Method.IRV: "vote",
    Method.PLURALITY: "first choice",
}
AXIS_LABELS = {
    Method.SCHULZE: "head-to-head wins (scenes beaten, directly or through a chain of wins)",
    Method.BORDA: "Borda points",
    Method.IRV: "votes in the final round, or in the round the scene went out",
    Method.PLURALITY: "first choices",
}


def counted(value: Fraction | int, unit: str) -> str:
    """``"1 point"``, ``"2 points"``, ``"2.5 points"``, ``"1 first choice"``."""
    return f"{format_number(value)} {unit}{'' if value == 1 else 's'}"


def figure(result: PollResult, option_id: int) -> str:
    """The named figure ``option_id`` is ranked by in ``result`` ("" without ballots)."""
    if result.ballot_count == 0:
        return ""
    entry = result.entry(option_id)
    text = counted(entry.score, _UNITS[result.method])
    detail = result.detail
    if isinstance(detail, IrvDetail) and detail.rounds:
        final = detail.rounds[-1]
        if option_id in final.counts:
            return f"{text} in the final round"
        out = next(r.number for r in detail.rounds if r.eliminated == option_id)
        return f"{text}, out in round {out}"
    return text


def tied(result: PollResult, option_id: int) -> bool:
    """Whether ``option_id``'s row should say "(tied)": the tie rule had to place it, and its
    figure equals a neighbour's. (An instant-runoff scene that survived a tied elimination and
    then gained votes is no longer level with anyone; the tie is told in the result's ties.)"""
    ranking = result.ranking
    index = next(i for i, entry in enumerate(ranking) if entry.option_id == option_id)
    entry = ranking[index]
    neighbours = ranking[max(index - 1, 0) : index] + ranking[index + 1 : index + 2]
    return entry.tied and any(other.score == entry.score for other in neighbours)


def row_figure(result: PollResult, option_id: int) -> str:
    """``figure`` followed by " (tied)" where ``tied`` says so."""
    text = figure(result, option_id)
    return f"{text} (tied)" if text and tied(result, option_id) else text


def axis_label(method: Method) -> str:
    """What a chart's bars measure under ``method``."""
    return AXIS_LABELS[method]
