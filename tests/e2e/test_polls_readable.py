"""Polls members can read: named figures on results rows and the community ranking, ties told
once, private Results presses, spoiler scenes told apart on the ballot, and a notice when a film
has more scenes than a poll holds."""

from __future__ import annotations

import re

import pytest

from bot.catalogue.models import FilmDraft, SceneDraft
from bot.client import ProjectionistBot
from discord_emulator.testing.driver import GuildDriver
from discord_emulator.testing.models import SentMessage
from tests.e2e.helpers import assert_clean
from tests.e2e.polls_driver import cast, open_ballot, poll_message, start_poll_reply

pytestmark = pytest.mark.e2e

RANKINGS = [[2, 1, 3], [2, 3], [1, 2], [2], [3, 2, 1], [1], [4, 3]]
FIGURE = {
    "schulze": r"\d+ head-to-head wins?",
    "borda": r"\d+(\.\d+)? points?",
    "irv": r"\d+ votes?( in the final round|, out in round \d+)",
    "plurality": r"\d+ first choices?",
}


async def start(guild: GuildDriver, film: str, **options: object) -> tuple[int, str]:
    poll_id, reply = await start_poll_reply(guild, film, **options)
    return poll_id, reply.text


def figure(row: str) -> float:
    """The number a results row ranks its scene by ("... · 12 votes ...")."""
    match = re.search(r" · (\d+(\.\d+)?) ", row)
    assert match, f"no figure in {row!r}"
    return float(match[1])


def public_results(guild: GuildDriver) -> list[SentMessage]:
    return [
        m
        for m in guild.messages_in(guild.general)
        if not m.ephemeral and m.embeds and m.embeds[0]["title"].startswith("Results")
    ]


async def closed_poll(guild: GuildDriver, method: str) -> int:
    poll_id, _ = await start(guild, "alien", scenes="1-4", method=method)
    voters = guild.add_members(len(RANKINGS), prefix="voter")
    for member, ranking in zip(voters, RANKINGS, strict=True):
        await cast(guild, poll_id, member, ranking)
    assert_clean(await guild.slash("poll close", poll=f"#{poll_id}", user=guild.moderator))
    return poll_id


@pytest.mark.parametrize("method", list(FIGURE))
async def test_results_rows_name_the_figure_the_method_ranks_by(
    projectionist: ProjectionistBot, film_club: GuildDriver, method: str
) -> None:
    await closed_poll(film_club, method)
    (results,) = public_results(film_club)
    embed = results.embeds[0]
    rows = [line for line in embed["description"].split("\n") if re.match(r"\*\*\d+\.\*\*", line)]
    assert len(rows) == 4
    for row in rows:
        assert re.search(rf" · {FIGURE[method]}( \(tied\))?$", row), row
    numbers = [figure(row) for row in rows]
    assert numbers == sorted(numbers, reverse=True)  # the figure falls with the rank
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    how = fields["How this was counted"]
    if "Ties" in fields:  # each tie sentence is said once, in its own field
        for sentence in re.split(r"(?<=\.) ", fields["Ties"]):
            assert sentence not in how, sentence
    assert "score" not in embed["description"]

    community = assert_clean(await film_club.slash("scene list", film="alien", ranking="community"))
    notes = [f["value"].rsplit("\n", 1)[-1] for f in community.embed["fields"]]
    assert all(re.fullmatch(rf"{FIGURE[method]}( \(tied\))?", n) for n in notes), notes
    assert "score" not in community.text


async def test_instant_runoff_tells_its_rounds_truly(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id, _ = await start(film_club, "alien", scenes="1-3", method="irv")
    voters = film_club.add_members(5, prefix="voter")
    for member, ranking in zip(voters, [[1, 2], [1, 3], [1], [2, 3], [3, 2]], strict=True):
        await cast(film_club, poll_id, member, ranking)  # scene 1 holds a majority at once
    assert_clean(await film_club.slash("poll close", poll=f"#{poll_id}", user=film_club.moderator))
    (results,) = public_results(film_club)
    how = next(f["value"] for f in results.embeds[0]["fields"] if f["name"].startswith("How"))
    assert "won a majority in round 1 of 2 with 3 of 5 continuing votes" in how
    assert "in 2 rounds" not in how


async def test_the_results_button_answers_privately(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await closed_poll(film_club, "schulze")
    assert len(public_results(film_club)) == 1
    for _ in range(2):
        reply = assert_clean(
            await film_club.click(
                poll_message(film_club, poll_id),
                f"proj:poll:{poll_id}:results",
                user=film_club.member,
            )
        )
        assert reply.ephemeral and reply.embeds[0]["title"].startswith("Results")
        assert reply.attachments and reply.attachments[0].data.startswith(b"\x89PNG")
    assert len(public_results(film_club)) == 1  # no public copy per press


async def test_spoiler_scenes_are_told_apart_and_revealed_privately(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    titles = ["Opening", "Twist one", "Twist two", "Reveal", "Chase", "Death", "Ending"]
    scenes = tuple(SceneDraft(t, "", n not in (1, 5)) for n, t in enumerate(titles, 1))
    await projectionist.catalogue.add_film(
        FilmDraft(title="Seven Secrets", year=2011, scenes=scenes), film_club.guild.id
    )
    poll_id, _ = await start(film_club, "seven secrets", scenes="1-3, 5-7")
    voter = film_club.add_member("curious")
    ballot = await open_ballot(film_club, poll_id, voter)
    assert ballot.message is not None
    select = next(c for c in ballot.message.walk_components() if c.get("type") == 3)
    labels = [o["label"] for o in select["options"]]
    assert len(set(labels)) == len(labels) == 6
    assert labels[0] == "1. Opening" and labels[3] == "4. Chase"
    # Poll option 4 is the film's scene 5; option 5 its scene 6, a hidden spoiler.
    assert "5. Scene 6 · hidden (spoiler)" in labels
    for hidden in ("Twist one", "Twist two", "Death", "Ending"):
        assert not any(hidden in label for label in labels)
    reveal = assert_clean(await film_club.click(ballot, f"proj:poll:{poll_id}:reveal", user=voter))
    assert reveal.ephemeral
    assert "**5.** Scene 6 · hidden (spoiler) is Death" in reveal.text
    assert "Opening" not in reveal.text  # only the hidden ones
    public = [m.text for m in film_club.messages_in(film_club.general) if not m.ephemeral]
    assert public and not any("Death" in re.sub(r"\|\|.*?\|\|", "", t) for t in public)


async def test_a_film_over_25_scenes_says_which_scenes_are_left_out(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    scenes = tuple(SceneDraft(f"Scene number {n}", "", False) for n in range(1, 31))
    await projectionist.catalogue.add_film(
        FilmDraft(title="Thirty Scenes", year=2001, scenes=scenes), film_club.guild.id
    )
    _, text = await start(film_club, "thirty scenes")
    assert "has 30 scenes and a poll holds at most 25, so scenes 26-30 are left out" in text
    assert "`scenes: 26-30`" in text
    _, chosen = await start(film_club, "alien", scenes="1-3")
    assert "left out" not in chosen
