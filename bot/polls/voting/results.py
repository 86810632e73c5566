"""What a count returns: a frozen ``PollResult`` with the ranking, the winners, every tie that the
tie rule had to break, and method-specific detail for explanations and charts.

Conventions shared by all methods:

* ``ranking`` lists every option exactly once, best first; ``position`` runs 1..n with no gaps.
  Options the method itself could not separate are still given distinct positions (by the tie rule
  in ``bot.polls.voting.ties``) and carry ``tied=True``; each such tie is described in ``ties``.
* ``winners`` holds every option the method placed first before tie-breaking (more than one means
  a tie for first); ``winners[0]`` is always ``ranking[0]``. With no ballots it is empty.
* ``score`` is exact (``Fraction``): Schulze - options beaten; Borda - points; instant-runoff -
  votes in the last round the option was still running; plurality - first choices. It never rises
  as the rank falls; ``bot.polls.voting.figures`` names it for members.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import TypeAlias


class Method(StrEnum):
    SCHULZE = "schulze"
    BORDA = "borda"
    IRV = "irv"
    PLURALITY = "plurality"

    @property
    def label(self) -> str:
        """A human name for the method, e.g. for an embed title."""
        return _LABELS[self]


# The one table of method names members read (poll messages, results, charts, command choices).
_LABELS = {
    Method.SCHULZE: "Schulze",
    Method.BORDA: "Borda count",
    Method.IRV: "Instant runoff",
    Method.PLURALITY: "Plurality",
}


def format_number(value: Fraction | int) -> str:
    """``12`` for whole numbers, otherwise at most two decimals: ``12.5``, ``3.33``."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def default_name(option_id: int) -> str:
    return f"option {option_id}"


class TieCriterion(StrEnum):
    """Which step of the tie rule separated the tied options."""

    BORDA = "Borda points"
    ORDER = "poll order"
    BORDA_THEN_ORDER = "Borda points, then poll order"


@dataclass(frozen=True, slots=True)
class TieBreak:
    """One tie the method could not break by itself, and how the tie rule broke it.

    ``options`` are the tied option ids in the order the rule put them, best first (so for an
    instant-runoff elimination ``options[-1]`` is the option that was eliminated), with their
    Borda points alongside. ``tied_on`` says what they were level on, e.g. ``"12 first choices"``.
    ``round`` is set for instant-runoff eliminations only.
    """

    options: tuple[int, ...]
    borda_points: tuple[Fraction, ...]
    by: TieCriterion
    tied_on: str
    round: int | None = None

    @property
    def eliminated(self) -> int | None:
        return self.options[-1] if self.round is not None else None

    def describe(self, name: Callable[[int], str] = default_name) -> str:
        """One sentence, e.g. ``"Round 2: A and B tied for fewest votes (10); B was eliminated
        (fewer Borda points: 30 vs 35)."``"""
        names = [name(option) for option in self.options]
        listed = _join(names)
        if self.round is not None:
            return (
                f"Round {self.round}: {listed} tied for fewest votes ({self.tied_on}); "
                f"{names[-1]} was eliminated ({self._reason(eliminated=True)})."
            )
        order = f"{names[0]} first" if len(names) == 2 else "them in the order " + ", ".join(names)
        return f"{listed} tied on {self.tied_on}; {self._reason(eliminated=False)} put {order}."

    def _reason(self, *, eliminated: bool) -> str:
        points = [format_number(p) for p in self.borda_points]
        if eliminated:
            others = ", ".join(points[:-1])
            if self.by is TieCriterion.BORDA:
                return f"fewest Borda points: {points[-1]} against {others}"
            if self.by is TieCriterion.ORDER:
                return f"equal Borda points, {points[-1]} each; it comes last in the poll order"
            return f"it shares the fewest Borda points ({points[-1]}) and comes later in poll order"
        listed = " vs ".join(points)
        if self.by is TieCriterion.BORDA:
            return f"Borda points ({listed})"
        if self.by is TieCriterion.ORDER:
            return "poll order"
        return f"Borda points ({listed}), then poll order,"


def _join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True, slots=True)
class RankedOption:
    option_id: int
    position: int
    score: Fraction
    tied: bool

    @property
    def score_text(self) -> str:
        return format_number(self.score)


@dataclass(frozen=True, slots=True)
class SchulzeDetail:
    """Matrices indexed by position in ``options`` (the poll's option order).

    ``pairwise[i][j]`` is d[i][j], the number of ballots strictly preferring option i to option j;
    ``strongest[i][j]`` is p[i][j], the strength of the strongest path from i to j (0 if none).
    """

    options: tuple[int, ...]
    pairwise: tuple[tuple[int, ...], ...]
    strongest: tuple[tuple[int, ...], ...]

    def d(self, a: int, b: int) -> int:
        """Ballots preferring option id ``a`` to option id ``b``."""
        return self.pairwise[self.options.index(a)][self.options.index(b)]

    def p(self, a: int, b: int) -> int:
        """Strength of the strongest path from option id ``a`` to option id ``b``."""
        return self.strongest[self.options.index(a)][self.options.index(b)]


@dataclass(frozen=True, slots=True)
class IrvRound:
    """One instant-runoff round: votes of each still-running option (in poll order), ballots
    exhausted before this round, the option eliminated at its end, and whether some option held a
    majority of the continuing (non-exhausted) ballots."""

    number: int
    counts: Mapping[int, int]
    exhausted: int
    eliminated: int
    majority: bool

    @property
    def continuing(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class IrvDetail:
    """All rounds (one elimination each, n-1 rounds for n options; none without ballots) and the
    first round in which the eventual winner held a majority (``None`` if it never did before the
    last two, i.e. the final round was a tie)."""

    rounds: tuple[IrvRound, ...]
    majority_round: int | None


@dataclass(frozen=True, slots=True)
class BordaDetail:
    points: Mapping[int, Fraction]


@dataclass(frozen=True, slots=True)
class PluralityDetail:
    first_choices: Mapping[int, int]


Detail: TypeAlias = SchulzeDetail | IrvDetail | BordaDetail | PluralityDetail


@dataclass(frozen=True, slots=True)
class PollResult:
    method: Method
    options: tuple[int, ...]
    ballot_count: int
    ranking: tuple[RankedOption, ...]
    winners: tuple[int, ...]
    ties: tuple[TieBreak, ...]
    detail: Detail

    @property
    def winner(self) -> int | None:
        """The single winner after tie-breaking, or ``None`` when there are no ballots."""
        return self.winners[0] if self.winners else None

    @property
    def order(self) -> tuple[int, ...]:
        """Option ids best first."""
        return tuple(entry.option_id for entry in self.ranking)

    @property
    def tie_notes(self) -> tuple[str, ...]:
        """One sentence per tie that was broken, naming options as ``option <id>``."""
        return tuple(tie.describe() for tie in self.ties)

    def tie_notes_named(self, option_names: Mapping[int, str]) -> tuple[str, ...]:
        """``tie_notes`` with option names (ids missing from the mapping appear as ``#id``)."""
        return tuple(tie.describe(lambda o: option_names.get(o, f"#{o}")) for tie in self.ties)

    def entry(self, option_id: int) -> RankedOption:
        for entry in self.ranking:
            if entry.option_id == option_id:
                return entry
        raise KeyError(option_id)
