"""Tests for the best-scenes article parser (bot.catalogue.article)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.catalogue.article import MAX_WARNINGS, parse_article
from bot.catalogue.genres import GENRES
from bot.models import (
    FILM_TITLE_MAX,
    MAX_SCENES,
    SCENE_TITLE_MAX,
    FilmDraft,
    ImportProblem,
    ParsedFilm,
)

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "rocky-iv-best-scenes.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"
MARKER = re.compile(r"Scene \d+:")

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


# --- the seed article ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED} (it lives in ../shared/seeds)")
    return SEED.read_text(encoding="utf-8")


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


# --- scenes -------------------------------------------------------------------------------


def test_marker_in_the_middle_of_a_line() -> None:
    text = article(
        HEADER,
        SYNOPSIS,
        HEADING,
        "Scene 1: The bank job\nThe crew walks out in masks. It goes wrong fast. ",
        "Scene 2: The diner\nTwo men talk over coffee. Scene 3: The airport\nThe last chase.",
    )
    draft = parse_ok(text)
    assert [s.title for s in draft.scenes] == ["The bank job", "The diner", "The airport"]
    assert draft.scenes[0].description == "The crew walks out in masks. It goes wrong fast."
    assert draft.scenes[1].description == "Two men talk over coffee."
    assert draft.scenes[2].description == "The last chase."


def test_several_markers_on_one_line() -> None:
    text = article(HEADER, SYNOPSIS, HEADING, "Scene 1: One Scene 2: Two Scene 3: Three")
    parsed = parse_article(text, "x")
    assert parsed.draft is not None
    assert [s.title for s in parsed.draft.scenes] == ["One", "Two", "Three"]
    assert all("no description" in m for m in messages(parsed))


def test_title_sharing_its_line_with_the_description() -> None:
    text = article(
        HEADER,
        SYNOPSIS,
        HEADING,
        scenes(2),
        "Scene 3: The shootout downtown. Gunfire echoes between\nthe office towers.\n\n",
        "It lasts ten minutes.",
    )
    scene = parse_ok(text).scenes[2]
    assert scene.title == "The shootout downtown."
    assert scene.description == "Gunfire echoes between the office towers.\n\nIt lasts ten minutes."


def test_title_on_the_line_after_its_marker() -> None:
    text = article(HEADER, SYNOPSIS, "Scene 1:\n\nThe heist\nIt goes wrong.\n")
    scene = parse_ok(text).scenes[0]
    assert scene.title == "The heist"
    assert scene.description == "It goes wrong."


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (
            "Mr. T trains in the U.S. Army gym vs. Drago. He lifts a truck.",
            "Mr. T trains in the U.S. Army gym vs. Drago.",
        ),
        ("Dr. Drago meets St. Nick on Jan. 5 in Moscow", None),
        ("J. R. R. Tolkien makes a cameo. Nobody notices.", "J. R. R. Tolkien makes a cameo."),
        ("A 3.5 second knockout. The crowd gasps.", "A 3.5 second knockout."),
        ("Rocky vs. Drago, round 15. Both men stagger.", "Rocky vs. Drago, round 15."),
        ("He shouts “Stop!” The crowd falls silent.", "He shouts “Stop!”"),
        ("Is it over? Rocky stands up.", "Is it over?"),
        ("The fight ends at 11 p.m. sharp", None),
        ("Drago says e.g. nothing at all", None),
        ("A title with no full stop", None),
        ("A title that ends with one.", None),
        ("Wait... What was that? The lights go out.", "Wait..."),
        ("The lights go out. (Nobody sees it coming.)", "The lights go out."),
        ("Apollo dies. “Stop the fight,” says nobody.", "Apollo dies."),
    ],
)
def test_scene_titles_with_abbreviations(line: str, title: str | None) -> None:
    draft = parse_ok(article(HEADER, SYNOPSIS, f"Scene 1: {line}\n\nMore.\n"))
    expected_title = title or line
    assert draft.scenes[0].title == expected_title
    rest = line[len(expected_title) :].strip()
    assert draft.scenes[0].description == (f"{rest}\n\nMore." if rest else "More.")


def test_mr_title_mr_description() -> None:
    text = article(
        HEADER, SYNOPSIS, "Scene 1: Mr. Smith goes to Washington. Mr. Smith talks for hours.\n"
    )
    scene = parse_ok(text).scenes[0]
    assert scene.title == "Mr. Smith goes to Washington."
    assert scene.description == "Mr. Smith talks for hours."


def test_scene_numbers_skipped() -> None:
    text = article(HEADER, SYNOPSIS, HEADING, scenes(3, [1, 2, 4]))
    parsed = parse_article(text, "x")
    assert parsed.draft is not None
    assert [s.title for s in parsed.draft.scenes] == [
        "Moment number 1",
        "Moment number 2",
        "Moment number 4",
    ]
    [warning] = parsed.warnings
    assert "Scene 4 follows scene 2" in warning.message
    assert warning.line == line_of(text, "Scene 4:")


def test_scene_numbers_repeated_and_out_of_order() -> None:
    text = article(HEADER, SYNOPSIS, "4 Best Scenes from Heat\n", scenes(4, [2, 2, 1, 3]))
    parsed = parse_article(text, "x")
    assert parsed.draft is not None
    # Ranks follow the order of appearance, whatever the numbers say.
    assert [s.description for s in parsed.draft.scenes] == [
        "What happens in moment 2.",
        "What happens in moment 2.",
        "What happens in moment 1.",
        "What happens in moment 3.",
    ]
    found = messages(parsed)
    assert "The scenes start at scene 2 instead of scene 1." in found
    assert any("Scene 2 is numbered more than once" in m for m in found)
    assert any("Scene 1 follows scene 2" in m for m in found)
    assert any("Scene 3 follows scene 1" in m for m in found)
    assert len(found) == 4


def test_heading_promises_more_scenes_than_present() -> None:
    text = article(HEADER, SYNOPSIS, "6 Best Scenes from Heat\n\n", scenes(5))
    parsed = parse_article(text, "x")
    assert parsed.draft is not None and len(parsed.draft.scenes) == 5
    [warning] = parsed.warnings
    assert warning.message == "The heading promises 6 scenes but 5 were found."
    assert warning.line == line_of(text, "6 Best Scenes")


def test_heading_in_words_and_fewer_promised() -> None:
    text = article(HEADER, SYNOPSIS, "The Top Two Moments in Heat:\n", scenes(3))
    parsed = parse_article(text, "x")
    assert [p.message for p in parsed.problems] == [
        "The heading promises 2 scenes but 3 were found."
    ]


def test_no_heading_synopsis_ends_at_first_marker() -> None:
    text = article(
        HEADER,
        "The crew plans one last job.\n\nIt does not go well. Scene 1: The bank\nGunfire.\n",
    )
    parsed = parse_article(text, "x")
    assert parsed.draft is not None
    assert parsed.draft.synopsis == "The crew plans one last job.\n\nIt does not go well."
    assert parsed.draft.scenes[0].title == "The bank"
    [warning] = parsed.warnings
    assert "heading" in warning.message and warning.line == line_of(text, "Scene 1:")


def test_text_between_heading_and_first_scene_is_ignored_with_a_warning() -> None:
    text = article(HEADER, SYNOPSIS, HEADING, "Here are our picks!\n\n", scenes(3))
    parsed = parse_article(text, "x")
    assert parsed.draft is not None
    assert "picks" not in parsed.draft.synopsis
    assert all("picks" not in s.description for s in parsed.draft.scenes)
    [warning] = parsed.warnings
    assert warning.line == line_of(text, "picks")


def test_empty_description_and_missing_title() -> None:
    text = article(HEADER, SYNOPSIS, HEADING, "Scene 1: Alone\n\nScene 2:\nScene 3: Last\nText.")
    parsed = parse_article(text, "x")
    assert parsed.draft is not None
    first, second, third = parsed.draft.scenes
    assert (first.title, first.description) == ("Alone", "")
    # "Scene 2:" has nothing before the next marker: no title, no description.
    assert (second.title, second.description) == ("Scene 2", "")
    assert (third.title, third.description) == ("Last", "Text.")
    found = messages(parsed)
    assert "Scene 1 (“Alone”) has no description." in found
    assert "Scene 2 has no title." in found


def test_long_scene_title_is_shortened_at_a_word_boundary() -> None:
    long_title = " ".join(["Rocky runs up the mountain"] * 20)
    text = article(HEADER, SYNOPSIS, f"Scene 1: {long_title}\nHe gets there.\n")
    parsed = parse_article(text, "x")
    assert parsed.draft is not None
    title = parsed.draft.scenes[0].title
    assert len(title) <= SCENE_TITLE_MAX
    assert title.endswith("…")
    assert long_title.startswith(title[:-1])
    assert long_title[len(title) - 1] == " "  # cut before a space, not inside a word
    assert any("longer than" in m for m in messages(parsed))


def test_too_many_scenes_are_cut() -> None:
    text = article(HEADER, SYNOPSIS, scenes(MAX_SCENES + 5))
    parsed = parse_article(text, "x")
    assert parsed.draft is not None
    assert len(parsed.draft.scenes) == MAX_SCENES
    assert any(f"only the first {MAX_SCENES}" in m for m in messages(parsed))


def test_markers_need_a_number_and_a_colon() -> None:
    text = article(
        HEADER,
        SYNOPSIS,
        "Scene 1: Start\nThis scene is tense. Behind the Scene 2 crew.",
        " Outscene 3: no. scene 4: no.",
    )
    draft = parse_ok(text)
    assert len(draft.scenes) == 1


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


# --- robustness ---------------------------------------------------------------------------


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


FRAGMENTS = [
    "Title: Rocky IV",
    "title :",
    "Release Date: 21/11/1985",
    "Release Date: 31/02/2000",
    "Released: 1985",
    "Genres: Drama, sci-fi, Nope",
    "Runtime: 91 min",
    "Director: Mr. X",
    "Also Known As: A; B",
    "Synopsis: Once.",
    "Cast: someone",
    "6 Best Scenes from Rocky IV",
    "The Top Ten Moments in X:",
    "Scene 1:",
    "Scene 2: Dr. Who vs. U.S. Army. Then more.",
    "Scene 2:",
    "Scene #9: ",
    "SCENE 3: Loud",
    "Mr. J. R. R. Tolkien... ",
    "“curly” ‘quotes’",
    "…",
    "\ufeff",
    "\x00\x1b\x85",
    "\u2028\u2029",
    " ",
    "\t",
    ".",
    "Scene",
]
SEPARATORS = ["\n", "\r\n", "\r", "\n\n", " ", ""]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_random_text_never_raises(text: str) -> None:
    check_never_broken(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(FRAGMENTS) | st.text(max_size=12), st.sampled_from(SEPARATORS)),
        max_size=40,
    )
)
def test_mixes_of_article_parts_never_raise(parts: list[tuple[str, str]]) -> None:
    check_never_broken("".join(fragment + separator for fragment, separator in parts))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(FRAGMENTS) | st.text(min_size=1, max_size=30), min_size=1, max_size=20
    ),
    st.sampled_from(SEPARATORS),
)
def test_huge_inputs_never_raise(parts: list[str], separator: str) -> None:
    chunk = separator.join(parts) + "\n"
    check_never_broken(chunk * (200_000 // len(chunk) + 1))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(FRAGMENTS) | st.text(max_size=12), st.sampled_from(SEPARATORS)),
        max_size=40,
    )
)
def test_drafts_pass_the_catalogue_validation(parts: list[tuple[str, str]]) -> None:
    validation = pytest.importorskip("bot.catalogue.validation")
    text = "Title: Rocky IV\n" + "".join(fragment + separator for fragment, separator in parts)
    parsed = parse_article(text, "fuzz.txt")
    if parsed.draft is not None:
        validation.clean_draft(parsed.draft)  # raises ValidationError if a limit is broken


def test_valid_article_passes_the_invariants(seed_text: str) -> None:
    assert check_never_broken(seed_text).ok


MEGABYTE = 1_000_000
PATHOLOGICAL = {
    "article": lambda: HEADER + SYNOPSIS + scenes(1) + "Words go on. " * (MEGABYTE // 13),
    "periods": lambda: HEADER + "Scene 1: " + "." * MEGABYTE,
    "initials": lambda: HEADER + "Scene 1: " + "A. " * (MEGABYTE // 3),
    "lowercase-sentences": lambda: HEADER + "Scene 1: " + "a. b " * (MEGABYTE // 5),
    "spaces-after-scene": lambda: HEADER + "Scene" + " " * MEGABYTE,
    "scene-words": lambda: HEADER + "Scene " * (MEGABYTE // 6),
    "markers": lambda: HEADER + "Scene 1: " * (MEGABYTE // 9),
    "header-lines": lambda: "Title: x\n" * (MEGABYTE // 9),
    "colons": lambda: "Title" + ":" * MEGABYTE,
    "blank-lines": lambda: HEADER + "\n" * MEGABYTE,
    "genres": lambda: "Title: x\nGenres: " + "Drama, nope, " * (MEGABYTE // 13),
    "alt-titles": lambda: "Title: x\nAlso Known As: " + "y; " * (MEGABYTE // 3),
    "long-heading-like": lambda: HEADER + "6 best scenes from " + "x " * MEGABYTE,
}


@pytest.mark.parametrize("make", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_a_megabyte_parses_quickly(make: Callable[[], str]) -> None:
    text = make()
    started = time.perf_counter()
    check_never_broken(text)
    assert time.perf_counter() - started < 1.0
