"""`projectionist db migrate | info | backup DEST`."""

from __future__ import annotations

import argparse
import asyncio

from bot.cli.common import configure_logging
from bot.services import backup_storage, open_backend
from bot.settings import Settings


def migrate(args: argparse.Namespace) -> int:
    return asyncio.run(_migrate())


async def _migrate() -> int:
    settings = Settings.from_env()
    configure_logging(settings)
    backend = await open_backend(settings, migrate=False)
    try:
        applied = await backend.migrate()
        version = await backend.schema_version()
    finally:
        await backend.close()
    print(f"Applied {len(applied)} migrations; schema version {version}.")
    return 0


def info(args: argparse.Namespace) -> int:
    return asyncio.run(_info())


async def _info() -> int:
    settings = Settings.from_env()
    configure_logging(settings)
    backend = await open_backend(settings, migrate=False)
    try:
        version = await backend.schema_version()
        known = backend.known_version()
        counts = await backend.catalogue.table_counts() if version >= 1 else {}
    finally:
        await backend.close()
    print(f"database: {settings.database_label}")
    print(f"schema version: {version} (this Projectionist knows {known})")
    for table, count in counts.items():
        print(f"{table}: {count}")
    return 0


def backup(args: argparse.Namespace) -> int:
    return asyncio.run(_backup(args))


async def _backup(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    configure_logging(settings)
    if settings.database_url is not None:  # PostgreSQL: pg_dump of the live database
        backend = await open_backend(settings, migrate=False)
        try:
            await backend.backup(args.destination)
        finally:
            await backend.close()
        print(f"Backed up {settings.database_label} to {args.destination}")
        return 0
    written = await backup_storage(settings, args.destination)  # the source is only read
    print(f"Backed up {settings.database_path} to {written}")
    return 0
