"""The sandbox's rendering of what the bot sent: text in, readable text out, nothing cut."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console, RenderableType

from bot.sandbox.render import (
    discord_text,
    interactive_items,
    name_mentions,
    render_embed,
    render_message,
    render_modal,
    timestamp_text,
)
from bot.ui import ids
from discord_emulator.testing.models import SentAttachment, SentMessage

EPHEMERAL = 1 << 6


def text_of(renderable: RenderableType, width: int = 60) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(renderable)
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


def flat(text: str) -> str:
    """Rendered text without borders and line breaks, for checking that words survive."""
    for char in "│╭╮╰╯─":
        text = text.replace(char, " ")
    return " ".join(text.split())


def message(**fields: Any) -> SentMessage:
    base: dict[str, Any] = {
        "id": 10,
        "channel_id": 1,
        "content": "",
        "embeds": [],
        "components": [],
        "attachments": [],
        "flags": 0,
        "payload": {},
    }
    return SentMessage(**{**base, **fields})


EMBED = {
    "title": "Rocky IV (1985)",
    "description": "*The Cold War goes fifteen rounds.*",
    "fields": [
        {"name": "Released", "value": "21 November 1985", "inline": True},
        {"name": "Scenes", "value": "1. Training montage\n2. The fight", "inline": False},
    ],
    "footer": {"text": "7 ranked scenes"},
    "color": 0xC2491E,
}
BUTTONS = {
    "type": 1,
    "components": [
        {"type": 2, "style": 1, "label": "Best scenes", "custom_id": ids.film_scenes(34)},
        {"type": 2, "style": 2, "label": "Discuss", "custom_id": "d", "disabled": True},
        {"type": 2, "style": 5, "label": "Trailer", "url": "https://example.org/t"},
    ],
}
MENU = {
    "type": 1,
    "components": [
        {
            "type": 3,
            "custom_id": "pick",
            "placeholder": "Open one of these films",
            "min_values": 1,
            "max_values": 2,
            "options": [
                {"label": "The Godfather", "value": "#45", "description": "1972"},
                {"label": "The Godfather Part II", "value": "#46"},
            ],
        }
    ],
}


def test_embed_with_fields_footer_and_components() -> None:
    out = text_of(render_message(message(embeds=[EMBED], components=[BUTTONS, MENU]), number=3))
    for expected in (
        "#3 Projectionist",
        "Rocky IV (1985)",
        "The Cold War goes fifteen rounds.",
        "Released: 21 November 1985",
        "Scenes",
        "1. Training montage",
        "2. The fight",
        "7 ranked scenes",
        "[1] Best scenes",
        "[2] Discuss (disabled)",
        "[link] Trailer -> https://example.org/t",
        "[A] Open one of these films",
        "pick 1 to 2",
        "1. The Godfather - 1972",
        "2. The Godfather Part II",
    ):
        assert expected in out, f"{expected!r} missing from:\n{out}"
    assert "only you can see this" not in out
    assert "*" not in out  # markdown became styles


def test_long_text_is_wrapped_not_cut() -> None:
    words = [f"word{i}" for i in range(600)]
    embed = {"title": "T " * 80, "description": " ".join(words), "fields": [], "footer": {}}
    out = text_of(render_embed(embed), width=50)
    assert flat(out).count("word") == 600
    assert "word599" in out and "…" not in out
    long_content = message(content="x" * 500 + " end")
    assert (
        flat(text_of(render_message(long_content, number=1), width=40)).replace(" ", "").count("x")
        == 500
    )


def test_ephemeral_attachments_and_numbering(tmp_path: Path) -> None:
    chart = SentAttachment(7, "chart.png", b"\x89PNG" + b"0" * 2044, "image/png", None)
    saved = {7: tmp_path / "1-chart.png"}
    msg = message(flags=EPHEMERAL, content="Results", attachments=[chart])
    out = text_of(render_message(msg, number=1, note="updated", saved=saved), width=200)
    assert "(only you can see this)" in out and "(updated)" in out
    assert "attachment: chart.png (2.0 KB, image/png)" in out
    assert f"saved to {saved[7]}" in out
    keys = [item.key for item in interactive_items([BUTTONS, MENU])]
    assert keys == ["1", "2", "A"]  # link buttons cannot be pressed


def test_timestamps() -> None:
    assert timestamp_text(1000 + 7200, "R", now=1000) == "in 2 hours"
    assert timestamp_text(1000 - 60, "R", now=1000) == "1 minute ago"
    assert timestamp_text(1000 + 3595, "R", now=1000) == "in 1 hour"  # not "in 60 minutes"
    assert discord_text("<t:0:F>").plain == "01 Jan 1970 00:00 UTC"


def test_markdown_and_mentions() -> None:
    text = discord_text(r"**Bold** and *it* and `code`, \*not italic\*, [site](https://x.org)")
    assert text.plain == "Bold and it and code, *not italic*, site (https://x.org)"
    assert discord_text("snake_case_name stays").plain == "snake_case_name stays"
    named = name_mentions(
        message(content="See <#5> by <@6>", embeds=[{"description": "<@&8> <@9>"}]),
        lambda kind, target: {("#", 5): "#general", ("@", 6): "@maya"}.get((kind, target)),
    )
    assert named.content == "See #general by @maya"
    assert named.embeds == [{"description": "<@&8> <@9>"}]


def test_modal_lists_fields_with_limits_and_defaults() -> None:
    modal = {
        "title": "Edit film",
        "custom_id": "m",
        "components": [
            {
                "type": 1,
                "components": [
                    {
                        "type": 4,
                        "custom_id": "title",
                        "label": "Title",
                        "max_length": 200,
                        "value": "Heat",
                    },
                ],
            },
            {
                "type": 18,
                "label": "Genres",
                "component": {
                    "type": 4,
                    "custom_id": "genres",
                    "style": 2,
                    "required": False,
                    "placeholder": "Drama, Sport",
                },
            },
        ],
    }
    out = text_of(render_modal(modal), width=100)
    assert "Form: Edit film" in out
    assert "Title  (required, up to 200 characters)" in out and "default: Heat" in out
    assert "optional" in out and "placeholder: Drama, Sport" in out


def test_spoilers_are_hidden_unless_revealed() -> None:
    text = discord_text("Best: ||The chestburster|| and more")
    assert "||" not in text.plain and "chestburster" not in text.plain
    assert text.plain == "Best: " + "▒" * len("The chestburster") + " and more"
    shown = discord_text("Best: ||The **chestburster**||", reveal=True)
    assert shown.plain == "Best: The chestburster"
    embed = {"description": "1. ||Ash's secret||", "fields": [{"name": "||x||", "value": "y"}]}
    assert "Ash" not in text_of(render_embed(embed)) and "||" not in text_of(render_embed(embed))
    revealed = render_message(message(embeds=[embed]), number=1, reveal=True)
    assert "1. Ash's secret" in text_of(revealed)


def test_no_double_blank_lines() -> None:
    embed = {
        "title": "Poll",
        "description": "Rank the scenes.\n\n\n",
        "fields": [
            {"name": "Status", "value": "\nOpen\n", "inline": False},
            {"name": "Ties", "value": "none\n\n\nat all", "inline": False},
        ],
        "footer": {"text": "Poll #1"},
    }
    out = text_of(render_message(message(content="Hello\n\n\n\nthere\n", embeds=[embed]), number=1))
    lines = [line.strip("│ ") for line in out.splitlines()]
    doubled = [i for i in range(1, len(lines)) if lines[i] == lines[i - 1] == ""]
    assert not doubled, out
