"""Property tests: the methods against straightforward reference counts, and the invariants the
bot relies on (Condorcet consistency, order independence, Borda monotonicity, incremental tally
== recount, state round-trip)."""

import random
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.polls.voting import IrvDetail, Method, SchulzeDetail, Tally, borda, count, irv, schulze

Poll = tuple[list[int], list[tuple[int, ...]]]

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def polls(draw: st.DrawFn, max_options: int = 6, max_ballots: int = 25) -> Poll:
    n = draw(st.integers(2, max_options))
    options = draw(st.lists(st.integers(1, 10_000), min_size=n, max_size=n, unique=True))
    ballot = st.tuples(st.permutations(options), st.integers(1, n)).map(
        lambda pair: tuple(pair[0][: pair[1]])
    )
    return options, draw(st.lists(ballot, max_size=max_ballots))


# -- reference counts: slow, obvious, per ballot ------------------------------------------------


def reference_pairwise(options: list[int], ballots: list[tuple[int, ...]]) -> list[list[int]]:
    unranked = len(options)
    d = [[0] * len(options) for _ in options]
    for ballot in ballots:
        rank = {
            option: ballot.index(option) if option in ballot else unranked for option in options
        }
        for i, a in enumerate(options):
            for j, b in enumerate(options):
                if rank[a] < rank[b]:
                    d[i][j] += 1
    return d


def reference_borda(options: list[int], ballots: list[tuple[int, ...]]) -> dict[int, Fraction]:
    n = len(options)
    points = dict.fromkeys(options, Fraction(0))
    for ballot in ballots:
        for position, option in enumerate(ballot):
            points[option] += n - 1 - position
        left = [option for option in options if option not in ballot]
        for option in left:
            points[option] += Fraction(sum(range(len(left))), len(left))
    return points


def reference_irv(options: list[int], ballots: list[tuple[int, ...]]) -> list[dict[int, int]]:
    """Counts per round, eliminating the fewest (ties: Borda points, then poll order)."""
    points = reference_borda(options, ballots)
    running = list(options)
    rounds = []
    while len(running) > 1:
        votes = dict.fromkeys(running, 0)
        for ballot in ballots:
            for option in ballot:
                if option in votes:
                    votes[option] += 1
                    break
        rounds.append(votes)
        fewest = min(votes.values())
        out = max(
            (o for o in running if votes[o] == fewest),
            key=lambda o: (-points[o], options.index(o)),
        )
        running.remove(out)
    return rounds


def condorcet_winner(options: list[int], d: list[list[int]]) -> int | None:
    for i, option in enumerate(options):
        if all(d[i][j] > d[j][i] for j in range(len(options)) if j != i):
            return option
    return None


# -- properties ----------------------------------------------------------------------------------


@FAST
@given(polls())
def test_pairwise_and_borda_match_the_reference(poll: Poll) -> None:
    options, ballots = poll
    tally = Tally.from_ballots(options, ballots)
    assert [list(row) for row in tally.pairwise] == reference_pairwise(options, ballots)
    assert tally.borda_points == reference_borda(options, ballots)
    n = len(options)
    assert sum(tally.borda_points.values()) == Fraction(len(ballots) * n * (n - 1), 2)


@FAST
@given(polls())
def test_irv_matches_the_reference(poll: Poll) -> None:
    options, ballots = poll
    result = irv(options, ballots)
    if not ballots:
        return
    assert isinstance(result.detail, IrvDetail)
    assert [dict(r.counts) for r in result.detail.rounds] == reference_irv(options, ballots)
    eliminated = [r.eliminated for r in result.detail.rounds]
    assert result.order == (result.order[0], *reversed(eliminated))


def test_irv_matches_the_reference_on_a_large_poll() -> None:
    rng = random.Random(2024)
    options = list(range(1, 26))
    ballots = [tuple(rng.sample(options, rng.randint(1, 25))) for _ in range(3000)]
    result = irv(options, ballots)
    assert isinstance(result.detail, IrvDetail)
    assert [dict(r.counts) for r in result.detail.rounds] == reference_irv(options, ballots)


@FAST
@given(polls())
def test_schulze_ranking_respects_the_strongest_paths(poll: Poll) -> None:
    options, ballots = poll
    result = schulze(options, ballots)
    assert isinstance(result.detail, SchulzeDetail)
    p = result.detail.strongest
    index = {option: i for i, option in enumerate(options)}
    order = [index[option] for option in result.order]
    for earlier, a in enumerate(order):
        for b in order[earlier + 1 :]:
            assert not p[b][a] > p[a][b]  # nobody is placed above an option that beats it
    for entry in result.ranking:
        i = index[entry.option_id]
        assert entry.score == sum(1 for j in range(len(options)) if p[i][j] > p[j][i])


@FAST
@given(polls(max_ballots=15))
def test_a_condorcet_winner_always_wins_schulze(poll: Poll) -> None:
    options, ballots = poll
    winner = condorcet_winner(options, reference_pairwise(options, ballots))
    if winner is not None:
        result = schulze(options, ballots)
        assert result.winners == (winner,)
        assert result.winner == winner


@FAST
@given(polls(), st.randoms(use_true_random=False))
def test_ballot_order_never_matters(poll: Poll, rng: random.Random) -> None:
    options, ballots = poll
    shuffled = list(ballots)
    rng.shuffle(shuffled)
    for method in Method:
        assert count(method, options, ballots) == count(method, options, shuffled)


@FAST
@given(polls(), st.data())
def test_ranking_x_first_never_hurts_x_under_borda(poll: Poll, data: st.DataObject) -> None:
    options, ballots = poll
    x = data.draw(st.sampled_from(options))
    rest = data.draw(st.permutations([o for o in options if o != x]))
    extra = (x, *rest[: data.draw(st.integers(0, len(rest)))])
    before = borda(options, ballots)
    after = borda(options, [*ballots, extra])
    assert after.entry(x).score >= before.entry(x).score
    assert after.entry(x).position <= before.entry(x).position
    for other in options:
        if other != x and before.entry(x).score >= before.entry(other).score:
            assert after.entry(x).score > after.entry(other).score


@st.composite
def ballot_histories(draw: st.DrawFn) -> tuple[list[int], list[tuple[str, int, tuple[int, ...]]]]:
    """Members casting, replacing and withdrawing ballots in some order."""
    options, ballots = draw(polls(max_ballots=30))
    members = draw(st.integers(1, 8))
    actions = []
    for ballot in ballots:
        member = draw(st.integers(0, members - 1))
        action = draw(st.sampled_from(["vote", "vote", "withdraw"]))
        actions.append((action, member, ballot))
    return options, actions


@FAST
@given(ballot_histories())
def test_incremental_tally_equals_recount(
    history: tuple[list[int], list[tuple[str, int, tuple[int, ...]]]],
) -> None:
    options, actions = history
    tally = Tally(options)
    current: dict[int, tuple[int, ...]] = {}
    for action, member, ballot in actions:
        if action == "vote":
            if member in current:
                tally.replace(current[member], ballot)
            else:
                tally.add(ballot)
            current[member] = ballot
        elif member in current:
            tally.remove(current.pop(member))
    recounted = tally.recount(current.values())
    assert tally == recounted
    for method in Method:
        assert tally.result(method) == recounted.result(method)
