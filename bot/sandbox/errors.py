"""Telling an error answer from any other answer, and the sandbox's own error type.

An error answer is: a Discord validation error recorded for one of the bot's calls, no answer
at all, or an ephemeral reply that went through ``bot.ui.errors.reply_error`` (which dispatches
``error_reply``, noticed by :class:`ErrorWatch`) or whose text is one of the bot's fixed
error texts.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from discord_emulator.testing.driver import Reply

log = logging.getLogger(__name__)

# Fixed texts of the bot's error answers (bot/ui/errors.py, bot/ui/modals.py); answers that went
# through reply_error are also caught exactly by ErrorWatch below.
ERROR_PATTERNS = (
    re.compile(r"^Something went wrong on my side"),
    re.compile(r"^You need the .* permission"),
    re.compile(r"^This command works inside a server"),
    re.compile(r"^Slow down a little"),
    re.compile(r"^You can't use this command here"),
    re.compile(r"^I couldn't (find|understand)"),
    re.compile(r"^Only the member who asked can answer this"),
)


class SandboxError(Exception):
    """Something the person asked for cannot be done; the message is one friendly line."""


class ErrorWatch:
    """Notes which interactions the bot answered through ``bot.ui.errors.reply_error``, which
    dispatches an ``error_reply`` event for every error answer it sends."""

    def __init__(self) -> None:
        self.interaction_ids: set[int] = set()

    def install(self, bot: Any) -> None:
        async def on_error_reply(interaction: Any, message: str) -> None:
            self.interaction_ids.add(int(interaction.id))

        bot.add_listener(on_error_reply, "on_error_reply")


def failure(reply: Reply, error_interactions: set[int]) -> str | None:
    """Why this reply counts as an error (for exit codes), or None when it is fine."""
    if reply.errors:
        shown = "; ".join(f"{r.method} {r.path} -> {r.status}" for r in reply.errors[:3])
        return f"Discord rejected {len(reply.errors)} call(s) of the bot: {shown}"
    if reply.is_modal or reply.is_autocomplete:
        return None
    if not reply.acknowledged:
        return "the bot did not answer"
    if reply.interaction.id in error_interactions:
        return "the bot answered with an error"
    for message in reply.all_messages:
        if message.ephemeral and any(p.search(message.text) for p in ERROR_PATTERNS):
            return "the bot answered with an error"
    return None
