"""Text that users or articles wrote, made safe and sized for Discord.

Markdown is escaped so a title like ``M*A*S*H`` shows as written; pages split at paragraph, then
sentence, then word boundaries and never mid-word (unless one word is longer than a page).
"""

from __future__ import annotations

import re
from datetime import datetime

import discord

ELLIPSIS = "…"
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def escape(text: str) -> str:
    """Escape Discord markdown (``*``, ``_``, ``|``, ``~``, backticks, quotes, headings)."""
    escaped = discord.utils.escape_markdown(text, as_needed=False)
    # A line starting with "#", "-#" or ">" would become a heading or quote.
    return re.sub(r"(?m)^(\s*)(#|-#|>)", r"\1\\\2", escaped)


def spoiler(text: str, hidden: bool) -> str:
    """Wrap ``text`` (already escaped) in spoiler bars when ``hidden``."""
    return f"||{text}||" if hidden and text else text


def hidden_scene(number: int) -> str:
    """A spoiler scene's name where its title is hidden and spoiler bars cannot be used
    (autocomplete, select options, charts): its number still tells it apart."""
    return f"Scene {number} · hidden (spoiler)"


def truncate(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    # Never leave a dangling escape backslash or a half escape sequence.
    cut = cut.rstrip()
    while cut.endswith("\\"):
        cut = cut[:-1]
    return cut + ELLIPSIS


def _pieces(text: str, limit: int) -> list[str]:
    """Split into units no longer than ``limit``: paragraphs, else sentences, else words."""
    units: list[str] = []
    for paragraph in text.split("\n\n"):
        if len(paragraph) <= limit:
            units.append(paragraph)
            continue
        for sentence in _SENTENCE_END.split(paragraph):
            if len(sentence) <= limit:
                units.append(sentence)
                continue
            for word in sentence.split(" "):
                while len(word) > limit:  # one "word" longer than a page: hard split
                    head = word[:limit]
                    if (len(head) - len(head.rstrip("\\"))) % 2:  # never split an escape
                        head = head[:-1]
                    units.append(head)
                    word = word[len(head) :]
                units.append(word)
    return units


def paginate(text: str, limit: int) -> list[str]:
    """Pages of at most ``limit`` characters; joining them (with spacing) gives ``text``."""
    text = text.strip()
    if not text:
        return [""]
    if len(text) <= limit:
        return [text]
    pages: list[str] = []
    current = ""
    for unit in _pieces(text, limit):
        separator = "\n\n" if "\n\n" in text and current and _starts_paragraph(text, unit) else " "
        candidate = f"{current}{separator}{unit}" if current else unit
        if len(candidate) <= limit:
            current = candidate
        else:
            if current:
                pages.append(current)
            current = unit
    if current:
        pages.append(current)
    return pages


def _starts_paragraph(text: str, unit: str) -> bool:
    return f"\n\n{unit}" in text


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def timestamp(moment: datetime, style: str = "f") -> str:
    """A Discord timestamp: shown in each reader's own time zone."""
    return discord.utils.format_dt(moment, style)  # type: ignore[arg-type]


def suggested_by(user_id: int) -> str:
    """The credit on a scene that came from a member's suggestion (a mention that never pings:
    embeds do not notify, and every answer is sent with allowed_mentions none)."""
    return f"Suggested by <@{user_id}>"
