"""Finding and reading an article's header, for the article parser (:mod:`bot.catalogue.article`).

The header is a run of ``Key: value`` lines (blank lines allowed between them) after any blog
chrome. Known keys fill a field; a synopsis key, or any line that is not a known key, ends the
header; common keys the catalogue does not store are skipped with a warning. The values are
checked and converted by :mod:`bot.catalogue.article_fields`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.catalogue.article_scenes import MARKER
from bot.catalogue.article_text import Problems, collapse, is_blank

# Header keys (case-folded, single-spaced) and the field each one fills.
_FIELD_KEYS: dict[str, str] = {
    "title": "title",
    "film": "title",
    "film title": "title",
    "movie": "title",
    "movie title": "title",
    "release date": "release_date",
    "release": "release_date",
    "released": "release_date",
    "released on": "release_date",
    "date of release": "release_date",
    "year": "year",
    "release year": "year",
    "genre": "genres",
    "genres": "genres",
    "director": "director",
    "directors": "director",
    "directed by": "director",
    "runtime": "runtime",
    "run time": "runtime",
    "running time": "runtime",
    "duration": "runtime",
    "length": "runtime",
    "original title": "original_title",
    "also known as": "alt_titles",
    "aka": "alt_titles",
    "alternative titles": "alt_titles",
    "alternative title": "alt_titles",
    "alternate titles": "alt_titles",
    "alternate title": "alt_titles",
    "other titles": "alt_titles",
    "tagline": "tagline",
}
# Keys whose value is the first line of the synopsis.
_SYNOPSIS_KEYS = frozenset({"synopsis", "plot", "plot summary", "summary", "story", "overview"})
# Common article keys the catalogue does not store: skipped with a warning.
_SKIPPED_KEYS = frozenset(
    {
        "cast",
        "starring",
        "stars",
        "rating",
        "rated",
        "age rating",
        "mpaa rating",
        "imdb rating",
        "certificate",
        "language",
        "languages",
        "country",
        "countries",
        "country of origin",
        "budget",
        "box office",
        "writer",
        "writers",
        "written by",
        "screenplay",
        "screenplay by",
        "producer",
        "producers",
        "produced by",
        "music",
        "music by",
        "composer",
        "studio",
        "production company",
        "distributor",
        "distributed by",
        "cinematography",
        "editor",
        "edited by",
        "based on",
    }
)
_MAX_KEY_LENGTH = 40
_MAX_KEY_WORDS = 4


@dataclass(frozen=True, slots=True)
class Field:
    """A header value, whitespace collapsed, and its 1-based line."""

    value: str
    line: int


@dataclass(slots=True)
class Header:
    """The header's fields, keyed by field name, and where the header and the body start."""

    fields: dict[str, Field] = field(default_factory=dict)
    start_line: int = 1
    # Where the body begins: 0-based line index and column.
    body_start: tuple[int, int] = (0, 0)


def read_header(lines: Sequence[str], problems: Problems) -> Header | None:
    """The header of the text's ``lines``, or None when there is none before the first scene."""
    start = _header_start(lines)
    if start is None:
        return None
    # Without a line that ends the header, the body is empty: it starts at the very end.
    header = Header(start_line=start + 1, body_start=(len(lines) - 1, len(lines[-1])))
    for index in range(start, len(lines)):
        line = lines[index]
        if is_blank(line):
            continue
        split = _split_key(line)
        if split is None:
            header.body_start = (index, 0)
            break
        key, value = split
        if key in _SYNOPSIS_KEYS:
            header.body_start = (index, line.index(":") + 1)
            break
        if key in _SKIPPED_KEYS:
            problems.warning(
                f"The “{collapse(line.partition(':')[0])}” line was skipped.", index + 1
            )
        elif key in _FIELD_KEYS:
            _add_field(header, key, Field(collapse(value), index + 1), problems)
        else:
            header.body_start = (index, 0)
            break
    return header


def _split_key(line: str) -> tuple[str, str] | None:
    """``("release date", "21/11/1985")`` for a line that looks like ``Key: value``."""
    key, colon, value = line.partition(":")
    if not colon or len(key) > _MAX_KEY_LENGTH:
        return None
    words = key.split()
    if not 1 <= len(words) <= _MAX_KEY_WORDS or not all(word.isalpha() for word in words):
        return None
    return " ".join(words).casefold(), value


def _header_start(lines: Sequence[str]) -> int | None:
    """Index of the first header line, or None when a scene (or the end) comes first."""
    for index, line in enumerate(lines):
        if MARKER.search(line):
            return None
        split = _split_key(line)
        if split is not None and split[0] in _FIELD_KEYS:
            return index
    return None


def _add_field(header: Header, key: str, found: Field, problems: Problems) -> None:
    name = _FIELD_KEYS[key]
    if name in header.fields:
        problems.warning(
            f"The header gives “{key}” more than once; the first one (line "
            f"{header.fields[name].line}) is used.",
            found.line,
        )
        return
    header.fields[name] = found
