"""Where a scene title's first sentence ends, for the article parser (:mod:`bot.catalogue.article`).

A sentence ends at a run of ``.``, ``!`` or ``?`` (with any closing quotes or brackets) that is
followed by whitespace and a capital letter or a digit; a period after an abbreviation
("Mr.", "vs.", "U.S.") or an initial ("J. R. R.") does not end one.
"""

from __future__ import annotations

import re

from bot.catalogue.models import SCENE_TITLE_MAX

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


def first_sentence_end(text: str) -> int | None:
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
