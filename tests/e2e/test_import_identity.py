"""Issue 9.7 and 9.8 through the emulator: /manage import previews what a re-import does to
scenes and who it touches; favourites and community rankings follow scenes across re-imports
and across a guild copy of a shared film (the real seed article)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.client import ProjectionistBot
from bot.polls.models import Status
from discord_emulator.testing.driver import GuildDriver, Upload
from tests.e2e.helpers import assert_clean, button

pytestmark = pytest.mark.e2e


@pytest.fixture
def seed_upload(seed_article: Path) -> Upload:
    return Upload("rocky-iv.txt", seed_article.read_bytes(), "text/plain")


def _toml(*scenes: str) -> Upload:
    body = "".join(
        f'\n[[scenes]]\ntitle = "{name}"\ndescription = "About {name.lower()}."\n'
        for name in scenes
    )
    text = f'title = "Heist Night"\nyear = 2001\ndirector = "Ada Quill"\n{body}'
    return Upload("heist.toml", text.encode(), "text/plain")


async def _import(guild: GuildDriver, upload: Upload, **options: object) -> str:
    preview = assert_clean(
        await guild.slash("manage import", file=upload, user=guild.moderator, **options)
    )
    assert preview.ephemeral
    done = assert_clean(
        await guild.click(preview, button(preview, "Import")["custom_id"], user=guild.moderator)
    )
    assert "Imported" in done.text
    return preview.text


async def test_reimport_preview_and_favourites_follow_the_scene(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    await _import(film_club, _toml("Car chase", "Vault", "Getaway"))
    assert_clean(await film_club.slash("favourite set", film="heist night", scene="Car chase"))
    assert_clean(
        await film_club.slash(
            "favourite set", film="heist night", scene="Vault", user=film_club.moderator
        )
    )

    text = await _import(film_club, _toml("Opening heist", "Car chase", "Getaway"))
    assert "Added: “Opening heist”" in text and "“Car chase” 1 → 2" in text
    assert "Kept after the imported scenes (not in the file): “Vault”" in text
    mine = assert_clean(await film_club.slash("favourite show"))
    assert "Car chase" in mine.embed["description"]
    assert "Opening heist" not in mine.embed["description"]

    full = _toml("Opening heist", "Car chase", "Getaway")
    preview = assert_clean(
        await film_club.slash(
            "manage import", file=full, remove_missing=True, user=film_club.moderator
        )
    )
    assert "Removed: “Vault”: 1 member favourite" in preview.text
    film = await projectionist.catalogue.resolve("heist night", film_club.guild.id)
    assert [s.title for s in film.scenes] == ["Opening heist", "Car chase", "Getaway", "Vault"]
    assert_clean(
        await film_club.click(
            preview, button(preview, "Import")["custom_id"], user=film_club.moderator
        )
    )
    film = await projectionist.catalogue.resolve("heist night", film_club.guild.id)
    assert [s.title for s in film.scenes] == ["Opening heist", "Car chase", "Getaway"]


async def test_a_guild_copy_keeps_the_community_ranking_and_one_favourite(
    projectionist: ProjectionistBot, film_club: GuildDriver, seed_upload: Upload
) -> None:
    guild = film_club.guild.id
    shared = await projectionist.catalogue.resolve("rocky 4", guild)
    assert shared.guild_id is None
    assert_clean(await film_club.slash("favourite set", film="rocky 4", scene="2"))
    poll = await projectionist.polls.start(
        guild_id=guild,
        channel_id=film_club.general.id,
        film=shared,
        host_id=film_club.moderator.user.id,
        duration=timedelta(hours=1),
        method="schulze",
    )
    await projectionist.polls.vote(poll.id, film_club.member.user.id, [2, 1])
    await projectionist.polls.finish(poll.id, Status.CLOSED, guild)

    text = await _import(film_club, seed_upload)
    assert "own copy of the shared Rocky IV (1985)" in text

    copy = await projectionist.catalogue.resolve("rocky 4", guild)
    assert copy.guild_id == guild and copy.director == shared.director
    community = assert_clean(
        await film_club.slash("scene list", film="rocky 4", ranking="community")
    )
    assert f"poll #{poll.id}" in community.embed["description"]
    mine = assert_clean(await film_club.slash("favourite show"))
    assert mine.embed["description"].count("Rocky IV (1985)") == 1
    assert shared.scenes[1].title[:30] in mine.embed["description"].replace("\\", "")
