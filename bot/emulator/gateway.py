"""Gateway v10 over WebSocket: HELLO, heartbeats, IDENTIFY/READY, RESUME with replay, faults.

JSON text frames only. discord.py asks for ``compress=zlib-stream`` (or zstd-stream) in the URL;
the emulator accepts and ignores it and sends uncompressed TEXT frames, which discord.py parses
as plain JSON (it only decompresses BINARY frames). ``encoding`` other than json closes 4002.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from bot.emulator.server import DiscordEmulator

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE_STATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11

INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_PRESENCES = 1 << 8
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = INTENT_GUILD_MEMBERS | INTENT_GUILD_PRESENCES | INTENT_MESSAGE_CONTENT

BUFFER_MAX = 2000
CHUNK_SIZE = 1000


@dataclass(slots=True)
class Session:
    id: str
    intents: int
    shard: list[int] | None
    seq: int = 0
    buffer: list[dict[str, Any]] = field(default_factory=list)
    connection: GatewayConnection | None = None
    invalid: bool = False
    ready: bool = False  # READY and every GUILD_CREATE were sent
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class GatewayConnection:
    def __init__(
        self, server: GatewayServer, ws: web.WebSocketResponse, request: web.Request
    ) -> None:
        self.server = server
        self.ws = ws
        self.request = request
        self.id = next(server._connection_ids)
        self.path = request.path
        self.query = dict(request.query)
        self.session: Session | None = None
        self.closed_by_server = False

    async def send(self, payload: dict[str, Any], *, replayed: bool = False) -> None:
        self.server.emulator.recorder.gateway_event("sent", self.id, payload, replayed=replayed)
        await self.ws.send_str(json.dumps(payload, separators=(",", ":")))
        self.server.emulator.notify()

    async def close(self, code: int, reason: str = "") -> None:
        log.info("gateway: closing connection %s with %s %s", self.id, code, reason)
        self.closed_by_server = True
        await self.ws.close(code=code, message=reason.encode())

    def abort(self) -> None:
        self.closed_by_server = True
        transport = self.request.transport
        if transport is not None:
            transport.abort()


class GatewayServer:
    def __init__(self, emulator: DiscordEmulator) -> None:
        self.emulator = emulator
        self.sessions: dict[str, Session] = {}
        self.connections: list[GatewayConnection] = []
        self._connection_ids = itertools.count(1)
        self._gate = asyncio.Event()
        self._gate.set()

    # -- connections -----------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        conn = GatewayConnection(self, ws, request)
        self.connections.append(conn)
        log.info("gateway: connection %s opened on %s?%s", conn.id, conn.path, request.query_string)
        try:
            if request.query.get("v", "10") != "10":
                await conn.close(4012, "Invalid API version")
                return ws
            if request.query.get("encoding", "json") != "json":
                await conn.close(4002, "Decode error: only encoding=json is emulated")
                return ws
            interval = self.emulator.config.heartbeat_interval_ms
            await conn.send(
                {"op": HELLO, "d": {"heartbeat_interval": interval}, "s": None, "t": None}
            )
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_text(conn, msg.data)
                elif msg.type is WSMsgType.BINARY:
                    await conn.close(4002, "Decode error")
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
        self.emulator.notify()

    async def _on_text(self, conn: GatewayConnection, raw: str) -> None:
        try:
            payload = json.loads(raw)
        except ValueError:
            await conn.close(4002, "Decode error")
            return
        self.emulator.recorder.gateway_event("received", conn.id, payload)
        self.emulator.notify()
        op, data = payload.get("op"), payload.get("d")
        if op == HEARTBEAT:
            await conn.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == IDENTIFY:
            await self._identify(conn, data or {})
        elif op == RESUME:
            await self._resume(conn, data or {})
        elif conn.session is None:
            await conn.close(4003, "Not authenticated")
        elif op == REQUEST_MEMBERS:
            await self._request_members(conn, data or {})
        elif op in (PRESENCE, VOICE_STATE, 31, 43):
            return
        else:
            await conn.close(4001, "Unknown opcode")

    async def _identify(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        if conn.session is not None:
            await conn.close(4005, "Already authenticated")
            return
        if data.get("token") != self.emulator.token:
            await conn.close(4004, "Authentication failed")
            return
        intents = data.get("intents")
        if not isinstance(intents, int) or intents < 0 or intents >= 1 << 26:
            await conn.close(4013, "Invalid intent(s)")
            return
        if intents & PRIVILEGED_INTENTS & ~self.emulator.config.privileged_intents:
            await conn.close(4014, "Disallowed intent(s)")
            return
        await self._gate.wait()
        shard = data.get("shard")
        for old in self.sessions.values():
            if old.shard == shard:
                old.invalid = True
        session = Session(secrets.token_hex(16), intents, shard)
        self.sessions[session.id] = session
        session.connection = conn
        conn.session = session
        state = self.emulator.state
        guilds = [g for g in state.guilds.values() if state.bot_user.id in g.members]
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
            "resume_gateway_url": self.emulator.resume_gateway_url,
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
            ready["shard"] = shard
        await self._dispatch_to(session, "READY", ready)
        everyone = bool(intents & INTENT_GUILD_PRESENCES)
        for guild in guilds:
            if intents & INTENT_GUILDS:
                payload = state.guild_create_payload(guild, all_members=everyone)
                await self._dispatch_to(session, "GUILD_CREATE", payload)
        session.ready = True
        self.emulator.notify()

    async def _resume(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        if data.get("token") != self.emulator.token:
            await conn.close(4004, "Authentication failed")
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
        state = self.emulator.state
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
                self.emulator.recorder.gateway_event("buffered", 0, payload)
                return
            try:
                await conn.send(payload)
            except (ConnectionResetError, RuntimeError):
                log.debug("gateway: %s (seq %s) kept for replay", event, session.seq)

    async def dispatch(self, event: str, data: dict[str, Any], *, intent: int | None = None) -> int:
        """Send an event to every valid session (buffered for replay while disconnected)."""
        count = 0
        for session in list(self.sessions.values()):
            if session.invalid or (intent is not None and not session.intents & intent):
                continue
            await self._dispatch_to(session, event, data)
            count += 1
        return count

    # -- state for tests -------------------------------------------------------------------

    @property
    def live_sessions(self) -> list[Session]:
        return [s for s in self.sessions.values() if not s.invalid]

    @property
    def connected(self) -> bool:
        return any(s.connection is not None and s.ready for s in self.live_sessions)

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
