"""Modal base whose submit errors are answered like command errors."""

from __future__ import annotations

import secrets
from typing import Any

import discord

from bot.ui.errors import reply_error

MODAL_TIMEOUT = 15 * 60  # an interaction token lives 15 minutes


class GuardedModal(discord.ui.Modal):
    def __init__(self, *, title: str, custom_id: str) -> None:
        super().__init__(title=title, custom_id=custom_id, timeout=MODAL_TIMEOUT)

    async def on_error(  # type: ignore[override]  # a Modal's hook has no item argument
        self, interaction: discord.Interaction[Any], error: Exception
    ) -> None:
        await reply_error(interaction, error)


class Confirm(discord.ui.View):
    """Confirm/Cancel buttons for the member who asked; ``result`` is True, False or None."""

    def __init__(
        self, owner_id: int, *, confirm_label: str = "Confirm", danger: bool = False
    ) -> None:
        super().__init__(timeout=MODAL_TIMEOUT)
        self.owner_id = owner_id
        self.result: bool | None = None
        nonce = secrets.token_hex(6)  # unique ids: two confirmations may be open at once
        self.confirm.custom_id = f"proj:confirm:{nonce}:yes"
        self.cancel.custom_id = f"proj:confirm:{nonce}:no"
        self.confirm.label = confirm_label
        if danger:
            self.confirm.style = discord.ButtonStyle.danger

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(
                "Only the member who asked can answer this.", ephemeral=True
            )
            return False
        return True

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await reply_error(interaction, error)

    async def on_confirm(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError

    @discord.ui.button(
        label="Confirm", style=discord.ButtonStyle.success, custom_id="proj:confirm:yes"
    )
    async def confirm(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        self.result = True
        self.stop()
        await self.on_confirm(interaction)

    @discord.ui.button(
        label="Cancel", style=discord.ButtonStyle.secondary, custom_id="proj:confirm:no"
    )
    async def cancel(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        self.result = False
        self.stop()
        await interaction.response.edit_message(
            content="Cancelled; nothing was changed.", embed=None, view=None
        )
