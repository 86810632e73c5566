"""Helpers shared by the CLI commands: settings, an open catalogue, JSON output."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.catalogue.service import Catalogue
from bot.services import build_services
from bot.settings import Settings


def configure_logging(settings: Settings) -> None:
    """Command-line tools stay quiet (warnings only) unless LOG_LEVEL asks for more."""
    level = settings.log_level if os.environ.get("LOG_LEVEL") else "WARNING"
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)-8s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@asynccontextmanager
async def open_catalogue(*, seed: bool = True) -> AsyncIterator[Catalogue]:
    """The configured database with migrations applied (and the starter films on first use)."""
    settings = Settings.from_env()
    configure_logging(settings)
    services = await build_services(settings, seed=seed and settings.load_starter_catalogue)
    try:
        yield services.catalogue
    finally:
        await services.close()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
