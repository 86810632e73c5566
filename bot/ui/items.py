"""A base for persistent components whose errors are answered like command errors.

discord.py only logs an exception raised in a ``DynamicItem`` callback, which leaves the member
with "This interaction failed". Items that mix in ``Guarded`` implement ``run`` instead of
``callback`` and every error goes through ``reply_error``.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.ui.errors import reply_error


class Guarded:
    async def run(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await self.run(interaction)
        except Exception as exc:  # noqa: BLE001 - answered (or logged) by reply_error
            await reply_error(interaction, exc)
