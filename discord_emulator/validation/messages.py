"""Message, embed, modal and autocomplete rules, answered with Discord's error shapes.

Every function appends to a :class:`FormErrors` under a field path (``("data", "embeds", 0,
"title")``), so callers can raise one ``50035 Invalid Form Body`` with every problem nested the
way Discord nests them. Limits come from :mod:`discord_emulator.limits` (i.e. the Discord docs).
Discord's inner error codes for component/modal rules are not all documented; where they are
not, the codes below are descriptive approximations (the ``path`` and the 50035 are what count).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from discord_emulator import limits as L
from discord_emulator.errors import FormErrors, PathPart
from discord_emulator.validation.components import (
    ACTION_ROW,
    LABEL,
    LABEL_CHILD_TYPES,
    LABEL_ONLY_TYPES,
    SELECT_TYPES,
    TEXT_DISPLAY,
    TEXT_INPUT,
    check_custom_id,
    int_range,
    max_len,
    needs_label,
    str_range,
    validate_components,
    validate_modal_choice,
    validate_select,
)

Path = tuple[PathPart, ...]


def _trimmed_len(value: Any) -> int:
    return len(value.strip()) if isinstance(value, str) else 0


# -- embeds -------------------------------------------------------------------------------------


def validate_embeds(embeds: Any, errs: FormErrors, path: Path = ("embeds",)) -> None:
    if not isinstance(embeds, list):
        errs.add(path, "BASE_TYPE_ARRAY", "Must be an array.")
        return
    if len(embeds) > L.EMBEDS_PER_MESSAGE_MAX:
        errs.max_length(path, L.EMBEDS_PER_MESSAGE_MAX)
    total = 0
    for i, embed in enumerate(embeds):
        if not isinstance(embed, Mapping):
            errs.add((*path, i), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
            continue
        total += _validate_embed(embed, errs, (*path, i))
    if total > L.EMBED_TOTAL_MAX:
        errs.add(
            path,
            "MAX_EMBED_SIZE_EXCEEDED",
            f"Embed size exceeds maximum size of {L.EMBED_TOTAL_MAX}",
        )


def _validate_embed(embed: Mapping[str, Any], errs: FormErrors, path: Path) -> int:
    """Check one embed; return its character count toward the 6000 total (trimmed, as Discord)."""
    total = 0
    for key, limit in (("title", L.EMBED_TITLE_MAX), ("description", L.EMBED_DESCRIPTION_MAX)):
        value = embed.get(key)
        if _trimmed_len(value) > limit:
            errs.max_length((*path, key), limit)
        total += _trimmed_len(value)
    fields = embed.get("fields") or []
    if len(fields) > L.EMBED_FIELDS_MAX:
        errs.max_length((*path, "fields"), L.EMBED_FIELDS_MAX)
    for j, fld in enumerate(fields):
        fpath = (*path, "fields", j)
        for key, limit in (("name", L.EMBED_FIELD_NAME_MAX), ("value", L.EMBED_FIELD_VALUE_MAX)):
            value = fld.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                errs.required((*fpath, key))
            elif _trimmed_len(value) > limit:
                errs.max_length((*fpath, key), limit)
            total += _trimmed_len(value)
    footer = embed.get("footer") or {}
    if _trimmed_len(footer.get("text")) > L.EMBED_FOOTER_TEXT_MAX:
        errs.max_length((*path, "footer", "text"), L.EMBED_FOOTER_TEXT_MAX)
    author = embed.get("author") or {}
    if _trimmed_len(author.get("name")) > L.EMBED_AUTHOR_NAME_MAX:
        errs.max_length((*path, "author", "name"), L.EMBED_AUTHOR_NAME_MAX)
    total += _trimmed_len(footer.get("text")) + _trimmed_len(author.get("name"))
    return total


# -- messages ----------------------------------------------------------------------------------


def validate_message(
    body: Mapping[str, Any], errs: FormErrors, path: Path = (), *, file_count: int = 0
) -> None:
    """Content, embeds, components, flags and attachment count of a message create/edit body."""
    content = body.get("content")
    if content is not None and not isinstance(content, str):
        errs.add((*path, "content"), "BASE_TYPE_STRING", "Could not interpret value as string.")
    max_len(errs, (*path, "content"), content, L.MESSAGE_CONTENT_MAX)
    if body.get("embeds") is not None:
        validate_embeds(body["embeds"], errs, (*path, "embeds"))
    flags = body.get("flags") or 0
    if body.get("components") is not None:
        validate_components(body["components"], errs, (*path, "components"), flags=flags)
    if flags & L.FLAG_IS_COMPONENTS_V2 and (content or body.get("embeds")):
        errs.add(
            (*path, "content"),
            "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
            "The 'content' and 'embeds' fields cannot be used when using components v2",
        )
    attachments = body.get("attachments")
    count = max(file_count, len(attachments) if isinstance(attachments, list) else 0)
    if count > L.MESSAGE_ATTACHMENTS_MAX:
        errs.max_length((*path, "attachments"), L.MESSAGE_ATTACHMENTS_MAX)
    nonce = body.get("nonce")
    if isinstance(nonce, str):
        max_len(errs, (*path, "nonce"), nonce, L.NONCE_MAX)


def is_empty_message(body: Mapping[str, Any], *, file_count: int = 0) -> bool:
    return not (
        body.get("content")
        or body.get("embeds")
        or body.get("components")
        or body.get("sticker_ids")
        or body.get("poll")
        or body.get("attachments")
        or file_count
    )


def validate_response_flags(flags: Any, errs: FormErrors, path: Path, *, allowed: int) -> None:
    if flags is None:
        return
    if not isinstance(flags, int) or flags & ~allowed:
        errs.add(path, "MESSAGE_FLAGS_INVALID", "Invalid message flags")


# -- modals and autocomplete -----------------------------------------------------------------


def validate_modal(data: Any, errs: FormErrors, path: Path = ("data",)) -> None:
    if not isinstance(data, Mapping):
        errs.required(path)
        return
    str_range(errs, (*path, "custom_id"), data.get("custom_id"), 1, L.CUSTOM_ID_MAX)
    str_range(errs, (*path, "title"), data.get("title"), 1, L.MODAL_TITLE_MAX)
    components = data.get("components")
    cpath = (*path, "components")
    if not isinstance(components, list) or not components:
        errs.min_length(cpath, 1)
        return
    if len(components) > L.MODAL_COMPONENTS_MAX:
        errs.max_length(cpath, L.MODAL_COMPONENTS_MAX)
    seen: set[str] = set()
    for i, comp in enumerate(components):
        ipath = (*cpath, i)
        ctype = comp.get("type")
        if ctype == ACTION_ROW:
            children = comp.get("components") or []
            if len(children) != 1:
                errs.add(
                    (*ipath, "components"),
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 1 in length.",
                )
            for j, child in enumerate(children):
                if child.get("type") in LABEL_ONLY_TYPES:
                    needs_label(errs, (*ipath, "components", j))
                    continue
                _validate_modal_child(
                    child, errs, (*ipath, "components", j), seen, needs_label=True
                )
        elif ctype == LABEL:
            str_range(errs, (*ipath, "label"), comp.get("label"), 1, L.TEXT_INPUT_LABEL_MAX)
            max_len(errs, (*ipath, "description"), comp.get("description"), L.LABEL_DESCRIPTION_MAX)
            child = comp.get("component")
            if not isinstance(child, Mapping):
                errs.required((*ipath, "component"))
            elif child.get("type") not in LABEL_CHILD_TYPES:
                errs.choices((*ipath, "component", "type"), str(LABEL_CHILD_TYPES))
            else:
                _validate_modal_child(child, errs, (*ipath, "component"), seen, needs_label=False)
        elif ctype == TEXT_DISPLAY:
            str_range(errs, (*ipath, "content"), comp.get("content"), 1, 4000)
        elif ctype in LABEL_ONLY_TYPES:
            needs_label(errs, ipath)
        else:
            errs.choices((*ipath, "type"), "(1, 10, 18)")


def _validate_modal_child(
    child: Mapping[str, Any], errs: FormErrors, path: Path, seen: set[str], *, needs_label: bool
) -> None:
    if child.get("type") != TEXT_INPUT:
        if child.get("type") in SELECT_TYPES:
            validate_select(child, errs, path, seen)
        elif child.get("type") in LABEL_ONLY_TYPES:
            validate_modal_choice(child, errs, path, seen)
        return
    check_custom_id(child.get("custom_id"), errs, (*path, "custom_id"), seen)
    if child.get("style") not in (1, 2):
        errs.choices((*path, "style"), "(1, 2)")
    if needs_label or child.get("label") is not None:
        str_range(errs, (*path, "label"), child.get("label"), 1, L.TEXT_INPUT_LABEL_MAX)
    max_len(errs, (*path, "value"), child.get("value"), L.TEXT_INPUT_VALUE_MAX)
    max_len(errs, (*path, "placeholder"), child.get("placeholder"), L.TEXT_INPUT_PLACEHOLDER_MAX)
    low, high = child.get("min_length"), child.get("max_length")
    int_range(errs, (*path, "min_length"), low, 0, L.TEXT_INPUT_LENGTH_MAX)
    int_range(errs, (*path, "max_length"), high, 1, L.TEXT_INPUT_LENGTH_MAX)
    if isinstance(low, int) and isinstance(high, int) and low > high:
        errs.add(
            (*path, "min_length"),
            "TEXT_INPUT_MIN_LENGTH_GREATER_THAN_MAX",
            "min_length must be less than or equal to max_length",
        )


def validate_autocomplete(data: Any, errs: FormErrors, path: Path = ("data",)) -> None:
    choices = data.get("choices") if isinstance(data, Mapping) else None
    cpath = (*path, "choices")
    if not isinstance(choices, list):
        errs.required(cpath)
        return
    if len(choices) > L.AUTOCOMPLETE_CHOICES_MAX:
        errs.max_length(cpath, L.AUTOCOMPLETE_CHOICES_MAX)
    for i, choice in enumerate(choices):
        validate_choice(choice, errs, (*cpath, i))


def validate_choice(choice: Any, errs: FormErrors, path: Path) -> None:
    if not isinstance(choice, Mapping):
        errs.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return
    str_range(errs, (*path, "name"), choice.get("name"), 1, L.CHOICE_NAME_MAX)
    value = choice.get("value")
    if value is None:
        errs.required((*path, "value"))
    elif isinstance(value, str):
        max_len(errs, (*path, "value"), value, L.CHOICE_STRING_VALUE_MAX)
