"""A local emulator of the parts of Discord's API a bot uses (REST v10 + Gateway v10).

Loopback only, and independent of any bot: it imports discord.py only in
:mod:`discord_emulator.testing` (to run a client against it). Layout:

* :mod:`.server` - :class:`DiscordEmulator`, which composes the parts below;
* :mod:`.rest` - the REST routes; :mod:`.gateway` - sessions, replay and sharding;
* :mod:`.validation` - Discord's documented limits checked on every payload;
* the world: :mod:`.world`, :mod:`.state`, :mod:`.seed`, :mod:`.interactions`, :mod:`.messages`;
* :mod:`.testing` - :class:`~discord_emulator.testing.GuildDriver` (play a member), client
  start/stop; :mod:`.pytest_plugin` - the ``emulator`` fixture and friends.
"""

from discord_emulator.config import EmulatorConfig
from discord_emulator.gateway.sharding import ShardingPolicy, shard_of
from discord_emulator.server import DiscordEmulator

__all__ = ["DiscordEmulator", "EmulatorConfig", "ShardingPolicy", "shard_of"]
