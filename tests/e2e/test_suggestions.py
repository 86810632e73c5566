"""Community scene suggestions end to end: members suggest, moderators review, the approved
scene is credited (without a ping) and takes part in a poll like any other scene."""

from __future__ import annotations

import re

import pytest

from bot.client import ProjectionistBot
from bot.suggestions.models import MAX_PENDING
from cogs.suggestions import ids as suggestion_ids
from discord_emulator.testing.driver import GuildDriver, Reply
from tests.e2e.helpers import assert_clean, callback_bodies, refused
from tests.e2e.polls_driver import cast, poll_id_of

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


async def test_a_suggestion_flow_from_member_to_poll(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    member, moderator = film_club.member, film_club.moderator
    jaws = await projectionist.catalogue.resolve("jaws", film_club.guild.id)
    assert jaws.guild_id is None  # a shared (starter) film: approval builds the guild's copy

    # a member suggests; friendly refusals for a duplicate, an unknown film, the limit
    first = assert_clean(await _suggest(film_club, "The tally of yellow barrels", spoiler=True))
    assert first.ephemeral and "waiting for a moderator's review" in first.text
    refused(await _suggest(film_club, jaws.scenes[0].title.upper()), "already has a scene")
    refused(await _suggest(film_club, "the tally of  yellow barrels"), "already suggested")
    refused(
        await film_club.slash(
            "scene suggest", film="qqqzzzqqq", title="Nope", description="Nothing."
        ),
        "couldn't find",
    )
    assert_clean(await _suggest(film_club, "Chum on the stern"))
    assert_clean(await _suggest(film_club, "The fin in the estuary"))
    refused(await _suggest(film_club, "One too many"), f"already have {MAX_PENDING}")

    # a member cannot review
    refused(await film_club.slash("manage scene review", user=member), "Only moderators")

    # the moderator rejects the first with a reason...
    card = assert_clean(await film_club.slash("manage scene review", user=moderator))
    assert card.ephemeral and "The tally of yellow barrels" in card.embed["description"]
    assert card.embed["title"].endswith("Jaws (1975)")
    # a second moderator opens the same queue at the same time
    stale = assert_clean(await film_club.slash("manage scene review", user=film_club.owner))
    form = assert_clean(await film_club.click(card, _card_id(card, "reject"), user=moderator))
    assert form.is_modal
    card = assert_clean(
        await film_club.submit_modal(form, {"reason": "It is not in the film."}, user=moderator)
    )
    assert "Rejected" in card.content and "Chum on the stern" in card.embed["description"]

    # ...approves the second at rank 2 with the select...
    card = assert_clean(
        await film_club.select(card, _card_id(card, "place"), ["2"], user=moderator)
    )
    assert "is now scene 2 of Jaws (1975)" in card.content
    # ...edits the third, then approves it at the bottom
    form = assert_clean(await film_club.click(card, _card_id(card, "edit"), user=moderator))
    done = assert_clean(
        await film_club.submit_modal(
            form, {"title": "The fin in the pond", "spoiler": True}, user=moderator
        )
    )
    assert "Approved" in done.content and "No scene suggestions are waiting" in done.content

    # a second moderator pressing an old card is told someone else decided
    refused(
        await film_club.click(stale, _card_id(stale, "top"), user=film_club.owner),
        "already reviewed",
    )

    # the member sees what became of each suggestion
    mine = assert_clean(await film_club.slash("scene suggestions", user=member))
    assert mine.ephemeral
    lines = mine.embed["description"].splitlines()
    assert any("yellow barrels" in line and "It is not in the film." in line for line in lines)
    assert any("Chum on the stern" in line and "approved as scene #2" in line for line in lines)
    assert any("fin in the estuary" in line and "approved as scene #" in line for line in lines)

    # the guild now has its own Jaws, with the credited scene; no ping
    copy = await projectionist.catalogue.resolve("jaws", film_club.guild.id)
    assert copy.guild_id == film_club.guild.id and copy.scenes[1].title == "Chum on the stern"
    assert copy.scenes[-1].title == "The fin in the pond" and copy.scenes[-1].spoiler
    shown = assert_clean(await film_club.slash("scene info", film="jaws", scene="2"))
    assert f"Suggested by <@{member.user.id}>" in shown.embed["description"]
    sent = [b.get("data", b) for b in callback_bodies(shown)]
    sent = [data for data in sent if isinstance(data, dict) and "embeds" in data]
    assert sent and all(data.get("allowed_mentions") == {"parse": []} for data in sent), sent

    # the approved scene is an option of a poll, gets a vote and appears in the result
    started = assert_clean(await film_club.slash("poll start", film="jaws", user=moderator))
    poll_id = poll_id_of(started)
    poll = await projectionist.polls.get(poll_id)
    option = next(o.option for o in poll.options if o.scene_id == copy.scenes[1].id)
    await cast(film_club, poll_id, member, [option])
    assert_clean(await film_club.slash("poll close", poll=f"#{poll_id}", user=moderator))
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
