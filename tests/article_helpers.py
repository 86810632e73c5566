"""Helpers shared by the article parser tests (tests/test_article_*.py)."""

from __future__ import annotations

import re

from bot.catalogue.article import parse_article
from bot.catalogue.genres import GENRES
from bot.catalogue.models import (
    FILM_TITLE_MAX,
    MAX_SCENES,
    SCENE_TITLE_MAX,
    FilmDraft,
    ImportProblem,
    ParsedFilm,
)

HEADER = "Title: Heat\nRelease Date: 15/12/1995\nGenres: Crime, Thriller\n\n"
SYNOPSIS = "A crew of thieves and the detective who hunts them.\n\n"
HEADING = "3 Best Scenes from Heat\n\n"


def article(*parts: str) -> str:
    return "".join(parts)


def scenes(count: int, numbers: list[int] | None = None) -> str:
    numbers = numbers or list(range(1, count + 1))
    return "".join(
        f"Scene {n}: Moment number {n}\nWhat happens in moment {n}.\n\n" for n in numbers
    )


def parse_ok(text: str) -> FilmDraft:
    parsed = parse_article(text, "test.txt")
    assert parsed.errors == (), parsed.problems
    assert parsed.draft is not None
    return parsed.draft


def messages(parsed: ParsedFilm, severity: str = "warning") -> list[str]:
    return [p.message for p in parsed.problems if p.severity == severity]


def line_count(text: str) -> int:
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line containing ``needle``."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def check_never_broken(text: str) -> ParsedFilm:
    parsed = parse_article(text, "fuzz.txt")
    assert isinstance(parsed, ParsedFilm)
    lines = line_count(text)
    for problem in parsed.problems:
        assert isinstance(problem, ImportProblem)
        assert problem.source == "fuzz.txt"
        assert problem.line is None or 1 <= problem.line <= lines
    if parsed.draft is None:
        assert parsed.errors
    else:
        assert not parsed.errors
        draft = parsed.draft
        assert draft.title and len(draft.title) <= FILM_TITLE_MAX
        assert draft.scenes and len(draft.scenes) <= MAX_SCENES
        assert set(draft.genres) <= set(GENRES)
        for scene in draft.scenes:
            assert scene.title and len(scene.title) <= SCENE_TITLE_MAX
            assert not re.search(r"(?<!\w)Scene[ \t]+#?[0-9]+[ \t]*:", scene.description)
    return parsed
