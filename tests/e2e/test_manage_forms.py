"""/manage forms through the emulator: one form per opening, bound to who opened it."""

from __future__ import annotations

from typing import Any

import pytest

from bot.catalogue.models import FilmDraft, SceneDraft
from bot.client import ProjectionistBot
from discord_emulator.testing.driver import GuildDriver, Reply
from tests.e2e.helpers import assert_clean, button, refused
from tests.e2e.polls_driver import cast, poll_id_of

pytestmark = pytest.mark.e2e


def _film(title: str) -> dict[str, str]:
    return {"title": title, "release_date": "04/03/1961", "synopsis": "Fog."}


async def test_two_moderators_adding_films_at_once_both_get_their_film(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    other = film_club.add_member("second-mod", moderator=True)
    first = assert_clean(await film_club.slash("manage film add", user=film_club.moderator))
    second = assert_clean(await film_club.slash("manage film add", user=other))
    assert first.modal is not None and second.modal is not None
    assert first.modal["custom_id"] != second.modal["custom_id"]
    a = assert_clean(await film_club.submit_modal(first, _film("Harbour Lights")))
    b = assert_clean(await film_club.submit_modal(second, _film("Lantern Street")))
    assert "Added Harbour Lights" in a.text and "Added Lantern Street" in b.text
    guild = film_club.guild.id
    assert projectionist.catalogue.search("harbour lights", guild)
    assert projectionist.catalogue.search("lantern street", guild)


async def test_a_form_submitted_by_someone_else_is_refused(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    other = film_club.add_member("second-mod", moderator=True)
    opened = assert_clean(await film_club.slash("manage film add", user=film_club.moderator))
    refused(
        await film_club.submit_modal(opened, _film("Harbour Lights"), user=other),
        "someone else",
    )
    assert projectionist.catalogue.search("harbour lights", film_club.guild.id) == []


async def test_rights_are_checked_again_on_submit(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    role = await film_club.emulator.create_role(film_club.guild, "Projectionists")
    helper = film_club.add_member("helper", roles=[role])
    assert_clean(
        await film_club.slash("manage settings moderator-role", role=role, user=film_club.moderator)
    )
    opened = assert_clean(await film_club.slash("manage film add", user=helper))
    assert_clean(await film_club.slash("manage settings moderator-role", user=film_club.moderator))
    refused(await film_club.submit_modal(opened, _film("Harbour Lights")), "Only moderators")
    assert projectionist.catalogue.search("harbour lights", film_club.guild.id) == []


async def test_a_stale_form_gets_an_answer(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    opened = assert_clean(await film_club.slash("manage film add", user=film_club.moderator))
    assert_clean(await film_club.submit_modal(opened, _film("Harbour Lights")))
    again = await film_club.submit_modal(opened, _film("Lantern Street"))
    refused(again, "no longer open")
    assert projectionist.catalogue.search("lantern street", film_club.guild.id) == []


def _fields(reply: Reply) -> dict[str, dict[str, Any]]:
    """The modal's inputs by custom id, each with the Label it sits in (Discord's layout)."""
    assert reply.modal is not None
    found: dict[str, dict[str, Any]] = {}
    for top in reply.modal["components"]:
        assert top["type"] == 18, "inputs sit in Labels, not in deprecated action rows"
        found[top["component"]["custom_id"]] = {**top["component"], "_label": top["label"]}
    return found


async def test_a_failed_submit_offers_the_form_again_with_what_was_typed(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    mod = film_club.moderator
    opened = assert_clean(await film_club.slash("manage film add", user=mod))
    typed = {
        "title": "Harbour Lights",
        "release_date": "31/02/1961",
        "synopsis": "A ferry captain keeps a ledger.",
        "director": "Ada Quill",
        "genres": ["Drama", "Mystery"],
    }
    failed = await film_club.submit_modal(opened, typed)
    refused(failed, "February")
    reopened = assert_clean(
        await film_club.click(failed, button(failed, "Fix the form")["custom_id"], user=mod)
    )
    fields = _fields(reopened)
    assert fields["title"]["value"] == "Harbour Lights"
    assert fields["synopsis"]["value"] == "A ferry captain keeps a ledger."
    assert fields["release_date"]["value"] == "31/02/1961"
    assert fields["director"]["value"] == "Ada Quill"
    assert [o["value"] for o in fields["genres"]["options"] if o.get("default")] == [
        "Drama",
        "Mystery",
    ]
    added = assert_clean(await film_club.submit_modal(reopened, {"release_date": "04/03/1961"}))
    assert "Added Harbour Lights (1961)" in added.text
    film = projectionist.catalogue.search("harbour lights", film_club.guild.id)[0]
    stored = await projectionist.catalogue.get(film.film_id, film_club.guild.id)
    assert stored.synopsis == "A ferry captain keeps a ledger."
    assert stored.genres == ("Drama", "Mystery") and stored.director == "Ada Quill"


async def test_film_form_takes_a_year_a_director_a_runtime_and_genres_from_the_vocabulary(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    opened = assert_clean(
        await film_club.slash("manage film add", runtime=97, user=film_club.moderator)
    )
    fields = _fields(opened)
    genres = fields["genres"]
    assert genres["type"] == 3 and genres["max_values"] == 10
    assert "Science Fiction" in [o["value"] for o in genres["options"]]
    assert fields["release_date"]["type"] == 4 and "1985" in str(fields["release_date"])
    added = assert_clean(
        await film_club.submit_modal(
            opened,
            {
                "title": "Harbour Lights",
                "release_date": "1961",
                "director": "Ada Quill",
                "genres": ["Mystery"],
            },
        )
    )
    assert "Added Harbour Lights (1961)" in added.text
    info = assert_clean(await film_club.slash("film info", title="harbour lights"))
    shown = {f["name"]: f["value"] for f in info.embed["fields"]}
    assert shown["Runtime"] == "97 min" and shown["Director"] == "Ada Quill"


async def test_scene_form_has_a_spoiler_checkbox(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    film = await projectionist.catalogue.add_film(
        FilmDraft(title="Harbour Lights", year=1961, scenes=(SceneDraft("First", "One."),)),
        film_club.guild.id,
    )
    mod = film_club.moderator
    opened = assert_clean(await film_club.slash("manage scene add", film=f"#{film.id}", user=mod))
    assert _fields(opened)["spoiler"]["type"] == 23
    assert_clean(await film_club.submit_modal(opened, {"title": "The twist", "spoiler": True}))
    edit = assert_clean(
        await film_club.slash("manage scene edit", film=f"#{film.id}", scene="2", user=mod)
    )
    assert _fields(edit)["spoiler"].get("default") is True
    stored = await projectionist.catalogue.get(film.id, film_club.guild.id)
    assert [(s.title, s.spoiler) for s in stored.scenes] == [("First", False), ("The twist", True)]


@pytest.mark.parametrize(
    ("text", "hours"), [("2 days", 48), ("1 week", 168), ("1 day 12 hours", 36)]
)
async def test_polls_take_durations_in_words(
    projectionist: ProjectionistBot, film_club: GuildDriver, text: str, hours: int
) -> None:
    reply = assert_clean(
        await film_club.slash("poll start", film="jaws", duration=text, user=film_club.moderator)
    )
    assert "is open in" in reply.text, reply.text
    poll = (await projectionist.polls.open_polls())[0]
    assert round((poll.closes_at - poll.created_at).total_seconds() / 3600) == hours


async def test_a_bad_duration_says_which_forms_work(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    reply = await film_club.slash(
        "poll start", film="jaws", duration="a fortnight", user=film_club.moderator
    )
    refused(reply, "2 days")
    assert "1 week" in reply.text and "90m" in reply.text


async def test_scene_remove_asks_first_and_says_what_it_touches(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    film = await projectionist.catalogue.add_film(
        FilmDraft(
            title="Harbour Lights",
            year=1961,
            scenes=(
                SceneDraft("Fog", "One."),
                SceneDraft("Ledger", "Two."),
                SceneDraft("Pier", "3"),
            ),
        ),
        film_club.guild.id,
    )
    ref, mod = f"#{film.id}", film_club.moderator
    fans = film_club.add_members(2, prefix="fan")
    for fan in fans:
        assert_clean(await film_club.slash("favourite set", film=ref, scene="1", user=fan))
    closed = assert_clean(await film_club.slash("poll start", film=ref, user=mod))
    closed_id = poll_id_of(closed)
    assert_clean(await cast(film_club, closed_id, fans[0], [1, 2]))
    assert_clean(await film_club.slash("poll close", poll=f"#{closed_id}", user=mod))
    opened = assert_clean(await film_club.slash("poll start", film=ref, user=mod))
    open_id = poll_id_of(opened)

    # A scene in an open poll cannot be removed (issue 9.4): the refusal names the poll.
    blocked = await film_club.slash("manage scene remove", film=ref, scene="1", user=mod)
    refused(blocked, f"“Fog” is an option of open poll #{open_id}")
    assert "close or cancel" in blocked.text and not blocked.message.custom_ids
    assert_clean(await film_club.slash("poll cancel", poll=f"#{open_id}", user=mod))
    asked = assert_clean(
        await film_club.slash("manage scene remove", film=ref, scene="1", user=mod)
    )
    assert asked.ephemeral and "Fog" in asked.text
    assert "2 members have it as their favourite" in asked.text
    assert f"cancelled poll #{open_id}" in asked.text and f"closed poll #{closed_id}" in asked.text
    cancelled = assert_clean(
        await film_club.click(asked, button(asked, "Cancel")["custom_id"], user=mod)
    )
    assert "nothing was changed" in cancelled.text
    kept = await projectionist.catalogue.get(film.id, film_club.guild.id)
    assert [s.title for s in kept.scenes] == ["Fog", "Ledger", "Pier"]

    asked = assert_clean(
        await film_club.slash("manage scene remove", film=ref, scene="3", user=mod)
    )
    assert "No member has it as a favourite" in asked.text
    removed = assert_clean(
        await film_club.click(asked, button(asked, "Remove")["custom_id"], user=mod)
    )
    assert "Removed “Pier”" in removed.text
    left = await projectionist.catalogue.get(film.id, film_club.guild.id)
    assert [s.title for s in left.scenes] == ["Fog", "Ledger"]


async def test_confirmations_check_rights_again(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    role = await film_club.emulator.create_role(film_club.guild, "Projectionists")
    helper = film_club.add_member("helper", roles=[role])
    mod = film_club.moderator
    assert_clean(await film_club.slash("manage settings moderator-role", role=role, user=mod))
    film = await projectionist.catalogue.add_film(
        FilmDraft(title="Harbour Lights", year=1961, scenes=(SceneDraft("Fog", "One."),)),
        film_club.guild.id,
    )
    asks = [
        await film_club.slash("manage film remove", title=f"#{film.id}", user=helper),
        await film_club.slash("manage scene remove", film=f"#{film.id}", scene="1", user=helper),
    ]
    assert_clean(await film_club.slash("manage settings moderator-role", user=mod))
    for asked in asks:
        refused(
            await film_club.click(asked, button(asked, "Remove")["custom_id"], user=helper),
            "Only moderators",
        )
    kept = await projectionist.catalogue.get(film.id, film_club.guild.id)
    assert [s.title for s in kept.scenes] == ["Fog"]


async def test_a_film_edit_never_overwrites_a_scene_added_meanwhile(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    film = await projectionist.catalogue.add_film(
        FilmDraft(title="Harbour Lights", year=1961, scenes=(SceneDraft("First", "One."),)),
        film_club.guild.id,
    )
    other = film_club.add_member("second-mod", moderator=True)
    editing = assert_clean(
        await film_club.slash("manage film edit", title=f"#{film.id}", user=film_club.moderator)
    )
    adding = assert_clean(await film_club.slash("manage scene add", film=f"#{film.id}", user=other))
    assert_clean(await film_club.submit_modal(adding, {"title": "Added meanwhile"}))
    answer = await film_club.submit_modal(editing, {"director": "A. Nonymous"})
    refused(answer, "changed since you opened")
    assert "scenes" in answer.text and "Added meanwhile" in answer.text
    stored = await projectionist.catalogue.get(film.id, film_club.guild.id)
    assert [s.title for s in stored.scenes] == ["First", "Added meanwhile"]
    assert stored.director is None  # never overwritten silently
    # opened afresh, the edit goes through and still leaves the scenes alone
    again = assert_clean(
        await film_club.slash("manage film edit", title=f"#{film.id}", user=film_club.moderator)
    )
    assert_clean(await film_club.submit_modal(again, {"director": "A. Nonymous"}))
    stored = await projectionist.catalogue.get(film.id, film_club.guild.id)
    assert stored.director == "A. Nonymous"
    assert [s.title for s in stored.scenes] == ["First", "Added meanwhile"]


async def test_fixing_a_stale_film_form_edits_the_current_version(
    projectionist: ProjectionistBot, film_club: GuildDriver
) -> None:
    film = await projectionist.catalogue.add_film(
        FilmDraft(title="Harbour Lights", year=1961, scenes=(SceneDraft("First", "One."),)),
        film_club.guild.id,
    )
    mod = film_club.moderator
    editing = assert_clean(await film_club.slash("manage film edit", title=f"#{film.id}", user=mod))
    await projectionist.catalogue.add_scene(film.id, SceneDraft("Second"), film_club.guild.id)
    stale = await film_club.submit_modal(editing, {"director": "A. Nonymous"})
    refused(stale, "changed since you opened")
    fix = button(stale, "Fix the form")["custom_id"]
    reopened = assert_clean(await film_club.click(stale, fix, user=mod))
    assert _fields(reopened)["director"]["value"] == "A. Nonymous"  # what was typed is kept
    assert_clean(await film_club.submit_modal(reopened, {}))
    stored = await projectionist.catalogue.get(film.id, film_club.guild.id)
    assert stored.director == "A. Nonymous"
    assert [s.title for s in stored.scenes] == ["First", "Second"]
