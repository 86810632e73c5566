"""The Discord emulator: an aiohttp server on loopback with REST v10 and Gateway v10.

Usage::

    async with DiscordEmulator(EmulatorConfig(heartbeat_interval_ms=1000)) as emulator:
        settings = Settings(token=emulator.token, api_base=emulator.api_base,
                            gateway_url=emulator.gateway_url, ...)
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.emulator import limits as L
from bot.emulator.faults import FaultInjector
from bot.emulator.gateway import INTENT_GUILD_MESSAGES, PRIVILEGED_INTENTS, GatewayServer
from bot.emulator.interactions import (
    InteractionRecord,
    InteractionStore,
    interaction_payload,
    new_token,
)
from bot.emulator.recorder import RecordedGatewayEvent, RecordedRequest, Recorder
from bot.emulator.rest.app import build_app
from bot.emulator.seed import SeededGuild, build_state
from bot.emulator.world import Channel, Guild, Member, Message, Role

if TYPE_CHECKING:
    from bot.emulator.driver import GuildDriver

log = logging.getLogger(__name__)


@dataclass(slots=True)
class EmulatorConfig:
    host: str = "127.0.0.1"
    port: int = 0
    token: str | None = None  # generated when None
    heartbeat_interval_ms: int = 41_250
    interaction_deadline: float = L.INTERACTION_RESPONSE_DEADLINE
    token_ttl: float = L.INTERACTION_TOKEN_TTL
    attachment_size_limit: int = L.DEFAULT_ATTACHMENT_SIZE_LIMIT
    privileged_intents: int = PRIVILEGED_INTENTS  # which privileged intents the app may use


class DiscordEmulator:
    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        if self.config.host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the emulator binds to loopback only")
        self.token = self.config.token or f"emulator.{secrets.token_urlsafe(24)}"
        self.state, self.seeded = build_state()
        self.recorder = Recorder()
        self.faults = FaultInjector()
        self.gateway = GatewayServer(self)
        self.interactions = InteractionStore()
        self.unknown_routes: list[str] = []
        self.command_syncs: list[int | None] = []
        self._activity = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    # -- life cycle --------------------------------------------------------------------------

    async def start(self) -> None:
        runner = web.AppRunner(build_app(self), handle_signals=False, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.config.host, self.config.port)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        log.info("Discord emulator listening on %s", self.base_url)

    async def stop(self) -> None:
        self.gateway.release()
        for conn in list(self.gateway.connections):
            await conn.close(1001, "emulator shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> DiscordEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        host = "127.0.0.1" if self.config.host == "localhost" else self.config.host
        return f"http://{host}:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/api/v{L.API_VERSION}"

    @property
    def gateway_url(self) -> str:
        return self.base_url.replace("http://", "ws://", 1) + "/gateway-ws"

    @property
    def resume_gateway_url(self) -> str:
        return self.gateway_url + "/resume"

    # -- waiting -----------------------------------------------------------------------------

    def notify(self) -> None:
        """Wake everything waiting on emulator activity (a request, a gateway payload)."""
        self._activity.set()
        self._activity = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], bool], within: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError("emulator: condition not reached in time")
            event = self._activity
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                continue

    async def wait_quiet(self, quiet: float, within: float) -> None:
        """Return once nothing happened for ``quiet`` seconds (or ``within`` passed)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while loop.time() < deadline:
            event = self._activity
            try:
                await asyncio.wait_for(event.wait(), min(quiet, max(0.0, deadline - loop.time())))
            except TimeoutError:
                return

    async def wait_for_bot(self, within: float = 10.0) -> None:
        """Until a gateway session is connected and received READY plus every GUILD_CREATE."""
        await self.wait_until(lambda: self.gateway.connected, within)

    # -- recording ---------------------------------------------------------------------------

    def requests(
        self,
        method: str | None = None,
        *,
        path_contains: str | None = None,
        path_regex: str | None = None,
        status: int | None = None,
        since: int = 0,
    ) -> list[RecordedRequest]:
        return self.recorder.find_requests(
            method, path_contains=path_contains, path_regex=path_regex, status=status, since=since
        )

    def gateway_events(
        self,
        *,
        direction: str | None = None,
        op: int | None = None,
        t: str | None = None,
        replayed: bool | None = None,
        since: int = 0,
    ) -> list[RecordedGatewayEvent]:
        return self.recorder.find_gateway(
            direction=direction, op=op, t=t, replayed=replayed, since=since
        )

    def errors(self, *, since: int = 0) -> list[RecordedRequest]:
        """Every 4xx/5xx the emulator answered the bot, except injected faults."""
        return [r for r in self.recorder.requests[since:] if r.status >= 400 and r.fault is None]

    # -- world -------------------------------------------------------------------------------

    def guild(self, name: str) -> GuildDriver:
        from bot.emulator.driver import GuildDriver

        return GuildDriver(self, self.seeded.get(name, name))

    def seeded_guild(self, name: str) -> SeededGuild:
        return self.seeded[name]

    def add_member(
        self, guild: Guild, username: str, *, role_ids: list[int] | None = None
    ) -> Member:
        user = self.state.add_user(username)
        roles = [guild.roles[r] for r in role_ids or []]
        return self.state.add_member(guild, user, roles)

    async def create_role(self, guild: Guild, name: str, permissions: int = 0) -> Role:
        """A new role, announced to the bot with GUILD_ROLE_CREATE as Discord does."""
        role = self.state.add_role(guild, name, permissions)
        await self.gateway.dispatch(
            "GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role.payload()}
        )
        return role

    async def archive_thread(self, thread: Channel) -> None:
        """Archive a thread as Discord does after inactivity, announced with THREAD_UPDATE."""
        thread.archived = True
        await self.gateway.dispatch("THREAD_UPDATE", thread.payload())

    def add_members(self, guild: Guild, count: int, *, prefix: str = "member") -> list[Member]:
        start = len(guild.members)
        return [self.add_member(guild, f"{prefix}{start + i}") for i in range(count)]

    def channel_messages(self, channel: Channel) -> list[Message]:
        return sorted(
            (
                m
                for m in self.state.messages.values()
                if m.channel_id == channel.id and not m.deleted
            ),
            key=lambda m: m.id,
        )

    # -- events to the bot ---------------------------------------------------------------------

    async def dispatch_message(self, event: str, message: Message) -> None:
        if message.ephemeral_for is not None or message.flags & L.FLAG_EPHEMERAL:
            return
        await self.gateway.dispatch(
            event, self.state.message_payload(message), intent=INTENT_GUILD_MESSAGES
        )

    async def dispatch_message_delete(self, message: Message) -> None:
        if message.ephemeral_for is not None:
            return
        data: dict[str, Any] = {"id": str(message.id), "channel_id": str(message.channel_id)}
        if message.guild_id:
            data["guild_id"] = str(message.guild_id)
        await self.gateway.dispatch("MESSAGE_DELETE", data, intent=INTENT_GUILD_MESSAGES)

    async def send_interaction(
        self,
        *,
        type: int,
        guild: Guild,
        channel: Channel,
        member: Member,
        data: dict[str, Any],
        locale: str = "en-US",
        message: Message | None = None,
        command_name: str | None = None,
    ) -> InteractionRecord:
        """Create an interaction with a fresh id/token and dispatch INTERACTION_CREATE."""
        interaction_id = self.state.ids.next()
        token = new_token(interaction_id)
        payload = interaction_payload(
            self.state,
            interaction_id=interaction_id,
            token=token,
            type=type,
            guild=guild,
            channel=channel,
            member=member,
            data=data,
            locale=locale,
            attachment_size_limit=self.config.attachment_size_limit,
            message=self.state.message_payload(message) if message is not None else None,
        )
        record = InteractionRecord(
            id=interaction_id,
            token=token,
            type=type,
            guild_id=guild.id,
            channel_id=channel.id,
            member=member,
            payload=payload,
            deadline=self.config.interaction_deadline,
            token_ttl=self.config.token_ttl,
            source_message_id=message.id if message is not None else None,
            command_name=command_name,
        )
        self.interactions.add(record)
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return record
