"""``Tally``: a poll's running count, updated one ballot at a time.

A tally keeps everything the methods need, so ``result()`` never revisits single ballots:

* the pairwise preference matrix ``d`` (Schulze),
* first-choice counts (plurality),
* doubled Borda points (Borda, and the tie rule of every method),
* the profile of distinct rankings with their counts (instant runoff).

``add`` costs O(k*n) for a ballot ranking k of n options; ``remove`` undoes an ``add`` exactly (use
it when a member replaces their ballot). ``to_state``/``from_state`` round-trip the tally through
JSON so it can be stored next to the ballots in the same transaction; ``recount`` rebuilds a tally
from raw ballots, and tallies compare equal when their counts are equal.

This is the only mutable object in ``bot.polls.voting``; it is not thread-safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from bot.errors import StorageError, ValidationError
from bot.polls.voting.aggregate import Counts, accumulate, encode_profile
from bot.polls.voting.ballots import Ballot, Ballots, checked_ranking, validate_options
from bot.polls.voting.methods import borda_result, irv_result, plurality_result, schulze_result
from bot.polls.voting.results import Method, PollResult

STATE_VERSION = 1

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

    # -- persistence ------------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        """A JSON-serialisable snapshot (``json.dumps`` works on it as is).

        The profile is stored as ``{"3,1,2": 5, ...}`` (option ids joined by commas, best first);
        the aggregates are stored too so that loading is O(n^2 + rankings), not a recount.
        """
        options = self._options
        texts = [str(option) for option in options]
        return {
            "version": STATE_VERSION,
            "options": list(options),
            "ballots": self._ballots,
            "pairwise": [list(row) for row in self._pairwise],
            "first_choices": list(self._first),
            "borda2": list(self._borda2),
            "profile": {",".join([texts[i] for i in key]): n for key, n in self._profile.items()},
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any], *, verify: bool = False) -> Tally:
        """Rebuild a tally from ``to_state()`` output. Raises ``StorageError`` if it is malformed.

        Shapes, totals and first choices are always checked against the profile; with
        ``verify=True`` the pairwise matrix and Borda points are recomputed and compared too.
        """
        try:
            tally = cls._load(state)
        except (KeyError, TypeError, ValueError, IndexError, ValidationError) as error:
            raise StorageError(f"The stored poll tally is damaged ({error}).") from error
        if verify and tally != Tally.from_ballots(tally._options, tally.profile):
            raise StorageError("The stored poll tally does not match its ballots.")
        return tally

    @classmethod
    def _load(cls, state: Mapping[str, Any]) -> Tally:
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unsupported version {state.get('version')!r}")
        tally = cls([_integer(option) for option in state["options"]])
        n = len(tally._options)
        pairwise = [[_integer(value) for value in row] for row in state["pairwise"]]
        first = [_integer(value) for value in state["first_choices"]]
        borda2 = [_integer(value) for value in state["borda2"]]
        if len(pairwise) != n or any(len(row) != n for row in pairwise):
            raise ValueError("pairwise matrix has the wrong shape")
        if len(first) != n or len(borda2) != n:
            raise ValueError("per-option counts have the wrong length")
        profile: dict[bytes, int] = {}
        expected_first = [0] * n
        index = tally._index
        for text, count in dict(state["profile"]).items():
            # KeyError for an unknown option, ValueError for text that is not a number.
            key = bytes([index[int(part)] for part in str(text).split(",")])
            if _integer(count) <= 0 or key in profile or len(set(key)) != len(key):
                raise ValueError(f"bad profile entry {text!r}")
            profile[key] = count
            expected_first[key[0]] += count
        ballots = _integer(state["ballots"])
        if ballots != sum(profile.values()) or first != expected_first:
            raise ValueError("counts do not match the profile")
        tally._ballots = ballots
        tally._pairwise = pairwise
        tally._first = first
        tally._borda2 = borda2
        tally._profile = profile
        return tally


def _integer(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected a whole number, not {value!r}")
    return value
