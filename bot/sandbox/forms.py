"""Filling a form (modal) from one line, for ``--run`` and piped input.

``submit title=Paddington 2 release_date=10/11/2017 genres=Comedy, Family`` -- fields are named
by their id (shown with the form); a value runs until the next `` id=``. A menu field (a select,
a radio group, a checkbox group) takes its options' labels, values or numbers, separated by
commas; a checkbox takes yes or no (``spoiler=yes``). A field left out keeps what the form shows.
"""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox.errors import SandboxError
from bot.sandbox.render import CHECKBOX, CHECKBOX_GROUP, RADIO_GROUP, STRING_SELECT, modal_fields

MENUS = (STRING_SELECT, CHECKBOX_GROUP)
TICKED = {"yes": True, "y": True, "true": True, "on": True, "1": True, "ticked": True}
UNTICKED = {"no": False, "n": False, "false": False, "off": False, "0": False, "unticked": False}


def submit_hint(modal: dict[str, Any]) -> str:
    """``submit title=… release_date=…`` for this form (required fields first)."""
    fields = sorted(modal_fields(modal), key=lambda f: not f.get("required", True))
    return "submit " + " ".join(f"{f['custom_id']}=…" for f in fields)


def parse_submit(text: str, modal: dict[str, Any]) -> dict[str, Any]:
    """The values to send for a ``submit`` line's text (after the word submit)."""
    fields = {f["custom_id"]: f for f in modal_fields(modal)}
    names = sorted(fields, key=len, reverse=True)
    marks = list(re.finditer(r"(?:^|(?<=\s))([\w.:-]+)=", text))
    if not marks or text[: marks[0].start()].strip():
        raise SandboxError(f"fill the form in as: {submit_hint(modal)}")
    values: dict[str, Any] = {}
    known = [m for m in marks if m.group(1) in names]
    for mark in marks:
        if mark.group(1) not in fields and not _inside_value(mark, known):
            raise SandboxError(
                f"the form has no field {mark.group(1)!r}; it has {', '.join(fields)}"
            )
    for index, mark in enumerate(known):
        end = known[index + 1].start() if index + 1 < len(known) else len(text)
        field = fields[mark.group(1)]
        raw = text[mark.end() : end].strip().replace("\\n", "\n")
        values[mark.group(1)] = _value(field, raw)
    return values


def _value(field: dict[str, Any], raw: str) -> Any:
    kind = field.get("type")
    if kind in MENUS:
        return _menu(field, raw)
    if kind == RADIO_GROUP:
        picked = _menu(field, raw)
        if len(picked) != 1:
            raise SandboxError(f"{field['custom_id']} takes one of its options")
        return picked[0]
    if kind == CHECKBOX:
        answer = {**TICKED, **UNTICKED}.get(raw.casefold())
        if answer is None:
            raise SandboxError(f"{field['custom_id']} is a checkbox: give yes or no, not {raw!r}")
        return answer
    return raw


def _inside_value(mark: re.Match[str], known: list[re.Match[str]]) -> bool:
    """``x=y`` typed inside an earlier field's value (e.g. a URL's query) is part of it."""
    return any(k.start() < mark.start() for k in known)


def _menu(field: dict[str, Any], raw: str) -> list[str]:
    options = field.get("options") or []
    picked: list[str] = []
    for word in (w.strip() for w in raw.split(",") if w.strip()):
        folded = word.casefold()
        match = next(
            (
                o
                for number, o in enumerate(options, start=1)
                if folded in (str(o.get("label", "")).casefold(), str(o["value"]).casefold())
                or word == str(number)
            ),
            None,
        )
        if match is None:
            labels = ", ".join(str(o.get("label")) for o in options)
            raise SandboxError(f"{word!r} is not an option of {field['custom_id']}: {labels}")
        picked.append(str(match["value"]))
    return picked
