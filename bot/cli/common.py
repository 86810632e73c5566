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
from bot.settings import Settings
from bot.storage.database import Database


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
    db = await Database.open(settings.database_path)
    try:
        catalogue = await Catalogue.load(db)
        if seed and settings.load_starter_catalogue:
            from bot.catalogue.starter import seed_if_empty

            await seed_if_empty(catalogue)
        yield catalogue
    finally:
        await db.close()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
