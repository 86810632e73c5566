"""A base for persistent components whose errors are answered like command errors.

discord.py only logs an exception raised in a ``DynamicItem`` callback, which leaves the member
with "This interaction failed". Items that mix in ``Guarded`` implement ``run`` instead of
``callback`` and every error goes through ``reply_error``.

Custom ids come back from Discord as the client sent them, so they are input like any other:
every number in one is an id (or a page) that must fit SQLite's signed 64-bit integer, as every
Discord snowflake and stored id does. A custom id holding a bigger number is answered as an
out-of-date button before ``run`` sees it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot.errors import ValidationError
from bot.ui.errors import reply_error

log = logging.getLogger(__name__)

#: The largest id a custom id may carry: a signed 64-bit integer (Discord snowflakes fit).
MAX_ID = 2**63 - 1
STALE = "That button is not valid any more. Run the command again for a fresh one."
_NUMBER = re.compile(r"[0-9]+")


def ids_fit(custom_id: str) -> bool:
    """Whether every number in ``custom_id`` fits a signed 64-bit integer."""
    return all(len(n) < 20 and int(n) <= MAX_ID for n in _NUMBER.findall(custom_id))


class Guarded:
    async def run(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        custom_id = str(getattr(self, "custom_id", "") or "")
        if not ids_fit(custom_id):
            log.info("Out-of-range id in custom id %r", custom_id[:100])
            await reply_error(interaction, ValidationError(STALE))
            return
        try:
            await self.run(interaction)
        except Exception as exc:  # noqa: BLE001 - answered (or logged) by reply_error
            await reply_error(interaction, exc)
