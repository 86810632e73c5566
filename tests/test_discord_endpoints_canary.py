"""Canary: fails loudly when a discord.py release moves what bot.discord_endpoints relies on.

If one of these fails after upgrading discord.py, DISCORD_API_BASE / DISCORD_GATEWAY_URL (and
the local emulator, the sandbox and the end-to-end tests) silently talk to the wrong place or
stop working: fix bot/discord_endpoints.py before anything else.
"""

from __future__ import annotations

import inspect

import discord
import discord.gateway
import discord.http
import discord.webhook.async_
import pytest
import yarl

from bot.discord_endpoints import (
    DISCORD_API_BASE,
    DISCORD_GATEWAY,
    apply_endpoints,
    current_endpoints,
)
from bot.errors import ConfigError


@pytest.fixture(autouse=True)
def _restore() -> object:
    yield None
    apply_endpoints(None, None)


def test_route_base_is_a_class_attribute_used_for_every_url() -> None:
    assert isinstance(discord.http.Route.BASE, str)
    assert DISCORD_API_BASE == "https://discord.com/api/v10"
    apply_endpoints("http://127.0.0.1:9/api/v10/", None)
    route = discord.http.Route("GET", "/users/{user_id}", user_id=1)
    assert route.url == "http://127.0.0.1:9/api/v10/users/1"


def test_interaction_webhooks_use_the_same_route_class() -> None:
    assert discord.webhook.async_.Route is discord.http.Route
    source = inspect.getsource(
        discord.webhook.async_.AsyncWebhookAdapter.create_interaction_response
    )
    assert "with_response" in source  # the emulator answers 200 + JSON for it


def test_default_gateway_is_the_connect_and_fallback_url() -> None:
    assert isinstance(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY, yarl.URL)
    assert str(DISCORD_GATEWAY).startswith("wss://gateway.discord.gg")
    ws = discord.gateway.DiscordWebSocket
    assert "cls.DEFAULT_GATEWAY" in inspect.getsource(ws.from_client)
    assert "self.DEFAULT_GATEWAY" in inspect.getsource(ws.received_message)  # INVALID_SESSION
    assert "resume_gateway_url" in inspect.getsource(ws.received_message)  # READY


def test_apply_and_restore() -> None:
    apply_endpoints("http://127.0.0.1:9/api/v10", "ws://127.0.0.1:9/gateway-ws")
    assert current_endpoints() == ("http://127.0.0.1:9/api/v10", "ws://127.0.0.1:9/gateway-ws")
    assert (
        yarl.URL("ws://127.0.0.1:9/gateway-ws") == discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    )
    apply_endpoints(None, None)
    assert current_endpoints() == (DISCORD_API_BASE, str(DISCORD_GATEWAY))


@pytest.mark.parametrize(
    ("api", "gateway"), [("ftp://x/api", None), ("not a url", None), (None, "http://x/gw")]
)
def test_bad_urls_are_config_errors(api: str | None, gateway: str | None) -> None:
    with pytest.raises(ConfigError):
        apply_endpoints(api, gateway)


def test_client_options_the_harness_uses() -> None:
    client = discord.Client(intents=discord.Intents.none(), guild_ready_timeout=0.05)
    assert client._connection.guild_ready_timeout == 0.05
    assert inspect.iscoroutinefunction(discord.Client.before_identify_hook)
