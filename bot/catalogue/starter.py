"""The shipped starter catalogue: ``data/films`` in a clone, ``bot/_data/films`` in a wheel."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.catalogue.imports import ImportReport
from bot.catalogue.loader import read_paths
from bot.catalogue.service import Catalogue

log = logging.getLogger(__name__)


def starter_catalogue_dir() -> Path:
    """Where the starter films are, whether running from a clone or an installed wheel."""
    package = Path(__file__).resolve().parent.parent  # .../bot
    candidates = (package / "_data" / "films", package.parent / "data" / "films")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("The starter catalogue (data/films) is missing from this install.")


async def seed_if_empty(catalogue: Catalogue) -> ImportReport | None:
    """Load the starter catalogue as the shared catalogue when the database has no shared films.

    Guilds' own films do not count, so importing a guild's films into a new database first does
    not stop the starter catalogue loading at the bot's first start.
    """
    if await catalogue.count():  # shared films only
        return None
    files = read_paths([starter_catalogue_dir()])
    report = await catalogue.import_files(files)
    for problem in report.problems:
        log.warning("Starter catalogue: %s", problem)
    log.info("Loaded the starter catalogue: %s films", report.count("created"))
    return report
