"""What the bot sent, as rich renderables: content, embeds as panels, numbered components.

Buttons are numbered ``[1] Best scenes`` (``press 1``); select menus are lettered ``[A]`` and
their options numbered (``pick 2`` or ``pick A 2 3``). Nothing is truncated: rich wraps text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.constrain import Constrain
from rich.panel import Panel
from rich.text import Text

from discord_emulator.testing.models import SentAttachment, SentMessage, walk_components

BUTTON, STRING_SELECT, TEXT_INPUT, TEXT_DISPLAY, LABEL = 2, 3, 4, 10, 18
RADIO_GROUP, CHECKBOX_GROUP, CHECKBOX = 21, 22, 23
FORM_INPUTS = (TEXT_INPUT, STRING_SELECT, RADIO_GROUP, CHECKBOX_GROUP, CHECKBOX)
SELECTS = (3, 5, 6, 7, 8)
EMBED_WIDTH = 100  # wide terminals still get readable lines (text wraps, never cut)
LINK, PREMIUM = 5, 6
SELECT_KINDS = {5: "member", 6: "role", 7: "member or role", 8: "channel"}
_INLINE = re.compile(
    r"\\(?P<esc>[\\*_~`|>#\-\[\]()])"
    r"|\|\|(?P<spoiler>.+?)\|\|"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|__(?P<under>.+?)__"
    r"|~~(?P<strike>.+?)~~"
    r"|(?<![\w*])\*(?P<star>[^\s*](?:.*?[^\s\\])?)\*(?!\*)"
    r"|(?<!\w)_(?P<low>[^\s_](?:.*?[^\s\\])?)_(?!\w)"
    r"|`(?P<code>[^`]+)`"
    r"|\[(?P<label>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)"
    r"|<t:(?P<ts>-?\d+)(?::(?P<tsfmt>[tTdDfFR]))?>",
    re.S,
)
_STYLES = {"bold": "bold", "under": "underline", "strike": "strike", "star": "italic"}
_NOW: ContextVar[float | None] = ContextVar("sandbox_now", default=None)  # the bot's clock
_REVEAL: ContextVar[bool] = ContextVar("sandbox_reveal", default=False)  # show spoiler text
SPOILER_BAR = "▒"  # a hidden spoiler is a bar as long as its text, as Discord draws it
_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


_MENTION = re.compile(r"<(@!?|@&|#)(\d+)>")
MentionNamer = Callable[[str, int], str | None]


def name_mentions(message: SentMessage, namer: MentionNamer) -> SentMessage:
    """The message with ``<@id>``, ``<@&id>`` and ``<#id>`` replaced by names where known."""

    def text(value: str) -> str:
        return _MENTION.sub(lambda m: namer(m.group(1), int(m.group(2))) or m.group(0), value)

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return text(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    return replace(message, content=text(message.content), embeds=walk(message.embeds))


@dataclass(frozen=True, slots=True)
class Item:
    """A component a person can act on, with the label shown for it (``1`` or ``A``)."""

    key: str
    component: dict[str, Any]

    @property
    def is_select(self) -> bool:
        return self.component.get("type") in SELECTS


def interactive_items(components: list[dict[str, Any]]) -> list[Item]:
    """Buttons numbered from 1, select menus lettered from A, in reading order."""
    items: list[Item] = []
    buttons = selects = 0
    for component in walk_components(components):
        ctype = component.get("type")
        if ctype == BUTTON and component.get("style") not in (LINK, PREMIUM):
            buttons += 1
            items.append(Item(str(buttons), component))
        elif ctype in SELECTS:
            items.append(Item(chr(ord("A") + selects), component))
            selects += 1
    return items


def tidy(text: str) -> str:
    """No blank lines at either end, and never two blank lines in a row."""
    return _BLANKS.sub("\n\n", text).strip("\n")


def discord_text(text: str, style: str = "", *, reveal: bool | None = None) -> Text:
    """Discord markdown (bold, italics, code, links, timestamps, spoilers) to styled text,
    nothing cut. Spoilers are bars unless ``reveal`` (default: as ``render_message`` says)."""
    if reveal is not None:
        token = _REVEAL.set(reveal)
        try:
            return discord_text(text, style)
        finally:
            _REVEAL.reset(token)
    out = Text(style=style)
    position = 0
    for match in _INLINE.finditer(text):
        out.append(text[position : match.start()])
        position = match.end()
        kind = match.lastgroup
        if match.group("esc") is not None:
            out.append(match.group("esc"))
        elif match.group("spoiler") is not None:
            inner = discord_text(match.group("spoiler"), style)
            if _REVEAL.get():
                inner.stylize("reverse")
                out.append_text(inner)
            else:
                out.append(SPOILER_BAR * len(inner.plain), style="dim")
        elif match.group("code") is not None:
            out.append(match.group("code"), style="bold cyan")
        elif match.group("label") is not None:
            out.append(match.group("label"), style="underline")
            out.append(f" ({match.group('url')})", style="dim")
        elif match.group("ts") is not None:
            out.append(timestamp_text(int(match.group("ts")), match.group("tsfmt") or "f"))
        elif match.group("low") is not None:
            out.append_text(discord_text(match.group("low"), "italic"))
        elif kind in _STYLES:
            out.append_text(discord_text(match.group(kind), _STYLES[kind]))
    out.append(text[position:])
    return out


def timestamp_text(seconds: int, style: str, now: float | None = None) -> str:
    """``<t:...:R>`` as "in 3 hours" / "5 minutes ago"; other styles as a UTC date."""
    if style != "R":
        return datetime.fromtimestamp(seconds, UTC).strftime("%d %b %Y %H:%M UTC")
    now = _NOW.get() if now is None else now
    delta = seconds - (time.time() if now is None else now)
    amount = abs(delta)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
        if amount >= size * 0.99 or unit == "second":  # 59 min 55 s: "in 1 hour"
            count = round(amount / size)
            words = f"{count} {unit}{'' if count == 1 else 's'}"
            return f"in {words}" if delta >= 0 else f"{words} ago"
    return ""


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def render_embed(embed: dict[str, Any]) -> Constrain:
    parts: list[RenderableType] = []
    author = (embed.get("author") or {}).get("name")
    if author:
        parts.append(Text(str(author), style="dim"))
    if embed.get("title"):
        title = discord_text(str(embed["title"]), "bold")
        if embed.get("url"):
            title.append(f"  {embed['url']}", style="dim")
        parts.append(title)
    if embed.get("description"):
        parts.append(discord_text(tidy(str(embed["description"]))))
    if embed.get("fields"):
        _blank(parts)
    for fld in embed.get("fields") or []:
        name, value = tidy(str(fld.get("name", ""))), tidy(str(fld.get("value", "")))
        if fld.get("inline") and "\n" not in value and len(name) + len(value) < 60:
            pair = discord_text(name, "bold")
            pair.append(": ")
            pair.append_text(discord_text(value))
            parts.append(pair)
            continue
        _blank(parts)
        parts.extend((discord_text(name, "bold"), discord_text(value)))
    for key in ("image", "thumbnail"):
        url = (embed.get(key) or {}).get("url")
        if url:
            parts.append(Text(f"{key}: {url}", style="dim"))
    footer = (embed.get("footer") or {}).get("text")
    if footer or embed.get("timestamp"):
        _blank(parts)
        bottom = " · ".join(str(x) for x in (footer, embed.get("timestamp")) if x)
        parts.append(discord_text(bottom, "dim"))
    colour = embed.get("color")
    border = f"#{int(colour):06x}" if isinstance(colour, int) else "blue"
    return Constrain(Panel(Group(*parts), border_style=border, expand=False), EMBED_WIDTH)


def _blank(parts: list[RenderableType]) -> None:
    """One blank line between blocks: none at the top, never two in a row."""
    if parts and not (isinstance(parts[-1], Text) and not parts[-1].plain):
        parts.append(Text(""))


def render_components(components: list[dict[str, Any]]) -> list[RenderableType]:
    lines: list[RenderableType] = []
    keys = {id(item.component): item.key for item in interactive_items(components)}
    for component in walk_components(components):
        ctype = component.get("type")
        key = keys.get(id(component))
        if ctype == TEXT_DISPLAY and component.get("content"):
            lines.append(discord_text(str(component["content"])))
        elif ctype == BUTTON:
            lines.append(_button(component, key))
        elif ctype in SELECTS and key is not None:
            lines.extend(_select(component, key))
    return lines


def _button(component: dict[str, Any], key: str | None) -> Text:
    emoji = (component.get("emoji") or {}).get("name")
    label = " ".join(str(x) for x in (emoji, component.get("label")) if x) or "(no label)"
    line = Text("  ")
    if component.get("style") == LINK:
        line.append("[link] ", style="dim")
        line.append(label)
        line.append(f" -> {component.get('url')}", style="dim")
        return line
    line.append(f"[{key or '-'}] ", style="bold yellow")
    line.append(label, style="dim" if component.get("disabled") else "")
    if component.get("disabled"):
        line.append(" (disabled)", style="dim")
    return line


def _select(component: dict[str, Any], key: str) -> list[Text]:
    low, high = component.get("min_values", 1), component.get("max_values", 1)
    head = Text("  ")
    head.append(f"[{key}] ", style="bold yellow")
    head.append(str(component.get("placeholder") or "Make a selection"))
    how = f"pick {high}" if low == high == 1 else f"pick {low} to {high}"
    head.append(f"  ({how}{' (disabled)' if component.get('disabled') else ''})", style="dim")
    lines = [head]
    if component.get("type") != STRING_SELECT:
        kind = SELECT_KINDS.get(int(component.get("type", 0)), "value")
        lines.append(Text(f"      pick {key} <{kind} name>", style="dim"))
    for number, option in enumerate(component.get("options") or [], start=1):
        line = Text(f"      {number}. ")
        emoji = (option.get("emoji") or {}).get("name")
        line.append(" ".join(str(x) for x in (emoji, option.get("label")) if x))
        if option.get("description"):
            line.append(f" - {option['description']}", style="dim")
        if option.get("default"):
            line.append(" (selected)", style="dim")
        lines.append(line)
    return lines


def render_attachment(attachment: SentAttachment, saved: Path | None) -> Text:
    line = Text("  attachment: ", style="magenta")
    kind = f", {attachment.content_type}" if attachment.content_type else ""
    line.append(f"{attachment.filename} ({size_text(len(attachment.data))}{kind})")
    if saved is not None:
        line.append(f"\n    saved to {saved}", style="dim")
    return line


def render_message(
    message: SentMessage,
    *,
    number: int,
    note: str = "",
    where: str | None = None,
    saved: dict[int, Path] | None = None,
    now: float | None = None,
    reveal: bool = False,
) -> Group:
    """One message: a header line, its content, embeds, attachments and numbered components.

    ``now`` (seconds since the epoch) is the time relative timestamps are told from; spoilers
    are bars unless ``reveal``.
    """
    token, shown = _NOW.set(now), _REVEAL.set(reveal)
    try:
        return _render_message(message, number, note, where, saved)
    finally:
        _NOW.reset(token)
        _REVEAL.reset(shown)


def _render_message(
    message: SentMessage,
    number: int,
    note: str,
    where: str | None,
    saved: dict[int, Path] | None,
) -> Group:
    header = Text(f"#{number} Projectionist", style="bold green")
    if where:
        header.append(f" in {where}", style="green")
    if message.ephemeral:
        header.append(" (only you can see this)", style="italic")
    if note:
        header.append(f" ({note})", style="dim")
    parts: list[RenderableType] = [header]
    if tidy(message.content):
        parts.append(discord_text(tidy(message.content)))
    parts.extend(render_embed(embed) for embed in message.embeds)
    parts.extend(render_attachment(a, (saved or {}).get(a.id)) for a in message.attachments)
    parts.extend(render_components(message.components))
    return Group(*parts)


def modal_fields(modal: dict[str, Any]) -> list[dict[str, Any]]:
    """The inputs of a modal (text inputs, string selects, radio groups, checkboxes), in order.

    An input inside a label component (type 18) takes the label's text and description.
    """
    fields: list[dict[str, Any]] = []
    for top in modal.get("components") or []:
        for component in walk_components([top]):
            if component.get("type") not in FORM_INPUTS:
                continue
            if not component.get("custom_id"):
                continue
            entry = dict(component)
            if top.get("type") == LABEL:
                # the label's text names the input (a text input's own label is empty there)
                entry["label"] = top.get("label") or entry.get("label")
                entry["description"] = top.get("description") or entry.get("description")
            fields.append(entry)
    return fields


def field_hint(component: dict[str, Any]) -> str:
    """``required, up to 200 characters`` / ``optional, one line`` for a modal input."""
    if component.get("type") == CHECKBOX:
        return "checkbox: yes or no, " + ("ticked" if component.get("default") else "unticked")
    bits = ["required" if component.get("required", True) else "optional"]
    if component.get("type") == TEXT_INPUT:
        low, high = component.get("min_length"), component.get("max_length")
        if low and high:
            bits.append(f"{low} to {high} characters")
        elif high:
            bits.append(f"up to {high} characters")
        if component.get("style") == 2:
            bits.append(r"paragraph: type \n for a new line")
    return ", ".join(bits)


def render_modal(modal: dict[str, Any]) -> Panel:
    parts: list[RenderableType] = []
    for component in modal_fields(modal):
        label = component.get("label") or component.get("placeholder") or component["custom_id"]
        line = Text(f"{label}", style="bold")
        line.append(f"  ({field_hint(component)})", style="dim")
        parts.append(line)
        for key, name in (("placeholder", "placeholder"), ("value", "default")):
            if component.get(key):
                parts.append(Text(f"    {name}: {component[key]}", style="dim"))
    title = Text(f"Form: {modal.get('title', '')}", style="bold")
    return Panel(Group(title, *parts), border_style="cyan", expand=False)
