"""Events the emulated Discord sends the bot about its messages and guilds, over the gateway."""

from __future__ import annotations

from typing import Any, Protocol

from discord_emulator import limits as L
from discord_emulator.gateway.opcodes import INTENT_GUILD_MESSAGES
from discord_emulator.state import State
from discord_emulator.world import Message


class Dispatch(Protocol):
    async def __call__(
        self,
        event: str,
        data: dict[str, Any],
        *,
        intent: int | None = None,
        guild_id: int | None = None,
    ) -> int: ...


class EventPublisher:
    """Turns changes of the world into gateway dispatches (routed to the guild's shard)."""

    def __init__(self, state: State, dispatch: Dispatch) -> None:
        self._state = state
        self.dispatch = dispatch

    async def message(self, event: str, message: Message) -> None:
        """MESSAGE_CREATE / MESSAGE_UPDATE; ephemeral messages are never dispatched."""
        if message.ephemeral_for is not None or message.flags & L.FLAG_EPHEMERAL:
            return
        await self.dispatch(
            event,
            self._state.message_payload(message),
            intent=INTENT_GUILD_MESSAGES,
            guild_id=message.guild_id or None,
        )

    async def message_delete(self, message: Message) -> None:
        if message.ephemeral_for is not None:
            return
        data: dict[str, Any] = {"id": str(message.id), "channel_id": str(message.channel_id)}
        if message.guild_id:
            data["guild_id"] = str(message.guild_id)
        await self.dispatch(
            "MESSAGE_DELETE", data, intent=INTENT_GUILD_MESSAGES, guild_id=message.guild_id or None
        )
