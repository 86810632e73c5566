"""The body of an article, for the article parser (:mod:`bot.catalogue.article`).

The body follows the header: the synopsis, the "N Best Scenes from X" heading, then the scenes,
each starting at a ``Scene N:`` marker wherever it stands. A scene's title runs to the end of
its marker's line, or to the end of its first sentence when the description continues on that
line (:mod:`bot.catalogue.article_sentences`); its description runs to the next marker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.catalogue.article_sentences import first_sentence_end
from bot.catalogue.article_text import (
    Piece,
    Problems,
    collapse,
    is_blank,
    paragraphs,
    shorten,
    slice_lines,
)
from bot.catalogue.models import (
    MAX_SCENES,
    SCENE_DESCRIPTION_MAX,
    SCENE_TITLE_MAX,
    SYNOPSIS_MAX,
    SceneDraft,
)

# "Scene 4:" or "Scene #4:" anywhere, but not inside a word ("Outscene 4:").
MARKER = re.compile(r"(?<!\w)(?:Scene|SCENE)[ \t]+#?([0-9]{1,6})[ \t]*:")

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


def read_body(
    lines: Sequence[str], start: tuple[int, int], problems: Problems
) -> tuple[str, tuple[SceneDraft, ...]]:
    """The synopsis and the scenes of the text from ``start`` (``(line index, column)``)."""
    markers = _find_markers(lines, start)
    end = (len(lines) - 1, len(lines[-1]))
    first = (markers[0].index, markers[0].start) if markers else end
    synopsis, heading = _split_intro(slice_lines(lines, start, first), problems)
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
        for match in MARKER.finditer(lines[index], position):
            markers.append(_Marker(index, match.start(), match.end(), int(match[1])))
    return markers


def _split_intro(pieces: Sequence[Piece], problems: Problems) -> tuple[str, _Heading | None]:
    """Split the text before the first scene into the synopsis and the heading."""
    for position, piece in enumerate(pieces):
        heading = _heading(piece)
        if heading is None:
            continue
        ignored = [later for later in pieces[position + 1 :] if not is_blank(later.text)]
        if ignored:
            problems.warning(
                "The text between the heading and the first scene was ignored.", ignored[0].line
            )
        return paragraphs(pieces[:position]), heading
    return paragraphs(pieces), None


def _heading(piece: Piece) -> _Heading | None:
    if len(piece.text) > _MAX_HEADING_LENGTH:
        return None
    match = _HEADING.fullmatch(collapse(piece.text))
    if match is None:
        return None
    count = (match["top"] or match["count"]).casefold()
    if count.isdigit():
        return _Heading(piece.line, int(count))
    if count in _NUMBER_WORDS:
        return _Heading(piece.line, _NUMBER_WORDS[count])
    return None


def _checked_synopsis(synopsis: str, line: int | None, problems: Problems) -> str:
    if not synopsis:
        problems.warning("The article has no synopsis.", line)
    elif len(synopsis) > SYNOPSIS_MAX:
        problems.warning(
            f"The synopsis is longer than {SYNOPSIS_MAX} characters and was shortened.", line
        )
        return shorten(synopsis, SYNOPSIS_MAX)
    return synopsis


def _check_numbers(markers: Sequence[_Marker], problems: Problems) -> None:
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
    problems: Problems,
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
        pieces = slice_lines(lines, (marker.index, marker.end), stop)
        scenes.append(_scene(marker, pieces, problems))
    return tuple(scenes)


def _scene(marker: _Marker, pieces: Sequence[Piece], problems: Problems) -> SceneDraft:
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
        title = shorten(title, SCENE_TITLE_MAX)
    description = paragraphs(rest)
    if not description:
        problems.warning(f"Scene {marker.number} (“{title}”) has no description.", line)
    elif len(description) > SCENE_DESCRIPTION_MAX:
        problems.warning(
            f"The description of scene {marker.number} is longer than {SCENE_DESCRIPTION_MAX} "
            "characters and was shortened.",
            line,
        )
        description = shorten(description, SCENE_DESCRIPTION_MAX)
    # An article never marks spoilers: it states nothing about them.
    return SceneDraft(title=title, description=description, spoiler_stated=False)


def _take_title(pieces: Sequence[Piece]) -> tuple[str, list[Piece]]:
    """The scene's title (from the first non-blank piece) and the pieces after it."""
    for position, piece in enumerate(pieces):
        if is_blank(piece.text):
            continue
        end = first_sentence_end(piece.text)
        if end is None:
            return collapse(piece.text), list(pieces[position + 1 :])
        rest = Piece(piece.line, piece.text[end:])
        return collapse(piece.text[:end]), [rest, *pieces[position + 1 :]]
    return "", []
