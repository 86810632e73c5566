"""Text bookkeeping for the article parser (:mod:`bot.catalogue.article`).

Cleaning the raw text, pieces of lines that remember their 1-based line number, joining pieces
into paragraphs, shortening at a word boundary, and the collector of import problems.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.catalogue.models import ImportProblem

# Warnings past this many are summed up in one last warning; errors are always all kept.
MAX_WARNINGS = 50

# Whitespace other than the no-break spaces, which are kept as typed.
_SPACES = re.compile(r"[^\S\xa0\u2007\u202f]+")
# Control characters: the whitespace ones become spaces, the others go.
_SPACE_CONTROLS = re.compile(r"[\t\x0b\x0c\x1c-\x1f\x85]")
_OTHER_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of one line of the text: ``line`` is its 1-based number."""

    line: int
    text: str


class Problems:
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


def normalise(text: str) -> str:
    """Strip a BOM, make every line ending ``\\n`` and remove control characters."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _OTHER_CONTROLS.sub("", _SPACE_CONTROLS.sub(" ", text))


def collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def is_blank(text: str) -> bool:
    return not text or text.isspace()


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters at a word boundary, ending with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" \n,;:-–—") + "…"


def paragraphs(pieces: Sequence[Piece]) -> str:
    """Join non-blank pieces into paragraphs (split at blank pieces), separated by a blank line."""
    found: list[str] = []
    current: list[str] = []
    for piece in pieces:
        if not is_blank(piece.text):
            current.append(piece.text)
        elif current:
            found.append(collapse(" ".join(current)))
            current = []
    if current:
        found.append(collapse(" ".join(current)))
    return "\n\n".join(found)


def slice_lines(lines: Sequence[str], start: tuple[int, int], stop: tuple[int, int]) -> list[Piece]:
    """The text from ``start`` up to ``stop`` (both ``(line index, column)``), as pieces."""
    (first, first_column), (last, last_column) = start, stop
    if first == last:
        return [Piece(first + 1, lines[first][first_column:last_column])]
    pieces = [Piece(first + 1, lines[first][first_column:])]
    pieces.extend(Piece(index + 1, lines[index]) for index in range(first + 1, last))
    pieces.append(Piece(last + 1, lines[last][:last_column]))
    return pieces
