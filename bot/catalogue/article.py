"""Reading a "best scenes" film article into a :class:`~bot.models.FilmDraft`.

The format is that of a blog post about a film and its best scenes::

    Some Film Blog                          <- blog chrome: ignored
    6 Best Moments from Rocky IV Movie      <- blog chrome: ignored

    Title: Rocky IV                         <- the header: "Key: value" lines,
    Release Date: 21/11/1985                   blank lines allowed between them
    Genres: Drama, Sport

    Rocky goes to Moscow to ...             <- the synopsis: paragraphs of prose

    6 Best Scenes from Rocky IV             <- the heading: "N Best Scenes/Moments from/in/of X"

    Scene 1: An exhibition bout             <- a scene: the title runs to the end of its line
    The old rivals meet again ...           <- ... and the description to the next marker
    ... the end of the paragraph. Scene 2: Paulie and the robot
                                            ^ a marker starts a scene wherever it stands
    Scene 6: A speech. After the fight ...  <- when the description continues on the title's
                                               line, the title is its first sentence

Header keys are case-insensitive and tolerate extra spaces. ``Title`` is required;
``Release Date`` (read by :func:`~bot.catalogue.dates.parse_release_date`) and ``Genres``
(comma-separated, mapped onto the genre vocabulary) are expected. ``Year``, ``Director``,
``Runtime`` ("91 min", "1h 31m"), ``Original Title``, ``Also Known As`` (separated by ``;`` or,
when there is none, by commas) and ``Tagline`` are optional. A ``Synopsis:`` (or ``Plot:``) line
ends the header and its value starts the synopsis. Common keys the catalogue does not store
(``Cast``, ``Rating``, ...) are skipped with a warning; any other line ends the header.

Blog chrome before the first header line is ignored. Without a heading, the synopsis ends at
the first ``Scene N:`` marker (with a warning); text between the heading and the first marker
is ignored (with a warning). Scenes are ranked in the order they appear, whatever their numbers
say; skipped, repeated or out-of-order numbers, and a count that differs from the heading's, are
warnings. A scene title is cut at a word boundary (with "…") when it is too long.

Text is kept as written (curly quotes and other Unicode included) except that line endings are
normalised, a leading byte order mark and control characters are removed, and runs of
whitespace inside a paragraph become one space. Paragraphs are joined with a blank line.

:func:`parse_article` never raises: everything it notices becomes an
:class:`~bot.models.ImportProblem` naming the 1-based line of the original text, and any error
leaves the draft out. All the work is linear in the size of the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.catalogue.dates import MAX_YEAR, MIN_YEAR, parse_release_date
from bot.catalogue.genres import canonical_genre
from bot.errors import ValidationError
from bot.models import (
    ALT_TITLE_MAX,
    DIRECTOR_MAX,
    FILM_TITLE_MAX,
    MAX_ALT_TITLES,
    MAX_GENRES,
    MAX_SCENES,
    RUNTIME_MAX,
    SCENE_DESCRIPTION_MAX,
    SCENE_TITLE_MAX,
    SYNOPSIS_MAX,
    TAGLINE_MAX,
    FilmDraft,
    ImportProblem,
    ParsedFilm,
    SceneDraft,
)

# Warnings past this many are summed up in one last warning; errors are always all kept.
MAX_WARNINGS = 50

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
# Values quoted back in a message are shortened to this.
_SHOWN_MAX = 40
_MAX_KEY_WORDS = 4

# "Scene 4:" or "Scene #4:" anywhere, but not inside a word ("Outscene 4:").
_MARKER = re.compile(r"(?<!\w)(?:Scene|SCENE)[ \t]+#?([0-9]{1,6})[ \t]*:")

_NUMBER_WORDS: dict[str, int] = {
    word: number
    for number, word in enumerate(
        (
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen", "twenty",
        )
    )
}  # fmt: skip
# "6 Best Scenes from X", "The Top Ten Moments in X", "Six Most Memorable Scenes of X":
# matched against a line whose whitespace was collapsed, so single spaces suffice.
_COUNT = r"[0-9]{1,3}|[a-z]+"
_HEADING = re.compile(
    rf"(?:the )?(?:top (?P<top>{_COUNT}) (?:best |greatest |most \w+ )?"
    rf"|(?P<count>{_COUNT}) (?:best|greatest|top|most \w+) )"
    r"(?:scenes|moments)(?: (?:from|in|of) .*)?:?",
    re.IGNORECASE,
)
_MAX_HEADING_LENGTH = 300

# A run of sentence-ending punctuation (starting at the run's first character, so that a long
# run is tried once), any closing quotes or brackets, then whitespace.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]»]*+(?=\s)")
# What must follow a sentence end: whitespace, opening quotes or brackets, then a character
# that may start a sentence (checked in code: an upper-case letter or a digit).
_SENTENCE_START = re.compile(r"\s++[\"'“‘(\[«]*+(\w)")
_ABBREVIATIONS = frozenset(
    (
        "mr", "mrs", "ms", "mx", "dr", "st", "sr", "jr", "vs", "v", "prof", "rev", "fr", "gen",
        "col", "lt", "sgt", "capt", "cpt", "maj", "cmdr", "gov", "sen", "rep", "pres", "mt", "ft",
        "no", "nos", "vol", "vols", "ch", "pt", "pts", "pp", "fig", "approx", "est", "dept",
        "univ", "inc", "ltd", "co", "corp", "bros",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    )
)  # fmt: skip
# Dotted abbreviations such as "U.S", "e.g", "a.m" (the final period is the candidate end).
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_TOKEN_OPENERS = "\"'“‘([«"
# A title's first sentence is looked for this far into its line; a longer one is cut anyway.
_TITLE_SEARCH_MAX = 10 * SCENE_TITLE_MAX
_MAX_TOKEN_LOOKBACK = 40

# Whitespace other than the no-break spaces, which are kept as typed.
_SPACES = re.compile(r"[^\S\xa0\u2007\u202f]+")
# Control characters: the whitespace ones become spaces, the others go.
_SPACE_CONTROLS = re.compile(r"[\t\x0b\x0c\x1c-\x1f\x85]")
_OTHER_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")

_RUNTIME_MINUTES = re.compile(r"([0-9]{1,4}) ?(?:m|min|mins|minutes?)?\.?")
_RUNTIME_HOURS = re.compile(
    r"([0-9]{1,2}) ?(?:h|hr|hrs|hours?)\.?(?: ?([0-9]{1,2}) ?(?:m|min|mins|minutes?)?\.?)?"
)
_YEAR_ONLY = re.compile(r"[0-9]{4}")
_GENRE_SEPARATORS = re.compile(r"[,;/|]")


@dataclass(frozen=True, slots=True)
class _Piece:
    """A stretch of one line of the text: ``line`` is its 1-based number."""

    line: int
    text: str


@dataclass(frozen=True, slots=True)
class _Marker:
    """A ``Scene N:`` marker: 0-based line index and column span within that line."""

    index: int
    start: int
    end: int
    number: int


@dataclass(frozen=True, slots=True)
class _Heading:
    line: int
    count: int


@dataclass(frozen=True, slots=True)
class _Field:
    value: str
    line: int


@dataclass(slots=True)
class _Header:
    fields: dict[str, _Field] = field(default_factory=dict)
    start_line: int = 1
    # Where the body begins: 0-based line index and column.
    body_start: tuple[int, int] = (0, 0)


@dataclass(slots=True)
class _FilmFields:
    """The header's values, checked and converted."""

    title: str = ""
    release_date: date | None = None
    year: int | None = None
    genres: tuple[str, ...] = ()
    director: str | None = None
    runtime: int | None = None
    original_title: str | None = None
    alt_titles: tuple[str, ...] = ()
    tagline: str | None = None


class _Problems:
    """Collects problems for one source; caps the number of warnings kept."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._kept: list[ImportProblem] = []
        self._warnings = 0
        self.has_errors = False

    def error(self, message: str, line: int | None = None) -> None:
        self.has_errors = True
        self._kept.append(ImportProblem("error", message, self.source, line))

    def warning(self, message: str, line: int | None = None) -> None:
        self._warnings += 1
        if self._warnings <= MAX_WARNINGS:
            self._kept.append(ImportProblem("warning", message, self.source, line))

    def collected(self) -> tuple[ImportProblem, ...]:
        problems = list(self._kept)
        hidden = self._warnings - MAX_WARNINGS
        if hidden > 0:
            problems.append(
                ImportProblem("warning", f"…and {hidden} more warnings.", self.source, None)
            )
        return tuple(problems)


def parse_article(text: str, source: str) -> ParsedFilm:
    """Read one film article; ``source`` names it in problems and in the draft.

    Never raises. On errors the result's ``draft`` is None and ``problems`` says why.
    """
    problems = _Problems(source)
    lines = _normalise(text).split("\n")
    header = _read_header(lines, problems)
    if header is None:
        problems.error(
            "No header found: the article should start with “Title:”, “Release Date:” and "
            "“Genres:” lines, before the synopsis and the scenes."
        )
        return ParsedFilm(None, problems.collected())
    values = _film_fields(header, problems)
    synopsis, scenes = _read_body(lines, header.body_start, problems)
    if problems.has_errors:
        return ParsedFilm(None, problems.collected())
    draft = FilmDraft(
        title=values.title,
        original_title=values.original_title,
        alt_titles=values.alt_titles,
        release_date=values.release_date,
        year=values.year,
        runtime=values.runtime,
        genres=values.genres,
        director=values.director,
        tagline=values.tagline,
        synopsis=synopsis,
        source=source,
        scenes=scenes,
    )
    return ParsedFilm(draft, problems.collected())


# --- text helpers -------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Strip a BOM, make every line ending ``\\n`` and remove control characters."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _OTHER_CONTROLS.sub("", _SPACE_CONTROLS.sub(" ", text))


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _is_blank(text: str) -> bool:
    return not text or text.isspace()


def _shorten(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters at a word boundary, ending with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" \n,;:-–—") + "…"


def _paragraphs(pieces: Sequence[_Piece]) -> str:
    """Join non-blank pieces into paragraphs (split at blank pieces), separated by a blank line."""
    paragraphs: list[str] = []
    current: list[str] = []
    for piece in pieces:
        if not _is_blank(piece.text):
            current.append(piece.text)
        elif current:
            paragraphs.append(_collapse(" ".join(current)))
            current = []
    if current:
        paragraphs.append(_collapse(" ".join(current)))
    return "\n\n".join(paragraphs)


def _slice(lines: Sequence[str], start: tuple[int, int], stop: tuple[int, int]) -> list[_Piece]:
    """The text from ``start`` up to ``stop`` (both ``(line index, column)``), as pieces."""
    (first, first_column), (last, last_column) = start, stop
    if first == last:
        return [_Piece(first + 1, lines[first][first_column:last_column])]
    pieces = [_Piece(first + 1, lines[first][first_column:])]
    pieces.extend(_Piece(index + 1, lines[index]) for index in range(first + 1, last))
    pieces.append(_Piece(last + 1, lines[last][:last_column]))
    return pieces


# --- the header ---------------------------------------------------------------------------


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
        if _MARKER.search(line):
            return None
        split = _split_key(line)
        if split is not None and split[0] in _FIELD_KEYS:
            return index
    return None


def _read_header(lines: Sequence[str], problems: _Problems) -> _Header | None:
    start = _header_start(lines)
    if start is None:
        return None
    # Without a line that ends the header, the body is empty: it starts at the very end.
    header = _Header(start_line=start + 1, body_start=(len(lines) - 1, len(lines[-1])))
    for index in range(start, len(lines)):
        line = lines[index]
        if _is_blank(line):
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
                f"The “{_collapse(line.partition(':')[0])}” line was skipped.", index + 1
            )
        elif key in _FIELD_KEYS:
            _add_field(header, key, _Field(_collapse(value), index + 1), problems)
        else:
            header.body_start = (index, 0)
            break
    return header


def _add_field(header: _Header, key: str, found: _Field, problems: _Problems) -> None:
    name = _FIELD_KEYS[key]
    if name in header.fields:
        problems.warning(
            f"The header gives “{key}” more than once; the first one (line "
            f"{header.fields[name].line}) is used.",
            found.line,
        )
        return
    header.fields[name] = found


def _film_fields(header: _Header, problems: _Problems) -> _FilmFields:
    values = _FilmFields()
    fields = header.fields
    values.title = _title(fields.get("title"), header.start_line, problems)
    _dates(values, fields.get("release_date"), fields.get("year"), header.start_line, problems)
    values.genres = _genres(fields.get("genres"), header.start_line, problems)
    values.runtime = _runtime(fields.get("runtime"), problems)
    values.director = _optional_text(fields.get("director"), "director", DIRECTOR_MAX, problems)
    values.tagline = _optional_text(fields.get("tagline"), "tagline", TAGLINE_MAX, problems)
    values.original_title = _optional_text(
        fields.get("original_title"), "original title", ALT_TITLE_MAX, problems
    )
    values.alt_titles = _alt_titles(fields.get("alt_titles"), values.title, problems)
    return values


def _title(found: _Field | None, header_line: int, problems: _Problems) -> str:
    if found is None or not found.value:
        line = found.line if found else header_line
        problems.error("The film has no title: add a “Title:” line to the header.", line)
        return ""
    if len(found.value) > FILM_TITLE_MAX:
        problems.error(
            f"The title is {len(found.value)} characters long; the limit is {FILM_TITLE_MAX}.",
            found.line,
        )
    return found.value


def _dates(
    values: _FilmFields,
    release: _Field | None,
    year: _Field | None,
    header_line: int,
    problems: _Problems,
) -> None:
    if release is not None and release.value:
        if _YEAR_ONLY.fullmatch(release.value):
            values.year = _year(release, problems)
            if values.year is not None:
                problems.warning("The release date is only a year.", release.line)
        else:
            try:
                values.release_date = parse_release_date(release.value)
            except ValidationError as error:
                problems.error(f"The release date cannot be read: {error.message}", release.line)
                return
            values.year = values.release_date.year
    if year is not None and year.value:
        header_year = _year(year, problems)
        if values.year is None:
            values.year = header_year
        elif header_year is not None and header_year != values.year:
            problems.warning(
                f"The year {header_year} does not match the release date; {values.year} is used.",
                year.line,
            )
    if values.year is None:
        line = release.line if release else header_line
        problems.warning("The film has no release date.", line)


def _year(found: _Field, problems: _Problems) -> int | None:
    if _YEAR_ONLY.fullmatch(found.value) and MIN_YEAR <= int(found.value) <= MAX_YEAR:
        return int(found.value)
    problems.warning(
        f"“{_shorten(found.value, _SHOWN_MAX)}” is not a year between {MIN_YEAR} and {MAX_YEAR}; "
        "it was skipped.",
        found.line,
    )
    return None


def _genres(found: _Field | None, header_line: int, problems: _Problems) -> tuple[str, ...]:
    names = [name.strip() for name in _GENRE_SEPARATORS.split(found.value)] if found else []
    genres: list[str] = []
    line = found.line if found else header_line
    for name in filter(None, names):
        genre = canonical_genre(name)
        if genre is None:
            problems.warning(f"Unknown genre “{_shorten(name, _SHOWN_MAX)}” was dropped.", line)
        elif genre not in genres:
            genres.append(genre)
    if len(genres) > MAX_GENRES:
        problems.warning(f"Only the first {MAX_GENRES} genres were kept.", line)
        genres = genres[:MAX_GENRES]
    if not genres:
        problems.warning("The film has no genres.", line)
    return tuple(genres)


def _runtime(found: _Field | None, problems: _Problems) -> int | None:
    if found is None or not found.value:
        return None
    text = found.value.casefold()
    minutes: int | None = None
    if match := _RUNTIME_MINUTES.fullmatch(text):
        minutes = int(match[1])
    elif match := _RUNTIME_HOURS.fullmatch(text):
        minutes = int(match[1]) * 60 + int(match[2] or 0)
    if minutes is None or not 1 <= minutes <= RUNTIME_MAX:
        problems.warning(
            f"The runtime “{_shorten(found.value, _SHOWN_MAX)}” cannot be read (try “91 min”); "
            "it was skipped.",
            found.line,
        )
        return None
    return minutes


def _optional_text(found: _Field | None, what: str, limit: int, problems: _Problems) -> str | None:
    if found is None or not found.value:
        return None
    if len(found.value) > limit:
        problems.warning(
            f"The {what} is longer than {limit} characters and was shortened.", found.line
        )
        return _shorten(found.value, limit)
    return found.value


def _alt_titles(found: _Field | None, title: str, problems: _Problems) -> tuple[str, ...]:
    if found is None or not found.value:
        return ()
    separator = ";" if ";" in found.value else ","
    titles: list[str] = []
    seen = {title.casefold()}
    for name in (_collapse(part) for part in found.value.split(separator)):
        if not name or name.casefold() in seen:
            continue
        if len(name) > ALT_TITLE_MAX:
            problems.warning(
                f"An alternative title is longer than {ALT_TITLE_MAX} characters and was "
                "shortened.",
                found.line,
            )
            name = _shorten(name, ALT_TITLE_MAX)
        seen.add(name.casefold())
        titles.append(name)
    if len(titles) > MAX_ALT_TITLES:
        problems.warning(
            f"Only the first {MAX_ALT_TITLES} alternative titles were kept.", found.line
        )
        titles = titles[:MAX_ALT_TITLES]
    return tuple(titles)


# --- the body: synopsis, heading and scenes -----------------------------------------------


def _read_body(
    lines: Sequence[str], start: tuple[int, int], problems: _Problems
) -> tuple[str, tuple[SceneDraft, ...]]:
    markers = _find_markers(lines, start)
    end = (len(lines) - 1, len(lines[-1]))
    first = (markers[0].index, markers[0].start) if markers else end
    synopsis, heading = _split_intro(_slice(lines, start, first), problems)
    # Point at the synopsis, or when there is none at where it should have been.
    if synopsis:
        synopsis_line: int | None = start[0] + 1
    else:
        synopsis_line = heading.line if heading else first[0] + 1 if markers else None
    synopsis = _checked_synopsis(synopsis, synopsis_line, problems)
    if not markers:
        problems.error(
            "No scenes found: each scene starts with “Scene 1:”, “Scene 2:” and so on.",
            heading.line if heading else None,
        )
        return synopsis, ()
    if heading is None:
        problems.warning(
            "No “6 Best Scenes from …” heading before the first scene; the synopsis was taken "
            "to end where the first scene starts.",
            markers[0].index + 1,
        )
    elif heading.count != len(markers):
        problems.warning(
            f"The heading promises {heading.count} scenes but {len(markers)} were found.",
            heading.line,
        )
    _check_numbers(markers, problems)
    return synopsis, _scenes(lines, markers, end, problems)


def _find_markers(lines: Sequence[str], start: tuple[int, int]) -> list[_Marker]:
    first, column = start
    markers: list[_Marker] = []
    for index in range(first, len(lines)):
        position = column if index == first else 0
        for match in _MARKER.finditer(lines[index], position):
            markers.append(_Marker(index, match.start(), match.end(), int(match[1])))
    return markers


def _split_intro(pieces: Sequence[_Piece], problems: _Problems) -> tuple[str, _Heading | None]:
    """Split the text before the first scene into the synopsis and the heading."""
    for position, piece in enumerate(pieces):
        heading = _heading(piece)
        if heading is None:
            continue
        ignored = [later for later in pieces[position + 1 :] if not _is_blank(later.text)]
        if ignored:
            problems.warning(
                "The text between the heading and the first scene was ignored.", ignored[0].line
            )
        return _paragraphs(pieces[:position]), heading
    return _paragraphs(pieces), None


def _heading(piece: _Piece) -> _Heading | None:
    if len(piece.text) > _MAX_HEADING_LENGTH:
        return None
    match = _HEADING.fullmatch(_collapse(piece.text))
    if match is None:
        return None
    count = (match["top"] or match["count"]).casefold()
    if count.isdigit():
        return _Heading(piece.line, int(count))
    if count in _NUMBER_WORDS:
        return _Heading(piece.line, _NUMBER_WORDS[count])
    return None


def _checked_synopsis(synopsis: str, line: int | None, problems: _Problems) -> str:
    if not synopsis:
        problems.warning("The article has no synopsis.", line)
    elif len(synopsis) > SYNOPSIS_MAX:
        problems.warning(
            f"The synopsis is longer than {SYNOPSIS_MAX} characters and was shortened.", line
        )
        return _shorten(synopsis, SYNOPSIS_MAX)
    return synopsis


def _check_numbers(markers: Sequence[_Marker], problems: _Problems) -> None:
    """Warn about scene numbers that are skipped, repeated or out of order."""
    seen: set[int] = set()
    previous: int | None = None
    for marker in markers:
        number, line = marker.number, marker.index + 1
        if number in seen:
            problems.warning(
                f"Scene {number} is numbered more than once; scenes are ranked in the order "
                "they appear.",
                line,
            )
        elif previous is None and number != 1:
            problems.warning(f"The scenes start at scene {number} instead of scene 1.", line)
        elif previous is not None and number != previous + 1:
            problems.warning(
                f"Scene {number} follows scene {previous} (expected scene {previous + 1}); "
                "scenes are ranked in the order they appear.",
                line,
            )
        seen.add(number)
        previous = number


def _scenes(
    lines: Sequence[str],
    markers: Sequence[_Marker],
    end: tuple[int, int],
    problems: _Problems,
) -> tuple[SceneDraft, ...]:
    if len(markers) > MAX_SCENES:
        problems.warning(
            f"The article has {len(markers)} scenes; only the first {MAX_SCENES} were kept.",
            markers[MAX_SCENES].index + 1,
        )
    scenes: list[SceneDraft] = []
    for position, marker in enumerate(markers[:MAX_SCENES]):
        following = markers[position + 1] if position + 1 < len(markers) else None
        stop = (following.index, following.start) if following else end
        pieces = _slice(lines, (marker.index, marker.end), stop)
        scenes.append(_scene(marker, pieces, problems))
    return tuple(scenes)


def _scene(marker: _Marker, pieces: Sequence[_Piece], problems: _Problems) -> SceneDraft:
    line = marker.index + 1
    title, rest = _take_title(pieces)
    if not title:
        problems.warning(f"Scene {marker.number} has no title.", line)
        title = f"Scene {marker.number}"
    elif len(title) > SCENE_TITLE_MAX:
        problems.warning(
            f"The title of scene {marker.number} is longer than {SCENE_TITLE_MAX} characters "
            "and was shortened.",
            line,
        )
        title = _shorten(title, SCENE_TITLE_MAX)
    description = _paragraphs(rest)
    if not description:
        problems.warning(f"Scene {marker.number} (“{title}”) has no description.", line)
    elif len(description) > SCENE_DESCRIPTION_MAX:
        problems.warning(
            f"The description of scene {marker.number} is longer than {SCENE_DESCRIPTION_MAX} "
            "characters and was shortened.",
            line,
        )
        description = _shorten(description, SCENE_DESCRIPTION_MAX)
    return SceneDraft(title=title, description=description)


def _take_title(pieces: Sequence[_Piece]) -> tuple[str, list[_Piece]]:
    """The scene's title (from the first non-blank piece) and the pieces after it."""
    for position, piece in enumerate(pieces):
        if _is_blank(piece.text):
            continue
        end = _first_sentence_end(piece.text)
        if end is None:
            return _collapse(piece.text), list(pieces[position + 1 :])
        rest = _Piece(piece.line, piece.text[end:])
        return _collapse(piece.text[:end]), [rest, *pieces[position + 1 :]]
    return "", []


# --- sentences ----------------------------------------------------------------------------


def _first_sentence_end(text: str) -> int | None:
    """Index just past the first sentence of ``text`` when another sentence follows it."""
    for match in _SENTENCE_END.finditer(text, 0, _TITLE_SEARCH_MAX):
        following = _SENTENCE_START.match(text, match.end())
        if following is None:
            continue
        starter = following[1]
        if not (starter.isupper() or starter.isdigit()):
            continue
        if (
            match[0].startswith(".")
            and not match[0].startswith("...")
            and (_is_abbreviation(text, match.start()))
        ):
            continue
        return match.end()
    return None


def _is_abbreviation(text: str, period: int) -> bool:
    """Whether the word before the period at ``period`` is an abbreviation or an initial."""
    before = text[max(0, period - _MAX_TOKEN_LOOKBACK) : period]
    words = before.split()
    if not words or before[-1:].isspace():
        return False
    word = words[-1].lstrip(_TOKEN_OPENERS)
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. R. R. Tolkien"
    return word.casefold() in _ABBREVIATIONS or _DOTTED.fullmatch(word) is not None
