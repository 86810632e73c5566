"""Mutable emulator state: the application, its bot user, guilds, channels, messages, commands."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from discord_emulator import errors
from discord_emulator import permissions as perms
from discord_emulator.permissions import Overwrite
from discord_emulator.world import (
    TEXT_CHANNEL,
    Attachment,
    Channel,
    Guild,
    Member,
    Message,
    Role,
    Snowflakes,
    User,
)

# Application flags: the *_LIMITED gateway intents an unverified bot may use.
GATEWAY_PRESENCE_LIMITED = 1 << 13
GATEWAY_GUILD_MEMBERS_LIMITED = 1 << 15
GATEWAY_MESSAGE_CONTENT_LIMITED = 1 << 19
APPLICATION_COMMAND_BADGE = 1 << 23


@dataclass(slots=True)
class Application:
    id: int
    name: str
    owner: User
    bot: User
    flags: int = (
        GATEWAY_PRESENCE_LIMITED
        | GATEWAY_GUILD_MEMBERS_LIMITED
        | GATEWAY_MESSAGE_CONTENT_LIMITED
        | APPLICATION_COMMAND_BADGE
    )

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "description": f"{self.name} running against the local Discord emulator.",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": self.owner.payload(),
            "team": None,
            "flags": self.flags,
            "bot": self.bot.payload(),
            "rpc_origins": [],
            "tags": [],
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "role_connections_verification_url": None,
            "approximate_guild_count": 2,
            "integration_types_config": {"0": {}},
            "install_params": None,
            "custom_install_url": None,
        }


@dataclass(slots=True)
class State:
    ids: Snowflakes
    application: Application
    users: dict[int, User] = field(default_factory=dict)
    guilds: dict[int, Guild] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    uploads: dict[int, Attachment] = field(default_factory=dict)  # attachment command options
    # scope (None = global, else guild id) -> command id -> command payload
    commands: dict[int | None, dict[int, dict[str, Any]]] = field(default_factory=dict)

    @property
    def bot_user(self) -> User:
        return self.application.bot

    # -- building ------------------------------------------------------------------------

    def add_user(self, username: str, *, bot: bool = False, global_name: str | None = None) -> User:
        user = User(self.ids.next(), username, global_name=global_name or username, bot=bot)
        self.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str,
        owner: User,
        *,
        everyone_permissions: int = perms.DEFAULT_EVERYONE,
        shard: tuple[int, int] | None = None,
    ) -> Guild:
        """A guild; ``shard=(shard_id, count)`` gives it an id on that shard of ``count``."""
        guild = Guild(self.ids.next(shard=shard), name, owner.id)
        guild.roles[guild.id] = Role(guild.id, "@everyone", everyone_permissions)
        self.guilds[guild.id] = guild
        self.add_member(guild, owner)
        return guild

    def add_role(self, guild: Guild, name: str, permissions: int, *, managed: bool = False) -> Role:
        role = Role(self.ids.next(), name, permissions, position=len(guild.roles), managed=managed)
        guild.roles[role.id] = role
        return role

    def add_member(
        self, guild: Guild, user: User, roles: list[Role] | None = None, nick: str | None = None
    ) -> Member:
        member = Member(user, guild.id, [r.id for r in roles or []], nick=nick)
        guild.members[user.id] = member
        return member

    def add_channel(
        self,
        guild: Guild,
        name: str,
        *,
        type: int = TEXT_CHANNEL,
        topic: str | None = None,
        overwrites: list[Overwrite] | None = None,
    ) -> Channel:
        channel = Channel(
            self.ids.next(),
            type,
            name,
            guild.id,
            position=len(guild.channel_ids),
            topic=topic,
            overwrites=list(overwrites or []),
        )
        self.channels[channel.id] = channel
        guild.channel_ids.append(channel.id)
        return channel

    # -- lookups (raising Discord's errors) --------------------------------------------------

    def guild(self, guild_id: int | str) -> Guild:
        try:
            return self.guilds[int(guild_id)]
        except (KeyError, ValueError):
            raise errors.unknown_guild() from None

    def guild_named(self, name: str) -> Guild:
        for guild in self.guilds.values():
            if guild.name == name:
                return guild
        raise KeyError(name)

    def channel(self, channel_id: int | str) -> Channel:
        try:
            return self.channels[int(channel_id)]
        except (KeyError, ValueError):
            raise errors.unknown_channel() from None

    def message(self, channel: Channel, message_id: int | str) -> Message:
        try:
            msg = self.messages[int(message_id)]
        except (KeyError, ValueError):
            raise errors.unknown_message() from None
        if msg.channel_id != channel.id or msg.deleted or msg.ephemeral_for is not None:
            raise errors.unknown_message()
        return msg

    def user(self, user_id: int | str) -> User:
        try:
            return self.users[int(user_id)]
        except (KeyError, ValueError):
            raise errors.unknown_user() from None

    def bot_member(self, guild: Guild) -> Member:
        return guild.members[self.bot_user.id]

    def parent_of(self, channel: Channel) -> Channel | None:
        return self.channels.get(channel.parent_id) if channel.parent_id else None

    def permissions_in(self, member: Member, channel: Channel) -> int:
        if channel.guild_id is None:
            return perms.ALL_PERMISSIONS & ~perms.ADMINISTRATOR
        guild = self.guilds[channel.guild_id]
        return guild.channel_permissions(member, channel, self.parent_of(channel))

    def bot_permissions_in(self, channel: Channel) -> int:
        if channel.guild_id is None:
            return perms.ALL_PERMISSIONS & ~perms.ADMINISTRATOR
        return self.permissions_in(self.bot_member(self.guilds[channel.guild_id]), channel)

    def message_payload(self, message: Message) -> dict[str, Any]:
        thread = self.channels.get(message.thread_id) if message.thread_id else None
        return message.payload(thread)

    # -- gateway payloads --------------------------------------------------------------------

    def guild_create_payload(self, guild: Guild, *, all_members: bool) -> dict[str, Any]:
        """GUILD_CREATE: a guild object plus the gateway-only extra fields."""
        channels = [self.channels[c] for c in guild.channel_ids]
        threads = [
            c
            for c in self.channels.values()
            if c.guild_id == guild.id and c.is_thread and not c.archived
        ]
        bot_id = self.bot_user.id
        members = [m for m in guild.members.values() if all_members or m.user.id in (bot_id,)]
        data = guild.payload()
        data.update(
            joined_at=guild.joined_at,
            large=len(guild.members) > 250,
            unavailable=False,
            member_count=len(guild.members),
            voice_states=[],
            members=[m.payload() for m in members],
            channels=[c.payload(include_guild_id=False) for c in channels],
            threads=[t.payload() for t in threads],
            presences=[],
            stage_instances=[],
            guild_scheduled_events=[],
            soundboard_sounds=[],
            lazy=True,
            application_command_counts={},
            embedded_activities=[],
        )
        return data
