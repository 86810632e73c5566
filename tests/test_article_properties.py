"""Robustness tests for the article parser: random and garbage input, and its speed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.catalogue.article import parse_article
from bot.catalogue.validation import clean_draft
from tests.article_helpers import HEADER, SYNOPSIS, check_never_broken, scenes

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
    text = "Title: Rocky IV\n" + "".join(fragment + separator for fragment, separator in parts)
    parsed = parse_article(text, "fuzz.txt")
    if parsed.draft is not None:
        cleaned = clean_draft(parsed.draft)  # raises ValidationError if a limit is broken
        assert cleaned.title == parsed.draft.title
        assert len(cleaned.scenes) == len(parsed.draft.scenes)


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
def test_a_pathological_megabyte_parses_without_breaking(make: Callable[[], str]) -> None:
    # How fast belongs to `make bench` (benchmarks/article_bench.py), measured against a
    # well-formed megabyte in the same run; here only that it finishes and stays well-formed.
    check_never_broken(make())
