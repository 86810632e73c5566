"""The guild settings store contract: defaults, round trip, isolation, rollback."""

from __future__ import annotations

import pytest

from bot.guilds.models import GuildSettings
from bot.services import Backend


async def test_defaults_then_a_round_trip(store_backend: Backend) -> None:
    guilds = store_backend.guilds
    assert await guilds.get(5) == GuildSettings(5)
    async with guilds.transaction() as tx:
        await tx.save(GuildSettings(5, moderator_role_id=11, spoilers=False))
    assert await guilds.get(5) == GuildSettings(5, 11, None, False)
    async with guilds.transaction() as tx:
        await tx.save(GuildSettings(5, moderator_role_id=None, poll_role_id=12))
    assert await guilds.get(5) == GuildSettings(5, None, 12, True)
    assert await guilds.get(6) == GuildSettings(6)  # another guild keeps its defaults


async def test_a_failed_unit_of_work_saves_nothing(store_backend: Backend) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        async with store_backend.guilds.transaction() as tx:
            await tx.save(GuildSettings(5, spoilers=False))
            raise RuntimeError("boom")
    assert await store_backend.guilds.get(5) == GuildSettings(5)
