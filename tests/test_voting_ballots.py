import pytest

from bot.errors import ValidationError
from bot.polls.voting import MAX_OPTIONS, validate_options, validate_ranking
from bot.polls.voting.ballots import to_profile

OPTIONS = (11, 22, 33, 44)


def test_valid_ranking_comes_back_as_tuple() -> None:
    assert validate_ranking([33, 11], OPTIONS) == (33, 11)
    assert validate_ranking((44,), OPTIONS) == (44,)
    assert validate_ranking([44, 33, 22, 11], OPTIONS) == (44, 33, 22, 11)


@pytest.mark.parametrize(
    ("ranking", "message"),
    [
        ([], "at least one"),
        ([11, 22, 11], "only once"),
        ([11, 99], "not one of this poll"),
        ([True], "not one of this poll"),
        (["11"], "not one of this poll"),
    ],
)
def test_invalid_rankings_are_refused(ranking: list[object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_ranking(ranking, OPTIONS)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "options", [[], [1], list(range(MAX_OPTIONS + 1)), [1, 2, 1], [1, "2"], [True, 2]]
)
def test_invalid_option_lists_are_refused(options: list[object]) -> None:
    with pytest.raises(ValidationError):
        validate_options(options)  # type: ignore[arg-type]


def test_option_limits_are_inclusive() -> None:
    assert validate_options([5, 6]) == (5, 6)
    assert len(validate_options(range(MAX_OPTIONS))) == MAX_OPTIONS


def test_profile_merges_raw_ballots_and_checks_counts() -> None:
    assert to_profile([[11], [22, 11], [11]], OPTIONS) == {(11,): 2, (22, 11): 1}
    assert to_profile({(11,): 2, (22,): 0}, OPTIONS) == {(11,): 2}
    with pytest.raises(ValidationError):
        to_profile({(11,): -1}, OPTIONS)
    with pytest.raises(ValidationError):
        to_profile({(11, 11): 1}, OPTIONS)
