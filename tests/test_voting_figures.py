"""Each method's named figure, checked against worked examples, and always falling with rank."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.polls.voting import Method, count
from bot.polls.voting.figures import axis_label, counted, figure

TENNESSEE = {(1, 2, 3, 4): 42, (2, 3, 4, 1): 26, (3, 4, 2, 1): 15, (4, 3, 2, 1): 17}


def rows(method: str, options: list[int], ballots: object) -> list[str]:
    result = count(method, options, ballots)  # type: ignore[arg-type]
    return [f"{e.option_id}: {figure(result, e.option_id)}" for e in result.ranking]


def test_schulze_counts_head_to_head_wins() -> None:
    # Nashville beats all three, Chattanooga two, Knoxville one, Memphis none.
    assert rows("schulze", [1, 2, 3, 4], TENNESSEE) == [
        "2: 3 head-to-head wins",
        "3: 2 head-to-head wins",
        "4: 1 head-to-head win",
        "1: 0 head-to-head wins",
    ]


def test_borda_counts_points() -> None:
    assert rows("borda", [1, 2, 3, 4], TENNESSEE) == [
        "2: 194 points",
        "3: 173 points",
        "1: 126 points",
        "4: 107 points",
    ]
    assert counted(Fraction(5, 2), "point") == "2.5 points"


def test_irv_gives_final_round_votes_or_the_round_a_scene_went_out() -> None:
    # Round 1: Chattanooga out on 15; round 2: Nashville out on 26; round 3: Knoxville 58-42.
    assert rows("irv", [1, 2, 3, 4], TENNESSEE) == [
        "4: 58 votes in the final round",
        "1: 42 votes in the final round",
        "2: 26 votes, out in round 2",
        "3: 15 votes, out in round 1",
    ]


def test_plurality_counts_first_choices() -> None:
    assert rows("plurality", [1, 2, 3], [(1,), (1, 2), (2,), (3,), (1,)]) == [
        "1: 3 first choices",
        "2: 1 first choice",
        "3: 1 first choice",
    ]


def test_no_ballots_no_figure() -> None:
    assert rows("borda", [1, 2], []) == ["1: ", "2: "]


def test_every_method_names_its_axis() -> None:
    assert "head-to-head wins" in axis_label(Method.SCHULZE)
    assert "final round" in axis_label(Method.IRV)


def test_schulze_figures_fall_with_rank_where_tiers_made_them_rise() -> None:
    # Under a ranking by tiers, 6 (unbeaten, 2 wins) stood above 4 (beaten by 5, 4 wins).
    ballots = [(7, 6), (5, 1, 4, 2, 7), (2,), (6, 4, 5, 2, 7), (6,), (3, 5, 4, 1), (5, 4, 3), (2,)]
    result = count("schulze", list(range(1, 8)), ballots)
    scores = [e.score for e in result.ranking]
    assert scores == sorted(scores, reverse=True)
    assert result.order[:2] == (5, 4)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(2, 8).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.permutations(range(1, n + 1)).flatmap(
                    lambda p: st.integers(1, len(p)).map(lambda k: tuple(p[:k]))
                ),
                max_size=12,
            ),
        )
    ),
    st.sampled_from(list(Method)),
)
def test_the_figure_never_rises_as_the_rank_falls(
    poll: tuple[int, list[tuple[int, ...]]], method: Method
) -> None:
    n, ballots = poll
    result = count(method, list(range(1, n + 1)), ballots)
    scores = [e.score for e in result.ranking]
    assert scores == sorted(scores, reverse=True)
