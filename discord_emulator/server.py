"""The Discord emulator: an aiohttp server on loopback with REST v10 and Gateway v10.

This module composes the parts: the world (:mod:`.state`), the gateway (:mod:`.gateway`), the
REST routes (:mod:`.rest`), each given only the narrow context it needs. Usage::

    async with DiscordEmulator(EmulatorConfig(heartbeat_interval_ms=1000)) as emulator:
        settings = Settings(token=emulator.token, api_base=emulator.api_base,
                            gateway_url=emulator.gateway_url, ...)

To play a member, see :class:`discord_emulator.testing.GuildDriver`.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from discord_emulator.config import Address, EmulatorConfig
from discord_emulator.events import EventPublisher
from discord_emulator.faults import FaultInjector
from discord_emulator.gateway.server import GatewayContext, GatewayServer
from discord_emulator.interactions import (
    InteractionRecord,
    InteractionStore,
    interaction_payload,
    new_token,
)
from discord_emulator.permissions import Overwrite
from discord_emulator.recorder import RecordedRequest, Recorder
from discord_emulator.rest.app import build_app
from discord_emulator.rest.context import IntakeContext, RestContext
from discord_emulator.seed import SeededGuild, build_state, seed_guild
from discord_emulator.world import Channel, Guild, Member, Message, Role

__all__ = ["DiscordEmulator", "EmulatorConfig"]

log = logging.getLogger(__name__)


class DiscordEmulator:
    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        if self.config.host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the emulator binds to loopback only")
        self.token = self.config.token or f"emulator.{secrets.token_urlsafe(24)}"
        self.address = Address(self.config.host)
        self.state, self.seeded = build_state(self.config.application_name)
        self.recorder = Recorder()
        # What the bot sent and received, filtered: the recorder's queries under short names.
        self.requests = self.recorder.find_requests
        self.gateway_events = self.recorder.find_gateway
        self.faults = FaultInjector()
        self.interactions = InteractionStore()
        self._activity = asyncio.Event()
        self.gateway = GatewayServer(
            GatewayContext(
                state=self.state,
                recorder=self.recorder,
                notify=self.notify,
                token=self.token,
                heartbeat_interval_ms=self.config.heartbeat_interval_ms,
                resume_gateway_url=lambda: self.address.resume_gateway_url,
                privileged_intents=lambda: self.config.privileged_intents,
                sharding=self.config.sharding,
            )
        )
        self.events = EventPublisher(self.state, self.gateway.dispatch)
        self._rest = RestContext(
            state=self.state,
            interactions=self.interactions,
            events=self.events,
            address=self.address,
            recommended_shards=self.gateway.recommended_shards,
            attachment_size_limit=self.config.attachment_size_limit,
        )
        self._intake = IntakeContext(self.token, self.recorder, self.faults, self.notify)
        self.unknown_routes: list[str] = self._intake.unknown_routes
        self.command_syncs: list[int | None] = self._rest.command_syncs
        self._runner: web.AppRunner | None = None

    # -- life cycle --------------------------------------------------------------------------

    async def start(self) -> None:
        app = build_app(self._rest, self._intake, self.gateway.handle)
        runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.config.host, self.config.port)
        await site.start()
        self._runner = runner
        self.address.port = int(runner.addresses[0][1])
        log.info("Discord emulator listening on %s", self.base_url)

    async def stop(self) -> None:
        self.gateway.release()
        self.faults.clear()  # a request still held would keep the server's cleanup waiting
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
    def port(self) -> int | None:
        return self.address.port

    @property
    def base_url(self) -> str:
        return self.address.base_url

    @property
    def api_base(self) -> str:
        return self.address.api_base

    @property
    def gateway_url(self) -> str:
        return self.address.gateway_url

    @property
    def resume_gateway_url(self) -> str:
        return self.address.resume_gateway_url

    # -- waiting -----------------------------------------------------------------------------

    def notify(self) -> None:
        """Wake everything waiting on emulator activity (a request, a gateway payload)."""
        self._activity.set()
        self._activity = asyncio.Event()

    async def wait_until(
        self,
        predicate: Callable[[], bool | Awaitable[bool]],
        within: float,
        *,
        recheck: float | None = None,
        what: str = "condition",
    ) -> None:
        """Return once ``predicate`` (sync or async) holds, else TimeoutError naming ``what``.

        It is checked again on every emulator activity (a request, a gateway payload) and, with
        ``recheck``, at least that often, for state the emulator does not see (a bot's database).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            result = predicate()
            if inspect.isawaitable(result):
                result = await result
            if result:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"emulator: {what} not reached within {within} s")
            await self.wait_activity(remaining if recheck is None else min(remaining, recheck))

    async def wait_activity(self, within: float) -> bool:
        """Until the next activity (request, gateway payload); False when ``within`` passed."""
        try:
            await asyncio.wait_for(self._activity.wait(), within)
        except TimeoutError:
            return False
        return True

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

    def errors(self, *, since: int = 0) -> list[RecordedRequest]:
        """Every 4xx/5xx the emulator answered the bot, except injected faults."""
        return [r for r in self.recorder.requests[since:] if r.status >= 400 and r.fault is None]

    # -- world -------------------------------------------------------------------------------

    def seeded_guild(self, name: str) -> SeededGuild:
        return self.seeded[name]

    def add_guild(
        self,
        name: str,
        *,
        people: tuple[str, str, str] | None = None,
        shard: tuple[int, int] | None = None,
    ) -> SeededGuild:
        """A guild seeded like the default ones, with an owner, a moderator, a member and the bot.

        ``shard=(shard_id, count)`` puts its id on that shard. Add guilds before the bot
        connects (no GUILD_CREATE is sent for a guild added later).
        """
        slug = name.lower().replace(" ", "-")
        owner, moderator, member = people or (f"{slug}-owner", f"{slug}-mod", f"{slug}-member")
        seeded = seed_guild(self.state, name, (owner, moderator, member), shard=shard)
        self.seeded[name] = seeded
        return seeded

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
            "GUILD_ROLE_CREATE",
            {"guild_id": str(guild.id), "role": role.payload()},
            guild_id=guild.id,
        )
        return role

    async def set_overwrites(self, channel: Channel, overwrites: list[Overwrite]) -> None:
        """Replace a channel's permission overwrites, announced with CHANNEL_UPDATE as Discord
        does when a moderator edits the channel's permissions."""
        channel.overwrites = list(overwrites)
        await self.gateway.dispatch("CHANNEL_UPDATE", channel.payload(), guild_id=channel.guild_id)

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
        await self.events.message(event, message)

    async def dispatch_message_delete(self, message: Message) -> None:
        await self.events.message_delete(message)

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
        await self.gateway.dispatch("INTERACTION_CREATE", payload, guild_id=guild.id)
        return record
