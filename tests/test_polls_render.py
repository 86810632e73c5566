"""Wording of poll results and notices (the Discord-facing text, without Discord)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.catalogue.models import Film, Scene
from bot.polls.models import Method, Poll, PollOption, Status
from bot.polls.voting import count
from cogs.polls.render import (
    hidden_name,
    left_out_notice,
    option_names,
    result_row,
    results_embed,
    scene_numbers,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)
TITLES = ["Opening", "The shark", "Night swim", "Indianapolis speech", "Boat chase"]
BALLOTS = [(2, 1, 3), (2, 3), (1, 2), (2,), (3, 2, 1), (1,), (4, 3), (5,)]


def film(scenes: int, spoilers: tuple[int, ...] = ()) -> Film:
    return Film(
        7,
        None,
        "Jaws",
        None,
        (),
        None,
        1975,
        None,
        (),
        None,
        None,
        "",
        None,
        tuple(
            Scene(100 + n, 7, n, f"Scene title {n}", "", n in spoilers)
            for n in range(1, scenes + 1)
        ),
    )


def poll(method: str, options: tuple[PollOption, ...] | None = None) -> Poll:
    options = options or tuple(PollOption(i, 100 + i, t, i == 5) for i, t in enumerate(TITLES, 1))
    return Poll(
        1,
        1,
        1,
        None,
        None,
        7,
        "Jaws (1975)",
        1,
        Method(method),
        Status.CLOSED,
        NOW,
        NOW,
        NOW,
        8,
        8,
        options,
    )


def rows(method: str) -> list[str]:
    p = poll(method)
    result = count(method, p.option_ids, BALLOTS)
    return [result_row(p, result, entry, True) for entry in result.ranking]


def test_rows_name_each_methods_figure_in_falling_order() -> None:
    assert rows("irv") == [
        "**1.** The shark · 4 votes in the final round",
        "**2.** Opening · 2 votes in the final round (tied)",
        "**3.** Night swim · 2 votes, out in round 3 (tied)",
        "**4.** Indianapolis speech · 1 vote, out in round 2 (tied)",
        "**5.** ||Boat chase|| · 1 vote, out in round 1 (tied)",
    ]
    assert rows("plurality")[:2] == [
        "**1.** The shark · 3 first choices",
        "**2.** Opening · 2 first choices",
    ]
    assert rows("schulze")[0] == "**1.** The shark · 4 head-to-head wins"
    assert rows("borda")[0].endswith(" points")


def test_no_ballots_rows_carry_no_figure() -> None:
    p = poll("borda")
    result = count("borda", p.option_ids, [])
    assert result_row(p, result, result.ranking[0], True) == "**1.** Opening"


def test_ties_are_said_once() -> None:
    p = poll("plurality")
    embed = results_embed(p, count("plurality", p.option_ids, BALLOTS), True)
    fields = {f.name: f.value for f in embed.fields}
    assert "tied on 1 first choice" in fields["Ties"]
    assert "tied" not in (fields["How this was counted"] or "")


def test_hidden_spoilers_are_named_by_their_scene_number_in_the_film() -> None:
    options = (PollOption(1, 101, "Opening", False), PollOption(2, 103, "Twist", True))
    p = poll("schulze", options)
    numbers = scene_numbers(film(3, spoilers=(3,)), p)
    assert numbers == {1: 1, 2: 3}
    assert option_names(p, True, numbers) == {1: "Opening", 2: "Scene 3 · hidden (spoiler)"}
    assert option_names(p, False, numbers)[2] == "Twist"
    assert hidden_name(options[1]) == "Scene 2 · hidden (spoiler)"  # the film is gone


def test_the_left_out_notice_names_the_scenes_over_the_limit() -> None:
    options = tuple(PollOption(n, 100 + n, f"S{n}", False) for n in range(1, 26))
    assert left_out_notice(film(30), poll("schulze", options), 25) == (
        "Jaws (1975) has 30 scenes and a poll holds at most 25, so scenes 26-30 are left out. To "
        "rank others, start a poll with `scenes:`, such as `scenes: 26-30`."
    )
    assert "scene 26 is left out" in left_out_notice(film(26), poll("schulze", options), 25)
    assert left_out_notice(film(25), poll("schulze", options), 25) == ""


def test_a_poll_without_ballots_ranks_nothing() -> None:
    """Issue 9.4: a poll closed with zero ballots says so and shows no ranking."""
    p = poll("schulze")
    embed = results_embed(p, count("schulze", p.option_ids, []), False)
    assert "No ballots were cast" in (embed.description or "")
    assert "**1.**" not in (embed.description or "")
    assert "Winner" not in (embed.description or "")
