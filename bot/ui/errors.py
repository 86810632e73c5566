"""The one place where errors become answers.

A ``ProjectionistError`` (and discord.py's own check failures) is answered with its message,
ephemerally. Anything else is a bug: logged with its traceback, answered with a generic line.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.errors import NotFoundError, ProjectionistError, SharedFilmError
from bot.ui.replies import send
from bot.ui.text import escape

log = logging.getLogger(__name__)

OWN_COPY = "Add your own copy with /manage film add (same title and year) and edit that instead."
GENERIC = "Something went wrong on my side; it has been logged. Please try again in a moment."


class CheckRefused(app_commands.CheckFailure):
    """A failed check whose message a member may read.

    Checks must raise an ``AppCommandError``: anything else escapes the command tree's error
    handling and the member gets no answer at all.
    """


def user_message(error: BaseException) -> str | None:
    """The friendly text for an error a user caused, or None for a bug."""
    if isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        inner = error.__cause__ or getattr(error, "original", None)
        if isinstance(inner, ProjectionistError):
            error = inner
    # The core's messages are plain text that may quote titles members wrote (M*A*S*H, a_b):
    # escaped here, once, so no title can turn a message into markdown.
    if isinstance(error, NotFoundError) and error.suggestions:
        names = ", ".join(escape(name) for name in error.suggestions)
        return f"{escape(error.message)}\nDid you mean: {names}?"
    if isinstance(error, SharedFilmError):
        return escape(f"{error.message} {OWN_COPY}")
    if isinstance(error, ProjectionistError):
        return escape(error.message)
    if isinstance(error, CheckRefused):
        return str(error)
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the Manage Server permission (or the moderator role) to do that."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works inside a server, not in direct messages."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} seconds."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't understand “{str(error.value)[:80]}”."
    return None


async def reply_error(
    interaction: discord.Interaction[Any],
    error: BaseException,
    *,
    view: discord.ui.View | None = None,
    hint: str | None = None,
) -> None:
    """Answer ``error`` ephemerally; ``view`` and ``hint`` go with a user's error only."""
    message = user_message(error)
    if message is None:
        command = interaction.command.qualified_name if interaction.command else "?"
        log.error(
            "Unhandled error in %s (interaction %s)",
            command,
            interaction.id,
            exc_info=(type(error), error, error.__traceback__),
        )
        message = GENERIC
        view = hint = None
    extra: dict[str, Any] = {"view": view} if view is not None else {}
    try:
        await send(interaction, f"{message}\n{hint}" if hint else message, ephemeral=True, **extra)
    except discord.HTTPException:
        log.warning("Could not deliver an error message for interaction %s", interaction.id)
    # Listeners of on_error_reply (the sandbox, for its exit code) learn which answers were errors.
    interaction.client.dispatch("error_reply", interaction, message)


class ProjectionistTree(app_commands.CommandTree[Any]):
    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        await reply_error(interaction, error)
