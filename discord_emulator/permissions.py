"""Permission bits (topics/permissions) and Discord's permission computation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CREATE_INSTANT_INVITE = 1 << 0
KICK_MEMBERS = 1 << 1
BAN_MEMBERS = 1 << 2
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_AUDIT_LOG = 1 << 7
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
CHANGE_NICKNAME = 1 << 26
MANAGE_ROLES = 1 << 28
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_THREADS = 1 << 34
CREATE_PUBLIC_THREADS = 1 << 35
CREATE_PRIVATE_THREADS = 1 << 36
SEND_MESSAGES_IN_THREADS = 1 << 38
MODERATE_MEMBERS = 1 << 40
SEND_POLLS = 1 << 49

# Every documented bit: 0..46 and 48..52 (bit 47 is not assigned in the docs).
ALL_PERMISSIONS = ((1 << 47) - 1) | sum(1 << bit for bit in range(48, 53))

# What a fresh server gives @everyone, roughly: chat, read history, threads, reactions, commands.
DEFAULT_EVERYONE = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | CREATE_PRIVATE_THREADS
    | SEND_MESSAGES_IN_THREADS
    | SEND_POLLS
)

OVERWRITE_ROLE = 0
OVERWRITE_MEMBER = 1


@dataclass(slots=True)
class Overwrite:
    id: int
    type: int  # 0 role, 1 member
    allow: int = 0
    deny: int = 0

    def payload(self) -> dict[str, object]:
        return {
            "id": str(self.id),
            "type": self.type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


def base_permissions(*, is_owner: bool, everyone: int, role_permissions: Iterable[int]) -> int:
    """Guild-level permissions: owner and ADMINISTRATOR imply everything."""
    if is_owner:
        return ALL_PERMISSIONS
    value = everyone
    for perms in role_permissions:
        value |= perms
    if value & ADMINISTRATOR:
        return ALL_PERMISSIONS
    return value


def apply_overwrites(
    base: int,
    *,
    guild_id: int,
    member_id: int,
    member_role_ids: Iterable[int],
    overwrites: Iterable[Overwrite],
) -> int:
    """Channel overwrites in Discord's order: @everyone, then roles together, then the member."""
    if base & ADMINISTRATOR or base == ALL_PERMISSIONS:
        return ALL_PERMISSIONS
    by_id = {(o.type, o.id): o for o in overwrites}
    value = base
    everyone = by_id.get((OVERWRITE_ROLE, guild_id))
    if everyone is not None:
        value = (value & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role_id in member_role_ids:
        role_ow = by_id.get((OVERWRITE_ROLE, role_id))
        if role_ow is not None:
            allow |= role_ow.allow
            deny |= role_ow.deny
    value = (value & ~deny) | allow
    member_ow = by_id.get((OVERWRITE_MEMBER, member_id))
    if member_ow is not None:
        value = (value & ~member_ow.deny) | member_ow.allow
    if not value & VIEW_CHANNEL:
        return 0
    return value
