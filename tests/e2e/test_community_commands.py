"""/favourite, /discuss and /help through the emulator."""

from __future__ import annotations

import asyncio

import pytest

from bot.client import ProjectionistBot
from discord_emulator.testing.driver import GuildDriver
from tests.e2e.helpers import assert_clean, custom_id, refused

pytestmark = pytest.mark.e2e


async def test_favourites_set_show_and_top(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    refused(await film_club.slash("favourite show"), "no favourite scenes yet")
    refused(await film_club.slash("favourite top"), "Nobody has picked")
    assert_clean(await film_club.slash("favourite set", film="jaws", scene="1"))
    changed = assert_clean(await film_club.slash("favourite set", film="jaws", scene="2"))
    assert changed.ephemeral
    assert_clean(
        await film_club.slash("favourite set", film="jaws", scene="2", user=film_club.moderator)
    )
    assert_clean(
        await film_club.slash("favourite set", film="alien", scene="1", user=film_club.owner)
    )
    mine = assert_clean(await film_club.slash("favourite show"))
    assert mine.embed["description"].count("\n") == 0 and "Jaws (1975)" in mine.embed["description"]
    theirs = assert_clean(await film_club.slash("favourite show", member=film_club.moderator))
    assert "Jaws" in theirs.embed["description"]
    top = assert_clean(await film_club.slash("favourite top"))
    assert top.embed["description"].splitlines()[0].endswith("2 members")
    jaws_top = assert_clean(await film_club.slash("favourite top", film="jaws"))
    assert "Alien" not in jaws_top.embed["description"]
    refused(await film_club.slash("favourite set", film="jaws", scene="42"), "has no scene")


async def test_discuss_opens_one_thread_per_subject(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    first = assert_clean(await film_club.slash("discuss", film="jaws"))
    assert not first.ephemeral
    threads = [c for c in film_club.emulator.state.channels.values() if c.name == "Jaws (1975)"]
    assert len(threads) == 1
    again = assert_clean(await film_club.slash("discuss", film="jaws"))
    assert again.ephemeral and "already a discussion" in again.text
    await film_club.emulator.archive_thread(threads[0])
    guild = projectionist.get_guild(film_club.guild.id)
    assert guild is not None
    # discord.py drops an archived thread from its cache on THREAD_UPDATE
    await film_club.wait_until(
        lambda: guild.get_thread(threads[0].id) is None, what="the bot seeing the thread archived"
    )
    reopened = assert_clean(await film_club.slash("discuss", film="jaws"))
    assert not reopened.ephemeral  # the old thread went quiet: a new one is opened
    assert (
        len([c for c in film_club.emulator.state.channels.values() if c.name == "Jaws (1975)"]) == 2
    )
    scene = assert_clean(await film_club.slash("discuss", film="jaws", scene="1"))
    assert not scene.ephemeral
    names = {c.name for c in film_club.emulator.state.channels.values()}
    assert any(n.startswith("Jaws (1975) · ") for n in names)


async def test_discuss_button_on_the_film_card(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    card = assert_clean(await film_club.slash("film info", title="alien"))
    opened = assert_clean(await film_club.click(card, custom_id(card, ":discuss")))
    assert opened.acknowledged
    assert any(c.name == "Alien (1979)" for c in film_club.emulator.state.channels.values())


async def test_help_shows_what_each_member_may_use(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    member = assert_clean(await film_club.slash("help"))
    assert "/film info" in member.text and "/manage" not in member.text
    moderator = assert_clean(await film_club.slash("help", user=film_club.moderator))
    assert "/manage film add" in moderator.text
    # why the runtime is an option rather than a field of the form
    assert "runtime is an option: a form holds 5 fields" in moderator.text


async def test_help_lists_poll_hosting_only_for_hosts(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    member = assert_clean(await film_club.slash("help"))
    assert "/poll start" not in member.text and "/poll close" not in member.text
    assert "/poll results" in member.text and "/poll list" in member.text
    role = await film_club.emulator.create_role(film_club.guild, "Poll hosts")
    host = film_club.add_member("host", roles=[role])
    assert_clean(
        await film_club.slash("manage settings poll-role", role=role, user=film_club.moderator)
    )
    hosting = assert_clean(await film_club.slash("help", user=host))
    assert "/poll start" in hosting.text and "/manage" not in hosting.text
    moderator = assert_clean(await film_club.slash("help", user=film_club.moderator))
    assert "/poll start" in moderator.text and "/manage film add" in moderator.text


async def test_an_empty_community_ranking_suggests_a_poll_only_to_hosts(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    member = assert_clean(await film_club.slash("scene list", film="jaws", ranking="community"))
    assert "No community poll has ranked" in member.text and "/poll start" not in member.text
    moderator = assert_clean(
        await film_club.slash(
            "scene list", film="jaws", ranking="community", user=film_club.moderator
        )
    )
    assert "Start one with /poll start" in moderator.text


async def test_every_access_rule_of_help_names_a_real_command(
    projectionist: ProjectionistBot,
) -> None:
    from cogs.help import NEEDS

    names = set()
    for command in projectionist.tree.walk_commands():
        names.add(command.qualified_name)
    assert set(NEEDS) <= names


async def test_six_concurrent_discuss_open_one_thread(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    replies = await asyncio.gather(*(film_club.slash("discuss", film="alien") for _ in range(6)))
    threads = [c for c in film_club.emulator.state.channels.values() if c.name == "Alien (1979)"]
    assert len(threads) == 1
    opened = [r for r in replies if not assert_clean(r).ephemeral]
    assert len(opened) == 1
    pointed = [r for r in replies if r.ephemeral]
    assert len(pointed) == 5
    assert all(f"<#{threads[0].id}>" in r.text for r in pointed)
