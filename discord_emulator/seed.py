"""The default world: two guilds with an owner, a moderator, a plain member and the bot.

With two shards, "Film Club" is on shard 0 and "Second Guild" on shard 1 (their snowflakes are
chosen so); with one shard both are on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from discord_emulator import permissions as perms
from discord_emulator.permissions import OVERWRITE_ROLE, Overwrite
from discord_emulator.state import Application, State
from discord_emulator.world import Channel, Guild, Member, Role, Snowflakes, User

BOT_ROLE_PERMISSIONS = (
    perms.VIEW_CHANNEL
    | perms.SEND_MESSAGES
    | perms.EMBED_LINKS
    | perms.ATTACH_FILES
    | perms.READ_MESSAGE_HISTORY
    | perms.ADD_REACTIONS
    | perms.USE_EXTERNAL_EMOJIS
    | perms.CREATE_PUBLIC_THREADS
    | perms.SEND_MESSAGES_IN_THREADS
    | perms.MANAGE_THREADS
    | perms.MANAGE_MESSAGES
)
MODERATOR_PERMISSIONS = perms.MANAGE_GUILD | perms.MANAGE_MESSAGES | perms.MANAGE_THREADS


@dataclass(slots=True)
class SeededGuild:
    guild: Guild
    owner: Member
    moderator: Member
    member: Member
    bot: Member
    moderator_role: Role
    bot_role: Role
    general: Channel
    announcements: Channel  # the bot can read but not send here (50013 on send)


def build_state(app_name: str = "Emulated Bot") -> tuple[State, dict[str, SeededGuild]]:
    """The world; the application, its bot user and the bot's managed role are ``app_name``."""
    ids = Snowflakes()
    owner_user = _user(ids, "emulator-owner")
    bot_user = _user(ids, app_name, bot=True)
    application = Application(ids.next(), app_name, owner_user, bot_user)
    state = State(ids, application)
    state.users[owner_user.id] = owner_user
    state.users[bot_user.id] = bot_user
    seeded = {
        "Film Club": seed_guild(state, "Film Club", ("olive", "maya", "pat"), shard=(0, 2)),
        "Second Guild": seed_guild(state, "Second Guild", ("quinn", "rafa", "sam"), shard=(1, 2)),
    }
    return state, seeded


def _user(ids: Snowflakes, name: str, *, bot: bool = False) -> User:
    return User(ids.next(), name, global_name=name.title(), bot=bot)


def seed_guild(
    state: State,
    name: str,
    people: tuple[str, str, str],
    *,
    shard: tuple[int, int] | None = None,
) -> SeededGuild:
    """A guild with an owner, a moderator, a plain member (``people``) and the bot."""
    owner_user = state.add_user(people[0])
    guild = state.add_guild(name, owner_user, shard=shard)
    moderator_role = state.add_role(guild, "Moderator", MODERATOR_PERMISSIONS)
    bot_role = state.add_role(guild, state.bot_user.username, BOT_ROLE_PERMISSIONS, managed=True)
    moderator = state.add_member(guild, state.add_user(people[1]), [moderator_role])
    member = state.add_member(guild, state.add_user(people[2]))
    bot = state.add_member(guild, state.bot_user, [bot_role])
    general = state.add_channel(guild, "general", topic="Talk about films")
    state.add_channel(guild, "film-talk", topic="Scenes, directors, everything")
    read_only = Overwrite(guild.id, OVERWRITE_ROLE, allow=0, deny=perms.SEND_MESSAGES)
    announcements = state.add_channel(guild, "announcements", overwrites=[read_only])
    return SeededGuild(
        guild=guild,
        owner=guild.members[owner_user.id],
        moderator=moderator,
        member=member,
        bot=bot,
        moderator_role=moderator_role,
        bot_role=bot_role,
        general=general,
        announcements=announcements,
    )
