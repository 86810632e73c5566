"""Poll durations as people write them: "90m", "1h30m", "2 days", "1 week", "1 day 12 hours"."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.errors import ValidationError

MIN_DURATION = timedelta(minutes=10)
MAX_DURATION = timedelta(days=14)
DEFAULT_DURATION = timedelta(hours=24)
ACCEPTED = "minutes, hours, days or weeks, such as 90m, 2h, 1h30m, 2 days, 1 week or 1 day 12 hours"

_UNITS: dict[str, str] = {}
for _unit, _spellings in {
    "weeks": ("w", "wk", "wks", "week", "weeks"),
    "days": ("d", "day", "days"),
    "hours": ("h", "hr", "hrs", "hour", "hours"),
    "minutes": ("m", "min", "mins", "minute", "minutes"),
}.items():
    for _spelling in _spellings:
        _UNITS[_spelling] = _unit
_PART = re.compile(r"([0-9]{1,5})\s*([a-z]+)")
_GLUE = re.compile(r"[\s,]+|\band\b")


def parse_duration(text: str) -> timedelta:
    """A duration between 10 minutes and 14 days; a bare number is minutes."""
    cleaned = text.strip().lower()
    if cleaned.isascii() and cleaned.isdigit():
        cleaned += "m"
    total = timedelta()
    position, found = 0, 0
    for match in _PART.finditer(cleaned):
        unit = _UNITS.get(match[2])
        if unit is None or _GLUE.sub("", cleaned[position : match.start()]):
            break
        total += timedelta(**{unit: int(match[1])})
        position, found = match.end(), found + 1
    if not found or _GLUE.sub("", cleaned[position:]):
        raise ValidationError(f"“{text[:40]}” is not a duration I understand: use {ACCEPTED}.")
    if not MIN_DURATION <= total <= MAX_DURATION:
        raise ValidationError("A poll runs for at least 10 minutes and at most 14 days.")
    return total
