"""Tests for release-date parsing (bot.catalogue.dates)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.catalogue.dates import MAX_YEAR, MIN_YEAR, parse_release_date
from bot.errors import ValidationError

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

ROCKY_IV = date(1985, 11, 21)


@pytest.mark.parametrize(
    "text",
    [
        "21/11/1985",
        "21-11-1985",
        "21.11.1985",
        "1985-11-21",
        "1985/11/21",
        "November 21, 1985",
        "21 November 1985",
        "Nov 21, 1985",
        "Nov. 21 1985",
        "Nov. 21, 1985",
        "november 21 1985",
        "NOVEMBER 21, 1985",
        "21 Nov. 1985",
        "21 Nov, 1985",
        "21st November 1985",
        "21st of November, 1985",
        "November 21st, 1985",
        "  21/11/1985  ",
        "November   21,\t1985",
    ],
)
def test_accepted_forms(text: str) -> None:
    assert parse_release_date(text) == ROCKY_IV


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/2/2000", date(2000, 2, 1)),  # day first, always
        ("01/02/2000", date(2000, 2, 1)),
        ("29/02/2000", date(2000, 2, 29)),
        ("Sept 3, 1999", date(1999, 9, 3)),
        ("Sep. 3 1999", date(1999, 9, 3)),
        ("1 May 1870", date(1870, 5, 1)),
        ("31 December 2100", date(2100, 12, 31)),
    ],
)
def test_more_dates(text: str, expected: date) -> None:
    assert parse_release_date(text) == expected


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("31/02/2000", "February 2000 has 29 days"),
        ("29/02/1900", "February 1900 has 28 days"),
        ("32/01/2000", "January 2000 has 31 days"),
        ("0/01/2000", "January 2000 has 31 days"),
        ("31 April 1999", "April 1999 has 30 days"),
        ("11/21/1985", "day first"),
        ("21/00/1985", "no month 0"),
        ("31/12/1869", "outside the range 1870–2100"),
        ("1/1/2101", "outside the range 1870–2100"),
        ("Novembre 21, 1985", "not the name of a month"),
        ("21 Smarch 1985", "not the name of a month"),
        ("", "Please give a release date"),
        ("   ", "Please give a release date"),
        ("soon", "not a date I can read"),
        ("1985", "not a date I can read"),
        ("21/11/85", "not a date I can read"),
        ("21/11-1985", "not a date I can read"),
        ("November 1985", "not a date I can read"),
        ("21/11/1985 and more", "not a date I can read"),
        ("x" * 500, "too long"),
    ],
)
def test_rejected(text: str, hint: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_release_date(text)
    assert hint in caught.value.message
    assert "Traceback" not in str(caught.value)


def test_unreadable_message_gives_examples() -> None:
    with pytest.raises(ValidationError, match=r"21/11/1985, 1985-11-21 or November 21, 1985"):
        parse_release_date("next summer")


FORMATS: dict[str, Callable[[date], str]] = {
    "d/m/y": lambda d: f"{d.day}/{d.month}/{d.year}",
    "dd/mm/yyyy": lambda d: f"{d.day:02}/{d.month:02}/{d.year}",
    "dd-mm-yyyy": lambda d: f"{d.day:02}-{d.month:02}-{d.year}",
    "dd.mm.yyyy": lambda d: f"{d.day:02}.{d.month:02}.{d.year}",
    "iso": lambda d: d.isoformat(),
    "month d, y": lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    "d month y": lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    "mon d, y": lambda d: f"{MONTHS[d.month - 1][:3]} {d.day}, {d.year}",
    "mon. d y": lambda d: f"{MONTHS[d.month - 1][:3]}. {d.day} {d.year}",
}

VALID_DATES = st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31))


@given(VALID_DATES, st.sampled_from(sorted(FORMATS)))
def test_round_trip(value: date, form: str) -> None:
    assert parse_release_date(FORMATS[form](value)) == value


@given(
    st.dates(max_value=date(MIN_YEAR - 1, 12, 31)) | st.dates(min_value=date(MAX_YEAR + 1, 1, 1))
)
def test_years_out_of_range_are_refused(value: date) -> None:
    with pytest.raises(ValidationError):
        parse_release_date(f"{value.day}/{value.month}/{value.year:04}")


@given(st.text(max_size=80))
def test_anything_else_is_a_date_or_a_validation_error(text: str) -> None:
    try:
        result = parse_release_date(text)
    except ValidationError as error:
        assert error.message
    else:
        assert MIN_YEAR <= result.year <= MAX_YEAR
