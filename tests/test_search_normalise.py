"""Unit tests of the pure normalisation functions behind film search."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.catalogue.search.normalise import (
    canonical_tokens,
    fold,
    parse_query,
    strip_article,
    title_forms,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Amélie", "amelie"),
        ("AMÉLIE", "amelie"),
        ("Crème Brûlée", "creme brulee"),
        ("Smörgåsbord", "smorgasbord"),
        ("Øresund", "oresund"),
        ("Straße", "strasse"),
        ("Mission: Impossible", "mission impossible"),
        ("Ocean's Eleven", "oceans eleven"),
        ("Ocean’s Eleven", "oceans eleven"),
        ("WALL·E", "wall e"),
        ("Wall-E", "wall e"),
        ("M*A*S*H", "m a s h"),
        ("M.A.S.H.", "mash"),
        ("A.I. Artificial Intelligence", "ai artificial intelligence"),
        ("Fast & Furious", "fast and furious"),
        ("8½", "8 1 2"),
        ("8 1/2", "8 1 2"),
        (
            "Star Wars: Episode V - The Empire Strikes Back",
            "star wars episode v the empire strikes back",
        ),
        ("L'Avventura", "l avventura"),
        ("Le Fabuleux Destin d'Amélie Poulain", "le fabuleux destin d amelie poulain"),
        ("  lots   of\tspace ", "lots of space"),
        ("!!!", ""),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("tokens", "stripped"),
    [
        (["the", "godfather"], ["godfather"]),
        (["a", "new", "hope"], ["new", "hope"]),
        (["an", "american", "werewolf"], ["american", "werewolf"]),
        (["l", "avventura"], ["avventura"]),
        (["la", "dolce", "vita"], ["dolce", "vita"]),
        (["les", "miserables"], ["miserables"]),
        (["el", "laberinto"], ["laberinto"]),
        (["das", "boot"], ["boot"]),
        (["the"], ["the"]),  # nothing would be left
        (["godfather", "the"], ["godfather", "the"]),  # only a leading article
        (["the", "the", "film"], ["the", "film"]),  # only one
    ],
)
def test_strip_article(tokens: list[str], stripped: list[str]) -> None:
    assert strip_article(tokens) == stripped


@pytest.mark.parametrize(
    ("tokens", "canonical"),
    [
        (["rocky", "iv"], ["rocky", "4"]),
        (["rocky", "4"], ["rocky", "4"]),
        (["godfather", "part", "ii"], ["godfather", "part", "2"]),
        (["star", "wars", "episode", "xx"], ["star", "wars", "episode", "20"]),
        (["oceans", "eleven"], ["oceans", "11"]),
        (["seven", "samurai"], ["7", "samurai"]),
        (["se7en"], ["7"]),
        (["fo4r"], ["4"]),  # the digit stands for a letter of its own number word
        (["f1ve"], ["f1ve"]),  # "1" is not "one"
        (["8", "and", "a", "half"], ["8", "1", "2"]),
        (["i", "robot"], ["1", "robot"]),
        (["xxi", "mix", "civil"], ["xxi", "mix", "civil"]),  # not a numeral I..XX
        (["t2", "r2d2", "1984"], ["t2", "r2d2", "1984"]),
    ],
)
def test_canonical_tokens(tokens: list[str], canonical: list[str]) -> None:
    assert canonical_tokens(tokens) == canonical


def test_title_forms() -> None:
    forms = title_forms("The Godfather Part II")
    assert forms.plain == "godfather part ii"
    assert forms.canonical == "godfather part 2"
    assert forms.squashed == "godfatherpartii"
    assert forms.initials == "gpi"
    assert forms.full == "the godfather part ii"
    assert forms.matchable() == ("godfather part ii", "godfather part 2", "godfatherpartii")


def test_title_forms_of_short_titles_have_no_squashed_or_initials() -> None:
    forms = title_forms("Amélie")
    assert (forms.plain, forms.canonical, forms.squashed, forms.initials, forms.full) == (
        "amelie",
        "amelie",
        "",
        "",
        "",
    )
    assert forms.matchable() == ("amelie",)


def test_a_lone_i_stays_a_letter_in_the_plain_form() -> None:
    forms = title_forms("I, Robot")
    assert forms.plain == "i robot"
    assert forms.canonical == "1 robot"


def test_title_forms_of_nothing_are_empty() -> None:
    assert title_forms("?!").plain == ""


@pytest.mark.parametrize(
    ("query", "text", "year"),
    [
        ("dune 1984", "dune", 1984),
        ("Dune (2021)", "Dune", 2021),
        ("dune [2021]", "dune", 2021),
        ("the thing, 1982", "the thing,", 1982),
        ("(1983) scarface", "scarface", 1983),
        ("1917", "1917", None),  # the year alone is the title
        ("2001", "2001", None),
        ("(1984)", "(1984)", None),
        ("2001 a space odyssey", "2001 a space odyssey", None),  # not at the end
        ("blade runner 2049", "blade runner", 2049),
        ("fahrenheit 451", "fahrenheit 451", None),  # not four digits
        ("apollo 1302", "apollo 1302", None),  # out of 1870..2100
        ("rocky 4", "rocky 4", None),
        ("", "", None),
    ],
)
def test_parse_query(query: str, text: str, year: int | None) -> None:
    parsed = parse_query(query)
    assert (parsed.text, parsed.year) == (text, year)


def test_parse_query_keeps_the_year_as_text_too() -> None:
    assert fold(parse_query("blade runner 2049").full_text) == "blade runner 2049"
    assert fold(parse_query("dune (2021)").full_text) == "dune 2021"
    assert parse_query("jaws").full_text == "jaws"


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(st.text())
def test_tokens_are_non_empty_words(text: str) -> None:
    for token in tokenize(text):
        assert token and token == token.casefold()
        assert not any(c.isspace() for c in token)
        assert all(c.isalnum() for c in token)


@given(st.lists(st.sampled_from(["i", "iv", "x", "seven", "and", "a", "half", "se7en", "rocky"])))
def test_canonical_tokens_is_idempotent(tokens: list[str]) -> None:
    once = canonical_tokens(tokens)
    assert canonical_tokens(once) == once


@given(st.text())
def test_parse_query_never_fails_and_years_are_in_range(text: str) -> None:
    parsed = parse_query(text)
    assert parsed.year is None or 1870 <= parsed.year <= 2100
    assert tokenize(parsed.text) or parsed.year is None
