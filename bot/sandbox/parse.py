"""Reading ``as moderator: /group sub option:multi word value`` against the SYNCED schema.

Option names are known from the schema, so a line is split on `` name:`` boundaries for the
option names of the command being run; values may contain spaces and colons
(``title:Mission: Impossible``). Nothing here talks to the emulator: the schema comes in as the
list of command dicts the bot synced.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(3, 12)
ENTITY_TYPES = (USER, CHANNEL, ROLE, MENTIONABLE, ATTACHMENT)
CHAT_INPUT = 1
IDENTITIES = ("member", "moderator", "owner")  # the seeded members; any username works too
MODERATOR_FLAG = "--mod"
USERNAME = re.compile(r"^[a-z0-9_.]{2,32}$")  # Discord's rule for usernames
TYPE_HINTS = {
    STRING: "text",
    INTEGER: "a whole number",
    BOOLEAN: "true or false",
    USER: "member, moderator, owner or a username",
    CHANNEL: "a channel name",
    ROLE: "a role name",
    MENTIONABLE: "a member or a role",
    NUMBER: "a number",
    ATTACHMENT: "a local file path",
}
_AS_PREFIX = re.compile(r"^as\s+([\w.]+(?:\s+--mod)?)\s*:\s*(.*)$", re.S | re.I)
# a `word:` glued to text inside a value looks like a mistyped option name (but not `https://`)
_STRAY_OPTION = re.compile(r"(?<=\s)([a-z][a-z0-9_-]*):(?=[^\s/])")
_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}


class ParseError(ValueError):
    """The line cannot be sent: the message is one friendly sentence."""


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A member/role/channel/file option, resolved against the emulator's world later."""

    type: int
    text: str


@dataclass(frozen=True, slots=True)
class SlashCommand:
    path: tuple[str, ...]  # ("manage", "film", "add")
    options: dict[str, Any]
    identity: str | None = None  # from an `as moderator:` prefix
    schema: list[dict[str, Any]] = field(default_factory=list)  # the leaf's options

    @property
    def name(self) -> str:
        return " ".join(self.path)


@dataclass(slots=True)
class Context:
    """What is being typed at the end of an unfinished line (for Tab completion)."""

    kind: str  # "command" | "subcommand" | "option" | "value" | "none"
    prefix: str = ""  # the partial word, or the value typed so far
    path: tuple[str, ...] = ()
    candidates: list[dict[str, Any]] = field(default_factory=list)
    option: dict[str, Any] | None = None
    given: dict[str, str] = field(default_factory=dict)
    word: str = ""  # the last partial word (an option name may be starting)


def split_identity(line: str) -> tuple[str | None, str]:
    """``as moderator: /manage settings show`` -> ("moderator", "/manage settings show").

    The identity is a seeded role (member, moderator, owner) or any username, optionally
    followed by `` --mod`` (``as bob --mod: ...``) for a member with moderator rights.
    """
    match = _AS_PREFIX.match(line.lstrip())
    if match is None:
        return None, line.lstrip()
    return identity(match.group(1)), match.group(2).lstrip()


def identity(text: str) -> str:
    """``Bob  --mod`` -> ``bob --mod``; a ParseError for what cannot be a username."""
    words = text.lower().split()
    moderator = MODERATOR_FLAG in words[1:]
    rest = [w for w in words[1:] if w != MODERATOR_FLAG]
    if not words or rest or not USERNAME.match(words[0]):
        raise ParseError(
            f"as whom? {text.strip()!r} is not a username (usernames are 2 to 32 lowercase "
            f"letters, digits, _ or .); e.g. as alice, as bob {MODERATOR_FLAG}, or one of "
            f"{', '.join(IDENTITIES)}"
        )
    return f"{words[0]} {MODERATOR_FLAG}" if moderator else words[0]


def chat_commands(commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in commands if c.get("type", CHAT_INPUT) == CHAT_INPUT]


def _subcommands(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [o for o in options if o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)]


def _words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def resolve_path(
    commands: list[dict[str, Any]], body: str
) -> tuple[tuple[str, ...], list[dict[str, Any]], str]:
    """Walk ``film info title:x`` down the schema: (path, leaf options, the text left over)."""
    spans = _words(body)
    if not spans:
        raise ParseError("type a command after the slash, e.g. /help")
    first = body[spans[0][0] : spans[0][1]].lower()
    command = next((c for c in chat_commands(commands) if c["name"] == first), None)
    if command is None:
        names = sorted(c["name"] for c in chat_commands(commands))
        close = difflib.get_close_matches(first, names, n=1)
        hint = f"; did you mean /{close[0]}?" if close else f"; commands: {', '.join(names)}"
        raise ParseError(f"/{first} is not a command here{hint}")
    path: list[str] = [command["name"]]
    options: list[dict[str, Any]] = command.get("options") or []
    end = spans[0][1]
    for start, stop in spans[1:]:
        subs = _subcommands(options)
        if not subs:
            break
        word = body[start:stop].lower()
        match = next((s for s in subs if s["name"] == word), None)
        if match is None:
            choose = ", ".join(s["name"] for s in subs)
            raise ParseError(f"/{' '.join(path)} has no subcommand {word!r}; choose: {choose}")
        path.append(match["name"])
        options = match.get("options") or []
        end = stop
    subs = _subcommands(options)
    if subs:
        choose = ", ".join(s["name"] for s in subs)
        raise ParseError(f"/{' '.join(path)} needs a subcommand: {choose}")
    return tuple(path), options, body[end:]


def _boundaries(rest: str, names: list[str]) -> list[re.Match[str]]:
    if not names:
        return []
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return list(re.finditer(rf"(?:^|(?<=\s))({alternation}):", rest, re.IGNORECASE))


def split_options(rest: str, schema: list[dict[str, Any]], command: str) -> dict[str, str]:
    """``title:rocky 4 scene:2`` -> {"title": "rocky 4", "scene": "2"} (raw text values)."""
    names = [o["name"] for o in schema]
    marks = _boundaries(rest, names)
    leading = rest[: marks[0].start()] if marks else rest
    if leading.strip():
        raise ParseError(_stray_text(leading.strip(), names, command))
    values: dict[str, str] = {}
    for index, mark in enumerate(marks):
        name = mark.group(1).lower()
        end = marks[index + 1].start() if index + 1 < len(marks) else len(rest)
        value = rest[mark.end() : end].strip()
        if name in values:
            raise ParseError(f"option {name!r} is given twice")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            values[name] = value[1:-1]  # quoted: taken literally
            continue
        stray = _STRAY_OPTION.search(value)
        if stray and stray.group(1) not in names:
            raise ParseError(_unknown_option(stray.group(1), names, command))
        values[name] = value
    return values


def _stray_text(text: str, names: list[str], command: str) -> str:
    word = re.match(r"([\w-]+):", text)
    if word:
        return _unknown_option(word.group(1), names, command)
    if not names:
        return f"/{command} takes no options (unexpected {text!r})"
    wanted = " ".join(f"{n}:…" for n in names)
    return f"unexpected {text!r}: write options as name:value, e.g. /{command} {wanted}"


def _unknown_option(name: str, names: list[str], command: str) -> str:
    if not names:
        return f"/{command} takes no options (unknown option {name!r})"
    close = difflib.get_close_matches(name.lower(), names, n=1)
    hint = f"did you mean {close[0]}:? " if close else ""
    return f"unknown option {name!r} for /{command}: {hint}it takes {', '.join(names)}"


def coerce(option: dict[str, Any], raw: str) -> Any:
    """Type one raw value per the schema (choices, numbers, booleans, lengths)."""
    name, otype = option["name"], option.get("type", STRING)
    if raw == "":
        raise ParseError(f"option {name!r} has no value")
    if option.get("choices"):
        folded = raw.casefold()
        for choice in option["choices"]:
            if folded in (str(choice["value"]).casefold(), str(choice["name"]).casefold()):
                return choice["value"]
        names = ", ".join(str(c["name"]) for c in option["choices"])
        raise ParseError(f"{raw!r} is not a choice of {name!r}: {names}")
    if otype in ENTITY_TYPES:
        return EntityRef(otype, raw)
    if otype == BOOLEAN:
        if raw.lower() in _TRUE | _FALSE:
            return raw.lower() in _TRUE
        raise ParseError(f"option {name!r} takes true or false, not {raw!r}")
    if otype in (INTEGER, NUMBER):
        return _number(option, raw)
    low, high = option.get("min_length", 0), option.get("max_length", 6000)
    if not low <= len(raw) <= high:
        raise ParseError(f"option {name!r} takes {low} to {high} characters, not {len(raw)}")
    return raw


def _number(option: dict[str, Any], raw: str) -> int | float:
    name = option["name"]
    try:
        number: int | float = int(raw) if option["type"] == INTEGER else float(raw)
    except ValueError:
        raise ParseError(f"option {name!r} takes {TYPE_HINTS[option['type']]}") from None
    if "min_value" in option and number < option["min_value"]:
        raise ParseError(f"option {name!r} must be at least {option['min_value']}")
    if "max_value" in option and number > option["max_value"]:
        raise ParseError(f"option {name!r} must be at most {option['max_value']}")
    return number


def parse_command(
    line: str, commands: list[dict[str, Any]], *, check_required: bool = True
) -> SlashCommand:
    """Parse one full line: optional ``as X:`` prefix, then ``/command ... option:value``."""
    identity, text = split_identity(line.strip())
    if not text.startswith("/"):
        raise ParseError(f"{text!r} is not a slash command (they start with /)")
    path, schema, rest = resolve_path(commands, text[1:])
    name = " ".join(path)
    raw = split_options(rest, schema, name)
    by_name = {o["name"]: o for o in schema}
    options = {key: coerce(by_name[key], value) for key, value in raw.items()}
    missing = [o["name"] for o in schema if o.get("required") and o["name"] not in options]
    if check_required and missing:
        example = " ".join(f"{m}:…" for m in missing)
        raise ParseError(f"/{name} needs {', '.join(missing)} (e.g. /{name} {example})")
    return SlashCommand(path, options, identity, schema)


def analyse(text: str, commands: list[dict[str, Any]]) -> Context:
    """Where the cursor is in an unfinished slash command, for completion."""
    try:
        _, text = split_identity(text)
    except ParseError:
        return Context("none")
    if not text.startswith("/"):
        return Context("none")
    body = text[1:]
    spans = _words(body)
    if not spans or (len(spans) == 1 and spans[0][1] == len(body)):
        prefix = body[spans[0][0] :] if spans else ""
        return Context("command", prefix, candidates=chat_commands(commands))
    first = body[spans[0][0] : spans[0][1]].lower()
    command = next((c for c in chat_commands(commands) if c["name"] == first), None)
    if command is None:
        return Context("none")
    path: list[str] = [command["name"]]
    options: list[dict[str, Any]] = command.get("options") or []
    end = spans[0][1]
    for start, stop in spans[1:]:
        subs = _subcommands(options)
        if not subs:
            break
        word = body[start:stop].lower()
        if stop == len(body):
            return Context("subcommand", word, tuple(path), subs)
        match = next((s for s in subs if s["name"] == word), None)
        if match is None:
            return Context("none")
        path.append(match["name"])
        options, end = match.get("options") or [], stop
    if _subcommands(options):
        return Context("subcommand", "", tuple(path), _subcommands(options))
    return _analyse_options(body[end:], tuple(path), options)


def _analyse_options(rest: str, path: tuple[str, ...], schema: list[dict[str, Any]]) -> Context:
    word = "" if not rest or rest[-1].isspace() else rest.split()[-1]
    marks = _boundaries(rest, [o["name"] for o in schema])
    given: dict[str, str] = {}
    for index, mark in enumerate(marks[:-1]):
        given[mark.group(1).lower()] = rest[mark.end() : marks[index + 1].start()].strip()
    unused = [o for o in schema if o["name"] not in given]
    if not marks or not rest.strip():
        return Context("option", word, path, unused, word=word)
    last = marks[-1]
    name = last.group(1).lower()
    option = next(o for o in schema if o["name"] == name)
    value = rest[last.end() :]
    unused = [o for o in unused if o["name"] != name]
    return Context("value", value, path, unused, option, given, word=word)
