"""Application command and thread rules (interactions/application-commands, topics/threads)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from discord_emulator import limits as L
from discord_emulator.errors import FormErrors, PathPart
from discord_emulator.validation.messages import validate_choice

Path = tuple[PathPart, ...]

CHAT_INPUT, USER_COMMAND, MESSAGE_COMMAND = 1, 2, 3
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, NUMBER = 3, 4, 10
OPTION_TYPES = range(1, 12)
CHOICE_TYPES = (STRING, INTEGER, NUMBER)


def _in_script(cp: int) -> bool:
    # \p{sc=Deva} and \p{sc=Thai}: their blocks, including combining marks and signs.
    return 0x0900 <= cp <= 0x097F or 0xA8E0 <= cp <= 0xA8FF or 0x0E00 <= cp <= 0x0E7F


def is_valid_chat_input_name(name: Any) -> bool:
    """``^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`` (unicode), with lowercase letters."""
    if not isinstance(name, str) or not 1 <= len(name) <= L.COMMAND_NAME_MAX:
        return False
    for ch in name:
        if ch in "-_'" or unicodedata.category(ch)[0] in "LN" or _in_script(ord(ch)):
            continue
        return False
    return name == name.lower()


def _name(errs: FormErrors, path: Path, name: Any, *, chat_input: bool) -> None:
    if name is None:
        errs.required(path)
    elif not isinstance(name, str) or not 1 <= len(name) <= L.COMMAND_NAME_MAX:
        if isinstance(name, str) and len(name) > L.COMMAND_NAME_MAX:
            errs.max_length(path, L.COMMAND_NAME_MAX)
        else:
            errs.min_length(path, 1)
    elif chat_input and not is_valid_chat_input_name(name):
        errs.add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")


def _description(errs: FormErrors, path: Path, value: Any) -> None:
    if value is None:
        errs.required(path)
    elif not isinstance(value, str) or len(value) < 1:
        errs.min_length(path, 1)
    elif len(value) > L.COMMAND_DESCRIPTION_MAX:
        errs.max_length(path, L.COMMAND_DESCRIPTION_MAX)


def _text_size(command: Mapping[str, Any]) -> int:
    """Characters counted toward the 8000 limit: names, descriptions, choice names and values."""
    total = len(str(command.get("name") or "")) + len(str(command.get("description") or ""))
    for choice in command.get("choices") or []:
        total += len(str(choice.get("name") or "")) + len(str(choice.get("value") or ""))
    for option in command.get("options") or []:
        total += _text_size(option)
    return total


def validate_command(command: Any, errs: FormErrors, path: Path = ()) -> None:
    if not isinstance(command, Mapping):
        errs.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return
    ctype = command.get("type", CHAT_INPUT)
    if ctype not in (CHAT_INPUT, USER_COMMAND, MESSAGE_COMMAND, 4):
        errs.choices((*path, "type"), "(1, 2, 3, 4)")
        return
    chat_input = ctype == CHAT_INPUT
    _name(errs, (*path, "name"), command.get("name"), chat_input=chat_input)
    if chat_input:
        _description(errs, (*path, "description"), command.get("description"))
        _validate_options(command.get("options") or [], errs, (*path, "options"), depth=0)
        if _text_size(command) > L.COMMAND_TOTAL_CHARACTERS_MAX:
            errs.add(
                path,
                "APPLICATION_COMMAND_TOO_LARGE",
                f"Command exceeds maximum size ({L.COMMAND_TOTAL_CHARACTERS_MAX})",
            )
    else:
        if command.get("description"):
            errs.add(
                (*path, "description"), "BASE_TYPE_MAX_LENGTH", "Must be 0 or fewer in length."
            )
        if command.get("options"):
            errs.add(
                (*path, "options"),
                "APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED",
                "Context menu commands cannot have options",
            )


def _validate_options(options: Any, errs: FormErrors, path: Path, *, depth: int) -> None:
    if not isinstance(options, list):
        errs.add(path, "BASE_TYPE_ARRAY", "Must be an array.")
        return
    if len(options) > L.COMMAND_OPTIONS_MAX:
        errs.max_length(path, L.COMMAND_OPTIONS_MAX)
    names: set[str] = set()
    seen_optional = False
    kinds = {
        ("sub" if o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP) else "value") for o in options
    }
    if len(kinds) > 1:
        errs.add(
            path,
            "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
            "Sub-commands and groups cannot be mixed with other options",
        )
    for i, option in enumerate(options):
        opath = (*path, i)
        otype = option.get("type")
        if otype not in OPTION_TYPES:
            errs.choices((*opath, "type"), tuple(OPTION_TYPES))
            continue
        _name(errs, (*opath, "name"), option.get("name"), chat_input=True)
        _description(errs, (*opath, "description"), option.get("description"))
        name = option.get("name")
        if isinstance(name, str):
            if name in names:
                errs.add(
                    (*opath, "name"),
                    "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                    "Option names must be unique",
                )
            names.add(name)
        if otype in (SUB_COMMAND, SUB_COMMAND_GROUP):
            _validate_nesting(option, errs, opath, depth=depth)
            continue
        if option.get("required"):
            if seen_optional:
                errs.add(
                    (*opath, "required"),
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            seen_optional = True
        _validate_value_option(option, errs, opath)


def _validate_nesting(
    option: Mapping[str, Any], errs: FormErrors, path: Path, *, depth: int
) -> None:
    otype = option.get("type")
    children: Sequence[Any] = option.get("options") or []
    if otype == SUB_COMMAND_GROUP:
        if depth > 0:
            errs.add(
                (*path, "type"),
                "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                "Sub-command groups cannot be nested",
            )
        if any(c.get("type") != SUB_COMMAND for c in children):
            errs.add(
                (*path, "options"),
                "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                "Groups may only contain sub-commands",
            )
    elif any(c.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP) for c in children):
        errs.add(
            (*path, "options"),
            "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
            "Sub-commands cannot contain sub-commands",
        )
    _validate_options(list(children), errs, (*path, "options"), depth=depth + 1)


def _validate_value_option(option: Mapping[str, Any], errs: FormErrors, path: Path) -> None:
    choices = option.get("choices")
    if choices:
        if option.get("type") not in CHOICE_TYPES:
            errs.add(
                (*path, "choices"),
                "APPLICATION_COMMAND_OPTION_CHOICES_NOT_ALLOWED",
                "Choices are only allowed on string, integer and number options",
            )
        if option.get("autocomplete"):
            errs.add(
                (*path, "autocomplete"),
                "APPLICATION_COMMAND_AUTOCOMPLETE_WITH_CHOICES",
                "Autocomplete cannot be set with choices",
            )
        if len(choices) > L.COMMAND_CHOICES_MAX:
            errs.max_length((*path, "choices"), L.COMMAND_CHOICES_MAX)
        for k, choice in enumerate(choices):
            validate_choice(choice, errs, (*path, "choices", k))
    for key, low in (("min_length", 0), ("max_length", 1)):
        value = option.get(key)
        if value is not None and (
            not isinstance(value, int) or not low <= value <= L.STRING_OPTION_LENGTH_MAX
        ):
            errs.add(
                (*path, key),
                "NUMBER_TYPE_MAX",
                f"int value should be between {low} and {L.STRING_OPTION_LENGTH_MAX}.",
            )


def validate_command_list(commands: Any, errs: FormErrors) -> None:
    """A bulk overwrite body: each command, unique names per type, and the per-type maxima."""
    if not isinstance(commands, list):
        errs.add((), "BASE_TYPE_ARRAY", "Must be an array.")
        return
    seen: set[tuple[int, str]] = set()
    counts: dict[int, int] = {}
    for i, command in enumerate(commands):
        validate_command(command, errs, (i,))
        if not isinstance(command, Mapping):
            continue
        key = (int(command.get("type", CHAT_INPUT)), str(command.get("name")))
        if key in seen:
            errs.add(
                (i, "name"),
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                "Application command names must be unique",
            )
        seen.add(key)
        counts[key[0]] = counts.get(key[0], 0) + 1
    if counts.get(CHAT_INPUT, 0) > L.COMMAND_CHAT_INPUT_MAX:
        errs.max_length((), L.COMMAND_CHAT_INPUT_MAX)
    for ctype in (USER_COMMAND, MESSAGE_COMMAND):
        if counts.get(ctype, 0) > L.COMMAND_CONTEXT_MENU_MAX:
            errs.max_length((), L.COMMAND_CONTEXT_MENU_MAX)


def validate_thread(body: Mapping[str, Any], errs: FormErrors, *, needs_type: bool = False) -> None:
    _name_range = body.get("name")
    if _name_range is None:
        errs.required(("name",))
    elif not isinstance(_name_range, str) or not _name_range.strip():
        errs.min_length(("name",), 1)
    elif len(_name_range) > L.THREAD_NAME_MAX:
        errs.max_length(("name",), L.THREAD_NAME_MAX)
    duration = body.get("auto_archive_duration")
    if duration is not None and duration not in L.THREAD_AUTO_ARCHIVE_DURATIONS:
        errs.choices(("auto_archive_duration",), "{60, 1440, 4320, 10080}")
    if needs_type and body.get("type") not in (None, 10, 11, 12):
        errs.choices(("type",), "(10, 11, 12)")
