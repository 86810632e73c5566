"""Ballots for scene-ranking polls, and the checks every ballot passes before it is counted.

A poll has between ``MIN_OPTIONS`` and ``MAX_OPTIONS`` options, identified by integer ids (scene
ids). The caller lists them in a meaningful order (for the bot: the film's editorial scene order);
that order is the last tiebreaker of every method (see ``bot.polls.voting.ties``).

A *ballot* is a tuple of option ids, best first. It ranks at least one option and no option twice;
options it leaves out are tied below every option it ranks.

A *profile* maps each distinct ranking to how many ballots carry it. Every counting function accepts
either a profile or a plain iterable of ballots (see ``Ballots``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TypeAlias

from bot.errors import ValidationError

MIN_OPTIONS = 2
MAX_OPTIONS = 25

Ballot: TypeAlias = tuple[int, ...]
Profile: TypeAlias = Mapping[tuple[int, ...], int]
Ballots: TypeAlias = Iterable[Sequence[int]] | Profile
"""Raw ballots (any iterable of rankings) or a profile (ranking -> number of ballots)."""


def _is_option_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_options(options: Sequence[int]) -> tuple[int, ...]:
    """Check a poll's option ids (distinct ints, 2 to 25 of them) and return them as a tuple."""
    result = tuple(options)
    if not MIN_OPTIONS <= len(result) <= MAX_OPTIONS:
        raise ValidationError(
            f"A poll needs between {MIN_OPTIONS} and {MAX_OPTIONS} scenes (got {len(result)})."
        )
    if not all(_is_option_id(option) for option in result):
        raise ValidationError("Poll options must be scene ids (whole numbers).")
    if len(set(result)) != len(result):
        raise ValidationError("A poll cannot list the same scene twice.")
    return result


def validate_ranking(ranking: Sequence[int], options: Sequence[int]) -> Ballot:
    """Check one ballot against the poll's options and return it as a tuple, best first.

    Raises ``ValidationError`` if the ranking is empty, names an option twice, or names an option
    that is not in the poll.
    """
    return checked_ranking(ranking, frozenset(options))


def checked_ranking(ranking: Sequence[int], allowed: Mapping[int, int] | frozenset[int]) -> Ballot:
    """``validate_ranking`` against a prepared container of allowed ids (for hot paths)."""
    result = tuple(ranking)
    if not result:
        raise ValidationError("Rank at least one scene.")
    for option in result:
        if not _is_option_id(option) or option not in allowed:
            raise ValidationError(f"Scene {option!r} is not one of this poll's scenes.")
    if len(set(result)) != len(result):
        seen: set[int] = set()
        for option in result:
            if option in seen:
                raise ValidationError(
                    f"Each scene can be ranked only once (scene {option} is repeated)."
                )
            seen.add(option)
    return result


def to_profile(ballots: Ballots, options: Sequence[int]) -> dict[Ballot, int]:
    """Validate ``ballots`` (raw or a profile) and return a profile: ranking -> positive count."""
    allowed = frozenset(options)
    profile: dict[Ballot, int] = {}
    if isinstance(ballots, Mapping):
        for ranking, count in ballots.items():
            if not _is_option_id(count) or count < 0:
                raise ValidationError(
                    f"A profile count must be a whole number >= 0, not {count!r}."
                )
            if count:
                key = checked_ranking(ranking, allowed)
                profile[key] = profile.get(key, 0) + count
    else:
        for ranking in ballots:
            key = checked_ranking(ranking, allowed)
            profile[key] = profile.get(key, 0) + 1
    return profile
