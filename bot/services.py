"""The one place that opens storage and builds the services, from settings.

``build_services(settings)`` is called by the bot's ``setup_hook``, by the CLI and by tests;
everything above it (cogs, CLI commands) receives a ``Services`` and never touches storage.
``open_backend`` picks the backend: SQLite at a path, or PostgreSQL for a ``postgresql://`` URL.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.catalogue.imports import Quotas
from bot.catalogue.service import Catalogue
from bot.catalogue.starter import seed_if_empty
from bot.catalogue.store import CatalogueStore
from bot.community.service import CommunityService
from bot.community.store import CommunityStore
from bot.guilds.service import GuildSettingsService
from bot.guilds.store import GuildSettingsStore
from bot.polls.outbox import PollOutbox
from bot.polls.service import Clock, PollService, utcnow
from bot.polls.store import PollStore
from bot.settings import Settings
from bot.suggestions.service import SuggestionService
from bot.suggestions.store import SuggestionStore
from bot.tmdb.client import TmdbClient

log = logging.getLogger(__name__)


class Backend(Protocol):
    """An opened storage backend: every feature's store, plus what `projectionist db` needs."""

    @property
    def catalogue(self) -> CatalogueStore: ...

    @property
    def polls(self) -> PollStore: ...

    @property
    def community(self) -> CommunityStore: ...

    @property
    def guilds(self) -> GuildSettingsStore: ...

    @property
    def suggestions(self) -> SuggestionStore: ...

    @property
    def location(self) -> str: ...

    async def schema_version(self) -> int: ...

    def known_version(self) -> int: ...

    async def migrate(self) -> list[str]: ...

    async def backup(self, destination: Path | str) -> None: ...

    async def close(self) -> None: ...


async def open_backend(settings: Settings, *, migrate: bool = True) -> Backend:
    """The configured backend: PostgreSQL when ``settings.database_url`` is set (a pool of
    ``settings.database_pool_size`` connections), otherwise SQLite at ``settings.database_path``.
    """
    if settings.database_url is not None:
        from bot.storage.postgres import PgBackend

        log.info("Opening PostgreSQL at %s", settings.database_label)
        return await PgBackend.open(
            settings.database_url,
            label=settings.database_label,
            pool_size=settings.database_pool_size,
            migrate=migrate,
        )
    from bot.storage.sqlite import SqliteBackend

    return await SqliteBackend.open(settings.database_path, migrate=migrate)


async def backup_storage(settings: Settings, destination: Path) -> Path:
    """A consistent copy of the configured storage, without opening it for writing or migrating
    it; returns the file written (a folder ``destination`` gets a dated name)."""
    from bot.storage.sqlite import backup_file

    return await backup_file(settings.database_path, destination)


async def check_storage(settings: Settings) -> None:
    """Open (and migrate) the configured storage once and close it: StorageError, in one line,
    when it is damaged, read-only or newer than this code."""
    backend = await open_backend(settings)
    await backend.close()


class BotLock(Protocol):
    def release(self) -> None: ...


class _NoLock:
    def release(self) -> None:
        return None


def hold_bot_lock(settings: Settings) -> BotLock:
    """Claim the storage for this bot process, held until ``release``: a SQLite file serves one
    bot process (ConfigError, in one line that points at PostgreSQL, when another holds it);
    PostgreSQL serves any number. The CLI's commands do not take it."""
    if settings.uses_postgres:
        return _NoLock()
    from bot.storage.sqlite.process_lock import hold_process_lock

    return hold_process_lock(settings.database_path)


@dataclass(frozen=True, slots=True)
class Services:
    catalogue: Catalogue
    polls: PollService
    outbox: PollOutbox
    community: CommunityService
    guild_settings: GuildSettingsService
    backend: Backend
    suggestions: SuggestionService
    tmdb: TmdbClient | None = None  # None without TMDB_API_KEY: no TMDB feature anywhere

    async def close(self) -> None:
        try:
            if self.tmdb is not None:
                await self.tmdb.close()
        finally:
            await self.backend.close()


async def build_services(
    settings: Settings, *, clock: Clock = utcnow, seed: bool | None = None
) -> Services:
    """Open the configured storage (migrating it) and build every service over it.

    ``seed`` loads the starter catalogue into an empty database; it defaults to
    ``settings.load_starter_catalogue``.
    """
    backend = await open_backend(settings)
    try:
        quotas = Quotas(settings.max_guild_films, settings.max_import_films)
        catalogue = await Catalogue.load(backend.catalogue, quotas)
        if settings.load_starter_catalogue if seed is None else seed:
            await seed_if_empty(catalogue)
    except BaseException:
        await backend.close()
        raise
    polls = PollService(backend.polls, clock)
    return Services(
        catalogue=catalogue,
        polls=polls,
        outbox=PollOutbox(backend.polls, lambda: polls.clock()),  # one clock for polls
        community=CommunityService(backend.community),
        guild_settings=GuildSettingsService(backend.guilds),
        backend=backend,
        suggestions=SuggestionService(backend.suggestions, catalogue),
        tmdb=TmdbClient.from_settings(settings),
    )
