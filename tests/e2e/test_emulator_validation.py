"""Discord's limits as the emulator enforces them, at their boundaries (pure functions)."""

from __future__ import annotations

from typing import Any

import pytest

from discord_emulator.errors import APIError, FormErrors, flatten_errors
from discord_emulator.validation.commands import (
    is_valid_chat_input_name,
    validate_command,
    validate_command_list,
    validate_thread,
)
from discord_emulator.validation.messages import (
    validate_autocomplete,
    validate_components,
    validate_embeds,
    validate_message,
    validate_modal,
)


def errors_of(check: Any, value: Any, **kwargs: Any) -> dict[str, list[str]]:
    errs = FormErrors()
    check(value, errs, **kwargs)
    return flatten_errors(errs.nested())


def button(custom_id: str = "b", **extra: Any) -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": "Go", "custom_id": custom_id, **extra}


def row(*children: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(children)}


def select(options: int = 2, **extra: Any) -> dict[str, Any]:
    opts = [{"label": f"o{i}", "value": f"v{i}"} for i in range(options)]
    return {"type": 3, "custom_id": "s", "options": opts, **extra}


@pytest.mark.parametrize(("length", "ok"), [(2000, True), (2001, False)])
def test_content_length(length: int, ok: bool) -> None:
    found = errors_of(validate_message, {"content": "x" * length})
    assert found == ({} if ok else {"content": ["BASE_TYPE_MAX_LENGTH"]})


def test_error_shape_is_discords() -> None:
    errs = FormErrors()
    validate_message({"content": "x" * 2001}, errs, ("data",))
    with pytest.raises(APIError) as caught:
        errs.raise_if_any()
    assert caught.value.status == 400
    assert caught.value.body() == {
        "message": "Invalid Form Body",
        "code": 50035,
        "errors": {
            "data": {
                "content": {
                    "_errors": [
                        {
                            "code": "BASE_TYPE_MAX_LENGTH",
                            "message": "Must be 2000 or fewer in length.",
                        }
                    ]
                }
            }
        },
    }


@pytest.mark.parametrize(
    ("embed", "path"),
    [
        ({"title": "t" * 257}, "embeds.0.title"),
        ({"description": "d" * 4097}, "embeds.0.description"),
        ({"fields": [{"name": "n", "value": "v"}] * 26}, "embeds.0.fields"),
        ({"fields": [{"name": "n" * 257, "value": "v"}]}, "embeds.0.fields.0.name"),
        ({"fields": [{"name": "n", "value": "v" * 1025}]}, "embeds.0.fields.0.value"),
        ({"fields": [{"name": "n"}]}, "embeds.0.fields.0.value"),
        ({"footer": {"text": "f" * 2049}}, "embeds.0.footer.text"),
        ({"author": {"name": "a" * 257}}, "embeds.0.author.name"),
    ],
)
def test_embed_field_limits(embed: dict[str, Any], path: str) -> None:
    assert path in errors_of(validate_embeds, [embed])


def test_embed_limits_at_the_boundary_pass() -> None:
    embed = {
        "title": "t" * 256,
        "description": "d" * 1000,
        "fields": [{"name": "n" * 10, "value": "v" * 10}] * 25,
        "footer": {"text": "f" * 100},
        "author": {"name": "a" * 256},
    }
    assert errors_of(validate_embeds, [embed]) == {}
    assert errors_of(validate_embeds, [{"title": "x"}] * 10) == {}
    assert errors_of(validate_embeds, [{"title": "x"}] * 11) == {"embeds": ["BASE_TYPE_MAX_LENGTH"]}


def test_embed_total_6000_across_embeds() -> None:
    assert (
        errors_of(validate_embeds, [{"description": "d" * 3000}, {"description": "d" * 3000}]) == {}
    )
    found = errors_of(validate_embeds, [{"description": "d" * 3000}, {"description": "d" * 3001}])
    assert found == {"embeds": ["MAX_EMBED_SIZE_EXCEEDED"]}
    # leading/trailing whitespace is not counted
    assert (
        errors_of(
            validate_embeds, [{"description": "d" * 3000 + "   "}, {"description": "d" * 3000}]
        )
        == {}
    )


def test_action_rows_and_buttons() -> None:
    rows = [row(button(f"b{i}")) for i in range(5)]
    assert errors_of(validate_components, rows) == {}
    assert errors_of(validate_components, [*rows, row(button("b5"))]) == {
        "components": ["BASE_TYPE_MAX_LENGTH"]
    }
    assert errors_of(validate_components, [row(*(button(f"b{i}") for i in range(5)))]) == {}
    assert "components.0.components" in errors_of(
        validate_components, [row(*(button(f"b{i}") for i in range(6)))]
    )
    assert "components.0.components" in errors_of(validate_components, [row(select(), button())])
    assert "components.0.type" in errors_of(validate_components, [button()])


@pytest.mark.parametrize(
    ("component", "path"),
    [
        (button(label="l" * 81), "components.0.components.0.label"),
        (button(custom_id=""), "components.0.components.0.custom_id"),
        (button(custom_id="c" * 101), "components.0.components.0.custom_id"),
        ({"type": 2, "style": 1, "label": "x"}, "components.0.components.0.custom_id"),
        (
            {"type": 2, "style": 5, "label": "x", "custom_id": "c", "url": "https://e"},
            "components.0.components.0.custom_id",
        ),
        ({"type": 2, "style": 5, "label": "x"}, "components.0.components.0.url"),
        (select(0), "components.0.components.0.options"),
        (select(26), "components.0.components.0.options"),
        (select(placeholder="p" * 151), "components.0.components.0.placeholder"),
        (select(min_values=2, max_values=1), "components.0.components.0.min_values"),
        (select(max_values=26), "components.0.components.0.max_values"),
        (select(2, max_values=3), "components.0.components.0.max_values"),
        (
            {"type": 3, "custom_id": "s", "options": [{"label": "l" * 101, "value": "v"}]},
            "components.0.components.0.options.0.label",
        ),
        (
            {"type": 3, "custom_id": "s", "options": [{"label": "l", "value": "v" * 101}]},
            "components.0.components.0.options.0.value",
        ),
        (
            {
                "type": 3,
                "custom_id": "s",
                "options": [{"label": "l", "value": "v", "description": "d" * 101}],
            },
            "components.0.components.0.options.0.description",
        ),
    ],
)
def test_component_limits(component: dict[str, Any], path: str) -> None:
    assert path in errors_of(validate_components, [row(component)])


def test_component_boundaries_pass() -> None:
    good = [
        button(label="l" * 80, custom_id="c" * 100),
        {"type": 2, "style": 5, "label": "IMDb", "url": "https://example.org"},
    ]
    assert errors_of(validate_components, [row(*good)]) == {}
    assert (
        errors_of(validate_components, [row(select(25, placeholder="p" * 150, max_values=25))])
        == {}
    )
    assert errors_of(validate_components, [row(select(1))]) == {}


def test_custom_ids_unique_within_a_message() -> None:
    found = errors_of(validate_components, [row(button("same")), row(button("same"))])
    assert found == {"components.1.components.0.custom_id": ["COMPONENT_CUSTOM_ID_DUPLICATED"]}


def text_input(**extra: Any) -> dict[str, Any]:
    return row({"type": 4, "custom_id": "f", "style": 1, "label": "Field", **extra})


def modal(*components: dict[str, Any], title: str = "Review") -> dict[str, Any]:
    return {"custom_id": "m", "title": title, "components": list(components)}


def test_modal_limits() -> None:
    assert errors_of(validate_modal, modal(text_input(), title="t" * 45)) == {}
    assert "data.title" in errors_of(validate_modal, modal(text_input(), title="t" * 46))
    assert "data.components" in errors_of(validate_modal, modal())
    fields = [row({"type": 4, "custom_id": f"f{i}", "style": 1, "label": "x"}) for i in range(6)]
    assert errors_of(validate_modal, modal(*fields[:5])) == {}
    assert "data.components" in errors_of(validate_modal, modal(*fields))
    label = {"type": 18, "label": "l" * 46, "component": {"type": 4, "custom_id": "f", "style": 2}}
    assert "data.components.0.label" in errors_of(validate_modal, modal(label))


@pytest.mark.parametrize(
    ("extra", "field", "ok"),
    [
        ({"label": "l" * 45}, "label", True),
        ({"label": "l" * 46}, "label", False),
        ({"custom_id": "c" * 100}, "custom_id", True),
        ({"custom_id": "c" * 101}, "custom_id", False),
        ({"min_length": 0}, "min_length", True),
        ({"min_length": -1}, "min_length", False),
        ({"min_length": 4001}, "min_length", False),
        ({"max_length": 4000}, "max_length", True),
        ({"max_length": 0}, "max_length", False),
        ({"max_length": 4001}, "max_length", False),
        ({"value": "v" * 4000}, "value", True),
        ({"value": "v" * 4001}, "value", False),
        ({"placeholder": "p" * 100}, "placeholder", True),
        ({"placeholder": "p" * 101}, "placeholder", False),
    ],
)
def test_text_input_limits(extra: dict[str, Any], field: str, ok: bool) -> None:
    found = errors_of(validate_modal, modal(text_input(**extra)))
    assert (f"data.components.0.components.0.{field}" not in found) is ok


def test_autocomplete_limits() -> None:
    choice = {"name": "n", "value": "v"}
    assert errors_of(validate_autocomplete, {"choices": [choice] * 25}) == {}
    assert errors_of(validate_autocomplete, {"choices": [choice] * 26}) == {
        "data.choices": ["BASE_TYPE_MAX_LENGTH"]
    }
    assert "data.choices.0.name" in errors_of(
        validate_autocomplete, {"choices": [{"name": "", "value": "v"}]}
    )
    assert "data.choices.0.name" in errors_of(
        validate_autocomplete, {"choices": [{"name": "n" * 101, "value": "v"}]}
    )
    assert (
        errors_of(validate_autocomplete, {"choices": [{"name": "n" * 100, "value": "v" * 100}]})
        == {}
    )
    assert "data.choices.0.value" in errors_of(
        validate_autocomplete, {"choices": [{"name": "n", "value": "v" * 101}]}
    )
    assert errors_of(validate_autocomplete, {"choices": [{"name": "n", "value": 10**12}]}) == {}


@pytest.mark.parametrize(
    "name", ["film", "film-info", "best_scene", "fïlm", "समय", "ดูหนัง", "2001", "director's"]
)
def test_valid_command_names(name: str) -> None:
    assert is_valid_chat_input_name(name)


@pytest.mark.parametrize("name", ["", "Film", "film info", "x" * 33, "film!", "🎬"])
def test_invalid_command_names(name: str) -> None:
    assert not is_valid_chat_input_name(name)


def command(**extra: Any) -> dict[str, Any]:
    return {"name": "film", "description": "Films", **extra}


def option(name: str = "title", type: int = 3, **extra: Any) -> dict[str, Any]:
    return {"name": name, "description": "d", "type": type, **extra}


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        (command(name="x" * 33), "name"),
        (command(description=""), "description"),
        (command(description="d" * 101), "description"),
        (command(options=[option(f"o{i}") for i in range(26)]), "options"),
        (
            command(options=[option(choices=[{"name": "c", "value": "c"}] * 26)]),
            "options.0.choices",
        ),
        (
            command(options=[option(choices=[{"name": "c" * 101, "value": "c"}])]),
            "options.0.choices.0.name",
        ),
        (command(options=[option("a"), option("b", required=True)]), "options.1.required"),
        (command(options=[option("a"), option("a")]), "options.1.name"),
        (command(options=[option("a", 1), option("b")]), "options"),
        (command(options=[option("Title")]), "options.0.name"),
        (command(options=[option(description="d" * 101)]), "options.0.description"),
        (
            command(options=[option(autocomplete=True, choices=[{"name": "c", "value": "c"}])]),
            "options.0.autocomplete",
        ),
    ],
)
def test_command_rules(payload: dict[str, Any], path: str) -> None:
    assert path in errors_of(validate_command, payload)


def test_command_boundaries_pass() -> None:
    payload = command(
        name="f" * 32,
        description="d" * 100,
        options=[
            option(f"o{i}", required=i < 3, choices=[{"name": "c", "value": "v"}] * 25)
            for i in range(25)
        ],
    )
    assert errors_of(validate_command, payload) == {}
    assert errors_of(validate_command, {"type": 2, "name": "Show Profile"}) == {}
    group = option("scene", 2, options=[option("add", 1, options=[option("title", required=True)])])
    assert errors_of(validate_command, command(options=[group])) == {}


def test_command_list_limits() -> None:
    chat = [command(name=f"c{i}") for i in range(100)]
    assert errors_of(validate_command_list, chat) == {}
    assert errors_of(validate_command_list, [*chat, command(name="c100")]) == {
        "": ["BASE_TYPE_MAX_LENGTH"]
    }
    assert "1.name" in errors_of(validate_command_list, [command(), command()])


@pytest.mark.parametrize(
    ("body", "field", "ok"),
    [
        ({"name": "n"}, "name", True),
        ({"name": "n" * 100}, "name", True),
        ({"name": "n" * 101}, "name", False),
        ({"name": ""}, "name", False),
        ({"name": "n", "auto_archive_duration": 10080}, "auto_archive_duration", True),
        ({"name": "n", "auto_archive_duration": 61}, "auto_archive_duration", False),
    ],
)
def test_thread_rules(body: dict[str, Any], field: str, ok: bool) -> None:
    assert (field not in errors_of(validate_thread, body)) is ok


def labelled(component: dict[str, Any], text: str = "Field") -> dict[str, Any]:
    return {"type": 18, "label": text, "component": component}


def choice_options(count: int) -> list[dict[str, Any]]:
    return [{"value": f"v{i}", "label": f"Option {i}"} for i in range(count)]


def test_modal_choice_inputs_follow_discords_rules() -> None:
    checkbox = {"type": 23, "custom_id": "spoiler", "default": True}
    radio = {"type": 21, "custom_id": "method", "options": choice_options(2)}
    group = {"type": 22, "custom_id": "genres", "options": choice_options(3), "max_values": 3}
    select = {"type": 3, "custom_id": "pick", "options": choice_options(3), "max_values": 2}
    ok = modal(labelled(checkbox), labelled(radio), labelled(group), labelled(select))
    assert errors_of(validate_modal, ok) == {}
    assert "data.components.0.type" in errors_of(validate_modal, modal(checkbox))
    assert "data.components.0.components.0.type" in errors_of(validate_modal, modal(row(checkbox)))
    one_radio = {**radio, "options": choice_options(1)}
    assert "data.components.0.component.options" in errors_of(
        validate_modal, modal(labelled(one_radio))
    )
    many = {**group, "options": choice_options(11), "max_values": 10}
    assert "data.components.0.component.options" in errors_of(validate_modal, modal(labelled(many)))
    bad_default = {**checkbox, "default": "yes"}
    assert "data.components.0.component.default" in errors_of(
        validate_modal, modal(labelled(bad_default))
    )
    button = {"type": 2, "custom_id": "b", "style": 1, "label": "B"}
    assert "data.components.0.component.type" in errors_of(validate_modal, modal(labelled(button)))
