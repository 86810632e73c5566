"""Text normalisation for film-title search: pure functions, no state, no I/O.

A title (or a query) is turned into a few *forms* that are compared against each other:

``plain``
    Case-folded, accents stripped, punctuation turned into spaces (apostrophes and the dots of
    acronyms dropped, so "Ocean's" -> "oceans" and "M.A.S.H." -> "mash"), "&" spelt "and", one
    leading article removed ("The Godfather" -> "godfather").
``canonical``
    ``plain`` with numbers written one way: Roman numerals I..XX and number words one..twenty
    become digits ("rocky iv" -> "rocky 4", "oceans eleven" -> "oceans 11"), "and a half" becomes
    "1 2" (the tokens of "1/2" and of "½"), and a digit inside a word that spells its own number
    is read as that number ("se7en" -> "7"). It is an *extra* form, never a replacement, so a
    lone "I" in "I, Robot" still matches as a letter.
``squashed``
    ``plain`` without spaces ("wall e" -> "walle", "m a s h" -> "mash"); empty for one-word titles.
``initials``
    First letters of the ``plain`` tokens for titles of three words or more ("eeaao").
``full``
    ``plain`` with its leading article kept ("the godfather"), empty when there was none; so
    that typing just "the" lists the titles starting with "The".

``parse_query`` also pulls a release year out of a query ("dune 1984", "dune (2021)").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "ARTICLES",
    "ParsedQuery",
    "TitleForms",
    "canonical_tokens",
    "fold",
    "identity_key",
    "parse_query",
    "strip_article",
    "title_forms",
    "tokenize",
]

#: Leading articles dropped from titles and queries ("l" is what "l'" becomes).
ARTICLES: frozenset[str] = frozenset(
    {"the", "a", "an", "le", "la", "les", "l", "el", "il", "los", "las", "der", "die", "das"}
)

YEAR_MIN = 1870
YEAR_MAX = 2100

# Characters that NFKD does not take apart the way a reader expects. Fractions must be mapped
# before NFKD, which would otherwise glue "8½" into "81⁄2".
_PRE_MAP = str.maketrans(
    {
        "½": " 1/2 ",
        "¼": " 1/4 ",
        "¾": " 3/4 ",
        "⅓": " 1/3 ",
        "⅔": " 2/3 ",
        "&": " and ",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
    }
)

# French/Italian elision: "l'avventura" -> "l avventura", so the article can be stripped.
_ELISION = re.compile(r"(?<!\w)(qu|[ldjmnst])['’ʼ](?=\w)")
# Acronyms with dots: "m.a.s.h." / "a.i" / "e.t." -> "mash" / "ai" / "et".
_ACRONYM = re.compile(r"(?<!\w)[^\W\d_](?:\.[^\W\d_])+\.?(?!\w)")
_APOSTROPHES = re.compile(r"['’ʼ‘`´]")
_NON_WORD = re.compile(r"[\W_]+")

_ROMAN: list[str] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
_ROMAN += ["x" + numeral for numeral in _ROMAN]  # xi .. xx
_WORDS: list[str] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight"]
_WORDS += ["nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"]
_WORDS += ["seventeen", "eighteen", "nineteen", "twenty"]
_NUMBER_TOKENS: dict[str, str] = {r: str(n) for n, r in enumerate(_ROMAN, start=1)}
_NUMBER_TOKENS.update({w: str(n) for n, w in enumerate(_WORDS)})
_DIGIT_WORDS = _WORDS[:10]

_PAREN_YEAR = re.compile(r"[(\[]\s*(\d{4})\s*[)\]]")
_TRAILING_YEAR = re.compile(r"(?<![\w'’])(\d{4})[\W_]*$")


def tokenize(text: str) -> list[str]:
    """Fold ``text`` and split it into word tokens (articles are kept)."""
    folded = text.translate(_PRE_MAP).casefold()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        folded = stripped.translate(_PRE_MAP).casefold()  # NFKD may uncover more ("ℌ" -> "H")
    if "'" in folded or "’" in folded or "ʼ" in folded:
        folded = _ELISION.sub(r"\1 ", folded)
    if "." in folded:
        folded = _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), folded)
    folded = _APOSTROPHES.sub("", folded)
    return _NON_WORD.sub(" ", folded).split()


def fold(text: str) -> str:
    """Case, accents and punctuation folded away: ``"Amélie!"`` -> ``"amelie"``."""
    return " ".join(tokenize(text))


def identity_key(title: str) -> str:
    """The title as it identifies a film: NFKC, case-folded, whitespace collapsed.

    Two films of one year with the same identity key are the same film (a re-import, or a
    guild's own copy of a shared film, which then shadows the shared one for that guild).
    """
    return " ".join(unicodedata.normalize("NFKC", title).casefold().split())


def strip_article(tokens: list[str]) -> list[str]:
    """Drop one leading article, unless nothing would be left (``["the"]`` stays)."""
    if len(tokens) > 1 and tokens[0] in ARTICLES:
        return tokens[1:]
    return tokens


def _spelt_digit(token: str) -> str | None:
    """``"se7en"`` -> ``"7"``: one digit standing in for a letter of its own number word."""
    digits = [i for i, c in enumerate(token) if c.isdigit()]
    if len(digits) != 1 or len(token) < 3:
        return None
    pos = digits[0]
    digit = int(token[pos]) if token[pos].isascii() else -1
    if not 0 <= digit <= 9:
        return None
    word = _DIGIT_WORDS[digit]
    if len(word) == len(token) and word[:pos] + word[pos + 1 :] == token[:pos] + token[pos + 1 :]:
        return str(digit)
    return None


def canonical_tokens(tokens: list[str]) -> list[str]:
    """Numbers written as digits: Roman I..XX, one..twenty, "and a half", "se7en"."""
    out: list[str] = []
    i = 0
    count = len(tokens)
    while i < count:
        token = tokens[i]
        if token == "and" and i + 2 < count and tokens[i + 1] == "a" and tokens[i + 2] == "half":
            out += ("1", "2")
            i += 3
            continue
        number = _NUMBER_TOKENS.get(token)
        if number is None and not token.isalpha() and not token.isdigit():
            number = _spelt_digit(token)
        out.append(token if number is None else number)
        i += 1
    return out


@dataclass(frozen=True, slots=True)
class TitleForms:
    """The normalised forms of one title or query (see the module docstring)."""

    plain: str
    canonical: str
    squashed: str
    initials: str
    full: str = ""

    def matchable(self) -> tuple[str, ...]:
        """Distinct non-empty forms compared by exact and prefix lookups."""
        forms = [self.plain]
        for form in (self.canonical, self.squashed):
            if form and form not in forms:
                forms.append(form)
        return tuple(forms)


def title_forms(text: str) -> TitleForms:
    """All forms of ``text``; every form is empty when the text has no letters or digits."""
    everything = tokenize(text)
    tokens = strip_article(everything)
    plain = " ".join(tokens)
    canonical = " ".join(canonical_tokens(tokens))
    squashed = plain.replace(" ", "") if len(tokens) > 1 else ""
    initials = "".join(t[0] for t in tokens) if len(tokens) >= 3 else ""
    full = " ".join(everything) if len(tokens) < len(everything) else ""
    return TitleForms(plain, canonical, squashed, initials, full)


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query split into title text and an optional release year.

    ``text`` is the title text to match; ``year`` the year asked for, if any; ``full_text`` the
    query with the year kept as title text ("blade runner 2049"), equal to ``text`` when no year
    was found.
    """

    text: str
    year: int | None
    full_text: str


def parse_query(query: str) -> ParsedQuery:
    """Find a release year: a 4-digit 1870..2100 number in brackets or at the end.

    ``"dune 1984"`` and ``"dune (2021)"`` carry a year; ``"1917"`` and ``"2001"`` do not, because
    without the number nothing would be left to search for.
    """
    query = query.strip()
    for pattern in (_PAREN_YEAR, _TRAILING_YEAR):
        match = pattern.search(query)
        if match is None:
            continue
        year = int(match.group(1))
        rest = (query[: match.start()] + " " + query[match.end() :]).strip()
        if YEAR_MIN <= year <= YEAR_MAX and tokenize(rest):
            full = query[: match.start()] + " " + match.group(1) + " " + query[match.end() :]
            return ParsedQuery(rest, year, full.strip())
    return ParsedQuery(query, None, query)
