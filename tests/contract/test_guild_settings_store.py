"""The guild settings store contract: defaults, changes that touch only what they name,
isolation, rollback."""

from __future__ import annotations

import asyncio

import pytest

from bot.guilds.models import GuildSettings
from bot.guilds.service import GuildSettingsService
from bot.services import Backend


async def test_defaults_then_a_round_trip(store_backend: Backend) -> None:
    guilds = store_backend.guilds
    assert await guilds.get(5) == GuildSettings(5)
    async with guilds.transaction() as tx:
        changed = await tx.change(5, {"moderator_role_id": 11, "spoilers": False})
    assert changed == GuildSettings(5, 11, None, False) == await guilds.get(5)
    async with guilds.transaction() as tx:
        changed = await tx.change(5, {"moderator_role_id": None, "poll_role_id": 12})
    assert changed == GuildSettings(5, None, 12, False) == await guilds.get(5)
    assert await guilds.get(6) == GuildSettings(6)  # another guild keeps its defaults


async def test_a_change_leaves_the_settings_it_does_not_name(
    store_backend: Backend, second_backend: Backend
) -> None:
    """Two moderators (here two processes on one database) change different settings: each
    write names only its own field, so neither undoes the other's."""
    async with store_backend.guilds.transaction() as tx:
        await tx.change(5, {"moderator_role_id": 11})
    async with second_backend.guilds.transaction() as tx:
        seen = await tx.change(5, {"spoilers": False})
    assert seen == GuildSettings(5, 11, None, False)
    assert await store_backend.guilds.get(5) == GuildSettings(5, 11, None, False)


async def test_concurrent_changes_in_one_process_all_stay(store_backend: Backend) -> None:
    service = GuildSettingsService(store_backend.guilds)
    await asyncio.gather(
        service.update(5, moderator_role_id=11),
        service.update(5, poll_role_id=12),
        service.update(5, spoilers=False),
    )
    assert await store_backend.guilds.get(5) == GuildSettings(5, 11, 12, False)
    assert await service.get(5) == GuildSettings(5, 11, 12, False)


async def test_a_failed_unit_of_work_saves_nothing(store_backend: Backend) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        async with store_backend.guilds.transaction() as tx:
            await tx.change(5, {"spoilers": False})
            raise RuntimeError("boom")
    assert await store_backend.guilds.get(5) == GuildSettings(5)
