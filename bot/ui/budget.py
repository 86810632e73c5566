"""One budget for every embed the bot sends: nothing it builds can exceed a Discord limit.

Discord's documented embed limits (discord-api-docs, resources/message, "Embed Limits"): title
256 characters, description 4,096, at most 25 fields, field name 256, field value 1,024, footer
text 2,048, author name 256, and 6,000 characters in all of these together across every embed of
one message. A message over any of them is refused with a 400 and the member would see an error.

* ``cell(text, limit)`` turns user text (a title a moderator or an article wrote) into
  markdown-safe text of at most ``limit`` characters: escaped first, then cut at a word boundary
  with an ellipsis, so an escape is never split; spoiler bars are added after the cut so they
  always pair up.
* ``EmbedBuilder`` collects the parts of one embed and ``build()`` fits them: every part to its
  own limit, then the message total, spending what is left on the description last. A
  description given as lines keeps whole lines and says how many did not fit.

Every command's embeds go through here (``tests/test_embed_budget.py`` checks each builder with
hostile titles against the emulator's copy of Discord's validation).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import discord

from bot.ui.text import ELLIPSIS, escape, spoiler, truncate

__all__ = [
    "AUTHOR_MAX",
    "DESCRIPTION_MAX",
    "FIELDS_MAX",
    "FIELD_NAME_MAX",
    "FIELD_VALUE_MAX",
    "FOOTER_MAX",
    "TITLE_MAX",
    "TOTAL_MAX",
    "EmbedBuilder",
    "cell",
    "fit",
]

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
TOTAL_MAX = 6000  # title + description + field names and values + footer + author, per message

_BARS = re.compile(r"(?<!\\)(?:\\\\)*\|\|")  # "||" after an even run of backslashes
_EMPTY_FIELD = "—"  # Discord refuses an empty or blank field name or value


def fit(text: str, limit: int) -> str:
    """``text`` (markup already made) in at most ``limit`` characters.

    Cut at a word boundary with an ellipsis; a cut that would leave a spoiler open goes back to
    before that spoiler, so hidden text is never shown by a cut.
    """
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    cut = truncate(text, limit)
    bars = list(_BARS.finditer(cut))
    if len(bars) % 2:
        cut = cut[: bars[-1].end() - 2].rstrip()
        while cut.endswith("\\"):
            cut = cut[:-1]
        cut += ELLIPSIS
    return cut


def cell(text: str, limit: int, *, hidden: bool = False) -> str:
    """User text, escaped, within ``limit`` characters, in spoiler bars when ``hidden``."""
    room = limit - (4 if hidden else 0)
    return spoiler(fit(escape(text), room), hidden)


def _visible_len(text: str) -> int:
    """What Discord counts: the text without leading and trailing white space."""
    return len(text.strip())


@dataclass(slots=True)
class EmbedBuilder:
    """The parts of one embed; ``build`` makes a ``discord.Embed`` inside every limit.

    Parts are markup: put user text through ``cell`` (or ``escape``) before adding it.
    """

    title: str = ""
    colour: discord.Colour | int | None = None
    description: str = ""
    footer: str = ""
    author: str = ""
    url: str | None = None
    _lines: list[str] = field(default_factory=list)
    _more: Callable[[int], str] | None = None
    _fields: list[tuple[str, str, bool]] = field(default_factory=list)

    def lines(self, lines: Sequence[str], more: Callable[[int], str] | None = None) -> None:
        """Description lines after ``description``: whole lines only; ``more(n)`` is added when
        ``n`` lines do not fit (default "…and n more")."""
        self._lines.extend(lines)
        self._more = more

    def field(self, name: str, value: str, *, inline: bool = True) -> None:
        self._fields.append((name, value, inline))

    def build(self, total: int = TOTAL_MAX) -> discord.Embed:
        """The embed, within each part's limit and ``total`` characters in all."""
        title = fit(self.title, min(TITLE_MAX, total))
        left = total - _visible_len(title)
        author = fit(self.author, min(AUTHOR_MAX, left))
        left -= _visible_len(author)
        footer = fit(self.footer, min(FOOTER_MAX, left))
        left -= _visible_len(footer)
        fields: list[tuple[str, str, bool]] = []
        for name, value, inline in self._fields[:FIELDS_MAX]:
            name = fit(name.strip() or _EMPTY_FIELD, FIELD_NAME_MAX)
            value = fit(value.strip() or _EMPTY_FIELD, FIELD_VALUE_MAX)
            size = len(name) + len(value)
            if size > left:
                break  # the fields are in order of importance: the rest do not fit
            fields.append((name, value, inline))
            left -= size
        embed = discord.Embed(
            title=title or None,
            description=self._description(min(DESCRIPTION_MAX, left)) or None,
            colour=self.colour,
            url=self.url,
        )
        for name, value, inline in fields:
            embed.add_field(name=name, value=value, inline=inline)
        if footer:
            embed.set_footer(text=footer)
        if author:
            embed.set_author(name=author)
        return embed

    def _description(self, room: int) -> str:
        head = fit(self.description.strip(), room)
        if not self._lines:
            return head
        text = head
        for shown, line in enumerate(self._lines):
            candidate = f"{text}\n{line}" if text else line
            rest = len(self._lines) - shown - 1
            note = self._note(rest) if rest else ""
            if len(candidate) + (len(note) + 1 if note else 0) > room:
                note = self._note(len(self._lines) - shown)
                if not text:  # not even one whole line: the first, cut to fit
                    if not rest:
                        return fit(line, room)
                    note = self._note(rest)
                    first = fit(line, room - len(note) - 1)
                    return f"{first}\n{note}" if first else fit(note, room)
                return f"{text}\n{note}" if len(text) + 1 + len(note) <= room else text
            text = candidate
        return text

    def _note(self, count: int) -> str:
        return self._more(count) if self._more else f"{ELLIPSIS}and {count} more"
