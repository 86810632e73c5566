"""`projectionist db migrate | info | backup DEST`."""

from __future__ import annotations

import argparse
import asyncio

from bot.cli.common import configure_logging
from bot.settings import Settings
from bot.storage.database import Database, load_migrations
from bot.storage.films import FilmRepository


def migrate(args: argparse.Namespace) -> int:
    return asyncio.run(_migrate())


async def _migrate() -> int:
    settings = Settings.from_env()
    configure_logging(settings)
    db = await Database.open(settings.database_path, migrate=False)
    try:
        applied = await db.migrate()
        version = await db.user_version()
    finally:
        await db.close()
    print(f"Applied {len(applied)} migrations; schema version {version}.")
    return 0


def info(args: argparse.Namespace) -> int:
    return asyncio.run(_info())


async def _info() -> int:
    settings = Settings.from_env()
    configure_logging(settings)
    db = await Database.open(settings.database_path, migrate=False)
    try:
        version = await db.user_version()
        known = len(load_migrations())
        counts = await FilmRepository(db).table_counts() if version >= 1 else {}
    finally:
        await db.close()
    print(f"database: {settings.database_path}")
    print(f"schema version: {version} (this Projectionist knows {known})")
    for table, count in counts.items():
        print(f"{table}: {count}")
    return 0


def backup(args: argparse.Namespace) -> int:
    return asyncio.run(_backup(args))


async def _backup(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    configure_logging(settings)
    db = await Database.open(settings.database_path)
    try:
        await db.backup(args.destination)
    finally:
        await db.close()
    print(f"Backed up {settings.database_path} to {args.destination}")
    return 0
