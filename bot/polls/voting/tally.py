"""``Tally``: a poll's running count, updated one ballot at a time.

A tally keeps everything the methods need, so ``result()`` never revisits single ballots:

* the pairwise preference matrix ``d`` (Schulze),
* first-choice counts (plurality),
* doubled Borda points (Borda, and the tie rule of every method),
* the profile of distinct rankings with their counts (instant runoff).

``add`` costs O(k*n) for a ballot ranking k of n options; ``remove`` undoes an ``add`` exactly (use
it when a member replaces their ballot). A tally lives in memory only: the stored ballots are the
single source of truth, and ``recount`` rebuilds a tally from them; tallies compare equal when
their counts are equal.

This is the only mutable object in ``bot.polls.voting``; it is not thread-safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from types import MappingProxyType

from bot.polls.voting.aggregate import Counts, accumulate, encode_profile
from bot.polls.voting.ballots import Ballot, Ballots, checked_ranking, validate_options
from bot.polls.voting.methods import borda_result, irv_result, plurality_result, schulze_result
from bot.polls.voting.results import Method, PollResult

_RESULTS = {
    Method.SCHULZE: schulze_result,
    Method.BORDA: borda_result,
    Method.IRV: irv_result,
    Method.PLURALITY: plurality_result,
}


class Tally:
    """Aggregated ballots of one poll. Options are fixed at creation, in poll order."""

    __slots__ = ("_ballots", "_borda2", "_first", "_index", "_options", "_pairwise", "_profile")

    def __init__(self, options: Sequence[int]) -> None:
        self._options = validate_options(options)
        n = len(self._options)
        self._index = {option: i for i, option in enumerate(self._options)}
        self._ballots = 0
        self._pairwise = [[0] * n for _ in range(n)]
        self._first = [0] * n
        self._borda2 = [0] * n
        self._profile: dict[bytes, int] = {}

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def from_ballots(cls, options: Sequence[int], ballots: Ballots) -> Tally:
        """A tally of ``ballots`` (raw rankings or a profile), validating each."""
        tally = cls(options)
        for ranking, count in encode_profile(tally._options, ballots).items():
            tally._apply(ranking, count)
        return tally

    def recount(self, ballots: Iterable[Sequence[int]]) -> Tally:
        """A fresh tally of the same options built from raw ``ballots`` (to audit this one)."""
        return Tally.from_ballots(self._options, ballots)

    def copy(self) -> Tally:
        twin = Tally(self._options)
        twin._ballots = self._ballots
        twin._pairwise = [list(row) for row in self._pairwise]
        twin._first = list(self._first)
        twin._borda2 = list(self._borda2)
        twin._profile = dict(self._profile)
        return twin

    def add(self, ballot: Sequence[int]) -> Ballot:
        """Count one ballot (best first). Returns it validated; raises ``ValidationError``."""
        ranking = checked_ranking(ballot, self._index)
        self._apply(self._encode(ranking), 1)
        return ranking

    def remove(self, ballot: Sequence[int]) -> None:
        """Take back one ballot previously added (e.g. before adding its replacement).

        Raises ``ValueError`` if no such ballot is in the tally.
        """
        key = self._encode(checked_ranking(ballot, self._index))
        if not self._profile.get(key):
            raise ValueError(f"No ballot {tuple(ballot)!r} to remove from this tally.")
        self._apply(key, -1)

    def replace(self, old: Sequence[int], new: Sequence[int]) -> Ballot:
        """``remove(old)`` then ``add(new)``; validates ``new`` first so a bad ballot changes
        nothing."""
        ranking = checked_ranking(new, self._index)
        self.remove(old)
        self._apply(self._encode(ranking), 1)
        return ranking

    def _encode(self, ranking: Ballot) -> bytes:
        index = self._index
        return bytes([index[option] for option in ranking])

    def _apply(self, key: bytes, weight: int) -> None:
        accumulate(self._pairwise, self._first, self._borda2, key, weight)
        count = self._profile.get(key, 0) + weight
        if count:
            self._profile[key] = count
        else:
            del self._profile[key]
        self._ballots += weight

    # -- reading ----------------------------------------------------------------------------

    @property
    def options(self) -> tuple[int, ...]:
        return self._options

    @property
    def ballot_count(self) -> int:
        return self._ballots

    @property
    def profile(self) -> dict[Ballot, int]:
        """Distinct rankings (option ids, best first) and how many ballots carry each."""
        options = self._options
        return {tuple(options[i] for i in key): n for key, n in self._profile.items()}

    @property
    def pairwise(self) -> tuple[tuple[int, ...], ...]:
        """``d[i][j]`` by position in ``options``: ballots preferring option i to option j."""
        return tuple(tuple(row) for row in self._pairwise)

    @property
    def first_choices(self) -> dict[int, int]:
        return dict(zip(self._options, self._first, strict=True))

    @property
    def borda_points(self) -> dict[int, Fraction]:
        return {o: Fraction(p, 2) for o, p in zip(self._options, self._borda2, strict=True)}

    def counts(self) -> Counts:
        """A snapshot for the method functions. The profile is a read-only *view*: take the
        result before changing the tally again."""
        return Counts(
            options=self._options,
            ballot_count=self._ballots,
            pairwise=self.pairwise,
            first_choices=tuple(self._first),
            borda2=tuple(self._borda2),
            profile=MappingProxyType(self._profile),
        )

    def result(self, method: Method | str) -> PollResult:
        """Count the poll by ``method`` (a ``Method`` or its value, e.g. ``"schulze"``)."""
        try:
            compute = _RESULTS[Method(method)]
        except ValueError:
            known = ", ".join(m.value for m in Method)
            raise ValueError(f"Unknown voting method {method!r} (known: {known}).") from None
        return compute(self.counts())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tally):
            return NotImplemented
        return (
            self._options == other._options
            and self._ballots == other._ballots
            and self._first == other._first
            and self._borda2 == other._borda2
            and self._pairwise == other._pairwise
            and self._profile == other._profile
        )

    def __repr__(self) -> str:
        return f"Tally(options={self._options!r}, ballots={self._ballots})"
