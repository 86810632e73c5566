"""Message component rules: action rows, buttons, selects, custom ids (components/reference).

Discord's inner error codes for component rules are not all documented; where they are not, the
codes below are descriptive approximations (the field ``path`` and the 50035 are what count).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from discord_emulator import limits as L
from discord_emulator.errors import FormErrors, PathPart

Path = tuple[PathPart, ...]
BUTTON = 2
ACTION_ROW = 1
STRING_SELECT = 3
TEXT_INPUT = 4
SELECT_TYPES = (3, 5, 6, 7, 8)
LABEL = 18
TEXT_DISPLAY = 10
LINK_STYLE = 5
PREMIUM_STYLE = 6


def max_len(errs: FormErrors, path: Path, value: Any, limit: int) -> None:
    if isinstance(value, str) and len(value) > limit:
        errs.max_length(path, limit)


def str_range(errs: FormErrors, path: Path, value: Any, low: int, high: int) -> None:
    """A required string of ``low..high`` characters."""
    if value is None:
        errs.required(path)
    elif not isinstance(value, str):
        errs.add(path, "BASE_TYPE_STRING", "Could not interpret value as string.")
    elif len(value) < low:
        errs.min_length(path, low)
    elif len(value) > high:
        errs.max_length(path, high)


def int_range(errs: FormErrors, path: Path, value: Any, low: int, high: int) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        errs.add(path, "NUMBER_TYPE_COERCE", f'Value "{value}" is not int.')
    elif value < low:
        errs.number_min(path, low)
    elif value > high:
        errs.number_max(path, high)


# -- message components ---------------------------------------------------------------------


def validate_components(
    components: Any, errs: FormErrors, path: Path = ("components",), *, flags: int = 0
) -> None:
    if not isinstance(components, list):
        errs.add(path, "BASE_TYPE_ARRAY", "Must be an array.")
        return
    seen: set[str] = set()
    if flags & L.FLAG_IS_COMPONENTS_V2:
        count = _validate_v2_tree(components, errs, path, seen)
        if count > L.COMPONENTS_V2_TOTAL_MAX:
            errs.max_length(path, L.COMPONENTS_V2_TOTAL_MAX)
        return
    if len(components) > L.ACTION_ROWS_MAX:
        errs.max_length(path, L.ACTION_ROWS_MAX)
    for i, row in enumerate(components):
        if not isinstance(row, Mapping) or row.get("type") != ACTION_ROW:
            errs.add(
                (*path, i, "type"),
                "UNION_TYPE_CHOICES",
                'Value of field "type" must be one of (1,).',
            )
            continue
        _validate_action_row(row, errs, (*path, i), seen)


def _validate_action_row(
    row: Mapping[str, Any], errs: FormErrors, path: Path, seen: set[str]
) -> None:
    children = row.get("components") or []
    cpath = (*path, "components")
    if not children:
        errs.min_length(cpath, 1)
        return
    if len(children) > L.BUTTONS_PER_ROW_MAX:
        errs.max_length(cpath, L.BUTTONS_PER_ROW_MAX)
    if len(children) > 1 and any(c.get("type") in SELECT_TYPES for c in children):
        errs.add(
            cpath,
            "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
            "The specified component exceeds the maximum width",
        )
    for j, child in enumerate(children):
        _validate_interactive(child, errs, (*cpath, j), seen)


def _validate_interactive(
    child: Mapping[str, Any], errs: FormErrors, path: Path, seen: set[str]
) -> None:
    ctype = child.get("type")
    if ctype == BUTTON:
        _validate_button(child, errs, path, seen)
    elif ctype in SELECT_TYPES:
        validate_select(child, errs, path, seen)
    else:
        errs.add(
            (*path, "type"),
            "UNION_TYPE_CHOICES",
            'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).',
        )


def check_custom_id(value: Any, errs: FormErrors, path: Path, seen: set[str]) -> None:
    str_range(errs, path, value, 1, L.CUSTOM_ID_MAX)
    if isinstance(value, str):
        if value in seen:
            errs.add(
                path, "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"
            )
        seen.add(value)


def _validate_button(
    button: Mapping[str, Any], errs: FormErrors, path: Path, seen: set[str]
) -> None:
    style = button.get("style")
    if style not in (1, 2, 3, 4, 5, 6):
        errs.choices((*path, "style"), "(1, 2, 3, 4, 5, 6)")
    max_len(errs, (*path, "label"), button.get("label"), L.BUTTON_LABEL_MAX)
    if style == LINK_STYLE:
        if button.get("custom_id") is not None:
            errs.add(
                (*path, "custom_id"),
                "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED",
                "A link button cannot have a custom id",
            )
        str_range(errs, (*path, "url"), button.get("url"), 1, L.BUTTON_URL_MAX)
    elif style == PREMIUM_STYLE:
        if button.get("sku_id") is None:
            errs.required((*path, "sku_id"))
    else:
        if button.get("url") is not None:
            errs.add(
                (*path, "url"),
                "BUTTON_COMPONENT_URL_NOT_ALLOWED",
                "Only link buttons can have a url",
            )
        check_custom_id(button.get("custom_id"), errs, (*path, "custom_id"), seen)
        if not button.get("label") and not button.get("emoji"):
            errs.add(
                path,
                "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED",
                "A button needs a label or an emoji",
            )


def validate_select(
    select: Mapping[str, Any], errs: FormErrors, path: Path, seen: set[str]
) -> None:
    check_custom_id(select.get("custom_id"), errs, (*path, "custom_id"), seen)
    max_len(errs, (*path, "placeholder"), select.get("placeholder"), L.SELECT_PLACEHOLDER_MAX)
    min_values = select.get("min_values", 1)
    max_values = select.get("max_values", 1)
    int_range(errs, (*path, "min_values"), min_values, 0, L.SELECT_VALUES_MAX)
    int_range(errs, (*path, "max_values"), max_values, 1, L.SELECT_VALUES_MAX)
    if isinstance(min_values, int) and isinstance(max_values, int) and min_values > max_values:
        errs.add(
            (*path, "min_values"),
            "SELECT_COMPONENT_MIN_VALUES_GREATER_THAN_MAX",
            "min_values must be less than or equal to max_values",
        )
    if select.get("type") != STRING_SELECT:
        return
    options = select.get("options")
    opath = (*path, "options")
    if not isinstance(options, list) or not options:
        errs.min_length(opath, 1)
        return
    if len(options) > L.SELECT_OPTIONS_MAX:
        errs.max_length(opath, L.SELECT_OPTIONS_MAX)
    if isinstance(max_values, int) and max_values > len(options):
        errs.add(
            (*path, "max_values"),
            "NUMBER_TYPE_MAX",
            f"int value should be less than or equal to {len(options)}.",
        )
    values: set[str] = set()
    for k, option in enumerate(options):
        str_range(errs, (*opath, k, "label"), option.get("label"), 1, L.SELECT_OPTION_TEXT_MAX)
        str_range(errs, (*opath, k, "value"), option.get("value"), 1, L.SELECT_OPTION_TEXT_MAX)
        max_len(
            errs, (*opath, k, "description"), option.get("description"), L.SELECT_OPTION_TEXT_MAX
        )
        value = option.get("value")
        if isinstance(value, str):
            if value in values:
                errs.add(
                    (*opath, k, "value"),
                    "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
                    "Select option values must be unique",
                )
            values.add(value)


def _validate_v2_tree(
    components: Sequence[Any], errs: FormErrors, path: Path, seen: set[str]
) -> int:
    count = 0
    for i, comp in enumerate(components):
        if not isinstance(comp, Mapping):
            continue
        count += 1
        cpath = (*path, i)
        ctype = comp.get("type")
        if ctype == ACTION_ROW:
            _validate_action_row(comp, errs, cpath, seen)
            count += len(comp.get("components") or [])
        elif ctype in (BUTTON, *SELECT_TYPES):
            _validate_interactive(comp, errs, cpath, seen)
        elif ctype == TEXT_DISPLAY:
            str_range(errs, (*cpath, "content"), comp.get("content"), 1, 4000)
        if isinstance(comp.get("components"), list) and ctype != ACTION_ROW:
            count += _validate_v2_tree(comp["components"], errs, (*cpath, "components"), seen)
        accessory = comp.get("accessory")
        if isinstance(accessory, Mapping):
            count += 1
            if accessory.get("type") == BUTTON:
                _validate_button(accessory, errs, (*cpath, "accessory"), seen)
    return count


# -- modal-only inputs (components/reference: Radio Group, Checkbox Group, Checkbox) -----------

RADIO_GROUP = 21
CHECKBOX_GROUP = 22
CHECKBOX = 23
FILE_UPLOAD = 19
LABEL_ONLY_TYPES = (FILE_UPLOAD, RADIO_GROUP, CHECKBOX_GROUP, CHECKBOX)
LABEL_CHILD_TYPES = (TEXT_INPUT, *SELECT_TYPES, *LABEL_ONLY_TYPES)
CHOICE_TEXT_MAX = 100
RADIO_OPTIONS = (2, 10)
CHECKBOX_OPTIONS = (1, 10)


def validate_modal_choice(
    child: Mapping[str, Any], errs: FormErrors, path: Path, seen: set[str]
) -> None:
    """A radio group, checkbox group or checkbox, which Discord allows only inside a Label."""
    ctype = child.get("type")
    check_custom_id(child.get("custom_id"), errs, (*path, "custom_id"), seen)
    if ctype == CHECKBOX:
        default = child.get("default")
        if default is not None and not isinstance(default, bool):
            errs.add((*path, "default"), "BASE_TYPE_BOOLEAN", "Must be either true or false.")
        return
    low, high = RADIO_OPTIONS if ctype == RADIO_GROUP else CHECKBOX_OPTIONS
    options = child.get("options")
    opath = (*path, "options")
    if not isinstance(options, list) or len(options) < low:
        errs.min_length(opath, low)
        return
    if len(options) > high:
        errs.max_length(opath, high)
    for k, option in enumerate(options):
        if not isinstance(option, Mapping):
            errs.add(
                (*opath, k), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType"
            )
            continue
        str_range(errs, (*opath, k, "value"), option.get("value"), 1, CHOICE_TEXT_MAX)
        str_range(errs, (*opath, k, "label"), option.get("label"), 1, CHOICE_TEXT_MAX)
        max_len(errs, (*opath, k, "description"), option.get("description"), CHOICE_TEXT_MAX)
    if ctype == RADIO_GROUP:
        if sum(1 for o in options if isinstance(o, Mapping) and o.get("default")) > 1:
            errs.add(opath, "RADIO_GROUP_DEFAULTS_EXCEEDED", "Only one option can be default")
        return
    min_values, max_values = child.get("min_values", 1), child.get("max_values", len(options))
    int_range(errs, (*path, "min_values"), min_values, 0, high)
    int_range(errs, (*path, "max_values"), max_values, 1, high)
    if isinstance(min_values, int) and isinstance(max_values, int) and min_values > max_values:
        errs.add(
            (*path, "min_values"),
            "SELECT_COMPONENT_MIN_VALUES_GREATER_THAN_MAX",
            "min_values must be less than or equal to max_values",
        )


def needs_label(errs: FormErrors, path: Path) -> None:
    errs.add(
        (*path, "type"),
        "COMPONENT_INVALID_TYPE",
        "This component must be placed inside a Label (type 18) in a modal.",
    )
