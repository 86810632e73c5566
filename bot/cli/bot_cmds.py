"""`projectionist run` and `projectionist sandbox`."""

from __future__ import annotations

import argparse
import asyncio
import logging

import aiohttp

from bot.errors import ConfigError
from bot.services import check_storage
from bot.settings import Settings

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    token = settings.require_token()  # ConfigError -> one line on stderr, exit code 2

    import discord

    from bot.client import create_bot

    discord.utils.setup_logging(level=logging.getLevelName(settings.log_level), root=True)

    async def runner() -> None:
        await check_storage(settings)  # an unusable database stops here, before Discord
        async with create_bot(settings) as bot:
            await bot.start(token)

    try:
        asyncio.run(runner())
    except KeyboardInterrupt:
        log.info("Stopped.")
    except discord.LoginFailure:
        raise ConfigError(
            "Discord refused DISCORD_TOKEN: copy the bot token again from the Developer Portal "
            "(Bot > Reset Token) into .env or the environment."
        ) from None
    except discord.PrivilegedIntentsRequired:
        raise ConfigError(
            "Discord refused the gateway intents this bot asked for: check the Bot page of the "
            "Developer Portal."
        ) from None
    except discord.ConnectionClosed as exc:
        raise _gateway_refusal(exc, settings) from None
    except aiohttp.ClientConnectorError as exc:
        raise ConfigError(
            f"Cannot reach Discord at {exc.host}:{exc.port} ({_reason(exc)}): check the network "
            "connection, or DISCORD_API_BASE / DISCORD_GATEWAY_URL if you set them."
        ) from None
    except discord.HTTPException as exc:
        raise ConfigError(
            f"Discord answered the login with HTTP {exc.status}: try again later."
        ) from None
    return 0


SHARDING_REQUIRED = 4011
INVALID_SHARD = 4010


def _gateway_refusal(exc: Exception, settings: Settings) -> Exception:
    """A gateway close discord.py does not retry, as one line when the settings can fix it."""
    code = getattr(exc, "code", None)
    shard = getattr(exc, "shard_id", None)
    if code == SHARDING_REQUIRED:
        return ConfigError(
            f"Discord says this bot needs more shards for its servers (shard {shard} of "
            f"{settings.shard_count} holds too many): raise PROJECTIONIST_SHARD_COUNT, or unset "
            "it and PROJECTIONIST_SHARD_IDS to use Discord's recommendation."
        )
    if code == INVALID_SHARD:
        return ConfigError(
            f"Discord refused shard {shard} of {settings.shard_count}: check "
            "PROJECTIONIST_SHARD_COUNT and PROJECTIONIST_SHARD_IDS."
        )
    return exc


def _reason(exc: aiohttp.ClientConnectorError) -> str:
    cause = exc.os_error
    return getattr(cause, "strerror", None) or str(cause) or type(exc).__name__


def sandbox(args: argparse.Namespace) -> int:
    from bot.sandbox import main as sandbox_main

    return sandbox_main(args.commands)
