"""Worked examples from the literature and by hand, one method at a time."""

from fractions import Fraction

import pytest

from bot.polls.voting import (
    BordaDetail,
    IrvDetail,
    Method,
    PluralityDetail,
    SchulzeDetail,
    TieCriterion,
    borda,
    count,
    irv,
    plurality,
    schulze,
)

LETTERS = {letter: number for number, letter in enumerate("ABCDE", start=1)}


def profile(spec: list[tuple[int, str]]) -> dict[tuple[int, ...], int]:
    """``[(5, "ACB"), ...]`` -> ``{(1, 3, 2): 5, ...}`` (A=1, B=2, ...)."""
    return {tuple(LETTERS[c] for c in order): n for n, order in spec}


def letters(order: tuple[int, ...]) -> str:
    return "".join("ABCDE"[option - 1] for option in order)


# -- Schulze: the examples of Schulze's paper (also on Wikipedia / electowiki) ---------------------

SCHULZE_EXAMPLE_1 = profile(
    [
        (5, "ACBED"),
        (5, "ADECB"),
        (8, "BEDAC"),
        (3, "CABED"),
        (7, "CAEBD"),
        (2, "CBADE"),
        (7, "DCEBA"),
        (8, "EBADC"),
    ]
)


def test_schulze_example_1_matrices_and_order() -> None:
    result = schulze([1, 2, 3, 4, 5], SCHULZE_EXAMPLE_1)
    assert result.ballot_count == 45
    assert letters(result.order) == "EACBD"
    assert result.winners == (5,)
    assert result.ties == ()
    detail = result.detail
    assert isinstance(detail, SchulzeDetail)
    assert detail.pairwise == (
        (0, 20, 26, 30, 22),
        (25, 0, 16, 33, 18),
        (19, 29, 0, 17, 24),
        (15, 12, 28, 0, 14),
        (23, 27, 21, 31, 0),
    )
    assert detail.strongest == (
        (0, 28, 28, 30, 24),
        (25, 0, 28, 33, 24),
        (25, 29, 0, 29, 24),
        (25, 28, 28, 0, 24),
        (25, 28, 28, 31, 0),
    )
    assert detail.d(5, 1) == 23 and detail.p(5, 1) == 25
    assert [entry.score for entry in result.ranking] == [4, 3, 2, 1, 0]
    assert [entry.position for entry in result.ranking] == [1, 2, 3, 4, 5]


def test_schulze_example_1_does_not_depend_on_option_order() -> None:
    result = schulze([4, 2, 5, 3, 1], SCHULZE_EXAMPLE_1)
    assert letters(result.order) == "EACBD"


def test_schulze_example_2() -> None:
    ballots = profile(
        [
            (5, "ACBD"),
            (2, "ACDB"),
            (3, "ADCB"),
            (4, "BACD"),
            (3, "CBDA"),
            (3, "CDBA"),
            (1, "DACB"),
            (5, "DBAC"),
            (4, "DCBA"),
        ]
    )
    result = schulze([1, 2, 3, 4], ballots)
    assert letters(result.order) == "DACB"
    assert isinstance(result.detail, SchulzeDetail)
    assert result.detail.pairwise == (
        (0, 11, 20, 14),
        (19, 0, 9, 12),
        (10, 21, 0, 17),
        (16, 18, 13, 0),
    )
    assert result.detail.strongest == (
        (0, 20, 20, 17),
        (19, 0, 19, 17),
        (19, 21, 0, 17),
        (18, 18, 18, 0),
    )


def test_schulze_example_3() -> None:
    ballots = profile(
        [
            (3, "ABDEC"),
            (5, "ADEBC"),
            (1, "ADECB"),
            (2, "BADEC"),
            (2, "BDECA"),
            (4, "CABDE"),
            (6, "CBADE"),
            (2, "DBECA"),
            (5, "DECAB"),
        ]
    )
    assert letters(schulze([1, 2, 3, 4, 5], ballots).order) == "BADEC"


def test_schulze_example_4_ties_are_broken_by_borda_and_reported() -> None:
    # Schulze's paper: B and D are both potential winners, A and C share the next place.
    ballots = profile([(3, "ABCD"), (2, "DABC"), (2, "DBCA"), (2, "CBDA")])
    result = schulze([1, 2, 3, 4], ballots)
    assert set(result.winners) == {2, 4}
    assert set(result.order[:2]) == {2, 4} and set(result.order[2:]) == {1, 3}
    assert all(entry.tied for entry in result.ranking)
    # Borda points: B 8, D 7, A 6.5, C 5.5 -> B before D, A before C.
    assert letters(result.order) == "BDAC"
    assert [tie.options for tie in result.ties] == [(2, 4), (1, 3)]
    assert all(tie.by is TieCriterion.BORDA for tie in result.ties)
    assert "Borda points" in result.tie_notes[0]
    named = result.tie_notes_named({2: "The heist", 4: "The chase"})
    assert named[0].startswith("The heist and The chase tied on strongest paths")


def test_schulze_unranked_options_lose_to_ranked_ones_but_not_to_each_other() -> None:
    result = schulze([1, 2, 3, 4], {(1,): 3, (2, 1): 1})
    assert isinstance(result.detail, SchulzeDetail)
    d = result.detail.pairwise
    assert d[0][1] == 3 and d[1][0] == 1  # A over B: the three "A only" ballots
    assert d[2][3] == 0 and d[3][2] == 0  # C and D are never ranked: no preference
    assert d[1][2] == 1 and d[0][3] == 4
    assert result.order[:2] == (1, 2)
    # C and D are tied; with equal Borda points the poll order puts C first.
    assert result.order[2:] == (3, 4)
    assert result.ties[-1].by is TieCriterion.ORDER


# -- Instant runoff: the Tennessee capital example ---------------------------------------------

MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE = 1, 2, 3, 4
TENNESSEE_OPTIONS = [MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE]
TENNESSEE = {
    (MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE): 42,
    (NASHVILLE, CHATTANOOGA, KNOXVILLE, MEMPHIS): 26,
    (CHATTANOOGA, KNOXVILLE, NASHVILLE, MEMPHIS): 15,
    (KNOXVILLE, CHATTANOOGA, NASHVILLE, MEMPHIS): 17,
}


def test_irv_tennessee_knoxville_wins_in_three_rounds() -> None:
    result = irv(TENNESSEE_OPTIONS, TENNESSEE)
    assert result.winners == (KNOXVILLE,)
    assert result.order == (KNOXVILLE, MEMPHIS, NASHVILLE, CHATTANOOGA)
    detail = result.detail
    assert isinstance(detail, IrvDetail)
    assert [dict(r.counts) for r in detail.rounds] == [
        {MEMPHIS: 42, NASHVILLE: 26, CHATTANOOGA: 15, KNOXVILLE: 17},
        {MEMPHIS: 42, NASHVILLE: 26, KNOXVILLE: 32},
        {MEMPHIS: 42, KNOXVILLE: 58},
    ]
    assert [r.eliminated for r in detail.rounds] == [CHATTANOOGA, NASHVILLE, MEMPHIS]
    assert [r.majority for r in detail.rounds] == [False, False, True]
    assert detail.majority_round == 3
    assert all(r.exhausted == 0 for r in detail.rounds)
    assert [entry.score for entry in result.ranking] == [58, 42, 26, 15]
    assert result.ties == ()


def test_tennessee_under_the_other_methods() -> None:
    # The classic comparison: plurality elects Memphis, Borda and Condorcet methods Nashville.
    assert plurality(TENNESSEE_OPTIONS, TENNESSEE).winners == (MEMPHIS,)
    result = borda(TENNESSEE_OPTIONS, TENNESSEE)
    assert result.order == (NASHVILLE, CHATTANOOGA, MEMPHIS, KNOXVILLE)
    assert [entry.score for entry in result.ranking] == [194, 173, 126, 107]
    assert schulze(TENNESSEE_OPTIONS, TENNESSEE).winners == (NASHVILLE,)


def test_irv_exhausted_ballots_and_continuing_majority() -> None:
    # A 4, B 3, C 2 (C voters rank nothing else): C's ballots exhaust, A wins 4 of 7 continuing.
    result = irv([1, 2, 3], {(1,): 4, (2, 1): 3, (3,): 2})
    assert isinstance(result.detail, IrvDetail)
    first, second = result.detail.rounds
    assert dict(first.counts) == {1: 4, 2: 3, 3: 2} and first.eliminated == 3
    assert dict(second.counts) == {1: 4, 2: 3} and second.exhausted == 2
    assert second.continuing == 7 and second.majority
    assert result.detail.majority_round == 2
    assert result.order == (1, 2, 3)


def test_irv_continues_after_a_majority_to_rank_everyone() -> None:
    result = irv([1, 2, 3, 4], {(1,): 6, (2,): 2, (3, 2): 1})
    assert isinstance(result.detail, IrvDetail)
    assert result.detail.majority_round == 1
    assert len(result.detail.rounds) == 3
    assert result.order == (1, 2, 3, 4)


def test_irv_elimination_tie_uses_borda_then_poll_order() -> None:
    # Round 1: B and C tie on 2 votes; B has more Borda points (its voters rank A second).
    ballots = {(1,): 5, (2, 1): 2, (3,): 2}
    result = irv([1, 2, 3], ballots)
    assert result.order == (1, 2, 3)
    (tie,) = result.ties
    assert tie.round == 1 and tie.eliminated == 3 and tie.by is TieCriterion.BORDA
    assert "Round 1" in result.tie_notes[0] and "option 3 was eliminated" in result.tie_notes[0]
    # A final-round tie with equal Borda points: poll order keeps the earlier option.
    result = irv([7, 8], {(7,): 1, (8,): 1})
    assert result.order == (7, 8) and result.winners == (7, 8)
    assert result.ties[0].by is TieCriterion.ORDER
    assert irv([8, 7], {(7,): 1, (8,): 1}).order == (8, 7)


# -- Borda ---------------------------------------------------------------------------------------


def test_borda_partial_ballots_share_the_remaining_points() -> None:
    # n = 4: ranked options get 3, 2, 1, 0; unranked ones share what is left equally.
    #   (1, 2, 3, 4): 1->3, 2->2, 3->1, 4->0
    #   (2,):         2->3, and 1, 3, 4 share 0+1+2 = 3 -> 1 each
    #   (3, 1):       3->3, 1->2, and 2, 4 share 0+1 = 1 -> 1/2 each
    result = borda([1, 2, 3, 4], [(1, 2, 3, 4), (2,), (3, 1)])
    assert isinstance(result.detail, BordaDetail)
    assert dict(result.detail.points) == {
        1: Fraction(6),
        2: Fraction(11, 2),
        3: Fraction(5),
        4: Fraction(3, 2),
    }
    assert result.order == (1, 2, 3, 4)
    assert [entry.score_text for entry in result.ranking] == ["6", "5.5", "5", "1.5"]
    assert sum(result.detail.points.values()) == 3 * 6  # every ballot hands out n(n-1)/2


def test_borda_ties_follow_the_callers_option_order() -> None:
    # n = 3: (20,) gives 20 two points, 10 and 30 half a point each; (10,) likewise.
    ballots = [(20,), (10,)]
    result = borda([10, 20, 30], ballots)
    assert result.order == (10, 20, 30)
    assert result.winners == (10, 20)
    assert [entry.tied for entry in result.ranking] == [True, True, False]
    (tie,) = result.ties
    assert tie.by is TieCriterion.ORDER and tie.tied_on == "2.5 points"
    assert borda([20, 10, 30], ballots).order == (20, 10, 30)


# -- Plurality -----------------------------------------------------------------------------------


def test_plurality_counts_first_choices_and_breaks_ties() -> None:
    ballots = [(1, 2), (1, 3), (2,), (3, 1), (3, 2), (4,)]
    # First choices: 1->2, 3->2, 2->1, 4->1. Borda (n=4): 1 10.5, 3 10.5, 2 9, 4 6.
    result = plurality([1, 2, 3, 4], ballots)
    assert isinstance(result.detail, PluralityDetail)
    assert dict(result.detail.first_choices) == {1: 2, 2: 1, 3: 2, 4: 1}
    assert result.order == (1, 3, 2, 4)
    assert result.winners == (1, 3)
    first_tie, second_tie = result.ties
    assert first_tie.options == (1, 3) and first_tie.by is TieCriterion.ORDER
    assert second_tie.options == (2, 4) and second_tie.by is TieCriterion.BORDA
    assert second_tie.borda_points == (Fraction(9), Fraction(6))
    assert result.tie_notes[1] == (
        "option 2 and option 4 tied on 1 first choice; Borda points (9 vs 6) put option 2 first."
    )


# -- Shared behaviour ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", list(Method))
def test_no_ballots_gives_poll_order_and_no_winner(method: Method) -> None:
    result = count(method, [5, 3, 9], [])
    assert result.ballot_count == 0
    assert result.winners == () and result.winner is None
    assert result.order == (5, 3, 9)
    assert all(entry.tied and entry.score == 0 for entry in result.ranking)
    assert result.ties == ()


@pytest.mark.parametrize("method", list(Method))
def test_raw_ballots_and_profile_give_the_same_result(method: Method) -> None:
    raw = [ranking for ranking, n in SCHULZE_EXAMPLE_1.items() for _ in range(n)]
    assert count(method, [1, 2, 3, 4, 5], raw) == count(method, [1, 2, 3, 4, 5], SCHULZE_EXAMPLE_1)


@pytest.mark.parametrize("method", ["schulze", "borda", "irv", "plurality"])
def test_two_options_single_ballot(method: str) -> None:
    result = count(method, [1, 2], [(2,)])
    assert result.winner == 2
    assert result.order == (2, 1)
    assert result.entry(2).position == 1
    assert result.method.label
