"""Custom ids of the review card's persistent items: ``proj:suggestion:<action>:<id>``.

``<id>`` is the suggestion. Actions: ``top`` and ``bottom`` approve at that end of the film's
ranking, ``place`` (a select) approves at the chosen rank, ``edit`` opens the edit-then-approve
form, ``reject`` the rejection form, ``next`` shows the next pending suggestion.
"""

from __future__ import annotations

PREFIX = "proj:suggestion"
_ID = r"(?P<suggestion>\d{1,19})"


def template(action: str) -> str:
    return rf"{PREFIX}:{action}:{_ID}"


def custom_id(action: str, suggestion_id: int) -> str:
    return f"{PREFIX}:{action}:{suggestion_id}"
