"""/manage through the emulator: permissions, modals, confirmations, import, settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.catalogue.models import FilmDraft, SceneDraft
from bot.client import ProjectionistBot
from discord_emulator.testing.driver import GuildDriver, Upload
from tests.e2e.helpers import assert_clean, button, refused

pytestmark = pytest.mark.e2e

FILM_FIELDS = {
    "title": "Harbour Lights",
    "release_date": "04/03/1961",
    "genres": ["Drama", "Mystery"],
    "synopsis": "A ferry captain keeps a ledger that nobody else may read.",
    "director": "Ada Quill",
}


async def _guild_film(
    bot: ProjectionistBot, guild: GuildDriver, title: str = "Harbour Lights"
) -> int:
    film = await bot.catalogue.add_film(
        FilmDraft(
            title=title,
            year=1961,
            synopsis="Fog and secrets.",
            scenes=(
                SceneDraft("First", "One."),
                SceneDraft("Second", "Two."),
                SceneDraft("Third", "Three."),
            ),
        ),
        guild.guild.id,
    )
    return film.id


def _every_manage_command(film: str) -> list[tuple[str, dict[str, Any]]]:
    upload = Upload(
        "film.txt", b"Title: X\nRelease Date: 01/01/2000\nGenres: Drama\n\nScene 1: A\nB\n"
    )
    return [
        ("manage film add", {}),
        ("manage film edit", {"title": film}),
        ("manage film remove", {"title": film}),
        ("manage scene add", {"film": film}),
        ("manage scene edit", {"film": film, "scene": "1"}),
        ("manage scene remove", {"film": film, "scene": "1"}),
        ("manage scene move", {"film": film, "scene": "1", "position": 2}),
        ("manage scene review", {}),
        ("manage import", {"file": upload}),
        ("manage settings show", {}),
        ("manage settings moderator-role", {}),
        ("manage settings poll-role", {}),
        ("manage settings spoilers", {"spoilers": "shown"}),
    ]


async def test_a_member_is_refused_on_every_manage_command(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    film_id = await _guild_film(projectionist, film_club)
    for command, options in _every_manage_command(f"#{film_id}"):
        reply = await film_club.slash(command, user=film_club.member, **options)
        refused(reply, "Only moderators")
    film = await projectionist.catalogue.get(film_id, film_club.guild.id)
    assert [s.title for s in film.scenes] == ["First", "Second", "Third"]
    settings = await projectionist.guild_settings.get(film_club.guild.id)
    assert settings.spoilers is True


async def test_manage_has_manage_server_as_default_permission(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    manage = film_club.emulator.requests("PUT", path_regex=r"/commands$")
    body = manage[-1].json
    command = next(c for c in body if c["name"] == "manage")
    assert int(command["default_member_permissions"]) == 1 << 5  # Manage Server


async def test_the_moderator_role_grants_manage(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    role = await film_club.emulator.create_role(film_club.guild, "Projectionists")
    helper = film_club.add_member("helper", roles=[role])
    refused(await film_club.slash("manage settings show", user=helper), "Only moderators")
    set_role = await film_club.slash(
        "manage settings moderator-role", role=role, user=film_club.moderator
    )
    assert_clean(set_role)
    shown = assert_clean(await film_club.slash("manage settings show", user=helper))
    assert f"<@&{role.id}>" in shown.text


async def test_a_bot_managed_role_cannot_be_the_poll_or_moderator_role(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    managed = next(r for r in film_club.guild.roles.values() if r.managed)
    for command in ("manage settings poll-role", "manage settings moderator-role"):
        reply = await film_club.slash(command, role=managed, user=film_club.moderator)
        refused(reply, "managed by a bot or an integration")
    settings = await projectionist.guild_settings.get(film_club.guild.id)
    assert settings.poll_role_id is None and settings.moderator_role_id is None


async def test_spoiler_setting_choices_say_what_they_do(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    mod = film_club.moderator
    assert_clean(await film_club.slash("manage settings spoilers", spoilers="shown", user=mod))
    assert not (await projectionist.guild_settings.get(film_club.guild.id)).spoilers
    assert_clean(await film_club.slash("manage settings spoilers", spoilers="hidden", user=mod))
    assert (await projectionist.guild_settings.get(film_club.guild.id)).spoilers


async def test_add_a_film_through_the_modal(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    opened = assert_clean(
        await film_club.slash("manage film add", runtime=97, user=film_club.moderator)
    )
    assert opened.is_modal
    added = assert_clean(await film_club.submit_modal(opened, FILM_FIELDS))
    assert "Added Harbour Lights (1961)" in added.text
    info = assert_clean(await film_club.slash("film info", title="harbor lights"))
    fields = {f["name"]: f["value"] for f in info.embed["fields"]}
    assert fields["Released"] == "4 March 1961" and fields["Runtime"] == "97 min"
    assert fields["Director"] == "Ada Quill"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"release_date": "31/02/1961"}, "February"),
        ({"release_date": "someday"}, "date"),
        ({"release_date": "1492"}, "year must lie between"),
        ({"title": "   "}, "cannot be empty"),
    ],
)
async def test_bad_modal_input_is_explained_and_stores_nothing(
    projectionist: ProjectionistBot, film_club: GuildDriver, changes: dict[str, str], message: str
) -> None:
    opened = await film_club.slash("manage film add", user=film_club.moderator)
    refused(await film_club.submit_modal(opened, {**FILM_FIELDS, **changes}), message)
    assert projectionist.catalogue.search("harbour lights", film_club.guild.id) == []


async def test_edit_prefills_and_shared_films_are_refused(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    film_id = await _guild_film(projectionist, film_club)
    opened = assert_clean(
        await film_club.slash("manage film edit", title=f"#{film_id}", user=film_club.moderator)
    )
    defaults = {
        c["custom_id"]: c.get("value")
        for row in opened.modal["components"]
        for c in row.get("components", [row.get("component", {})])
    }
    assert defaults["title"] == "Harbour Lights"
    edited = assert_clean(
        await film_club.submit_modal(
            opened, {"title": "Harbour Lights Redux", "release_date": "1961-03-04"}
        )
    )
    assert "Updated Harbour Lights Redux (1961)" in edited.text
    refused(
        await film_club.slash("manage film edit", title="rocky 4", user=film_club.moderator),
        "/manage film add",
    )


async def test_remove_asks_first_and_cancel_keeps_the_film(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    film_id = await _guild_film(projectionist, film_club)
    asked = assert_clean(
        await film_club.slash("manage film remove", title=f"#{film_id}", user=film_club.moderator)
    )
    assert asked.ephemeral and "cannot be undone" in asked.text
    cancelled = assert_clean(
        await film_club.click(asked, button(asked, "Cancel")["custom_id"], user=film_club.moderator)
    )
    assert "nothing was changed" in cancelled.text
    assert (
        await projectionist.catalogue.get(film_id, film_club.guild.id)
    ).title == "Harbour Lights"
    asked = assert_clean(
        await film_club.slash("manage film remove", title=f"#{film_id}", user=film_club.moderator)
    )
    removed = assert_clean(
        await film_club.click(asked, button(asked, "Remove")["custom_id"], user=film_club.moderator)
    )
    assert "Removed Harbour Lights" in removed.text
    refused(await film_club.slash("film info", title=f"#{film_id}"), "not in this server")


async def test_scene_add_edit_move_remove(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    film_id = await _guild_film(projectionist, film_club)
    film = f"#{film_id}"
    mod = film_club.moderator
    opened = assert_clean(
        await film_club.slash("manage scene add", film=film, position=1, user=mod)
    )
    added = assert_clean(
        await film_club.submit_modal(
            opened, {"title": "Prologue", "description": "Dawn.", "spoiler": True}
        )
    )
    assert "1. Prologue" in added.text
    opened = assert_clean(
        await film_club.slash("manage scene edit", film=film, scene="2", user=mod)
    )
    assert_clean(
        await film_club.submit_modal(opened, {"title": "First, retold", "description": "Again."})
    )
    moved = assert_clean(
        await film_club.slash("manage scene move", film=film, scene="1", position=4, user=mod)
    )
    assert moved.text.splitlines()[-1] == "4. Prologue"
    refused(
        await film_club.slash("manage scene move", film=film, scene="1", position=9, user=mod),
        "between 1 and 4",
    )
    asked = assert_clean(
        await film_club.slash("manage scene remove", film=film, scene="4", user=mod)
    )
    removed = assert_clean(
        await film_club.click(asked, button(asked, "Remove")["custom_id"], user=mod)
    )
    assert "Prologue" not in removed.text.split("ranks:")[1]
    stored = await projectionist.catalogue.get(film_id, film_club.guild.id)
    assert [s.title for s in stored.scenes] == ["First, retold", "Second", "Third"]
    refused(
        await film_club.slash("manage scene edit", film="jaws", scene="1", user=mod),
        "shared catalogue",
    )


@pytest.fixture
def seed_upload(seed_article: Path) -> Upload:
    return Upload("rocky-iv.txt", seed_article.read_bytes(), "text/plain")


async def test_import_the_seed_article_with_preview_and_confirm(
    projectionist: ProjectionistBot, film_club: GuildDriver, seed_upload: Upload
) -> None:
    upload = seed_upload
    preview = assert_clean(
        await film_club.slash("manage import", file=upload, user=film_club.moderator)
    )
    # The guild's copy is built on the shared Rocky IV: the article's 6 scenes, then the 7
    # shared scenes it does not mention (kept, so nothing the guild pointed at is lost).
    assert preview.ephemeral and "Rocky IV (1985): 13 scenes (new)" in preview.text
    assert "own copy of the shared Rocky IV (1985)" in preview.text
    guild = film_club.guild.id
    assert await projectionist.catalogue.count(guild) == await projectionist.catalogue.count(None)
    done = assert_clean(
        await film_club.click(
            preview, button(preview, "Import")["custom_id"], user=film_club.moderator
        )
    )
    assert "1 new" in done.text
    info = assert_clean(await film_club.slash("film info", title="rocky 4"))
    # the article's synopsis, under the shared film's tagline, which the article lacks
    assert "\n\nRocky IV, released" in info.embed["description"]
    assert info.embed["description"].startswith("*The Cold War")
    assert "this server's own film" in info.embed["footer"]["text"]
    listing = assert_clean(await film_club.slash("scene list", film="rocky 4"))
    shown = [f["value"] for f in listing.embed["fields"]]
    while not button(listing, "Next ▶").get("disabled"):  # long descriptions are paged, not cut
        listing = assert_clean(
            await film_club.click(listing, button(listing, "Next ▶")["custom_id"])
        )
        shown += [f["value"] for f in listing.embed["fields"]]
    own = await projectionist.catalogue.resolve("rocky 4", film_club.guild.id)
    assert own.guild_id == film_club.guild.id and len(own.scenes) == 13
    words = " ".join(shown).replace("\\", "").split()
    for scene in own.scenes:
        assert " ".join(scene.description.split()) in " ".join(words), scene.title
    long_scene = assert_clean(await film_club.slash("scene info", film="rocky 4", scene="1"))
    assert len(long_scene.embed["description"]) > 1000


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.json", b'{"films": [', "not valid JSON"),
        ("binary.txt", b"\x00\x01\x02garbage", "binary"),
        ("empty.txt", b"", "title"),
        (
            "huge-title.txt",
            b"Title: " + b"x" * 5000 + b"\nRelease Date: 01/01/2000\n\nScene 1: A\nB\n",
            "characters",
        ),
    ],
)
async def test_a_broken_import_file_is_explained(
    projectionist: ProjectionistBot, film_club: GuildDriver, name: str, data: bytes, message: str
) -> None:
    reply = assert_clean(
        await film_club.slash("manage import", file=Upload(name, data), user=film_club.moderator)
    )
    assert reply.ephemeral and message.casefold() in reply.text.casefold()
    assert not any(b.get("label") == "Import" for b in reply.message.walk_components())
