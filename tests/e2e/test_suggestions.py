"""Community scene suggestions end to end: members suggest, moderators review, the approved
scene is credited (without a ping) and takes part in a poll like any other scene."""

from __future__ import annotations

import re

import pytest

from bot.client import ProjectionistBot
from bot.suggestions.models import MAX_PENDING
from cogs.suggestions import ids as suggestion_ids
from discord_emulator.testing.driver import GuildDriver, Reply
from discord_emulator.world import Member
from tests.e2e.helpers import assert_clean, callback_bodies, refused
from tests.e2e.polls_driver import cast, start_poll

pytestmark = pytest.mark.e2e


def _card_id(reply: Reply, action: str) -> str:
    assert reply.message is not None
    pattern = re.compile(suggestion_ids.template(action))
    found = [c for c in reply.message.custom_ids if pattern.fullmatch(c)]
    assert found, f"no {action} item on the card: {reply.message.custom_ids}"
    return found[0]


async def _suggest(guild: GuildDriver, title: str, **options: object) -> Reply:
    return await guild.slash(
        "scene suggest", film="jaws", title=title, description="What happens.", **options
    )


async def _review(guild: GuildDriver, user: Member | None = None) -> Reply:
    """A moderator (``user``, else the server's moderator) opens the review card."""
    return assert_clean(await guild.slash("manage scene review", user=user or guild.moderator))


async def _outcome(guild: GuildDriver, fragment: str) -> str:
    """The line of the member's private ``/scene suggestions`` about the suggestion whose title
    contains ``fragment``."""
    mine = assert_clean(await guild.slash("scene suggestions", user=guild.member))
    assert mine.ephemeral
    lines = [line for line in mine.embed["description"].splitlines() if fragment in line]
    assert lines, mine.embed["description"]
    return lines[0]


async def _approved_at_two(guild: GuildDriver, title: str) -> None:
    """The member suggests ``title`` for Jaws; a moderator approves it as scene 2."""
    assert_clean(await _suggest(guild, title))
    card = await _review(guild)
    assert_clean(await guild.select(card, _card_id(card, "place"), ["2"], user=guild.moderator))


async def test_a_suggestion_is_received_privately_to_wait_for_review(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    first = assert_clean(await _suggest(film_club, "The tally of yellow barrels", spoiler=True))
    assert first.ephemeral and "waiting for a moderator's review" in first.text


async def test_a_suggestion_repeating_a_scene_or_a_waiting_suggestion_is_refused(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    jaws = await projectionist.catalogue.resolve("jaws", film_club.guild.id)
    refused(await _suggest(film_club, jaws.scenes[0].title.upper()), "already has a scene")
    assert_clean(await _suggest(film_club, "The tally of yellow barrels"))
    refused(await _suggest(film_club, "the tally of  yellow barrels"), "already suggested")


async def test_a_suggestion_for_an_unknown_film_is_refused(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    refused(
        await film_club.slash(
            "scene suggest", film="qqqzzzqqq", title="Nope", description="Nothing."
        ),
        "couldn't find",
    )


async def test_a_member_has_at_most_max_pending_suggestions_waiting(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    for n in range(MAX_PENDING):
        assert_clean(await _suggest(film_club, f"Waiting idea {n}"))
    refused(await _suggest(film_club, "One too many"), f"already have {MAX_PENDING}")


async def test_a_member_cannot_review_suggestions(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    refused(await film_club.slash("manage scene review", user=film_club.member), "Only moderators")


async def test_the_review_card_shows_a_moderator_the_suggestion_and_its_film(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    assert_clean(await _suggest(film_club, "The tally of yellow barrels"))
    card = await _review(film_club)
    assert card.ephemeral and "The tally of yellow barrels" in card.embed["description"]
    assert card.embed["title"].endswith("Jaws (1975)")


async def test_rejecting_asks_a_reason_the_member_then_sees(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    assert_clean(await _suggest(film_club, "The tally of yellow barrels"))
    assert_clean(await _suggest(film_club, "Chum on the stern"))
    card = await _review(film_club)
    form = assert_clean(
        await film_club.click(card, _card_id(card, "reject"), user=film_club.moderator)
    )
    assert form.is_modal
    card = assert_clean(
        await film_club.submit_modal(
            form, {"reason": "It is not in the film."}, user=film_club.moderator
        )
    )
    assert "Rejected" in card.content and "Chum on the stern" in card.embed["description"]
    assert "It is not in the film." in await _outcome(film_club, "yellow barrels")


async def test_approving_at_a_rank_puts_the_scene_there_in_the_servers_own_copy(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    jaws = await projectionist.catalogue.resolve("jaws", film_club.guild.id)
    assert jaws.guild_id is None  # a shared (starter) film: approval builds the guild's copy
    assert_clean(await _suggest(film_club, "Chum on the stern"))
    card = await _review(film_club)
    card = assert_clean(
        await film_club.select(card, _card_id(card, "place"), ["2"], user=film_club.moderator)
    )
    assert "is now scene 2 of Jaws (1975)" in card.content
    copy = await projectionist.catalogue.resolve("jaws", film_club.guild.id)
    assert copy.guild_id == film_club.guild.id and copy.scenes[1].title == "Chum on the stern"
    assert "approved as scene #2" in await _outcome(film_club, "Chum on the stern")


async def test_an_edited_suggestion_is_approved_as_edited_at_the_bottom(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    assert_clean(await _suggest(film_club, "The fin in the estuary"))
    card = await _review(film_club)
    form = assert_clean(
        await film_club.click(card, _card_id(card, "edit"), user=film_club.moderator)
    )
    done = assert_clean(
        await film_club.submit_modal(
            form, {"title": "The fin in the pond", "spoiler": True}, user=film_club.moderator
        )
    )
    assert "Approved" in done.content and "No scene suggestions are waiting" in done.content
    copy = await projectionist.catalogue.resolve("jaws", film_club.guild.id)
    assert copy.scenes[-1].title == "The fin in the pond" and copy.scenes[-1].spoiler
    assert "approved as scene #" in await _outcome(film_club, "fin in the estuary")


async def test_a_card_another_moderator_already_decided_is_refused(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    assert_clean(await _suggest(film_club, "The tally of yellow barrels"))
    card = await _review(film_club)
    stale = await _review(film_club, user=film_club.owner)  # a second moderator, same time
    assert_clean(await film_club.click(card, _card_id(card, "top"), user=film_club.moderator))
    refused(
        await film_club.click(stale, _card_id(stale, "top"), user=film_club.owner),
        "already reviewed",
    )


async def test_an_approved_scene_credits_its_suggester_without_a_ping(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    await _approved_at_two(film_club, "Chum on the stern")
    shown = assert_clean(await film_club.slash("scene info", film="jaws", scene="2"))
    assert f"Suggested by <@{film_club.member.user.id}>" in shown.embed["description"]
    sent = [b.get("data", b) for b in callback_bodies(shown)]
    sent = [data for data in sent if isinstance(data, dict) and "embeds" in data]
    assert sent and all(data.get("allowed_mentions") == {"parse": []} for data in sent), sent


async def test_an_approved_scene_is_ranked_in_a_poll_like_any_other(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    await _approved_at_two(film_club, "Chum on the stern")
    copy = await projectionist.catalogue.resolve("jaws", film_club.guild.id)
    poll_id = await start_poll(film_club)
    poll = await projectionist.polls.get(poll_id)
    option = next(o.option for o in poll.options if o.scene_id == copy.scenes[1].id)
    await cast(film_club, poll_id, film_club.member, [option])
    assert_clean(await film_club.slash("poll close", poll=f"#{poll_id}", user=film_club.moderator))
    results = [
        m
        for m in film_club.messages_in(film_club.general)
        if m.embeds and m.embeds[0].get("title", "").startswith("Results")
    ]
    assert results and "Chum on the stern" in results[-1].text


async def test_next_walks_the_queue_and_an_empty_queue_says_so(
    projectionist: ProjectionistBot, film_club: GuildDriver, second_guild: GuildDriver
) -> None:
    moderator = film_club.moderator
    empty = assert_clean(await film_club.slash("manage scene review", user=moderator))
    assert empty.ephemeral and "No scene suggestions are waiting" in empty.text
    assert_clean(await _suggest(film_club, "First idea"))
    assert_clean(await _suggest(film_club, "Second idea", user=film_club.owner))
    card = assert_clean(await film_club.slash("manage scene review", user=moderator))
    assert "First idea" in card.embed["description"]
    assert card.embed["footer"]["text"] == "2 suggestions waiting in this server"
    card = assert_clean(await film_club.click(card, _card_id(card, "next"), user=moderator))
    assert "Second idea" in card.embed["description"]
    card = assert_clean(await film_club.click(card, _card_id(card, "next"), user=moderator))
    assert "First idea" in card.embed["description"]  # round again
    # another server's moderators see none of it
    other = assert_clean(
        await second_guild.slash("manage scene review", user=second_guild.moderator)
    )
    assert "No scene suggestions are waiting" in other.text


async def test_help_lists_the_suggestion_commands_by_access_level(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    member = assert_clean(await film_club.slash("help"))
    assert "/scene suggest`" in member.text and "/scene suggestions`" in member.text
    assert "/manage scene review" not in member.text
    moderator = assert_clean(await film_club.slash("help", user=film_club.moderator))
    moderators = next(f for f in moderator.embed["fields"] if f["name"] == "Moderators")
    assert "/manage scene review" in moderators["value"]


async def test_an_ambiguous_title_asks_which_film_and_suggests_nothing(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    reply = await film_club.slash(
        "scene suggest", film="scarface", title="The stairs", description="What happens."
    )
    for fragment in ("Which one?", "Scarface (1932)", "Scarface (1983)"):
        refused(reply, fragment)
    assert (
        await projectionist.services.suggestions.of_member(
            film_club.guild.id, film_club.member.user.id
        )
        == []
    )
    assert_clean(
        await film_club.slash(
            "scene suggest", film="scarface 1983", title="The stairs", description="What happens."
        )
    )
