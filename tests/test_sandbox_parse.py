"""The sandbox's command-line parser against a sample of synced command definitions."""

from __future__ import annotations

from typing import Any

import pytest

from bot.sandbox.parse import (
    ATTACHMENT,
    USER,
    EntityRef,
    ParseError,
    analyse,
    parse_command,
    split_identity,
)

STRING, INTEGER, BOOLEAN = 3, 4, 5


def _opt(name: str, otype: int = STRING, **extra: Any) -> dict[str, Any]:
    return {"name": name, "description": f"the {name}", "type": otype, **extra}


def _sub(name: str, *options: dict[str, Any], otype: int = 1) -> dict[str, Any]:
    return {"name": name, "description": f"{name}!", "type": otype, "options": list(options)}


def _command(name: str, *options: dict[str, Any]) -> dict[str, Any]:
    return {"id": "1", "type": 1, "name": name, "description": name, "options": list(options)}


SCHEMA = [
    _command("about"),
    _command(
        "film",
        _sub("info", _opt("title", required=True, autocomplete=True, min_length=1)),
        _sub(
            "random",
            _opt(
                "genre",
                choices=[{"name": "Drama", "value": "drama"}, {"name": "Sci-Fi", "value": "scifi"}],
            ),
        ),
    ),
    _command(
        "scene",
        _sub(
            "info",
            _opt("film", required=True, autocomplete=True),
            _opt("scene", required=True, autocomplete=True),
        ),
    ),
    _command(
        "manage",
        _sub("film", _sub("add"), _sub("remove", _opt("title", required=True)), otype=2),
        _sub("import", _opt("file", ATTACHMENT, required=True)),
        _sub(
            "settings",
            _sub("spoilers", _opt("show", BOOLEAN, required=True)),
            _sub("poll-role", _opt("role", 8)),
            otype=2,
        ),
    ),
    _command(
        "poll",
        _sub(
            "start", _opt("film", required=True), _opt("hours", INTEGER, min_value=1, max_value=72)
        ),
    ),
    _command("favourite", _sub("show", _opt("member", USER))),
    {"id": "9", "type": 2, "name": "Report", "description": ""},  # a context-menu command
]


def parse(line: str) -> Any:
    return parse_command(line, SCHEMA)


def test_values_keep_spaces_and_colons() -> None:
    command = parse("/film info title:Mission: Impossible - Dead Reckoning Part One")
    assert command.path == ("film", "info")
    assert command.options == {"title": "Mission: Impossible - Dead Reckoning Part One"}
    assert parse("/film info title:rocky 4").options == {"title": "rocky 4"}


def test_several_options_split_on_known_names_only() -> None:
    command = parse("/scene info film:Star Wars: Episode IV scene:the trench run")
    assert command.options == {"film": "Star Wars: Episode IV", "scene": "the trench run"}
    reordered = parse("/scene info   scene:2   film:rocky 4  ")
    assert reordered.options == {"film": "rocky 4", "scene": "2"}


def test_urls_in_values_are_not_options() -> None:
    command = parse("/film info title:see https://example.org/x")
    assert command.options["title"] == "see https://example.org/x"


def test_unknown_option_is_refused_with_a_suggestion() -> None:
    with pytest.raises(ParseError, match=r"unknown option 'titel'.*did you mean title"):
        parse("/film info titel:rocky")
    with pytest.raises(ParseError, match="unknown option 'colour'"):
        parse("/film info title:rocky colour:red")
    with pytest.raises(ParseError, match="takes no options"):
        parse("/about verbose:yes")


def test_missing_required_option() -> None:
    with pytest.raises(ParseError, match=r"/film info needs title \(e\.g\. /film info title:"):
        parse("/film info")
    with pytest.raises(ParseError, match="needs film, scene"):
        parse("/scene info")
    with pytest.raises(ParseError, match="has no value"):
        parse("/film info title:")


def test_unknown_command_and_subcommand() -> None:
    with pytest.raises(ParseError, match="/nosuchcommand is not a command here; commands: about"):
        parse("/nosuchcommand")
    with pytest.raises(ParseError, match="did you mean /film"):
        parse("/flim info title:x")
    with pytest.raises(ParseError, match="/film has no subcommand 'infos'; choose: info, random"):
        parse("/film infos title:x")
    with pytest.raises(ParseError, match="/film needs a subcommand: info, random"):
        parse("/film")
    with pytest.raises(ParseError, match="not a slash command"):
        parse("film info")
    with pytest.raises(ParseError, match="/report is not a command"):
        parse("/Report")  # context-menu commands are not typed


def test_subcommand_groups() -> None:
    assert parse("/manage film add").path == ("manage", "film", "add")
    command = parse("/manage film remove title:Paddington 2")
    assert command.path == ("manage", "film", "remove")
    assert command.name == "manage film remove"
    assert command.options == {"title": "Paddington 2"}
    with pytest.raises(ParseError, match="/manage film needs a subcommand: add, remove"):
        parse("/manage film")
    assert parse("/manage settings poll-role").path == ("manage", "settings", "poll-role")


def test_as_prefix() -> None:
    command = parse("as moderator: /manage film remove title:Heat")
    assert command.identity == "moderator" and command.path == ("manage", "film", "remove")
    assert parse("As Owner:/about").identity == "owner"
    assert parse("/about").identity is None
    assert split_identity("as member: press 1") == ("member", "press 1")
    assert split_identity("/film info title:as x: y") == (None, "/film info title:as x: y")
    assert split_identity("as Bob --mod: press 1") == ("bob --mod", "press 1")
    assert parse("as alice: /about").identity == "alice"  # any username
    with pytest.raises(ParseError, match="'x' is not a username"):
        parse("as x: /about")


def test_values_are_typed_per_schema() -> None:
    assert parse("/film random genre:Sci-Fi").options == {"genre": "scifi"}
    assert parse("/film random genre:drama").options == {"genre": "drama"}
    with pytest.raises(ParseError, match="'western' is not a choice of 'genre': Drama, Sci-Fi"):
        parse("/film random genre:western")
    assert parse("/poll start film:Heat hours:24").options == {"film": "Heat", "hours": 24}
    with pytest.raises(ParseError, match="takes a whole number"):
        parse("/poll start film:Heat hours:soon")
    with pytest.raises(ParseError, match="at most 72"):
        parse("/poll start film:Heat hours:100")
    assert parse("/manage settings spoilers show:yes").options == {"show": True}
    with pytest.raises(ParseError, match="true or false"):
        parse("/manage settings spoilers show:maybe")


def test_entities_and_files_are_left_for_the_session() -> None:
    command = parse("/manage import file:articles/the third man.txt")
    assert command.options == {"file": EntityRef(ATTACHMENT, "articles/the third man.txt")}
    assert parse("/favourite show member:moderator").options == {
        "member": EntityRef(USER, "moderator")
    }


def test_quoted_values_are_literal() -> None:
    assert parse('/film info title:"the re:birth"').options == {"title": "the re:birth"}


def test_analyse_finds_what_is_being_typed() -> None:
    context = analyse("/fi", SCHEMA)
    assert context.kind == "command" and context.prefix == "fi"
    assert [c["name"] for c in context.candidates] == [
        "about",
        "film",
        "scene",
        "manage",
        "poll",
        "favourite",
    ]
    context = analyse("/film ", SCHEMA)
    assert context.kind == "subcommand" and context.prefix == ""
    assert analyse("/manage film a", SCHEMA).prefix == "a"
    context = analyse("as moderator: /scene info ", SCHEMA)
    assert context.kind == "option" and [o["name"] for o in context.candidates] == ["film", "scene"]
    context = analyse("/scene info film:rocky 4 scene:hea", SCHEMA)
    assert context.kind == "value" and context.option is not None
    assert context.option["name"] == "scene" and context.prefix == "hea"
    assert context.given == {"film": "rocky 4"}
    context = analyse("/scene info film:rocky 4 sc", SCHEMA)
    assert context.kind == "value" and context.word == "sc"
    assert [o["name"] for o in context.candidates] == ["scene"]
    assert analyse("press 1", SCHEMA).kind == "none"
    assert analyse("/nosuch x", SCHEMA).kind == "none"
