"""`projectionist run` and `projectionist sandbox`."""

from __future__ import annotations

import argparse
import asyncio
import logging

from bot.settings import Settings

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    token = settings.require_token()  # ConfigError -> one line on stderr, exit code 2

    import discord

    from bot.client import create_bot

    discord.utils.setup_logging(level=logging.getLevelName(settings.log_level), root=True)

    async def runner() -> None:
        async with create_bot(settings) as bot:
            await bot.start(token)

    try:
        asyncio.run(runner())
    except KeyboardInterrupt:
        log.info("Stopped.")
    return 0


def sandbox(args: argparse.Namespace) -> int:
    from bot.sandbox import main as sandbox_main

    return sandbox_main(args.commands)
