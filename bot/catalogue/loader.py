"""Reading import files: catalogue TOML, the project's JSON, and article text.

A folder is read recursively for ``*.toml``, ``*.json``, ``*.txt`` and ``*.md`` files in name order.
Every problem names its file (and line, where one is known); nothing here touches the database.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.catalogue.article import parse_article
from bot.catalogue.models import ImportProblem, ParsedFilm
from bot.catalogue.records import film_from_mapping
from bot.catalogue.validation import printable

SUFFIXES = (".toml", ".json", ".txt", ".md")
MAX_FILE_BYTES = 5 * 1024 * 1024
JSON_FORMAT = "projectionist-catalogue"
JSON_VERSION = 1
#: Owners recorded in an export are Discord snowflakes: they fit SQLite's signed 64-bit integer.
MAX_SNOWFLAKE = 2**63 - 1

_LONG_NUMBER = re.compile(rf"[0-9_]{{{sys.get_int_max_str_digits() or 4300},}}")
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class LoadedFilm:
    parsed: ParsedFilm
    guild_id: int | None = None  # the owner recorded in a JSON export; None = shared


@dataclass(frozen=True, slots=True)
class LoadedFile:
    source: str
    films: tuple[LoadedFilm, ...] = ()
    problems: tuple[ImportProblem, ...] = ()  # problems with the file as a whole

    @property
    def all_problems(self) -> tuple[ImportProblem, ...]:
        return self.problems + tuple(p for f in self.films for p in f.parsed.problems)

    @property
    def ok(self) -> bool:
        """All-or-nothing: a file imports only when no film in it has an error."""
        return bool(self.films) and not any(p.severity == "error" for p in self.all_problems)


def _file_error(source: str, message: str, line: int | None = None) -> LoadedFile:
    return LoadedFile(source, (), (ImportProblem("error", message, source, line),))


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _too_deep_line(text: str) -> int | None:
    """The line where brackets outside double-quoted strings first nest 64 deep."""
    depth = 0
    for match in re.finditer(r'"(?:[^"\\\n]|\\.)*"|[\[{]|[\]}]', text):
        token = match[0]
        if token in "[{":
            depth += 1
            if depth >= 64:
                return _line_at(text, match.start())
        elif token in "]}":
            depth -= 1
    return None


def _unreadable(text: str, source: str, exc: RecursionError | ValueError) -> LoadedFile:
    """The problem for a file the parser gave up on: too deep, or a number too long."""
    if isinstance(exc, RecursionError):
        return _file_error(source, "the file is nested too deeply", _too_deep_line(text))
    long = _LONG_NUMBER.search(text)
    if long:
        digits = len(long[0])
        message = f"a number is too long ({digits} digits); no field needs one that long"
        return _file_error(source, message, _line_at(text, long.start()))
    return _file_error(source, f"the file cannot be read: {printable(str(exc))[:200]}")


def parse_toml(text: str, source: str) -> LoadedFile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match[1]) if match else None
        if line is None and "end of document" in str(exc):  # the last line, where it ran out
            line = max(1, len(text.splitlines()))
        return _file_error(source, f"not valid TOML: {exc}", line)
    except (RecursionError, ValueError) as exc:  # deep nesting; an int past Python's limit
        return _unreadable(text, source, exc)
    return LoadedFile(source, (LoadedFilm(film_from_mapping(data, source)),))


def _has_surrogate(data: Any) -> bool:
    """Whether any key or text in parsed JSON holds a lone surrogate (JSON "\\ud800")."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _owner_problem(record: Any, source: str) -> LoadedFilm | None:
    """An error film when the record names an owner that is not a Discord id."""
    if not isinstance(record, dict) or record.get("guild_id") is None:
        return None
    owner = record["guild_id"]
    if isinstance(owner, int) and not isinstance(owner, bool) and 0 <= owner <= MAX_SNOWFLAKE:
        return None
    message = "'guild_id' must be a Discord server id (a whole number of up to 19 digits)"
    return LoadedFilm(ParsedFilm(None, (ImportProblem("error", message, source),)))


def _owner(record: Any) -> int | None:
    if isinstance(record, dict):
        owner = record.get("guild_id")
        if isinstance(owner, int) and not isinstance(owner, bool) and owner > 0:
            return owner
    return None


def parse_json(text: str, source: str) -> LoadedFile:
    """The export format ``{"format", "version", "films": [...]}``, or a bare list of films."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _file_error(source, f"not valid JSON: {exc.msg}", exc.lineno)
    except (RecursionError, ValueError) as exc:  # deep nesting; an int past Python's limit
        return _unreadable(text, source, exc)
    if _has_surrogate(data):
        found = _LONE_SURROGATE.search(text)
        line = _line_at(text, found.start()) if found else None
        message = "the file is not valid text: it holds a lone surrogate escape such as \\ud800"
        return _file_error(source, message, line)
    if isinstance(data, dict) and "films" in data:
        if data.get("format", JSON_FORMAT) != JSON_FORMAT:
            return _file_error(source, f"unknown format {data.get('format')!r}")
        version = data.get("version", JSON_VERSION)
        if not isinstance(version, int) or version > JSON_VERSION:
            return _file_error(source, f"format version {version!r} is newer than I can read")
        data = data["films"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        return _file_error(source, "expected a list of films or an export object")
    films = tuple(
        _owner_problem(record, f"{source}#films[{i}]")
        or LoadedFilm(film_from_mapping(record, f"{source}#films[{i}]"), _owner(record))
        for i, record in enumerate(data)
    )
    if not films:
        return _file_error(source, "the file holds no films")
    return LoadedFile(source, films)


def parse_text(text: str, source: str, *, kind: str | None = None) -> LoadedFile:
    """Parse already-read text; ``kind`` is toml/json/article, guessed from the name if None."""
    if kind is None:
        suffix = Path(source).suffix.lower()
        kind = {".toml": "toml", ".json": "json"}.get(suffix, "article")
    if kind == "toml":
        return parse_toml(text, source)
    if kind == "json":
        return parse_json(text, source)
    return LoadedFile(source, (LoadedFilm(parse_article(text, source)),))


def decode(data: bytes, source: str) -> str | LoadedFile:
    """UTF-8 text (with or without BOM), or a LoadedFile that says why not."""
    if len(data) > MAX_FILE_BYTES:
        return _file_error(source, f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
    if b"\x00" in data[:8192]:
        return _file_error(source, "this is a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _file_error(source, f"the file is not UTF-8 text (byte {exc.start})")


def read_file(path: Path) -> LoadedFile:
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return _file_error(source, f"cannot read the file: {exc.strerror or exc}")
    text = decode(raw, source)
    if isinstance(text, LoadedFile):
        return text
    return parse_text(text, source)


def expand_paths(paths: Iterable[Path]) -> list[Path | LoadedFile]:
    """Files named directly, and the importable files inside named folders."""
    found: list[Path | LoadedFile] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            )
        elif path.exists():
            found.append(path)
        else:
            found.append(_file_error(str(path), "no such file or folder"))
    return found


def read_paths(paths: Sequence[Path]) -> list[LoadedFile]:
    return [
        item if isinstance(item, LoadedFile) else read_file(item) for item in expand_paths(paths)
    ]
