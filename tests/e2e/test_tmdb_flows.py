"""TMDB through both emulators: the Discord emulator and the local TMDB-shaped server.

The bot is the product bot with ``tmdb_api_base`` pointed at ``tmdb_emulator``; no test leaves
the machine. Without a key (the plain ``projectionist`` fixture) no TMDB feature appears.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.client import ProjectionistBot
from bot.tmdb.models import ATTRIBUTION
from discord_emulator import DiscordEmulator
from discord_emulator.testing.driver import GuildDriver, Reply
from tests.e2e.helpers import assert_clean, button, custom_ids, refused
from tests.e2e.product import product_settings, running_bot
from tmdb_emulator import FAKE_API_KEY, TmdbEmulator

pytestmark = pytest.mark.e2e

PADDINGTON, ARRIVAL, PERSEPOLIS = 346648, 329865, 2011


@pytest.fixture
async def tmdb_bot(
    emulator: DiscordEmulator, tmdb_emulator: TmdbEmulator, tmp_path: Path
) -> AsyncIterator[ProjectionistBot]:
    settings = product_settings(
        emulator,
        database_path=tmp_path / "projectionist.sqlite3",
        tmdb_api_key=FAKE_API_KEY,
        tmdb_api_base=tmdb_emulator.base_url,
    )
    async with running_bot(emulator, settings) as bot:
        yield bot


def _fields(embed: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


def _modal_inputs(reply: Reply) -> dict[str, dict[str, Any]]:
    assert reply.modal is not None
    return {top["component"]["custom_id"]: top["component"] for top in reply.modal["components"]}


def _walk(options: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for option in options:
        yield option
        yield from _walk(option.get("options", []))


def _synced_names(emulator: DiscordEmulator) -> set[str]:
    """Every synced command, subcommand and option name, and every description."""
    found: set[str] = set()
    for scope in emulator.state.commands.values():
        for command in scope.values():
            for item in [command, *_walk(command.get("options", []))]:
                found.add(item["name"])
                found.add(item.get("description", ""))
    return found


def told(reply: Reply, fragment: str) -> None:
    """An ephemeral answer containing ``fragment`` (after a public "thinking" defer, the
    loading message is replaced by an ephemeral followup), and no public one."""
    assert_clean(reply)
    said = [m for m in reply.all_messages if fragment.casefold() in m.text.casefold()]
    assert said and all(m.ephemeral for m in said), [m.text for m in reply.all_messages]


def _has_tmdb(reply: Reply) -> bool:
    text = reply.text + " ".join(str(e) for e in reply.message.embeds) if reply.message else ""
    return "tmdb" in text.casefold() or any("tmdb" in c for c in custom_ids(reply))


async def test_a_member_finds_a_film_only_tmdb_knows(
    tmdb_bot: ProjectionistBot, film_club: GuildDriver
) -> None:
    reply = assert_clean(await film_club.slash("film info", title="paddington 2"))
    embed = reply.embed
    assert embed["title"] == "Paddington 2 (2017)"
    assert embed["footer"]["text"] == ATTRIBUTION
    assert embed["thumbnail"]["url"].endswith(".jpg")
    fields = _fields(embed)
    assert fields["Runtime"] == "103 min" and fields["Director"] == "Paul King"
    assert "Comedy" in fields["Genres"]
    assert "Overview from TMDB" in fields
    assert "not in this server" in reply.text.casefold()
    # A member gets a read-only card: no button to add it.
    assert all("add" not in c for c in custom_ids(reply))

    found = assert_clean(await film_club.slash("film search", query="persepolis"))
    assert "Persepolis (2007)" in found.embed["description"]
    assert found.embed["footer"]["text"] == ATTRIBUTION
    pick = next(c for c in found.message.walk_components() if c.get("type") == 3)
    opened = assert_clean(await film_club.select(found, pick["custom_id"], [str(PERSEPOLIS)]))
    assert opened.embed["title"] == "Persepolis (2007)"

    choices = await film_club.autocomplete("film info", "title", "arrival")
    marked = [c for c in choices if c["name"].endswith("(TMDB)")]
    assert marked and marked[0]["name"] == "Arrival (2016) (TMDB)"
    assert choices.index(marked[0]) == len(choices) - len(marked)  # after the local ones
    card = assert_clean(await film_club.slash("film info", title=marked[0]["value"]))
    assert card.embed["title"] == "Arrival (2016)"
    # What the guild has still comes from the guild, with no TMDB lookup.
    local = assert_clean(await film_club.slash("film info", title="rocky 4"))
    assert local.embed["title"] == "Rocky IV (1985)"
    assert ATTRIBUTION not in local.text


async def test_a_moderator_adds_a_film_from_tmdb_then_scenes_and_resyncs(
    tmdb_bot: ProjectionistBot, film_club: GuildDriver, tmdb_emulator: TmdbEmulator
) -> None:
    mod = film_club.moderator
    choices = await film_club.autocomplete("manage film add", "from_tmdb", "arrival", user=mod)
    assert choices[0]["name"] == "Arrival (2016)" and choices[0]["value"] == f"tmdb:{ARRIVAL}"
    opened = assert_clean(
        await film_club.slash("manage film add", from_tmdb=choices[0]["value"], user=mod)
    )
    inputs = _modal_inputs(opened)
    assert inputs["title"]["value"] == "Arrival"
    assert inputs["director"]["value"] == "Denis Villeneuve"
    assert inputs["release_date"]["value"] == "2016-09-01"  # first public release
    chosen = {o["value"] for o in inputs["genres"]["options"] if o.get("default")}
    assert "Science Fiction" in chosen and "Drama" in chosen
    added = assert_clean(
        await film_club.submit_modal(opened, {"synopsis": "A linguist meets visitors."})
    )
    assert "Added Arrival" in added.text
    guild = film_club.guild.id
    film = await tmdb_bot.catalogue.resolve("arrival", guild)
    assert film.source == f"https://www.themoviedb.org/movie/{ARRIVAL}"
    assert film.runtime == 116 and film.director == "Denis Villeneuve"

    scene = assert_clean(await film_club.slash("manage scene add", film=f"#{film.id}", user=mod))
    assert_clean(await film_club.submit_modal(scene, {"title": "The first shell"}))
    film = await tmdb_bot.catalogue.resolve("arrival", guild)
    assert [s.title for s in film.scenes] == ["The first shell"]

    # A moderator's edit of a fact, then a re-sync: facts come back, scenes stay.
    from dataclasses import replace

    await tmdb_bot.catalogue.edit_film(
        film.id, replace(film.to_draft(), director="Someone Else", runtime=90), guild
    )
    synced = assert_clean(
        await film_club.slash("manage film resync", title=f"#{film.id}", user=mod)
    )
    assert "Updated Arrival" in synced.text
    again = await tmdb_bot.catalogue.get(film.id, guild)
    assert again.director == "Denis Villeneuve" and again.runtime == 116
    assert again.synopsis == "A linguist meets visitors."
    assert [(s.id, s.title) for s in again.scenes] == [(s.id, s.title) for s in film.scenes]


async def test_the_add_button_on_a_tmdb_card_is_for_moderators(
    tmdb_bot: ProjectionistBot, film_club: GuildDriver
) -> None:
    card = assert_clean(
        await film_club.slash("film info", title="persepolis", user=film_club.moderator)
    )
    add = button(card, "Add to this server")
    refused(await film_club.click(card, add["custom_id"]), "Only moderators")
    opened = assert_clean(await film_club.click(card, add["custom_id"], user=film_club.moderator))
    assert _modal_inputs(opened)["title"]["value"] == "Persepolis"
    done = assert_clean(await film_club.submit_modal(opened, {}))
    assert "Added Persepolis" in done.text
    assert (await tmdb_bot.catalogue.resolve("persepolis", film_club.guild.id)).runtime == 96


async def test_tmdb_down_or_rate_limited_leaves_local_lookups_working(
    tmdb_bot: ProjectionistBot, film_club: GuildDriver, tmdb_emulator: TmdbEmulator
) -> None:
    tmdb_emulator.faults.rate_limited = 1000
    tmdb_emulator.faults.retry_after = 60  # longer than the client waits: it gives up at once
    told(await film_club.slash("film info", title="paddington 2"), "TMDB is not answering")
    told(await film_club.slash("film search", query="paddington"), "local search still works")
    local = assert_clean(await film_club.slash("film info", title="rocky 4"))
    assert local.embed["title"] == "Rocky IV (1985)"
    choices = await film_club.autocomplete("film info", "title", "arrival")
    assert not any(c["name"].endswith("(TMDB)") for c in choices)

    tmdb_emulator.faults.rate_limited = 0
    await tmdb_emulator.stop()  # down altogether
    told(await film_club.slash("film info", title="free solo"), "TMDB is not answering")
    told(
        await film_club.slash("manage film add", from_tmdb="arrival", user=film_club.moderator),
        "TMDB is not answering",
    )
    assert (await film_club.autocomplete("film info", "title", "jaws"))[0]["name"] == "Jaws (1975)"
    found = assert_clean(await film_club.slash("film search", query="dune"))
    assert "Dune (1984)" in found.embed["description"]


async def test_no_key_means_no_tmdb_anywhere(
    projectionist: ProjectionistBot, film_club: GuildDriver, emulator: DiscordEmulator
) -> None:
    assert projectionist.services.tmdb is None
    names = _synced_names(emulator)
    assert "from_tmdb" not in names and "resync" not in names
    assert not any("tmdb" in n.casefold() for n in names)
    missing = await film_club.slash("film info", title="paddington 2")
    refused(missing, "couldn't find")
    assert not _has_tmdb(missing)
    assert not _has_tmdb(await film_club.slash("film search", query="paddington 2"))
    choices = await film_club.autocomplete("film info", "title", "arrival")
    assert not any("TMDB" in c["name"] for c in choices)
    typed = await film_club.slash("film info", title=f"tmdb:{ARRIVAL}")
    refused(typed, "couldn't find")  # just a title it does not know
    mod = film_club.moderator
    card = assert_clean(await film_club.slash("film info", title="jaws", user=mod))
    assert not _has_tmdb(card)
    opened = assert_clean(await film_club.slash("manage film add", user=mod))
    assert opened.modal is not None and "tmdb" not in str(opened.modal).casefold()
