"""Poll durations such as "90m", "2h", "3d" or "1h30m"."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.errors import ValidationError

MIN_DURATION = timedelta(minutes=10)
MAX_DURATION = timedelta(days=14)
DEFAULT_DURATION = timedelta(hours=24)

_PART = re.compile(r"(\d{1,5})\s*(d|h|m)", re.IGNORECASE)
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def parse_duration(text: str) -> timedelta:
    cleaned = text.strip().lower().replace(" ", "")
    if cleaned.isdigit():
        cleaned += "m"
    parts = _PART.findall(cleaned)
    if not parts or "".join(n + u for n, u in parts) != cleaned:
        raise ValidationError(
            f"“{text[:40]}” is not a duration I understand: use minutes, hours or days such as "
            "90m, 2h, 3d or 1h30m."
        )
    total = timedelta()
    for number, unit in parts:
        total += timedelta(**{_UNITS[unit.lower()]: int(number)})
    if not MIN_DURATION <= total <= MAX_DURATION:
        raise ValidationError("A poll runs for at least 10 minutes and at most 14 days.")
    return total
