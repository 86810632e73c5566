"""The numbered migrations both backends ship: ``migrations/NNNN_name.sql`` files in each
adapter package, read in order, numbered 1, 2, 3... without gaps. Each backend applies them its
own way (SQLite: ``PRAGMA user_version``; PostgreSQL: ``schema_migrations`` under an advisory
lock) and both refuse a database newer than the newest migration they know."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from bot.errors import StorageError

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def read_migrations(package: str) -> tuple[Migration, ...]:
    """The migrations in ``package``'s ``migrations`` folder, in order; a gap is refused."""
    folder = resources.files(package) / "migrations"
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise StorageError(f"Migration numbering has a gap before {migration.name}.")
    return tuple(found)


def refuse_newer(where: str, current: int, newest: int) -> None:
    """Refuse a database at ``where`` whose schema is newer than this code's newest migration."""
    if current > newest:
        raise StorageError(
            f"The database at {where} has schema version {current}, newer than this "
            f"Projectionist knows ({newest}). Upgrade Projectionist or use a backup."
        )
