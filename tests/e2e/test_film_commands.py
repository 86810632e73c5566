"""/film info | search | random through the emulator, on the real discord.py client."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.catalogue.models import FilmDraft, SceneDraft
from bot.client import ProjectionistBot
from bot.ui import ids
from discord_emulator.testing.driver import GuildDriver
from tests.e2e.helpers import assert_clean, button, callback_bodies, custom_id, refused

pytestmark = pytest.mark.e2e


async def test_film_info_finds_typos_and_numerals(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    reply = assert_clean(await film_club.slash("film info", title="rocky 4"))
    embed = reply.embed
    assert embed["title"] == "Rocky IV (1985)"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Released"] == "21 November 1985"
    assert fields["Runtime"] == "91 min" and fields["Director"] == "Sylvester Stallone"
    assert "Drama" in fields["Genres"]
    assert embed["description"].startswith("*")  # the one-liner comes first
    assert not reply.ephemeral
    assert button(reply, "Best scenes") and button(reply, "Discuss")
    assert re.fullmatch(ids.FILM_SCENES, custom_id(reply, ":scenes"))


async def test_film_info_answers_with_no_mentions(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    await projectionist.catalogue.add_film(
        FilmDraft(title="Ping Pong", synopsis="@everyone look <@&1> and @here", year=2002),
        film_club.guild.id,
    )
    reply = assert_clean(await film_club.slash("film info", title="ping pong"))
    assert "@everyone" in reply.embed["description"]
    mentions = [b["data"].get("allowed_mentions") for b in callback_bodies(reply) if "data" in b]
    assert mentions and all(m == {"parse": []} for m in mentions)


async def test_unknown_film_says_so_with_suggestions(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    refused(await film_club.slash("film info", title="qqqq zzzz xxxx"), "couldn't find")
    reply = await film_club.slash("film info", title="rokky baloba")
    refused(reply, "Did you mean: Rocky Balboa (2006)")


async def test_autocomplete_offers_at_most_25_and_the_value_works(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    choices = await film_club.autocomplete("film info", "title", "the")
    assert 1 <= len(choices) <= 25
    assert all(len(c["name"]) <= 100 and c["value"].startswith("#") for c in choices)
    godfather = await film_club.autocomplete("film info", "title", "godfather part 2")
    assert godfather[0]["name"] == "The Godfather Part II (1974)"
    reply = assert_clean(await film_club.slash("film info", title=godfather[0]["value"]))
    assert reply.embed["title"] == "The Godfather Part II (1974)"


async def test_forged_autocomplete_value_is_revalidated(
    projectionist: ProjectionistBot, film_club: GuildDriver, second_guild: GuildDriver
) -> None:
    own = await projectionist.catalogue.add_film(
        FilmDraft(title="Club Secret", year=2020), film_club.guild.id
    )
    refused(await second_guild.slash("film info", title=f"#{own.id}"), "not in this server")
    refused(await film_club.slash("film info", title="#99999999"), "not in this server")


async def test_long_synopsis_pages_without_cutting_words(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    words = [f"word{i}" for i in range(1400)]
    paragraphs = "\n\n".join(" ".join(words[i : i + 200]) + "." for i in range(0, 1400, 200))
    await projectionist.catalogue.add_film(
        FilmDraft(title="The Long One", synopsis=paragraphs, release_date=date(1999, 1, 2)),
        film_club.guild.id,
    )
    reply = assert_clean(await film_club.slash("film info", title="the long one"))
    seen = reply.embed["description"]
    assert "page 1 of" in reply.embed["footer"]["text"]
    pages = 1
    while True:
        next_button = button(reply, "Next ▶")
        if next_button.get("disabled"):
            break
        reply = assert_clean(await film_club.click(reply, next_button["custom_id"]))
        seen += " " + reply.embed["description"]
        pages += 1
    assert pages >= 3
    assert seen.replace(".", " ").split() == " ".join(paragraphs.split()).replace(".", " ").split()


async def test_search_lists_remakes_with_years_and_opens_one(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    reply = assert_clean(await film_club.slash("film search", query="dune"))
    text = reply.embed["description"]
    assert "Dune (1984)" in text and "Dune (2021)" in text
    select = next(c for c in reply.message.walk_components() if c.get("type") == 3)
    value = next(o["value"] for o in select["options"] if o.get("description") == "1984")
    opened = assert_clean(await film_club.select(reply, select["custom_id"], [value]))
    assert opened.embed["title"] == "Dune (1984)"
    refused(await film_club.slash("film search", query="qqqqzzzzqqqq"), "No films match")


async def test_random_film_respects_the_genre(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    reply = assert_clean(await film_club.slash("film random", genre="Horror"))
    genres = next(f["value"] for f in reply.embed["fields"] if f["name"] == "Genres")
    assert "Horror" in genres
    assert_clean(await film_club.slash("film random"))
    # The starter shelf covers every genre, so take its documentaries away to get an empty one.
    for film in await projectionist.catalogue.export():
        if "Documentary" in film.genres:
            await projectionist.catalogue.remove_film(film.id, film.guild_id)
    refused(await film_club.slash("film random", genre="Documentary"), "no Documentary films")


async def test_longest_allowed_texts_render_without_a_discord_error(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    star = "*" * 200  # every character is escaped, doubling its length
    scenes = tuple(SceneDraft("_" * 200, "|" * 8000, spoiler=i % 2 == 0) for i in range(12))
    await projectionist.catalogue.add_film(
        FilmDraft(
            title=star, original_title="~" * 200, alt_titles=("Biggest",), year=2001, runtime=999,
            genres=("Drama", "Comedy", "Horror"), director="`" * 200, tagline="#" * 300,
            synopsis=("> " + "x" * 100 + "\n\n") * 100, scenes=scenes,
        ),
        film_club.guild.id,
    )  # fmt: skip
    info = assert_clean(await film_club.slash("film info", title="biggest"))
    assert_clean(await film_club.click(info, custom_id(info, ":scenes")))
    listing = assert_clean(await film_club.slash("scene list", film="biggest"))
    assert_clean(await film_club.click(listing, button(listing, "Next ▶")["custom_id"]))
    scene = assert_clean(await film_club.slash("scene info", film="biggest", scene="2"))
    assert_clean(await film_club.click(scene, button(scene, "Next ▶")["custom_id"]))
    assert_clean(await film_club.slash("film search", query="biggest"))
