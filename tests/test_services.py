"""The one builder of services, the bot's discovered extensions and the typed poll choices."""

from __future__ import annotations

import importlib
from pathlib import Path

from bot.client import discover_extensions
from bot.guilds.models import GuildSettings
from bot.polls.models import Method
from bot.services import Services, build_services
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


async def test_services_share_one_backend_and_seed_on_request(tmp_path: Path) -> None:
    settings = Settings(database_path=tmp_path / "s.sqlite3", load_starter_catalogue=True)
    services = await build_services(settings)
    try:
        assert await services.catalogue.count(every_owner=True) > 0
        assert services.catalogue.search("jaws", limit=1)[0].title == "Jaws"
    finally:
        await services.close()
    unseeded = await build_services(settings, seed=False)
    try:  # the films stay; they were committed through the same backend
        assert await unseeded.catalogue.count(every_owner=True) > 0
    finally:
        await unseeded.close()


async def test_guild_settings_are_cached_and_updated(services: Services) -> None:
    guilds = services.guild_settings
    assert await guilds.get(5) == GuildSettings(5)
    await guilds.update(5, spoilers=False, poll_role_id=12)
    assert await guilds.get(5) == GuildSettings(5, None, 12, False)
    stored = await services.backend.guilds.get(5)
    assert stored == GuildSettings(5, None, 12, False)


def test_every_cog_module_is_discovered_and_loadable() -> None:
    on_disk = {
        f"cogs.{p.stem if p.is_file() else p.name}"
        for p in (ROOT / "cogs").iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    }
    found = discover_extensions()
    assert set(found) == on_disk and "cogs.polls" in found
    for name in found:
        assert callable(importlib.import_module(name).setup), name


def test_the_poll_method_choices_come_from_the_method_enum() -> None:
    from cogs.polls.commands import Polls

    parameter = Polls.start.get_parameter("method")
    assert parameter is not None
    assert [(c.name, c.value) for c in parameter.choices] == [(m.label, m.value) for m in Method]
    assert Method.SCHULZE.label == "Schulze"  # one label table, no disagreement


async def test_services_build_the_tmdb_client_only_with_a_key(tmp_path: Path) -> None:
    from bot.tmdb.client import TmdbClient
    from tmdb_emulator import FAKE_API_KEY

    plain = await build_services(Settings(database_path=tmp_path / "a.sqlite3"), seed=False)
    try:
        assert plain.tmdb is None
    finally:
        await plain.close()
    keyed = Settings(
        database_path=tmp_path / "b.sqlite3",
        tmdb_api_key=FAKE_API_KEY,
        tmdb_api_base="http://127.0.0.1:9/3",
    )
    services = await build_services(keyed, seed=False)
    assert isinstance(services.tmdb, TmdbClient)
    assert services.tmdb.api_base == "http://127.0.0.1:9/3"
    session = services.tmdb._session_now()  # the client owns its session ...
    await services.close()
    assert session.closed  # ... and the services close it at shutdown
