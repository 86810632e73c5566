"""Reading release dates written the ways film articles write them.

Accepted forms (case-insensitive, extra spaces tolerated):

* day/month/year, always day first: ``21/11/1985``, ``21-11-1985``, ``21.11.1985``
* ISO year-month-day: ``1985-11-21`` (also ``1985/11/21`` and ``1985.11.21``)
* month name first: ``November 21, 1985``, ``Nov 21, 1985``, ``Nov. 21 1985``, ``Sept 3rd, 1999``
* day first with a month name: ``21 November 1985``, ``21 Nov. 1985``, ``21st of November, 1985``

Years must lie within :data:`MIN_YEAR` .. :data:`MAX_YEAR`. Every failure is a
:class:`~bot.errors.ValidationError` whose message a user may read.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from bot.errors import ValidationError

MIN_YEAR = 1870
MAX_YEAR = 2100
# Nothing longer than this can be one of the accepted forms ("21st of September, 1985" is 22).
_MAX_LENGTH = 64

_EXAMPLES = "21/11/1985, 1985-11-21 or November 21, 1985"

# English names, spelled out here: calendar.month_name follows the process locale.
_MONTH_NAMES = (
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
_MONTHS: dict[str, int] = {"sept": 9}
for _number, _name in enumerate(_MONTH_NAMES, start=1):
    _MONTHS[_name.casefold()] = _number
    _MONTHS[_name[:3].casefold()] = _number

# Only ASCII digits: the numbers are read with int(), which would accept other scripts too.
_DAY_FIRST_NUMERIC = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
_YEAR_FIRST_NUMERIC = re.compile(r"([0-9]{4})([/.-])([0-9]{1,2})\2([0-9]{1,2})")
_ORDINAL = r"(?:st|nd|rd|th)?"
_MONTH_NAME_FIRST = re.compile(
    rf"([a-z]+)(?:\. ?| )([0-9]{{1,2}}){_ORDINAL},? ([0-9]{{4}})", re.IGNORECASE
)
_DAY_FIRST_NAMED = re.compile(
    rf"([0-9]{{1,2}}){_ORDINAL} (?:of )?([a-z]+)\.?,? ([0-9]{{4}})", re.IGNORECASE
)


def parse_release_date(text: str) -> date:
    """Return the date written in ``text``; raise ``ValidationError`` when it is not one."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValidationError(f"Please give a release date, for example {_EXAMPLES}.")
    if len(cleaned) > _MAX_LENGTH:
        raise ValidationError(
            f"That is too long to be a release date. Use a form like {_EXAMPLES}."
        )
    day, month, year = _split_date(cleaned)
    return _checked_date(cleaned, year, month, day)


def _split_date(text: str) -> tuple[int, int, int]:
    """Return ``(day, month, year)`` as written, before any range check."""
    if match := _DAY_FIRST_NUMERIC.fullmatch(text):
        return int(match[1]), int(match[3]), int(match[4])
    if match := _YEAR_FIRST_NUMERIC.fullmatch(text):
        return int(match[4]), int(match[3]), int(match[1])
    if match := _MONTH_NAME_FIRST.fullmatch(text):
        return int(match[2]), _month_number(match[1], text), int(match[3])
    if match := _DAY_FIRST_NAMED.fullmatch(text):
        return int(match[1]), _month_number(match[2], text), int(match[3])
    raise ValidationError(f"“{text}” is not a date I can read. Use a form like {_EXAMPLES}.")


def _month_number(name: str, text: str) -> int:
    number = _MONTHS.get(name.casefold())
    if number is None:
        raise ValidationError(f"“{name}” in “{text}” is not the name of a month.")
    return number


def _checked_date(text: str, year: int, month: int, day: int) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            f"The year {year} in “{text}” is outside the range {MIN_YEAR}–{MAX_YEAR}."
        )
    if not 1 <= month <= 12:
        raise ValidationError(
            f"“{text}” has no month {month}. Dates are read day first: day/month/year."
        )
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        raise ValidationError(
            f"“{text}” is not a real date: {_MONTH_NAMES[month - 1]} {year} has {last_day} days."
        )
    return date(year, month, day)
