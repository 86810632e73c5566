"""Point discord.py at another Discord-compatible endpoint (the local emulator), or back.

Two class attributes of discord.py are the whole hook, set before the client connects:

* ``discord.http.Route.BASE`` - every REST call (``HTTPClient`` and the interaction webhooks in
  ``discord.webhook.async_``) builds its URL from it.
* ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` - in discord.py 2.7 a client connects
  straight to this URL, resumes on READY's ``resume_gateway_url``, and falls back to this URL
  again after a non-resumable INVALID_SESSION. ``AutoShardedClient`` would take the URL
  ``GET /gateway/bot`` returns when it has no shard count, so ``ProjectionistBot.launch_shards``
  asks for the recommended count itself first and discord.py then uses this URL. Overriding it is
  therefore what makes ``DISCORD_GATEWAY_URL`` work, and it covers every reconnect path.

``None`` restores Discord's defaults. ``tests/test_discord_endpoints_canary.py`` fails loudly if
a discord.py release renames either attribute.
"""

from __future__ import annotations

import logging

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.errors import ConfigError

log = logging.getLogger(__name__)

DISCORD_API_BASE: str = Route.BASE
DISCORD_GATEWAY: yarl.URL = DiscordWebSocket.DEFAULT_GATEWAY


def apply_endpoints(api_base: str | None, gateway_url: str | None) -> None:
    """Use ``api_base`` (e.g. ``http://127.0.0.1:8080/api/v10``) and ``gateway_url`` (``ws://...``)."""
    if api_base:
        url = yarl.URL(api_base.rstrip("/"))
        if url.scheme not in ("http", "https") or not url.host:
            raise ConfigError(f"DISCORD_API_BASE must be an http(s) URL, not {api_base!r}.")
        Route.BASE = str(url)
    else:
        Route.BASE = DISCORD_API_BASE
    if gateway_url:
        gateway = yarl.URL(gateway_url)
        if gateway.scheme not in ("ws", "wss") or not gateway.host:
            raise ConfigError(f"DISCORD_GATEWAY_URL must be a ws(s) URL, not {gateway_url!r}.")
        DiscordWebSocket.DEFAULT_GATEWAY = gateway
    else:
        DiscordWebSocket.DEFAULT_GATEWAY = DISCORD_GATEWAY
    if api_base and not gateway_url:
        log.warning(
            "DISCORD_API_BASE is set but DISCORD_GATEWAY_URL is not: REST goes to %s while the "
            "gateway stays Discord's own (%s).",
            Route.BASE,
            DISCORD_GATEWAY,
        )
    if api_base or gateway_url:
        log.info(
            "Discord endpoints: REST %s, gateway %s", Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
        )


def current_endpoints() -> tuple[str, str]:
    """The REST base and gateway URL discord.py will use now."""
    return Route.BASE, str(DiscordWebSocket.DEFAULT_GATEWAY)
