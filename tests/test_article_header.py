"""Tests for the article parser's header, missing parts, and text handling."""

from __future__ import annotations

from datetime import date

import pytest

from bot.catalogue.article import MAX_WARNINGS, parse_article
from bot.catalogue.models import FILM_TITLE_MAX
from tests.article_helpers import (
    HEADER,
    HEADING,
    SYNOPSIS,
    article,
    line_of,
    messages,
    parse_ok,
    scenes,
)

# --- the header ---------------------------------------------------------------------------


def test_header_errors_leave_the_draft_out() -> None:
    text = article("Release Date: 15/12/1995\nGenres: Crime\n\n", SYNOPSIS, scenes(1))
    parsed = parse_article(text, "x")
    assert parsed.draft is None and not parsed.ok
    [error] = parsed.errors
    assert "no title" in error.message and error.line == 1


def test_empty_title() -> None:
    text = article("Site\n\nTitle:   \nGenres: Crime\n", SYNOPSIS, scenes(1))
    [error] = parse_article(text, "x").errors
    assert "no title" in error.message and error.line == 3


def test_title_too_long() -> None:
    text = article(f"Title: {'x' * (FILM_TITLE_MAX + 1)}\nGenres: Crime\n", SYNOPSIS, scenes(1))
    parsed = parse_article(text, "x")
    assert parsed.draft is None
    [error] = parsed.errors
    assert str(FILM_TITLE_MAX) in error.message and error.line == 1


@pytest.mark.parametrize("value", ["31/02/2000", "sometime in 1985", "11/21/1985", "21/11/1850"])
def test_bad_release_date(value: str) -> None:
    text = article(f"Title: Heat\n\nRelease Date: {value}\nGenres: Crime\n", SYNOPSIS, scenes(1))
    parsed = parse_article(text, "x")
    assert parsed.draft is None
    [error] = parsed.errors
    assert error.message.startswith("The release date cannot be read:")
    assert error.line == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1995-12-15", date(1995, 12, 15)),
        ("December 15, 1995", date(1995, 12, 15)),
        ("15 Dec. 1995", date(1995, 12, 15)),
    ],
)
def test_other_date_forms(value: str, expected: date) -> None:
    draft = parse_ok(article(f"Title: Heat\nRelease Date: {value}\n", SYNOPSIS, scenes(1)))
    assert draft.release_date == expected and draft.year == expected.year


def test_release_date_that_is_only_a_year() -> None:
    parsed = parse_article(article("Title: Heat\nReleased: 1995\n", SYNOPSIS, scenes(1)), "x")
    assert parsed.draft is not None
    assert (parsed.draft.release_date, parsed.draft.year) == (None, 1995)
    assert "The release date is only a year." in messages(parsed)


def test_missing_date_and_genres_are_warnings() -> None:
    text = article("Title: Heat\n\n", SYNOPSIS, scenes(1))
    parsed = parse_article(text, "x")
    assert parsed.ok and parsed.draft is not None
    assert parsed.draft.release_date is None and parsed.draft.genres == ()
    assert messages(parsed) == [
        "The film has no release date.",
        "The film has no genres.",
        "No “6 Best Scenes from …” heading before the first scene; the synopsis was taken to "
        "end where the first scene starts.",
    ]
    assert all(p.line == 1 for p in parsed.problems[:2])


def test_genres_are_mapped_and_deduplicated() -> None:
    text = article("Title: Heat\nGenres: sci-fi, Drama / drama | Sports; Space Opera\n", SYNOPSIS)
    parsed = parse_article(article(text, scenes(1)), "x")
    assert parsed.draft is not None
    assert parsed.draft.genres == ("Science Fiction", "Drama", "Sport")
    assert "Unknown genre “Space Opera” was dropped." in messages(parsed)


def test_optional_header_fields() -> None:
    text = article(
        "Title: Léon\nOriginal Title: Léon\n",
        "Also Known As: The Professional; Leon: The Professional\n",
        "Director:   Luc   Besson\nRuntime: 110 minutes\nTagline: If you want a job done well…\n",
        "Year: 1994\nCast: Jean Reno, Natalie Portman\n\nSynopsis: A hitman takes in a girl.\n\n",
        "Scene 1: The milk\nHe buys milk.",
    )
    parsed = parse_article(text, "x")
    assert parsed.draft is not None
    draft = parsed.draft
    assert draft.title == "Léon" and draft.original_title == "Léon"
    assert draft.alt_titles == ("The Professional", "Leon: The Professional")
    assert draft.director == "Luc Besson"
    assert draft.runtime == 110
    assert draft.tagline == "If you want a job done well…"
    assert draft.year == 1994 and draft.release_date is None
    assert draft.synopsis == "A hitman takes in a girl."
    assert "The “Cast” line was skipped." in messages(parsed)


@pytest.mark.parametrize(
    ("value", "minutes"),
    [("91 min", 91), ("91", 91), ("1h 31m", 91), ("2 hours", 120), ("1 hr 5 mins", 65)],
)
def test_runtimes(value: str, minutes: int) -> None:
    draft = parse_ok(article(f"Title: Heat\nRuntime: {value}\n", SYNOPSIS, scenes(1)))
    assert draft.runtime == minutes


def test_unreadable_runtime_is_a_warning() -> None:
    parsed = parse_article(article("Title: Heat\nRuntime: long\n", SYNOPSIS, scenes(1)), "x")
    assert parsed.draft is not None and parsed.draft.runtime is None
    assert any("runtime" in m for m in messages(parsed))


def test_duplicate_header_key_keeps_the_first() -> None:
    parsed = parse_article(article("Title: Heat\ntitle: Cold\n", SYNOPSIS, scenes(1)), "x")
    assert parsed.draft is not None and parsed.draft.title == "Heat"
    assert any("more than once" in p.message and p.line == 2 for p in parsed.warnings)


def test_no_header_at_all() -> None:
    parsed = parse_article("Just a blog post.\n\nScene 1: Something\nText.", "x")
    assert parsed.draft is None
    [error] = parsed.problems
    assert error.severity == "error" and "No header" in error.message


def test_header_after_the_scenes_is_not_a_header() -> None:
    parsed = parse_article("Scene 1: Something\nText.\n\nTitle: Heat\n", "x")
    assert parsed.draft is None
    assert "No header" in parsed.errors[0].message


def test_no_scenes() -> None:
    parsed = parse_article(article(HEADER, SYNOPSIS, HEADING, "Nothing here."), "x")
    assert parsed.draft is None
    [error] = parsed.errors
    assert "No scenes" in error.message
    assert error.line == line_of(article(HEADER, SYNOPSIS, HEADING), "3 Best Scenes")


def test_missing_synopsis_points_at_the_heading() -> None:
    text = article(HEADER, HEADING, scenes(3))
    parsed = parse_article(text, "x")
    assert parsed.draft is not None and parsed.draft.synopsis == ""
    [warning] = parsed.warnings
    assert warning.message == "The article has no synopsis."
    assert warning.line == line_of(text, "3 Best Scenes")


def test_blog_chrome_is_not_synopsis() -> None:
    text = article(
        "Film Nerd Central\nMenu | Search\n\n7 Best Moments from Heat Movie\n\n", HEADER, SYNOPSIS
    )
    draft = parse_ok(article(text, scenes(1)))
    assert draft.synopsis == SYNOPSIS.strip()


# --- text handling ------------------------------------------------------------------------


def test_unicode_survives_and_controls_go() -> None:
    text = article(
        "\ufeffTitle: Amélie\u00a0Poulain 🎬\r\nGenres: Romance\r\n\r\n",
        "Ｆｕｌｌ ｗｉｄｔｈ, ligature ﬁ, “quotes” and ‘single’ ones.\x00\x07\r\n\r\n",
        "Scene 1: Café des 2 Moulins 👩‍🍳\r\nShe\tcracks  crème brûlée.\x1b\r\n",
    )
    draft = parse_ok(text)
    assert draft.title == "Amélie\u00a0Poulain 🎬"
    assert draft.synopsis == "Ｆｕｌｌ ｗｉｄｔｈ, ligature ﬁ, “quotes” and ‘single’ ones."
    assert draft.scenes[0].title == "Café des 2 Moulins 👩‍🍳"
    assert draft.scenes[0].description == "She cracks crème brûlée."


def test_problem_lines_count_lines_of_the_original_text() -> None:
    text = "\ufeffChrome\r\n\r\nTitle: Heat\rRelease Date: 31/02/2000\r\n" + SYNOPSIS + scenes(1)
    [error] = parse_article(text, "x").errors
    assert error.line == 4


def test_warnings_are_capped() -> None:
    text = article(HEADER, SYNOPSIS, "".join(f"Scene {n}:\n" for n in range(1, 200, 2)))
    parsed = parse_article(text, "x")
    assert len(parsed.warnings) == MAX_WARNINGS + 1
    assert parsed.warnings[-1].message.startswith("…and ")
