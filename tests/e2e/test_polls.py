"""Scene-ranking polls end to end: start, private ranked ballots, close, results, restart."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.catalogue.models import FilmDraft, SceneDraft
from bot.client import ProjectionistBot
from bot.polls.voting import Tally
from bot.ui.text import escape
from cogs.polls import ids as poll_ids
from discord_emulator.testing.driver import GuildDriver, Reply, SentMessage
from discord_emulator.world import Member
from tests.e2e.bots import BotMaker
from tests.e2e.clock import MovableClock
from tests.e2e.helpers import assert_clean, refused
from tests.e2e.polls_driver import (
    cast,
    component_id,
    open_ballot,
    poll_id_of,
    poll_message,
    start_poll,
)

pytestmark = pytest.mark.e2e


def _results_messages(guild: GuildDriver) -> list[SentMessage]:
    """The public results messages posted in the channel so far."""
    return [
        m
        for m in guild.messages_in(guild.general)
        if not m.ephemeral and m.embeds and m.embeds[0]["title"].startswith("Results")
    ]


def _field(message: SentMessage, name: str) -> str:
    return str(next(f["value"] for f in message.embeds[0]["fields"] if f["name"] == name))


async def _ballots(guild: GuildDriver, poll_id: int, rankings: list[list[int]]) -> list[Member]:
    """One new member per ranking casts it as a ballot; each is told the ballot is in."""
    voters = guild.add_members(len(rankings), prefix="voter")
    for member, ranking in zip(voters, rankings, strict=True):
        done = await cast(guild, poll_id, member, ranking)
        assert "Your ballot is in" in done.text
    return voters


async def _close(guild: GuildDriver, poll_id: int) -> Reply:
    return assert_clean(await guild.slash("poll close", poll=f"#{poll_id}", user=guild.moderator))


async def _closed_poll(guild: GuildDriver, rankings: list[list[int]], **options: str) -> int:
    """A poll on Jaws that got ``rankings`` as ballots, then closed by a moderator."""
    poll_id = await start_poll(guild, **options)
    await _ballots(guild, poll_id, rankings)
    await _close(guild, poll_id)
    return poll_id


async def test_the_poll_message_names_film_method_and_close_and_offers_its_buttons(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await start_poll(film_club, method="schulze")
    message = poll_message(film_club, poll_id)
    assert {f(poll_id) for f in (poll_ids.vote, poll_ids.mine, poll_ids.results)} <= set(
        message.custom_ids
    )
    assert "Schulze" in message.text and "Jaws (1975)" in message.text
    assert re.search(r"<t:\d+:f>", message.text)  # the closing time as a Discord timestamp


async def test_the_film_card_offers_a_vote_in_the_films_running_poll(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await start_poll(film_club)
    card = assert_clean(await film_club.slash("film info", title="jaws"))
    assert poll_ids.vote(poll_id) in card.message.custom_ids


async def test_the_poll_message_counts_the_ballots_cast(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await start_poll(film_club)
    await _ballots(film_club, poll_id, [[2, 1], [3]])

    def ballots_shown() -> str:
        return _field(poll_message(film_club, poll_id), "Ballots")

    # refreshed at most every MESSAGE_REFRESH_SECONDS (2 s), not once per ballot
    await film_club.wait_until(lambda: ballots_shown() == "2", what="the poll message counting 2")
    assert ballots_shown() == "2"


async def test_replacing_a_ballot_says_so_and_counts_once(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await start_poll(film_club)
    await cast(film_club, poll_id, film_club.member, [3, 2, 1])
    changed = await cast(film_club, poll_id, film_club.member, [1])
    assert "replaces the earlier one" in changed.text
    poll = await projectionist.polls.get(poll_id)
    assert poll.ballot_count == 1
    assert await projectionist.polls.recount(poll) == Tally.from_ballots(poll.option_ids, [[1]])


async def test_my_ballot_shows_the_ranking_that_counts(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await start_poll(film_club)
    await cast(film_club, poll_id, film_club.member, [3, 2, 1])
    await cast(film_club, poll_id, film_club.member, [1])
    mine = assert_clean(
        await film_club.click(
            poll_message(film_club, poll_id), poll_ids.mine(poll_id), user=film_club.member
        )
    )
    assert mine.ephemeral and "**1.**" in mine.text and "**2.**" not in mine.text


async def test_members_see_the_results_only_when_the_poll_closes(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await start_poll(film_club)
    refused(
        await film_club.click(
            poll_message(film_club, poll_id), poll_ids.results(poll_id), user=film_club.member
        ),
        "when the poll closes",
    )


async def test_a_moderator_sees_the_results_early_and_privately(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await start_poll(film_club)
    await _ballots(film_club, poll_id, [[1]])
    early = assert_clean(
        await film_club.slash("poll results", poll=f"#{poll_id}", user=film_club.moderator)
    )
    assert early.ephemeral
    assert _results_messages(film_club) == []  # nothing posted for the channel yet


async def test_closing_posts_one_results_message_with_the_count_and_a_chart(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await start_poll(film_club)
    await _ballots(film_club, poll_id, [[1]])
    closed = await _close(film_club, poll_id)
    assert "results are posted" in closed.text
    results = _results_messages(film_club)
    assert len(results) == 1
    assert "Ballots" in {f["name"] for f in results[0].embeds[0]["fields"]}
    assert _field(results[0], "Ballots") == "1"
    assert results[0].attachments and results[0].attachments[0].data.startswith(b"\x89PNG")


async def test_a_closed_poll_message_offers_no_vote(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await start_poll(film_club)
    await _close(film_club, poll_id)
    assert poll_ids.vote(poll_id) not in poll_message(film_club, poll_id).custom_ids


async def test_the_posted_winner_and_count_are_those_of_a_recount(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    rankings = [[2, 1, 3], [2, 3], [1, 2], [2], [1]]
    poll_id = await _closed_poll(film_club, rankings, method="schulze")
    (posted,) = _results_messages(film_club)
    poll = await projectionist.polls.get(poll_id)
    expected = Tally.from_ballots(poll.option_ids, rankings)
    assert await projectionist.polls.recount(poll) == expected
    winner = poll.option(expected.result("schulze").ranking[0].option_id).title
    assert winner[:40] in posted.embeds[0]["description"]
    assert _field(posted, "Ballots") == "5"


async def test_the_results_message_hides_spoiler_titles(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await _closed_poll(film_club, [[1]])
    (posted,) = _results_messages(film_club)
    poll = await projectionist.polls.get(poll_id)
    spoilers = [o.title for o in poll.options if o.spoiler]
    leaked = [t for t in spoilers if t in posted.text.replace(f"||{escape(t)}||", "")]
    assert spoilers and leaked == [], leaked


async def test_a_closed_poll_gives_the_film_a_community_ranking(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await _closed_poll(film_club, [[1]])
    community = assert_clean(await film_club.slash("scene list", film="jaws", ranking="community"))
    assert f"poll #{poll_id}" in community.embed["description"]
    assert community.embed["fields"][0]["name"].startswith("1. ")


async def test_a_ranked_scene_is_not_offered_again(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await start_poll(film_club, film="alien", scenes="1-3")
    voter = film_club.add_member("eager")
    ballot = await open_ballot(film_club, poll_id, voter)
    ballot = assert_clean(
        await film_club.select(
            ballot, component_id(ballot, poll_ids.add(poll_id, "")), ["2"], user=voter
        )
    )
    select = next(c for c in ballot.message.walk_components() if c.get("type") == 3)
    assert [o["value"] for o in select["options"]] == ["1", "3"]
    submit = component_id(ballot, poll_ids.submit(poll_id, ""))
    first = assert_clean(await film_club.click(ballot, submit, user=voter))
    assert "Your ballot is in" in first.text


async def test_submitting_the_same_ranking_again_changes_nothing(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await start_poll(film_club, film="alien", scenes="1-3")
    voter = film_club.add_member("eager")
    first = await cast(film_club, poll_id, voter, [2])
    assert "Your ballot is in" in first.text
    stale = await open_ballot(film_club, poll_id, voter)  # a second ballot, the same ranking
    stale = assert_clean(
        await film_club.select(
            stale, component_id(stale, poll_ids.add(poll_id, "")), ["2"], user=voter
        )
    )
    again = assert_clean(
        await film_club.click(stale, component_id(stale, poll_ids.submit(poll_id, "")), user=voter)
    )
    assert "unchanged" in again.text
    assert (await projectionist.polls.get(poll_id)).ballot_count == 1


async def test_a_closed_poll_refuses_a_ballot_begun_before_the_close(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await start_poll(film_club, film="alien", scenes="1-3")
    await cast(film_club, poll_id, film_club.member, [2])
    late = await open_ballot(film_club, poll_id, film_club.owner)
    assert_clean(await film_club.slash("poll close", poll=f"#{poll_id}", user=film_club.moderator))
    refused(
        await film_club.select(
            late, component_id(late, poll_ids.add(poll_id, "")), ["1"], user=film_club.owner
        ),
        "closed",
    )
    assert (await projectionist.polls.get(poll_id)).ballot_count == 1


async def test_a_closed_poll_cannot_be_closed_again(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await start_poll(film_club, film="alien", scenes="1-3")
    assert_clean(await film_club.slash("poll close", poll=f"#{poll_id}", user=film_club.moderator))
    refused(
        await film_club.slash("poll close", poll=f"#{poll_id}", user=film_club.moderator),
        "already closed",
    )


async def poll_host(guild: GuildDriver) -> Member:
    """A member given the server's poll host role (set with /manage settings poll-role)."""
    role = await guild.emulator.create_role(guild.guild, "Poll hosts")
    host = guild.add_member("host", roles=[role])
    assert_clean(await guild.slash("manage settings poll-role", role=role, user=guild.moderator))
    return host


async def host_starts_jaws(guild: GuildDriver, host: Member) -> int:
    reply = assert_clean(await guild.slash("poll start", film="jaws", duration="2h", user=host))
    return poll_id_of(reply)


async def test_starting_a_poll_takes_the_poll_host_role(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    refused(await film_club.slash("poll start", film="jaws"), "poll host role")
    host = await poll_host(film_club)
    poll_id = await host_starts_jaws(film_club, host)
    assert (await projectionist.polls.get(poll_id)).is_open


async def test_only_the_host_or_a_moderator_cancels_a_poll(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    poll_id = await host_starts_jaws(film_club, await poll_host(film_club))
    refused(await film_club.slash("poll cancel", poll=f"#{poll_id}"), "host or a moderator")


async def test_a_film_has_one_open_poll_at_a_time(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    host = await poll_host(film_club)
    await host_starts_jaws(film_club, host)
    refused(await film_club.slash("poll start", film="jaws", user=host), "already has an open poll")


async def test_a_poll_runs_at_least_ten_minutes(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    host = await poll_host(film_club)
    refused(
        await film_club.slash("poll start", film="alien", duration="5m", user=host),
        "at least 10 minutes",
    )


async def test_a_poll_ranks_only_the_films_own_scenes(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    host = await poll_host(film_club)
    refused(
        await film_club.slash("poll start", film="alien", scenes="1, 99", user=host), "no scene 99"
    )


async def test_a_polled_shared_film_stays_in_the_shared_catalogue(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    await host_starts_jaws(film_club, await poll_host(film_club))
    refused(
        await film_club.slash("manage film remove", title="jaws", user=film_club.moderator),
        "shared catalogue",
    )


async def test_a_cancelled_poll_offers_nothing_but_is_still_listed(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    host = await poll_host(film_club)
    poll_id = await host_starts_jaws(film_club, host)
    cancelled = assert_clean(await film_club.slash("poll cancel", poll=f"#{poll_id}", user=host))
    assert "Cancelled" in cancelled.text
    assert poll_message(film_club, poll_id).custom_ids == []  # a cancelled poll offers nothing
    refused(await film_club.slash("poll results", poll=f"#{poll_id}"), "cancelled")
    listing = assert_clean(await film_club.slash("poll list", status="cancelled"))
    assert f"#{poll_id}" in listing.text
    choices = await film_club.autocomplete("poll results", "poll", "jaws")
    assert choices and choices[0]["value"] == f"#{poll_id}"


async def test_a_member_who_cannot_see_the_channel_cannot_vote(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    from discord_emulator.permissions import VIEW_CHANNEL, Overwrite

    poll_id = await start_poll(film_club)
    outsider = film_club.add_member("outsider")
    film_club.general.overwrites.append(Overwrite(outsider.user.id, 1, deny=VIEW_CHANNEL))
    refused(
        await film_club.click(
            poll_message(film_club, poll_id), poll_ids.vote(poll_id), user=outsider
        ),
        "channels you can see",
    )
    assert (await projectionist.polls.get(poll_id)).ballot_count == 0


async def test_the_deadline_closes_the_poll(
    projectionist: ProjectionistBot, film_club: GuildDriver, clock: MovableClock
) -> None:
    poll_id = await start_poll(film_club, duration="10m")
    await cast(film_club, poll_id, film_club.member, [1, 2])
    clock.advance(timedelta(minutes=11))

    async def results_posted() -> bool:
        return (await projectionist.polls.get(poll_id)).results_message_id is not None

    await film_club.wait_until(results_posted, what="the poll's results being posted")
    poll = await projectionist.polls.get(poll_id)
    assert poll.status == "closed"
    results = _results_messages(film_club)
    assert len(results) == 1 and poll.results_message_id == results[0].id


async def test_a_deadline_that_passed_while_the_bot_was_down_closes_the_poll(
    make_bot: BotMaker, film_club: GuildDriver, clock: MovableClock
) -> None:
    first = await make_bot(clock=clock)
    short_id = await start_poll(film_club, film="alien", duration="10m")
    await make_bot.stop(first)
    clock.advance(timedelta(minutes=11))  # while the bot is down

    restarted = await make_bot(clock=clock)

    async def short_poll_closed() -> bool:
        return (await restarted.polls.get(short_id)).status == "closed"

    await film_club.wait_until(short_poll_closed, what="the short poll closing")
    assert (await restarted.polls.get(short_id)).status == "closed"

    async def results_posted() -> bool:  # the close is done once its results are out
        return (await restarted.polls.get(short_id)).results_message_id is not None

    await film_club.wait_until(results_posted, what="the short poll's results being posted")


async def test_a_half_finished_ballot_is_submitted_after_a_restart(
    make_bot: BotMaker, film_club: GuildDriver
) -> None:
    first = await make_bot()
    poll_id = await start_poll(film_club)
    await cast(film_club, poll_id, film_club.member, [2, 1])
    half_done = await open_ballot(film_club, poll_id, film_club.owner)
    half_done = assert_clean(
        await film_club.select(
            half_done,
            component_id(half_done, poll_ids.add(poll_id, "")),
            ["3"],
            user=film_club.owner,
        )
    )
    await make_bot.stop(first)

    restarted = await make_bot()
    # The half-finished ballot's old buttons still work after the restart.
    submit = component_id(half_done, poll_ids.submit(poll_id, ""))
    done = assert_clean(await film_club.click(half_done, submit, user=film_club.owner))
    assert "Your ballot is in" in done.text
    await cast(film_club, poll_id, film_club.moderator, [1])
    assert_clean(await film_club.slash("poll close", poll=f"#{poll_id}", user=film_club.moderator))
    poll = await restarted.polls.get(poll_id)
    assert poll.ballot_count == 3
    assert await restarted.polls.recount(poll) == Tally.from_ballots(
        poll.option_ids, [[2, 1], [3], [1]]
    )


@pytest.mark.parametrize("forged", ["11", "z", "9"])
async def test_a_forged_ballot_is_refused(
    projectionist: ProjectionistBot, film_club: GuildDriver, forged: str
) -> None:
    poll_id = await start_poll(film_club, film="alien", scenes="1-3")
    ballot = await open_ballot(film_club, poll_id, film_club.member)
    stored = film_club.emulator.state.messages[ballot.message.id]
    for row in stored.components:  # a client that rewrites the custom id of Submit
        for component in row["components"]:
            if component.get("custom_id", "").startswith(poll_ids.submit(poll_id, "")):
                component["custom_id"] = poll_ids.submit(poll_id, forged)
                component["disabled"] = False
    reply = await film_club.click(ballot, poll_ids.submit(poll_id, forged))
    refused(reply, "not valid any more" if forged == "z" else "out of date")
    assert (await projectionist.polls.get(poll_id)).ballot_count == 0


async def test_a_ballot_over_25_scenes_fits_discords_limits(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    scenes = tuple(
        SceneDraft(f"Scene number {n} " + "x" * 80, "", n % 4 == 0) for n in range(1, 31)
    )
    await projectionist.catalogue.add_film(
        FilmDraft(title="Thirty Scenes", year=2001, scenes=scenes), film_club.guild.id
    )
    poll_id = await start_poll(film_club, film="thirty scenes")
    poll = await projectionist.polls.get(poll_id)
    assert len(poll.options) == 25  # all of the film's scenes up to 25
    voter = film_club.add_member("thorough")
    ballot = await open_ballot(film_club, poll_id, voter)
    ranking = [
        25,
        1,
        13,
        7,
        2,
        24,
        3,
        18,
        9,
        11,
        4,
        22,
        5,
        16,
        6,
        20,
        8,
        10,
        12,
        14,
        15,
        17,
        19,
        21,
        23,
    ]
    for option in ranking:
        select = component_id(ballot, poll_ids.add(poll_id, ""))
        ballot = assert_clean(await film_club.select(ballot, select, [str(option)], user=voter))
    assert not any(c.startswith(poll_ids.add(poll_id, "")) for c in ballot.message.custom_ids)
    done = assert_clean(
        await film_club.click(
            ballot, component_id(ballot, poll_ids.submit(poll_id, "")), user=voter
        )
    )
    assert "Your ballot is in" in done.text
    assert await projectionist.polls.ballot_of(poll_id, voter.user.id) == tuple(ranking)
    assert_clean(await film_club.slash("poll close", poll=f"#{poll_id}", user=film_club.moderator))
