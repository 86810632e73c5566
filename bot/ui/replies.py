"""Sending answers safely: never a mention, always the right acknowledgement.

After a "thinking" defer the first answer edits the loading message (``edit_original_response``);
Discord documents a followup for that as deprecated, and a followup there cannot be ephemeral
after a public defer. An ephemeral answer after a public defer replaces the loading message
with an ephemeral followup instead of turning public.
"""

from __future__ import annotations

from typing import Any

import discord

NO_MENTIONS = discord.AllowedMentions.none()
_ANSWERED = "projectionist_loading_answered"
_DEFERRED_EPHEMERAL = "projectionist_deferred_ephemeral"


async def defer(
    interaction: discord.Interaction[Any], *, ephemeral: bool, thinking: bool = True
) -> None:
    """Defer, remembering whether the loading message is ephemeral (see ``send``)."""
    interaction.extras[_DEFERRED_EPHEMERAL] = ephemeral
    await interaction.response.defer(ephemeral=ephemeral, thinking=thinking)


def _loading(interaction: discord.Interaction[Any]) -> bool:
    """A "thinking" defer whose loading message has not been answered yet."""
    return (
        interaction.response.type is discord.InteractionResponseType.deferred_channel_message
        and not interaction.extras.get(_ANSWERED)
    )


async def _deferred_ephemeral(interaction: discord.Interaction[Any]) -> bool:
    known = interaction.extras.get(_DEFERRED_EPHEMERAL)
    if known is not None:
        return bool(known)
    original = await interaction.original_response()
    return original.flags.ephemeral


async def send(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    ephemeral: bool = False,
    **kwargs: Any,
) -> None:
    """Answer the interaction: the first response, the loading message after a "thinking"
    defer, else a followup."""
    kwargs.setdefault("allowed_mentions", NO_MENTIONS)
    if not interaction.response.is_done():
        await interaction.response.send_message(content, ephemeral=ephemeral, **kwargs)
        return
    if _loading(interaction):
        if not ephemeral or await _deferred_ephemeral(interaction):
            await _edit_loading(interaction, content, **kwargs)
            interaction.extras[_ANSWERED] = True
            return
        # An ephemeral answer must not land in a public loading message: replace it.
        await interaction.delete_original_response()
        interaction.extras[_ANSWERED] = True
    if content is not None:
        kwargs["content"] = content
    await interaction.followup.send(ephemeral=ephemeral, **kwargs)


async def _edit_loading(
    interaction: discord.Interaction[Any], content: str | None, **kwargs: Any
) -> None:
    files = list(kwargs.pop("files", []))
    if "file" in kwargs:
        files.append(kwargs.pop("file"))
    if files:
        kwargs["attachments"] = files
    await interaction.edit_original_response(content=content, **kwargs)
