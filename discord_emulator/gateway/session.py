"""One gateway session (sequence, replay buffer, shard) and one WebSocket connection."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from discord_emulator.gateway import sharding
from discord_emulator.recorder import Recorder

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Session:
    id: str
    intents: int
    shard: tuple[int, int] | None
    seq: int = 0
    buffer: list[dict[str, Any]] = field(default_factory=list)
    connection: GatewayConnection | None = None
    invalid: bool = False
    ready: bool = False  # READY and every GUILD_CREATE were sent
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def receives(self, guild_id: int | None) -> bool:
        """Whether this session gets an event of ``guild_id`` (None: not a guild's event)."""
        return sharding.receives(self.shard, guild_id)


class GatewayConnection:
    def __init__(
        self,
        connection_id: int,
        ws: web.WebSocketResponse,
        request: web.Request,
        recorder: Recorder,
        notify: Callable[[], None],
    ) -> None:
        self.id = connection_id
        self.ws = ws
        self.request = request
        self.path = request.path
        self.query = dict(request.query)
        self.session: Session | None = None
        self.closed_by_server = False
        self._recorder = recorder
        self._notify = notify

    async def send(self, payload: dict[str, Any], *, replayed: bool = False) -> None:
        self._recorder.gateway_event("sent", self.id, payload, replayed=replayed)
        await self.ws.send_str(json.dumps(payload, separators=(",", ":")))
        self._notify()

    async def close(self, code: int, reason: str = "") -> None:
        log.info("gateway: closing connection %s with %s %s", self.id, code, reason)
        self.closed_by_server = True
        await self.ws.close(code=code, message=reason.encode())

    def abort(self) -> None:
        self.closed_by_server = True
        transport = self.request.transport
        if transport is not None:
            transport.abort()
