"""Tests for the article parser on whole articles: the seed article and a messy one of ours."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.catalogue.article import parse_article
from bot.catalogue.models import FilmDraft, ParsedFilm
from tests.article_helpers import check_never_broken, line_of

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"
MARKER = re.compile(r"Scene \d+:")


# --- the seed article ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_text(seed_article: Path) -> str:
    return seed_article.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_draft(seed_text: str) -> FilmDraft:
    parsed = parse_article(seed_text, "rocky-iv-best-scenes.txt")
    assert parsed.problems == ()
    assert parsed.ok and parsed.draft is not None
    return parsed.draft


def seed_scene_headings(seed_text: str) -> list[str]:
    """The six scene titles, read independently of the parser (each runs to its line's end)."""
    titles = [m.group(1).strip() for m in re.finditer(r"Scene \d+: ([^\n]*)", seed_text)]
    # Scene 6's description continues on its line: its title is the first sentence.
    titles[5] = titles[5][: titles[5].index("fight.") + len("fight.")]
    return titles


def test_seed_header(seed_draft: FilmDraft) -> None:
    assert seed_draft.title == "Rocky IV"
    assert seed_draft.release_date == date(1985, 11, 21)
    assert seed_draft.year == 1985
    assert seed_draft.genres == ("Drama",)
    assert seed_draft.source == "rocky-iv-best-scenes.txt"


def test_seed_synopsis_skips_blog_chrome(seed_draft: FilmDraft) -> None:
    assert seed_draft.synopsis.startswith("Rocky IV, released")
    assert seed_draft.synopsis.endswith("human heart.")
    assert "We Watch Movie" not in seed_draft.synopsis
    assert "Best Scenes" not in seed_draft.synopsis
    assert "\n\n\n" not in seed_draft.synopsis
    assert all(p == p.strip() and "  " not in p for p in seed_draft.synopsis.split("\n\n"))


def test_seed_scene_titles(seed_text: str, seed_draft: FilmDraft) -> None:
    titles = [scene.title for scene in seed_draft.scenes]
    assert titles == seed_scene_headings(seed_text)
    assert len(titles) == 6
    assert titles[3] == "Rocky’s iconic training montage set to the song “Hearts on Fire”"
    assert titles[5].startswith("Rocky delivers a powerful speech")
    assert titles[5].endswith("the end of the fight.")


def test_seed_descriptions(seed_draft: FilmDraft) -> None:
    for scene in seed_draft.scenes:
        assert scene.description
        assert not MARKER.search(scene.description)
        assert scene.spoiler is False
    # The text before a mid-line marker stays with the scene before it.
    assert seed_draft.scenes[2].description.endswith("significant and impactful.")
    assert seed_draft.scenes[3].description.startswith("In this iconic scene")
    assert seed_draft.scenes[5].description.startswith("After defeating Ivan Drago")


def test_seed_keeps_curly_quotes(seed_draft: FilmDraft) -> None:
    assert "Rocky’s" in seed_draft.synopsis
    assert "“Hearts on Fire,”" in seed_draft.scenes[3].description
    assert "'" not in seed_draft.scenes[3].title


@pytest.mark.parametrize(
    "transform",
    [
        lambda text: text.replace("\n", "\r\n"),
        lambda text: text.replace("\n", "\r"),
        lambda text: "\ufeff" + text.replace("\n", "\r\n"),
        lambda text: text.replace("Title: ", "  tItLe   :  ").replace("Genres:", "GENRES :"),
        lambda text: text.replace("\n\n", "\n  \n\t\n"),
    ],
    ids=["crlf", "cr", "bom-crlf", "header-spelling", "blank-lines-with-spaces"],
)
def test_seed_variants_parse_the_same(
    seed_text: str, seed_draft: FilmDraft, transform: Callable[[str], str]
) -> None:
    parsed = parse_article(transform(seed_text), "rocky-iv-best-scenes.txt")
    assert parsed.problems == ()
    assert parsed.draft == seed_draft


def test_seed_without_its_heading_still_finds_the_scenes(seed_text: str) -> None:
    text = seed_text.replace("6 Best Scenes from Rocky IV", "")
    parsed = parse_article(text, "seed")
    assert parsed.draft is not None
    assert parsed.draft.synopsis.endswith("human heart.")
    assert len(parsed.draft.scenes) == 6
    [warning] = parsed.warnings
    assert "heading" in warning.message
    assert warning.line == line_of(text, "Scene 1:")


def test_valid_article_passes_the_invariants(seed_text: str) -> None:
    assert check_never_broken(seed_text).ok


# --- a messy article of our own -----------------------------------------------------------


@pytest.fixture(scope="module")
def third_man_text() -> str:
    return (FIXTURES / "the-third-man-best-scenes.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def third_man(third_man_text: str) -> ParsedFilm:
    return parse_article(third_man_text, "third-man.txt")


def test_fixture_header(third_man: ParsedFilm, third_man_text: str) -> None:
    draft = third_man.draft
    assert draft is not None
    assert draft.title == "The Third Man"
    assert draft.release_date == date(1949, 9, 2)
    assert draft.year == 1949
    assert draft.genres == ("Thriller", "Mystery")
    assert draft.director == "Carol Reed"
    assert draft.runtime == 104
    [warning] = third_man.problems
    assert warning.severity == "warning"
    assert "Film-Noir" in warning.message
    assert warning.line == line_of(third_man_text, "genres:")
    assert warning.source == "third-man.txt"


def test_fixture_synopsis(third_man: ParsedFilm) -> None:
    assert third_man.draft is not None
    paragraphs = third_man.draft.synopsis.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Holly Martins, who writes cheap westerns for a living")
    assert "carved up between four armies" in paragraphs[0]  # lines of a paragraph are joined
    assert "A “third man” helped" in paragraphs[1]
    assert paragraphs[2].endswith("left closed.")


def test_fixture_scenes(third_man: ParsedFilm) -> None:
    assert third_man.draft is not None
    found = third_man.draft.scenes
    assert [scene.title for scene in found] == [
        "Holly and Major Calloway clash in a smoky bar",
        "Dr. Winkel shows off his collection of religious relics.",
        "A cat in a dark doorway",
        "Mr. Lime explains the view from the wheel vs. the view from the ground",
        "The chase through the sewers",
    ]
    assert found[0].description.count("\n\n") == 1
    assert found[1].description.startswith("Holly visits the doctor who was present")
    assert found[1].description.endswith("plenty to hide.")
    assert found[2].description.startswith("A kitten curls up")
    assert found[4].description.endswith("one single tunnel.")
