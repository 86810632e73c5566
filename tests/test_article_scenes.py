"""Tests for the article parser's body: scene markers, titles, descriptions and the heading."""

from __future__ import annotations

import pytest

from bot.catalogue.article import parse_article
from bot.catalogue.models import MAX_SCENES, SCENE_TITLE_MAX
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
