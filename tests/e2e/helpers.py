"""Assertions shared by the end-to-end tests of the product bot."""

from __future__ import annotations

from typing import Any

from discord_emulator.testing.driver import Reply


def assert_clean(reply: Reply) -> Reply:
    """The bot answered in time and Discord (the emulator) accepted every call it made."""
    assert reply.acknowledged, "the bot did not answer the interaction"
    bad = [(r.method, r.path, r.status, r.response) for r in reply.errors]
    assert bad == [], f"Discord rejected calls: {bad}"
    return reply


def custom_ids(reply: Reply) -> list[str]:
    return reply.message.custom_ids if reply.message else []


def custom_id(reply: Reply, fragment: str) -> str:
    matches = [c for c in custom_ids(reply) if fragment in c]
    assert matches, f"no component with {fragment!r} in {custom_ids(reply)}"
    return matches[0]


def button(reply: Reply, label: str) -> dict[str, Any]:
    assert reply.message is not None
    for component in reply.message.walk_components():
        if component.get("type") == 2 and component.get("label") == label:
            return component
    raise AssertionError(f"no button labelled {label!r}")


def refused(reply: Reply, fragment: str) -> None:
    """An ephemeral, friendly refusal containing ``fragment``."""
    assert_clean(reply)
    assert reply.ephemeral, "errors are answered ephemerally"
    assert fragment.casefold() in reply.text.casefold(), reply.text


def callback_bodies(reply: Reply) -> list[Any]:
    return [r.json for r in reply.requests if r.json is not None]
