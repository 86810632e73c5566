"""Gateway v10 over WebSocket: HELLO, heartbeats, IDENTIFY/READY, RESUME with replay, sharding.

JSON text frames only. discord.py asks for ``compress=zlib-stream`` (or zstd-stream) in the URL;
the emulator accepts and ignores it and sends uncompressed TEXT frames, which discord.py parses
as plain JSON (it only decompresses BINARY frames). ``encoding`` other than json closes 4002.
A session identified with ``shard: [id, count]`` receives only its guilds' events
(see :mod:`discord_emulator.gateway.sharding`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from discord_emulator.gateway import opcodes as codes
from discord_emulator.gateway.opcodes import (
    DISPATCH,
    HEARTBEAT,
    HEARTBEAT_ACK,
    HELLO,
    IDENTIFY,
    INTENT_GUILD_PRESENCES,
    INTENT_GUILDS,
    INVALID_SESSION,
    PRESENCE,
    PRIVILEGED_INTENTS,
    RECONNECT,
    REQUEST_MEMBERS,
    RESUME,
    VOICE_STATE,
)
from discord_emulator.gateway.session import GatewayConnection, Session
from discord_emulator.gateway.sharding import InvalidShard, ShardingPolicy, parse_shard, receives
from discord_emulator.recorder import Recorder
from discord_emulator.state import State
from discord_emulator.world import Guild

log = logging.getLogger(__name__)

__all__ = ["GatewayContext", "GatewayServer", "Session"]

BUFFER_MAX = 2000
CHUNK_SIZE = 1000


@dataclass(slots=True)
class GatewayContext:
    """All the gateway may know of the emulator around it."""

    state: State
    recorder: Recorder
    notify: Callable[[], None]
    token: str
    heartbeat_interval_ms: int
    resume_gateway_url: Callable[[], str]
    # read at each IDENTIFY, so a test may change what the application is allowed
    privileged_intents: Callable[[], int] = lambda: PRIVILEGED_INTENTS
    sharding: ShardingPolicy = field(default_factory=ShardingPolicy)


class GatewayServer:
    def __init__(self, context: GatewayContext) -> None:
        self.context = context
        self.sessions: dict[str, Session] = {}
        self.connections: list[GatewayConnection] = []
        self._connection_ids = itertools.count(1)
        self._gate = asyncio.Event()
        self._gate.set()

    # -- connections -----------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        ctx = self.context
        conn = GatewayConnection(next(self._connection_ids), ws, request, ctx.recorder, ctx.notify)
        self.connections.append(conn)
        log.info("gateway: connection %s opened on %s?%s", conn.id, conn.path, request.query_string)
        try:
            if request.query.get("v", "10") != "10":
                await conn.close(codes.INVALID_API_VERSION, "Invalid API version")
                return ws
            if request.query.get("encoding", "json") != "json":
                await conn.close(codes.DECODE_ERROR, "Decode error: only encoding=json is emulated")
                return ws
            interval = self.context.heartbeat_interval_ms
            await conn.send(
                {"op": HELLO, "d": {"heartbeat_interval": interval}, "s": None, "t": None}
            )
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_text(conn, msg.data)
                elif msg.type is WSMsgType.BINARY:
                    await conn.close(codes.DECODE_ERROR, "Decode error")
                else:
                    break
        except (ConnectionResetError, RuntimeError) as exc:
            log.debug("gateway: connection %s ended: %s", conn.id, exc)
        finally:
            self._detach(conn, ws.close_code)
        return ws

    def _detach(self, conn: GatewayConnection, code: int | None) -> None:
        if conn in self.connections:
            self.connections.remove(conn)
        session = conn.session
        if session is not None and session.connection is conn:
            session.connection = None
            if code in (1000, 1001) and not conn.closed_by_server:
                session.invalid = True
        log.info("gateway: connection %s closed (code %s)", conn.id, code)
        self.context.notify()

    async def _on_text(self, conn: GatewayConnection, raw: str) -> None:
        try:
            payload = json.loads(raw)
        except ValueError:
            await conn.close(codes.DECODE_ERROR, "Decode error")
            return
        self.context.recorder.gateway_event("received", conn.id, payload)
        self.context.notify()
        op, data = payload.get("op"), payload.get("d")
        if op == HEARTBEAT:
            await conn.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == IDENTIFY:
            await self._identify(conn, data or {})
        elif op == RESUME:
            await self._resume(conn, data or {})
        elif conn.session is None:
            await conn.close(codes.NOT_AUTHENTICATED, "Not authenticated")
        elif op == REQUEST_MEMBERS:
            await self._request_members(conn, data or {})
        elif op in (PRESENCE, VOICE_STATE, 31, 43):
            return
        else:
            await conn.close(codes.UNKNOWN_OPCODE, "Unknown opcode")

    async def _identify(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        if conn.session is not None:
            await conn.close(codes.ALREADY_AUTHENTICATED, "Already authenticated")
            return
        if data.get("token") != self.context.token:
            await conn.close(codes.AUTHENTICATION_FAILED, "Authentication failed")
            return
        intents = data.get("intents")
        if not isinstance(intents, int) or intents < 0 or intents >= 1 << 26:
            await conn.close(codes.INVALID_INTENTS, "Invalid intent(s)")
            return
        if intents & PRIVILEGED_INTENTS & ~self.context.privileged_intents():
            await conn.close(codes.DISALLOWED_INTENTS, "Disallowed intent(s)")
            return
        await self._gate.wait()
        try:
            shard = parse_shard(data.get("shard"))
        except InvalidShard as exc:
            await conn.close(codes.INVALID_SHARD, f"Invalid shard: {exc}")
            return
        state = self.context.state
        guilds = [g for g in self.bot_guilds() if receives(shard, g.id)]
        if self.context.sharding.too_many(g.id for g in guilds):
            await conn.close(codes.SHARDING_REQUIRED, "Sharding required")
            return
        for old in self.sessions.values():
            if old.shard == shard:
                old.invalid = True
        session = Session(secrets.token_hex(16), intents, shard)
        self.sessions[session.id] = session
        session.connection = conn
        conn.session = session
        ready: dict[str, Any] = {
            "v": 10,
            "user": {
                **state.bot_user.payload(),
                "verified": True,
                "mfa_enabled": False,
                "email": None,
            },
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.context.resume_gateway_url(),
            "application": {"id": str(state.application.id), "flags": state.application.flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "user_settings": {},
            "geo_ordered_rtc_regions": [],
            "auth": {},
            "_trace": ["discord-emulator"],
        }
        if shard is not None:
            ready["shard"] = list(shard)
        await self._dispatch_to(session, "READY", ready)
        everyone = bool(intents & INTENT_GUILD_PRESENCES)
        for guild in guilds:
            if intents & INTENT_GUILDS:
                payload = state.guild_create_payload(guild, all_members=everyone)
                await self._dispatch_to(session, "GUILD_CREATE", payload)
        session.ready = True
        self.context.notify()

    async def _resume(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        if data.get("token") != self.context.token:
            await conn.close(codes.AUTHENTICATION_FAILED, "Authentication failed")
            return
        await self._gate.wait()
        session = self.sessions.get(str(data.get("session_id")))
        seq = data.get("seq") or 0
        oldest = session.buffer[0]["s"] if session and session.buffer else 1
        if session is None or session.invalid or seq < oldest - 1:
            log.info("gateway: RESUME of %s refused (invalid session)", data.get("session_id"))
            await conn.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        previous = session.connection
        session.connection = conn
        conn.session = session
        if previous is not None and previous is not conn:
            previous.session = None
            await previous.close(4000, "Session resumed elsewhere")
        async with session.lock:
            missed = [p for p in session.buffer if p["s"] > seq]
            log.info(
                "gateway: RESUME of %s from seq %s replays %s events", session.id, seq, len(missed)
            )
            for payload in missed:
                await conn.send(payload, replayed=True)
        await self._dispatch_to(session, "RESUMED", {"_trace": ["discord-emulator"]})

    async def _request_members(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        state = self.context.state
        guild = state.guilds.get(int(data.get("guild_id") or 0))
        assert conn.session is not None
        if guild is None:
            return
        members = list(guild.members.values())
        not_found: list[str] = []
        if data.get("user_ids"):
            raw = data["user_ids"] if isinstance(data["user_ids"], list) else [data["user_ids"]]
            wanted = [int(u) for u in raw]
            not_found = [str(u) for u in wanted if u not in guild.members]
            members = [guild.members[u] for u in wanted if u in guild.members]
        else:
            query = str(data.get("query") or "").lower()
            members = [m for m in members if m.user.username.lower().startswith(query)]
            limit = int(data.get("limit") or 0)
            if limit:
                members = members[:limit]
        chunks = [members[i : i + CHUNK_SIZE] for i in range(0, len(members), CHUNK_SIZE)] or [[]]
        for index, chunk in enumerate(chunks):
            payload: dict[str, Any] = {
                "guild_id": str(guild.id),
                "members": [m.payload() for m in chunk],
                "chunk_index": index,
                "chunk_count": len(chunks),
            }
            if not_found:
                payload["not_found"] = not_found
            if data.get("nonce"):
                payload["nonce"] = data["nonce"]
            await self._dispatch_to(conn.session, "GUILD_MEMBERS_CHUNK", payload)

    # -- dispatching -----------------------------------------------------------------------

    async def _dispatch_to(self, session: Session, event: str, data: dict[str, Any]) -> None:
        async with session.lock:
            session.seq += 1
            payload = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
            session.buffer.append(payload)
            del session.buffer[:-BUFFER_MAX]
            conn = session.connection
            if conn is None or conn.ws.closed:
                log.debug(
                    "gateway: %s (seq %s) buffered for session %s", event, session.seq, session.id
                )
                self.context.recorder.gateway_event("buffered", 0, payload)
                return
            try:
                await conn.send(payload)
            except (ConnectionResetError, RuntimeError):
                log.debug("gateway: %s (seq %s) kept for replay", event, session.seq)

    async def dispatch(
        self,
        event: str,
        data: dict[str, Any],
        *,
        intent: int | None = None,
        guild_id: int | None = None,
    ) -> int:
        """Send an event to every valid session of its shard (buffered while disconnected).

        ``guild_id`` routes the event to the shard of that guild; when None it is read from the
        payload's ``guild_id``, and an event of no guild (a DM) goes to shard 0.
        """
        if guild_id is None and data.get("guild_id") is not None:
            guild_id = int(data["guild_id"])
        count = 0
        for session in list(self.sessions.values()):
            if session.invalid or (intent is not None and not session.intents & intent):
                continue
            if not session.receives(guild_id):
                continue
            await self._dispatch_to(session, event, data)
            count += 1
        return count

    def bot_guilds(self) -> list[Guild]:
        state = self.context.state
        return [g for g in state.guilds.values() if state.bot_user.id in g.members]

    def recommended_shards(self) -> int:
        """The shard count ``GET /gateway/bot`` recommends."""
        return self.context.sharding.recommended(len(self.bot_guilds()))

    # -- state for tests -------------------------------------------------------------------

    @property
    def live_sessions(self) -> list[Session]:
        return [s for s in self.sessions.values() if not s.invalid]

    @property
    def connected(self) -> bool:
        return any(s.connection is not None and s.ready for s in self.live_sessions)

    def ready_shards(self) -> set[int]:
        """Shard ids with a connected, ready session (0 for a session without sharding)."""
        return {
            s.shard[0] if s.shard else 0
            for s in self.live_sessions
            if s.connection is not None and s.ready
        }

    def session_of_shard(self, shard_id: int) -> Session:
        """The live session of ``shard_id``."""
        return next(s for s in self.live_sessions if (s.shard[0] if s.shard else 0) == shard_id)

    # -- fault injection -------------------------------------------------------------------

    def hold(self) -> None:
        """Hold every IDENTIFY/RESUME until :meth:`release` (events meanwhile are buffered)."""
        self._gate.clear()

    def release(self) -> None:
        self._gate.set()

    async def drop(
        self, code: int | None = 4000, *, hold: bool = False, invalidate: bool = False
    ) -> None:
        """Close every connection: with ``code`` (4000 = resumable), or abruptly when None."""
        if hold:
            self.hold()
        if invalidate:
            for session in self.sessions.values():
                session.invalid = True
        for conn in list(self.connections):
            if code is None:
                conn.abort()
                self._detach(conn, 1006)
            else:
                await conn.close(code, "emulator fault: dropped")

    async def send_reconnect(self) -> None:
        """Opcode 7: the client should reconnect and RESUME."""
        for conn in list(self.connections):
            await conn.send({"op": RECONNECT, "d": None, "s": None, "t": None})

    async def send_invalid_session(self, *, resumable: bool) -> None:
        """Opcode 9; when not resumable the sessions are invalidated (the bot must IDENTIFY)."""
        if not resumable:
            for session in self.sessions.values():
                session.invalid = True
        for conn in list(self.connections):
            await conn.send({"op": INVALID_SESSION, "d": resumable, "s": None, "t": None})
