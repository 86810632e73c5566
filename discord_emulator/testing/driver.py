"""Play a Discord user against the bot: slash commands, autocomplete, buttons, selects, modals.

Each action builds a real interaction from the SYNCED command definitions, dispatches it over
the gateway, then collects what the bot answered (initial callback, then -- when deferred -- the
followup or @original edit, then a short quiet period for further followups)::

    film_club = GuildDriver(emulator, "Film Club")
    reply = await film_club.slash("film info", title="rocky 4", user=film_club.member)
    reply2 = await film_club.click(reply.message, "scene:next", user=film_club.member)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from discord_emulator import interactions as ix
from discord_emulator.interactions import InteractionRecord
from discord_emulator.seed import SeededGuild
from discord_emulator.server import DiscordEmulator
from discord_emulator.testing.models import DriverError, Reply, SentMessage, walk_components
from discord_emulator.testing.options import (
    OptionBuilder,
    ResolvedCommand,
    Upload,
    modal_answer,
    nest,
    resolve_command,
)
from discord_emulator.world import TEXT_CHANNEL, Channel, Member, Message, Role

__all__ = ["DriverError", "GuildDriver", "Reply", "SentMessage", "Upload"]

RECHECK_INTERVAL = 0.05  # wait_until re-checks at least this often (seconds)
STRING_SELECT, USER_SELECT, ROLE_SELECT, MENTIONABLE_SELECT, CHANNEL_SELECT = 3, 5, 6, 7, 8


class GuildDriver:
    """A guild seen from its members' side. ``user`` defaults to the plain member.

    ``seeded`` is a seeded guild or its name ("Film Club", "Second Guild", or one made with
    :meth:`DiscordEmulator.add_guild`).
    """

    def __init__(
        self,
        emulator: DiscordEmulator,
        seeded: SeededGuild | str,
        *,
        quiet: float = 0.1,
        followup_timeout: float = 5.0,
        enforce_command_permissions: bool = False,
    ) -> None:
        if isinstance(seeded, str):
            if seeded not in emulator.seeded:
                raise KeyError(f"no seeded guild named {seeded!r}")
            seeded = emulator.seeded[seeded]
        self.emulator = emulator
        self.seeded = seeded
        self.guild = seeded.guild
        self.quiet = quiet
        self.followup_timeout = followup_timeout
        # True: refuse, like Discord's client, commands whose default_member_permissions the
        # member lacks. False (default): as if an admin allowed everyone (Integrations overrides).
        self.enforce_command_permissions = enforce_command_permissions

    # -- the world -------------------------------------------------------------------------

    @property
    def owner(self) -> Member:
        return self.seeded.owner

    @property
    def moderator(self) -> Member:
        return self.seeded.moderator

    @property
    def member(self) -> Member:
        return self.seeded.member

    @property
    def general(self) -> Channel:
        return self.seeded.general

    def channel(self, name: str) -> Channel:
        for channel_id in self.guild.channel_ids:
            channel = self.emulator.state.channels[channel_id]
            if channel.name == name:
                return channel
        raise KeyError(name)

    def role(self, name: str) -> Role:
        return next(r for r in self.guild.roles.values() if r.name == name)

    def add_member(
        self, username: str, *, moderator: bool = False, roles: list[Role] | None = None
    ) -> Member:
        wanted = list(roles or []) + ([self.seeded.moderator_role] if moderator else [])
        return self.emulator.add_member(self.guild, username, role_ids=[r.id for r in wanted])

    def add_members(self, count: int, *, prefix: str = "member") -> list[Member]:
        return self.emulator.add_members(self.guild, count, prefix=prefix)

    def messages_in(self, channel: Channel | str | None = None) -> list[SentMessage]:
        target = self._channel(channel)
        state = self.emulator.state
        return [SentMessage.of(state, m) for m in self.emulator.channel_messages(target)]

    # -- actions -----------------------------------------------------------------------------

    def _resolve(self, command: str, member: Member) -> ResolvedCommand:
        """The synced command ``command`` names, as ``member`` may use it here."""
        return resolve_command(
            self.emulator.state,
            self.guild,
            command,
            member,
            enforce_permissions=self.enforce_command_permissions,
        )

    async def slash(
        self,
        command: str,
        *,
        user: Member | None = None,
        channel: Channel | str | None = None,
        locale: str = "en-US",
        options: dict[str, Any] | None = None,
        followup_timeout: float | None = None,
        **kwargs: Any,
    ) -> Reply:
        """Run ``/command [group] [sub]`` with option values typed per the synced schema."""
        member = user or self.member
        resolved = self._resolve(command, member)
        builder = OptionBuilder(self.emulator.state, self.guild, self.emulator.base_url)
        leaf = builder.build(resolved.leaf_options, {**(options or {}), **kwargs})
        data = self._command_data(resolved.command, nest(resolved, leaf), builder.resolved)
        return await self._run(
            ix.APPLICATION_COMMAND,
            data,
            member,
            channel,
            locale=locale,
            command_name=resolved.full_name,
            followup_timeout=followup_timeout,
        )

    async def autocomplete(
        self,
        command: str,
        option: str,
        value: str,
        *,
        user: Member | None = None,
        channel: Channel | str | None = None,
        locale: str = "en-US",
        options: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> list[dict[str, Any]]:
        """Type ``value`` into ``option``; returns the choices the bot suggested."""
        member = user or self.member
        resolved = self._resolve(command, member)
        schema = next((o for o in resolved.leaf_options if o["name"] == option), None)
        if schema is None or not schema.get("autocomplete"):
            raise DriverError(f"option {option!r} of /{command} has no autocomplete")
        builder = OptionBuilder(self.emulator.state, self.guild, self.emulator.base_url)
        leaf = builder.build(
            resolved.leaf_options, {**(options or {}), **kwargs, option: value}, focused=option
        )
        data = self._command_data(resolved.command, nest(resolved, leaf), builder.resolved)
        reply = await self._run(
            ix.AUTOCOMPLETE, data, member, channel, locale=locale, command_name=resolved.full_name
        )
        if reply.choices is None:
            raise DriverError(
                f"the bot did not answer the autocomplete (callback {reply.callback_type})"
            )
        return reply.choices

    async def click(
        self, message: SentMessage | Reply, custom_id: str, *, user: Member | None = None
    ) -> Reply:
        """Press the button ``custom_id`` on the message's current state."""
        current, component = self._component(message, custom_id, user)
        if component.get("type") != 2:
            raise DriverError(f"{custom_id!r} is not a button")
        if component.get("style") in (5, 6):
            raise DriverError(
                f"{custom_id!r} is a link/premium button: Discord sends no interaction"
            )
        data = {"custom_id": custom_id, "component_type": 2, "id": component.get("id")}
        return await self._component_interaction(current, data, user)

    async def select(
        self,
        message: SentMessage | Reply,
        custom_id: str,
        values: list[Any],
        *,
        user: Member | None = None,
    ) -> Reply:
        """Pick ``values`` (option values, or members/roles/channels for entity selects)."""
        current, component = self._component(message, custom_id, user)
        ctype = component.get("type")
        if ctype not in (
            STRING_SELECT,
            USER_SELECT,
            ROLE_SELECT,
            MENTIONABLE_SELECT,
            CHANNEL_SELECT,
        ):
            raise DriverError(f"{custom_id!r} is not a select menu")
        low, high = component.get("min_values", 1), component.get("max_values", 1)
        if not low <= len(values) <= high:
            raise DriverError(f"{custom_id!r} takes {low}..{high} values, not {len(values)}")
        data: dict[str, Any] = {
            "custom_id": custom_id,
            "component_type": ctype,
            "id": component.get("id"),
        }
        if ctype == STRING_SELECT:
            offered = [o["value"] for o in component.get("options", [])]
            for value in values:
                if value not in offered:
                    raise DriverError(f"{value!r} is not an option of {custom_id!r}: {offered}")
            data["values"] = list(values)
        else:
            builder = OptionBuilder(self.emulator.state, self.guild, self.emulator.base_url)
            kind = {USER_SELECT: 6, ROLE_SELECT: 8, MENTIONABLE_SELECT: 9, CHANNEL_SELECT: 7}[ctype]
            data["values"] = [builder.value({"name": custom_id, "type": kind}, v) for v in values]
            data["resolved"] = builder.resolved
        return await self._component_interaction(current, data, user)

    async def submit_modal(
        self, reply: Reply, values: dict[str, Any], *, user: Member | None = None
    ) -> Reply:
        """Fill in and submit the modal the bot opened in ``reply``."""
        modal = reply.modal
        if modal is None:
            raise DriverError(f"the bot opened no modal (callback type {reply.callback_type})")
        member = user or reply.interaction.member
        known = {c["custom_id"] for c in walk_components(modal["components"]) if "custom_id" in c}
        unknown = set(values) - known
        if unknown:
            raise DriverError(f"the modal has no fields {sorted(unknown)}; it has {sorted(known)}")
        components = [modal_answer(c, values) for c in modal["components"]]
        data = {"custom_id": modal["custom_id"], "components": components}
        source = reply.interaction.source_message_id
        message = self.emulator.state.messages.get(source) if source else None
        channel = self.emulator.state.channels[reply.interaction.channel_id]
        return await self._run(ix.MODAL_SUBMIT, data, member, channel, message=message)

    # -- internals ---------------------------------------------------------------------------

    def _channel(self, channel: Channel | str | None) -> Channel:
        if isinstance(channel, Channel):
            return channel
        if isinstance(channel, str):
            return self.channel(channel)
        return self.general

    def _command_data(
        self, command: dict[str, Any], options: list[dict[str, Any]], resolved: dict[str, Any]
    ) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": command["id"],
            "name": command["name"],
            "type": command["type"],
        }
        if options:
            data["options"] = options
        if resolved:
            data["resolved"] = resolved
        if command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        return data

    def _component(
        self, message: SentMessage | Reply, custom_id: str, user: Member | None
    ) -> tuple[Message, dict[str, Any]]:
        snapshot = message.message if isinstance(message, Reply) else message
        if snapshot is None:
            raise DriverError("that reply has no message to interact with")
        current = self.emulator.state.messages.get(snapshot.id)
        if current is None or current.deleted:
            raise DriverError(f"message {snapshot.id} no longer exists")
        member = user or self.member
        if current.ephemeral_for is not None and current.ephemeral_for != member.user.id:
            raise DriverError("only the user who triggered an ephemeral message can see it")
        component = next(
            (c for c in walk_components(current.components) if c.get("custom_id") == custom_id),
            None,
        )
        if component is None:
            ids = [
                c.get("custom_id")
                for c in walk_components(current.components)
                if c.get("custom_id")
            ]
            raise DriverError(f"no component {custom_id!r} on the message (it has {ids})")
        if component.get("disabled"):
            raise DriverError(f"{custom_id!r} is disabled")
        return current, component

    async def _component_interaction(
        self, message: Message, data: dict[str, Any], user: Member | None
    ) -> Reply:
        channel = self.emulator.state.channels[message.channel_id]
        return await self._run(
            ix.MESSAGE_COMPONENT, data, user or self.member, channel, message=message
        )

    async def _run(
        self,
        type: int,
        data: dict[str, Any],
        member: Member,
        channel: Channel | str | None,
        *,
        locale: str = "en-US",
        message: Message | None = None,
        command_name: str | None = None,
        followup_timeout: float | None = None,
    ) -> Reply:
        target = self._channel(channel)
        if target.type != TEXT_CHANNEL and not target.is_thread:
            raise DriverError(f"cannot run commands in channel type {target.type}")
        if member.user.id not in self.guild.members:
            raise DriverError(f"{member.user.username} is not a member of {self.guild.name}")
        start = len(self.emulator.recorder.requests)
        record = await self.emulator.send_interaction(
            type=type,
            guild=self.guild,
            channel=target,
            member=member,
            data=data,
            locale=locale,
            message=message,
            command_name=command_name,
        )
        await self._collect(record, followup_timeout, start)
        return self._reply(record, start)

    async def _collect(
        self, record: InteractionRecord, followup_timeout: float | None, start: int
    ) -> None:
        """Wait for the answer; ``start``: the recorder's length before the interaction (no
        request about it can be older, so the waits look only at what came after)."""
        emulator = self.emulator
        try:
            await emulator.wait_until(
                lambda: record.acknowledged or record.rejected_callbacks > 0, record.deadline + 0.5
            )
        except TimeoutError:
            return
        followup_wait = followup_timeout if followup_timeout is not None else self.followup_timeout
        if record.callback_type == ix.DEFERRED_CHANNEL_MESSAGE:
            await self._wait_soft(
                lambda: not record.loading or bool(record.followup_ids), followup_wait
            )
        elif record.callback_type == ix.DEFERRED_UPDATE_MESSAGE:
            seen = len(emulator.requests(path_contains=record.token, since=start))
            await self._wait_soft(
                lambda: len(emulator.requests(path_contains=record.token, since=start)) > seen,
                followup_wait,
            )
        await emulator.wait_quiet(self.quiet, within=max(self.quiet * 20, 2.0))

    async def wait_until(
        self,
        predicate: Callable[[], bool | Awaitable[bool]],
        *,
        within: float = 5.0,
        what: str = "the condition",
    ) -> None:
        """Return once ``predicate`` (sync or async) holds; TimeoutError naming ``what`` if not.

        It is re-checked on every emulator activity (a request, a gateway payload) and at least
        every 50 ms, for state the emulator does not see (the bot's database or cache). Use it
        in tests instead of sleep loops.
        """
        await self.emulator.wait_until(predicate, within, recheck=RECHECK_INTERVAL, what=what)

    async def _wait_soft(self, predicate: Any, within: float) -> None:
        try:
            await self.emulator.wait_until(predicate, within)
        except TimeoutError:
            return

    def _reply(self, record: InteractionRecord, start: int) -> Reply:
        state = self.emulator.state
        requests = self.emulator.recorder.requests[start:]
        original = state.messages.get(record.original_message_id or 0)
        posted = [
            state.messages[int(r.response["id"])]
            for r in requests
            if r.method == "POST"
            and r.ok
            and r.path.startswith("/channels/")
            and r.path.endswith("/messages")
        ]
        data = record.callback_data or {}
        return Reply(
            interaction=record,
            callback_type=record.callback_type,
            message=SentMessage.of(state, original) if original and not original.deleted else None,
            followups=[SentMessage.of(state, state.messages[i]) for i in record.followup_ids],
            channel_messages=[SentMessage.of(state, m) for m in posted],
            modal=data if record.callback_type == ix.MODAL else None,
            choices=list(data.get("choices", []))
            if record.callback_type == ix.AUTOCOMPLETE_RESULT
            else None,
            errors=[r for r in requests if r.status >= 400 and r.fault is None],
            requests=list(requests),
        )
