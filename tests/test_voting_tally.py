import random
from fractions import Fraction

import pytest

from bot.errors import ValidationError
from bot.polls.voting import Method, Tally, count

OPTIONS = [101, 102, 103, 104, 105]


def random_ballots(seed: int, options: list[int], number: int) -> list[tuple[int, ...]]:
    rng = random.Random(seed)
    return [tuple(rng.sample(options, rng.randint(1, len(options)))) for _ in range(number)]


def test_add_keeps_every_aggregate_in_step() -> None:
    tally = Tally(OPTIONS)
    assert tally.add([103, 101]) == (103, 101)
    tally.add((101,))
    assert tally.ballot_count == 2
    assert tally.first_choices == {101: 1, 102: 0, 103: 1, 104: 0, 105: 0}
    # n = 5: (103, 101) gives 4 and 3, the three unranked share 0+1+2 -> 1 each;
    # (101,) gives 4, the four unranked share 0+1+2+3 -> 1.5 each.
    assert tally.borda_points == {
        101: Fraction(7),
        102: Fraction(5, 2),
        103: Fraction(11, 2),
        104: Fraction(5, 2),
        105: Fraction(5, 2),
    }
    d = tally.pairwise
    assert d[2][0] == 1 and d[0][2] == 1  # one ballot each way between 103 and 101
    assert d[0][1] == 2 and d[1][0] == 0
    assert d[1][3] == 0 and d[3][1] == 0
    assert tally.profile == {(103, 101): 1, (101,): 1}


def test_invalid_ballots_change_nothing() -> None:
    tally = Tally(OPTIONS)
    tally.add([101, 102])
    before = tally.copy()
    for bad in ([], [101, 101], [999]):
        with pytest.raises(ValidationError):
            tally.add(bad)
        with pytest.raises(ValidationError):
            tally.replace([101, 102], bad)
    assert tally == before


def test_remove_and_replace() -> None:
    tally = Tally(OPTIONS)
    tally.add([101, 102])
    tally.add([101, 102])
    tally.remove([101, 102])
    assert tally.profile == {(101, 102): 1}
    assert tally.replace([101, 102], [105]) == (105,)
    assert tally == Tally.from_ballots(OPTIONS, [[105]])
    with pytest.raises(ValueError, match="No ballot"):
        tally.remove([101, 102])
    tally.remove([105])
    assert tally == Tally(OPTIONS)
    assert tally.ballot_count == 0 and tally.profile == {}


def test_incremental_tally_matches_recount_and_one_shot_methods() -> None:
    ballots = random_ballots(7, OPTIONS, 300)
    tally = Tally(OPTIONS)
    for ballot in ballots:
        tally.add(ballot)
    for ballot in ballots[:50]:
        tally.remove(ballot)
    assert tally == tally.recount(ballots[50:])
    for method in Method:
        assert tally.result(method) == count(method, OPTIONS, ballots[50:])


def test_result_accepts_method_names_and_rejects_unknown_ones() -> None:
    tally = Tally.from_ballots(OPTIONS, [[102]])
    assert tally.result("borda") == tally.result(Method.BORDA)
    with pytest.raises(ValueError, match="Unknown voting method"):
        tally.result("approval")


def test_equality_and_hashing() -> None:
    assert Tally(OPTIONS) == Tally(OPTIONS)
    assert Tally(OPTIONS) != Tally(OPTIONS[::-1])
    assert Tally(OPTIONS) != "tally"
    with pytest.raises(TypeError):
        hash(Tally(OPTIONS))
