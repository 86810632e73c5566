"""The emulated Gateway v10: sessions, replay, sharding (see :mod:`.server`, :mod:`.sharding`)."""

from discord_emulator.gateway.opcodes import (
    INTENT_GUILD_MEMBERS,
    INTENT_GUILD_MESSAGES,
    INTENT_GUILDS,
    PRIVILEGED_INTENTS,
)
from discord_emulator.gateway.server import GatewayContext, GatewayServer, Session
from discord_emulator.gateway.sharding import ShardingPolicy, shard_of

__all__ = [
    "INTENT_GUILDS",
    "INTENT_GUILD_MEMBERS",
    "INTENT_GUILD_MESSAGES",
    "PRIVILEGED_INTENTS",
    "GatewayContext",
    "GatewayServer",
    "Session",
    "ShardingPolicy",
    "shard_of",
]
