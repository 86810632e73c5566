"""One paragraph on how a result was counted, for a Discord embed field.

The text aims at ``TARGET`` characters and never exceeds ``LIMIT`` (Discord's field limit is
1024): long names are shortened, lists stop with "…" when the budget runs out, and optional
sentences are left out when they do not fit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeAlias

from bot.polls.voting.figures import counted
from bot.polls.voting.results import (
    BordaDetail,
    IrvDetail,
    Method,
    PluralityDetail,
    PollResult,
    SchulzeDetail,
    format_number,
)

_Namer: TypeAlias = Callable[[int], str]

TARGET = 900
LIMIT = 1024
NAME_LIMIT = 40
TIE_NOTE_LIMIT = 320


def short_name(option_names: Mapping[int, str], option_id: int, limit: int = NAME_LIMIT) -> str:
    """The option's name on one line, at most ``limit`` characters (``#id`` if it has none)."""
    name = " ".join(str(option_names.get(option_id, "")).split()) or f"#{option_id}"
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _listing(items: Sequence[str], budget: int) -> str:
    """``items`` joined by commas, stopping with "…" before exceeding ``budget`` characters."""
    text = ""
    for count, item in enumerate(items):
        candidate = f"{text}, {item}" if text else item
        rest = len(items) - count - 1
        if len(candidate) + (len(", …") if rest else 0) > budget:
            return f"{text}, …" if text else "…"
        text = candidate
    return text


def _ballots(count: int) -> str:
    return f"{count} ballot{'' if count == 1 else 's'}"


class _Paragraph:
    """Sentences added in order of importance; optional ones only while they fit."""

    def __init__(self, reserve: int = 0) -> None:
        self.parts: list[str] = []
        self.reserve = reserve

    @property
    def length(self) -> int:
        return len(" ".join(self.parts))

    def room(self) -> int:
        return TARGET - self.reserve - self.length - 1

    def add(self, sentence: str, *, optional: bool = False) -> None:
        if optional and len(sentence) > self.room():
            return
        self.parts.append(sentence)

    def text(self) -> str:
        text = " ".join(self.parts)
        if len(text) > LIMIT:
            text = text[: LIMIT - 1].rstrip() + "…"
        return text


def explain(result: PollResult, option_names: Mapping[int, str], *, ties: bool = True) -> str:
    """How ``result`` was counted, in one paragraph of at most 1024 (usually under 900) chars.

    ``ties=False`` leaves out how ties were broken, for a caller that shows ``tie_notes`` on their
    own (so a tie is described once, not twice)."""

    def name(option_id: int) -> str:
        return short_name(option_names, option_id)

    tie_text = _tie_sentences(result, name) if ties else []
    paragraph = _Paragraph(reserve=len(" ".join(tie_text)) + 1 if tie_text else 0)
    if result.ballot_count == 0:
        paragraph.add(
            f"No ballots have been cast yet, so there is no {result.method.label} result; "
            "the scenes are listed in poll order."
        )
        return paragraph.text()
    detail = result.detail
    if isinstance(detail, SchulzeDetail):
        _explain_schulze(paragraph, result, detail, name)
    elif isinstance(detail, IrvDetail):
        _explain_irv(paragraph, result, detail, name)
    elif isinstance(detail, BordaDetail):
        _explain_borda(paragraph, result, detail, name)
    else:
        _explain_plurality(paragraph, result, detail, name)
    paragraph.reserve = 0
    for sentence in tie_text:
        paragraph.add(sentence)
    return paragraph.text()


def _explain_schulze(
    paragraph: _Paragraph, result: PollResult, detail: SchulzeDetail, name: _Namer
) -> None:
    paragraph.add(
        f"Counted by the Schulze method over {_ballots(result.ballot_count)}: every pair of scenes "
        "was compared head to head (a ranked scene beats any scene left unranked)."
    )
    d, p = detail.pairwise, detail.strongest
    index = {option: i for i, option in enumerate(detail.options)}
    w = index[result.ranking[0].option_id]
    others = [i for i in range(len(detail.options)) if i != w]
    winner = name(detail.options[w])
    if all(d[w][j] > d[j][w] for j in others):
        closest = min(others, key=lambda j: (d[w][j] - d[j][w], d[w][j]))
        paragraph.add(
            f"{winner} beat every other scene head to head; its closest contest was against "
            f"{name(detail.options[closest])}, {d[w][closest]} to {d[closest][w]}."
        )
    else:
        losses = [j for j in others if d[j][w] > d[w][j]]
        draws = [j for j in others if d[j][w] == d[w][j]]
        if losses:
            j = max(losses, key=lambda i: d[i][w] - d[w][i])
            setback = f"{name(detail.options[j])} beat {winner} {d[j][w]} to {d[w][j]}"
        else:
            j = draws[0]
            setback = f"{winner} and {name(detail.options[j])} drew {d[w][j]} to {d[j][w]}"
        other = detail.options[j]
        if len(result.winners) > 1:
            wins = counted(result.ranking[0].score, "head-to-head win")
            outcome = (
                f"{winner} and {name(result.winners[1])} have {wins} each "
                "and neither has a stronger chain of wins over the other"
            )
        elif p[w][j] > p[j][w]:
            outcome = (
                f"the strongest chains of wins decided: {winner}'s strongest chain to "
                f"{name(other)} has strength {p[w][j]}, against {p[j][w]} back"
            )
        else:
            outcome = (
                f"neither {winner} nor {name(other)} has a stronger chain of wins over the other "
                f"({p[w][j]} each way), and {winner} has more head-to-head wins "
                f"({result.ranking[0].score_text} against {result.entry(other).score_text})"
            )
        paragraph.add(f"No scene won every contest ({setback}), so {outcome}.")
    paragraph.add(
        "A scene's head-to-head wins count the scenes it beats, directly or through a stronger "
        "chain of wins.",
        optional=True,
    )
    if len(result.ranking) > 1:
        second = result.ranking[1]
        paragraph.add(
            f"{name(second.option_id)} came second with "
            f"{counted(second.score, 'head-to-head win')}.",
            optional=True,
        )
    _order_sentence(paragraph, result, name)


def _explain_irv(
    paragraph: _Paragraph, result: PollResult, detail: IrvDetail, name: _Namer
) -> None:
    rounds = detail.rounds
    paragraph.add(
        f"Counted by instant runoff over {_ballots(result.ballot_count)}: each round the scene "
        "with the fewest votes was eliminated and its ballots moved to their next choice."
    )
    first = rounds[0].counts
    by_votes = sorted(first, key=lambda o: -first[o])
    paragraph.add(
        "First choices: "
        + _listing([f"{name(o)} {first[o]}" for o in by_votes], min(260, paragraph.room() - 16))
        + "."
    )
    winner = result.ranking[0].option_id
    last = rounds[-1]
    if detail.majority_round is not None:
        majority = rounds[detail.majority_round - 1]
        more = len(rounds) - majority.number
        placing = (
            ""
            if more == 0
            else f"; {more} more round{'' if more == 1 else 's'} placed the other scenes"
        )
        paragraph.add(
            f"{name(winner)} won a majority in round {majority.number} of {len(rounds)} with "
            f"{majority.counts[winner]} of {majority.continuing} continuing votes{placing}."
        )
    else:
        runner_up = last.eliminated
        votes = last.counts[winner]
        paragraph.add(
            f"{name(winner)} and {name(runner_up)} finished level at {votes} "
            f"vote{'' if votes == 1 else 's'} each in the final round."
        )
    exhausted = last.exhausted
    if exhausted:
        paragraph.add(
            f"{_ballots(exhausted)} ran out of ranked scenes before the end.", optional=True
        )
    eliminations = [f"{name(r.eliminated)} ({r.counts[r.eliminated]})" for r in rounds]
    room = paragraph.room() - len("Eliminated in turn: .")
    if room > 40:
        paragraph.add(f"Eliminated in turn: {_listing(eliminations, room)}.")


def _explain_borda(
    paragraph: _Paragraph, result: PollResult, detail: BordaDetail, name: _Namer
) -> None:
    n = len(result.options)
    paragraph.add(
        f"Counted by Borda count over {_ballots(result.ballot_count)}: a first choice earns "
        f"{n - 1} point{'' if n == 2 else 's'}, a second {n - 2}, and so on; scenes a ballot "
        "leaves unranked share its remaining points equally."
    )
    items = [
        f"{name(e.option_id)} {format_number(detail.points[e.option_id])}" for e in result.ranking
    ]
    paragraph.add(f"Points: {_listing(items, paragraph.room() - 20)}.")


def _explain_plurality(
    paragraph: _Paragraph, result: PollResult, detail: PluralityDetail, name: _Namer
) -> None:
    paragraph.add(
        f"Counted by first choices only over {_ballots(result.ballot_count)}: each ballot counts "
        "once, for the scene it ranked first."
    )
    items = [f"{name(e.option_id)} {detail.first_choices[e.option_id]}" for e in result.ranking]
    paragraph.add(f"First choices: {_listing(items, paragraph.room() - 20)}.")


def _order_sentence(paragraph: _Paragraph, result: PollResult, name: _Namer) -> None:
    if len(result.ranking) <= 2:
        return
    names = [name(entry.option_id) for entry in result.ranking]
    room = paragraph.room() - len("Final order: .")
    if room > 40:
        paragraph.add(f"Final order: {_listing(names, room)}.")


def _tie_sentences(result: PollResult, name: _Namer) -> list[str]:
    """What to say about ties: the single tie in full, or who shared first place and how many
    other ties there were."""
    ties = result.ties
    if not ties:
        return []
    if len(ties) == 1:
        note = ties[0].describe(name)
        if len(note) <= TIE_NOTE_LIMIT:
            return [note]
    sentences = []
    shared = set(result.winners)
    top = next(
        (tie for tie in reversed(ties) if len(shared) > 1 and shared <= set(tie.options)), None
    )
    if top is not None:
        others = [name(option) for option in result.winners[1:4]]
        if len(result.winners) > 4:
            others.append(f"{len(result.winners) - 4} more")
        sentences.append(
            f"{name(result.winners[0])} shared first place with {_join(others)} and goes first "
            f"on {top.by.value}."
        )
    rest = len(ties) - (top is not None)
    if rest:
        rule = "poll order" if result.method is Method.BORDA else "Borda points, then poll order"
        sentences.append(
            f"{rest} {'other ' if top is not None else ''}tie{'s' if rest > 1 else ''} "
            f"{'were' if rest > 1 else 'was'} broken by {rule}."
        )
    return sentences


def _join(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
