"""Point discord.py at an emulator, and back at Discord.

discord.py builds every REST URL from ``discord.http.Route.BASE`` and connects a plain ``Client``
to ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (an ``AutoShardedClient`` asks
``GET /gateway/bot`` when it has no shard count, and uses ``DEFAULT_GATEWAY`` when it has one).
A bot may have its own configuration for this; tests of the emulator itself use these two.
"""

from __future__ import annotations

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from discord_emulator.server import DiscordEmulator

DISCORD_API_BASE: str = Route.BASE
DISCORD_GATEWAY: yarl.URL = DiscordWebSocket.DEFAULT_GATEWAY


def point_discord_py_at(emulator: DiscordEmulator) -> None:
    """Send discord.py's REST calls and gateway connections to ``emulator``."""
    Route.BASE = emulator.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(emulator.gateway_url)


def restore_discord_py() -> None:
    """Discord's own endpoints again."""
    Route.BASE = DISCORD_API_BASE
    DiscordWebSocket.DEFAULT_GATEWAY = DISCORD_GATEWAY
