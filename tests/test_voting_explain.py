import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.polls.voting import Method, Tally, count, explain
from bot.polls.voting.explain import LIMIT, short_name

TENNESSEE = {(1, 2, 3, 4): 42, (2, 3, 4, 1): 26, (3, 4, 2, 1): 15, (4, 3, 2, 1): 17}
ABC = {1: "A", 2: "B", 3: "C"}
CITIES = {1: "Memphis", 2: "Nashville", 3: "Chattanooga", 4: "Knoxville"}


def test_schulze_names_the_condorcet_winner_and_its_closest_contest() -> None:
    text = explain(count("schulze", [1, 2, 3, 4], TENNESSEE), CITIES)
    assert "Schulze" in text and "100 ballots" in text
    assert "Nashville beat every other scene head to head" in text
    assert "closest contest was against Memphis, 58 to 42" in text


def test_schulze_without_a_condorcet_winner_talks_about_paths() -> None:
    ballots = {(1, 3, 2): 3, (2, 1, 3): 2, (3, 2, 1): 2}  # A>C 5:2, C>B 5:2, B>A 4:3 - a cycle
    text = explain(count("schulze", [1, 2, 3], ballots), {1: "A", 2: "B", 3: "C"})
    assert "No scene won every contest (B beat A 4 to 3)" in text
    # A's chain A>C>B is 5 strong; B's way back, B>A, only 4.
    assert "A's strongest chain to B has strength 5, against 4 back" in text
    assert "C came second with 1 head-to-head win." in text
    assert "Final order: A, C, B." in text


def test_schulze_co_winners_are_named_as_level_on_wins() -> None:
    ballots = {(1, 2, 3, 4): 3, (4, 1, 2, 3): 2, (4, 2, 3, 1): 2, (3, 2, 4, 1): 2}
    text = explain(count("schulze", [1, 2, 3, 4], ballots), {1: "A", 2: "B", 3: "C", 4: "D"})
    assert "B and D have 1 head-to-head win each and neither has a stronger chain" in text


def test_irv_tells_the_rounds() -> None:
    text = explain(count("irv", [1, 2, 3, 4], TENNESSEE), CITIES)
    assert "instant runoff over 100 ballots" in text
    assert "First choices: Memphis 42, Nashville 26, Knoxville 17, Chattanooga 15." in text
    assert "Knoxville won a majority in round 3 of 3 with 58 of 100 continuing votes." in text
    assert "Eliminated in turn: Chattanooga (15), Nashville (26), Memphis (42)." in text


def test_irv_majority_before_the_last_round_says_why_counting_went_on() -> None:
    # A holds 3 of 5 first choices: a majority at once; one more round places B and C.
    text = explain(count("irv", [1, 2, 3], {(1, 2, 3): 3, (2, 3, 1): 1, (3, 2, 1): 1}), ABC)
    assert "A won a majority in round 1 of 2 with 3 of 5 continuing votes; 1 more round " in text
    assert "placed the other scenes." in text
    assert "in 2 rounds" not in text


def test_explanation_can_leave_ties_to_a_separate_field() -> None:
    result = count("plurality", [1, 2, 3], [(1,), (2,), (3, 1)])
    with_ties = explain(result, ABC)
    without = explain(result, ABC, ties=False)
    notes = " ".join(result.tie_notes_named(ABC))
    assert notes in with_ties and notes not in without
    assert "A and B tied on 1 first choice" not in without


def test_borda_and_plurality_list_scores() -> None:
    borda = explain(count("borda", [1, 2, 3, 4], TENNESSEE), CITIES)
    assert "Nashville 194, Chattanooga 173, Memphis 126, Knoxville 107" in borda
    assert "unranked share" in borda
    first = explain(count("plurality", [1, 2, 3, 4], TENNESSEE), CITIES)
    assert "Memphis 42, Nashville 26, Knoxville 17, Chattanooga 15" in first


def test_ties_are_mentioned() -> None:
    text = explain(count("plurality", [1, 2], [(1,), (2,)]), {1: "Intro", 2: "Outro"})
    assert "Intro and Outro tied on 1 first choice" in text
    text = explain(count("irv", [1, 2], [(1,), (2,)]), {1: "Intro", 2: "Outro"})
    assert "finished level at 1 vote each" in text and "Round 1" in text


@pytest.mark.parametrize("method", list(Method))
def test_no_ballots(method: Method) -> None:
    assert "No ballots" in explain(count(method, [1, 2], []), {})


def test_names_are_shortened_and_missing_names_fall_back_to_ids() -> None:
    assert short_name({1: "A  very\nlong   name"}, 1, limit=10) == "A very lo…"
    assert short_name({}, 7) == "#7"
    assert short_name({7: "   "}, 7) == "#7"


@pytest.mark.parametrize("method", list(Method))
def test_worst_case_stays_within_the_embed_limit(method: Method) -> None:
    options = list(range(1, 26))
    names = {o: f"{o} " + "A scene with a really quite long title, " * 5 for o in options}
    rng = random.Random(method.value)
    # Few voters on many options: lots of ties in every method.
    ballots = [tuple(rng.sample(options, rng.randint(1, 3))) for _ in range(7)]
    text = explain(count(method, options, ballots), names)
    assert len(text) <= 950
    assert len(text) <= LIMIT


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 25),
    st.lists(st.integers(0, 10**6), min_size=0, max_size=40),
    st.sampled_from(list(Method)),
    st.text(min_size=0, max_size=120),
)
def test_never_over_1024_characters(n: int, seeds: list[int], method: Method, name: str) -> None:
    options = list(range(1, n + 1))
    ballots = []
    for seed in seeds:
        rng = random.Random(seed)
        ballots.append(tuple(rng.sample(options, rng.randint(1, n))))
    tally = Tally.from_ballots(options, ballots)
    text = explain(tally.result(method), {o: name * (o % 3) for o in options})
    assert 0 < len(text) <= LIMIT
