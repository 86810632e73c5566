"""Every embed-building function stays inside Discord's embed limits, whatever the titles (item 14).

The oracle is the emulator's copy of Discord's own validation (``validate_embeds``), fed the
embed exactly as discord.py would send it; titles are hostile: markdown characters, spoiler
bars, zero-width characters, newlines, at their maximum stored lengths.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import discord
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.catalogue.models import (
    DIRECTOR_MAX,
    FILM_TITLE_MAX,
    SCENE_DESCRIPTION_MAX,
    SCENE_TITLE_MAX,
    SYNOPSIS_MAX,
    TAGLINE_MAX,
    Film,
    Scene,
)
from bot.catalogue.search import SearchHit
from bot.polls.models import Method, Poll, PollOption, Status
from bot.polls.voting import count
from bot.ui.budget import EmbedBuilder, cell, fit
from bot.ui.embeds import editorial_ranking, film_page, scene_list_page, scene_page
from bot.ui.listings import FavouriteLine, favourites_embed, search_embed, top_embed
from cogs.manage.imports import preview_embed
from cogs.polls.render import ballot_embed, poll_embed, results_embed
from discord_emulator.errors import FormErrors
from discord_emulator.validation.messages import validate_embeds

HOSTILE = "*_~`|>#-\\[]()<@!:\u200b\u200d\u2060\ufeff \n"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def hostile(size: int) -> st.SearchStrategy[str]:
    """Text of 1..size characters, mostly markup, sometimes exactly ``size`` long."""
    some = st.text(alphabet=st.sampled_from(HOSTILE + "ab"), min_size=1, max_size=size)
    full = st.sampled_from(["*", "|", "\\", "_", "\u200b", "a ", "||x|| ", "`"]).map(
        lambda unit: (unit * size)[:size]
    )
    return st.one_of(full, some).filter(lambda t: t.strip())


def check(*embeds: discord.Embed) -> None:
    errors = FormErrors()
    validate_embeds([e.to_dict() for e in embeds], errors)
    assert not errors.items, [(e.path, e.message) for e in errors.items]
    for embed in embeds:
        for text in _texts(embed.to_dict()):
            assert len(_bars(text)) % 2 == 0, text  # every spoiler is closed


def _texts(data: dict[str, Any]) -> list[str]:
    texts = [data.get("title") or "", data.get("description") or ""]
    texts += [f["value"] for f in data.get("fields", [])]
    return texts


def _bars(text: str) -> list[str]:
    return re.findall(r"(?<!\\)(?:\\\\)*\|\|", text)  # not escaped: even backslashes


def film(title: str, scene_titles: list[str], text: str, spoilers: bool = True) -> Film:
    scenes = tuple(
        Scene(i, 1, i, t, (text * 40)[:SCENE_DESCRIPTION_MAX], spoilers and i % 2 == 0)
        for i, t in enumerate(scene_titles, start=1)
    )
    return Film(
        id=1,
        guild_id=5,
        title=title,
        original_title=title[::-1],
        alt_titles=(),
        release_date=None,
        year=1985,
        runtime=91,
        genres=("Drama",),
        director=(text * 20)[:DIRECTOR_MAX],
        tagline=(text * 20)[:TAGLINE_MAX],
        synopsis=(text * 200)[:SYNOPSIS_MAX],
        source=None,
        scenes=scenes,
    )


def poll(title: str, option_titles: list[str]) -> Poll:
    options = tuple(PollOption(i, i, t, i % 2 == 0) for i, t in enumerate(option_titles, start=1))
    return Poll(
        1, 2, 3, 4, None, 1, title, 6, Method.SCHULZE, Status.CLOSED, NOW, NOW, NOW, 9, 9, options
    )


titles = hostile(FILM_TITLE_MAX)
scene_titles = st.lists(hostile(SCENE_TITLE_MAX), min_size=1, max_size=25)
prose = hostile(300)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(titles, scene_titles, prose, st.booleans(), st.integers(0, 30))
def test_film_and_scene_embeds(
    title: str, scenes: list[str], text: str, hide: bool, page: int
) -> None:
    made = film(title, scenes, text)
    check(film_page(made, page).embed)
    ranking = editorial_ranking(made)
    check(
        scene_list_page(made, ranking, heading="Best scenes", hide_spoilers=hide, page=page).embed
    )
    check(scene_page(made, made.scenes[-1], hide_spoilers=hide, page=page).embed)


@SETTINGS
@given(hostile(200), st.lists(titles, min_size=1, max_size=25))
def test_film_search_embed(query: str, found: list[str]) -> None:
    hits = [SearchHit(i, t, 1985, 90.0, t) for i, t in enumerate(found)]
    check(search_embed(query, hits))


@SETTINGS
@given(hostile(100), st.lists(st.tuples(titles, hostile(SCENE_TITLE_MAX)), max_size=25))
def test_favourite_show_and_top_embeds(name: str, pairs: list[tuple[str, str]]) -> None:
    lines = [FavouriteLine(f, s, i % 2 == 0, i) for i, (f, s) in enumerate(pairs)]
    for hide in (True, False):
        check(favourites_embed(name, lines, 7, hide))
        check(top_embed(None, lines, hide))
        check(top_embed(pairs[0][0] if pairs else "x", lines, hide))


@SETTINGS
@given(titles, scene_titles, st.booleans())
def test_poll_embeds(title: str, options: list[str], hide: bool) -> None:
    if len(options) < 2:
        options = [*options, "second"]
    made = poll(title, options)
    ids = [o.option for o in made.options]
    result = count("schulze", ids, [ids, ids[::-1], ids[1:] + ids[:1]])
    check(poll_embed(made, hide))
    check(ballot_embed(made, ids, hide, voted_before=True))
    check(results_embed(made, result, hide))


def test_results_with_maximal_hostile_titles_fit_the_message_total() -> None:
    """The reproduction: 25 titles of 200 markdown characters pushed results past 6,000."""
    made = poll(
        "*" * FILM_TITLE_MAX, [("_*" * 100)[: SCENE_TITLE_MAX - 1] + str(i % 10) for i in range(25)]
    )
    ids = [o.option for o in made.options]
    result = count("schulze", ids, [ids, ids[::-1]])
    check(
        results_embed(made, result, True),
    )
    check(results_embed(made, result, False))


@SETTINGS
@given(hostile(200), st.lists(titles, max_size=30))
def test_import_preview_embed(name: str, film_titles: list[str]) -> None:
    from bot.catalogue.imports import FileOutcome, FilmOutcome, ImportReport
    from bot.catalogue.models import FilmDraft, ImportProblem

    films = tuple(FilmOutcome(FilmDraft(title=t), "created", None, 5) for t in film_titles)
    problems = tuple(ImportProblem("warning", t, name, 3) for t in film_titles[:10])
    check(preview_embed(ImportReport((FileOutcome(name, films, problems),), True), name))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(HOSTILE + "ab"), max_size=400), st.integers(0, 300))
def test_cell_and_fit_never_exceed_and_never_open_a_spoiler(text: str, limit: int) -> None:
    for hidden in (False, True):
        made = cell(text, limit, hidden=hidden)
        assert len(made) <= max(limit, 0)
        assert len(_bars(made)) % 2 == 0
    marked = fit(f"||{text}|| and ||{text}||", limit)
    assert len(marked) <= limit and len(_bars(marked)) % 2 == 0


def test_the_builder_spends_the_message_total_on_the_description_last() -> None:
    builder = EmbedBuilder(title="t" * 300, footer="f" * 3000, author="a" * 300)
    for _ in range(30):
        builder.field("n" * 300, "v" * 2000)
    builder.lines(["line " * 100] * 50)
    embed = builder.build()
    check(embed)
    assert len(embed.fields) <= 25 and embed.description and "more" in embed.description
