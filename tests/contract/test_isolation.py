"""Isolation between commands: no read ever observes another command's uncommitted writes.

Every store's reads run beside an open write transaction (the unit of work of another command,
for example one guild's large import) and must see only what was committed before it.
"""

from __future__ import annotations

import asyncio
import contextlib

from bot.services import Backend
from tests.contract.helpers import add_film, draft, poll_fields


async def test_reads_do_not_see_an_open_transactions_rows(store_backend: Backend) -> None:
    films = store_backend.catalogue
    shared = await add_film(films, "Rocky IV")
    inside = asyncio.Event()
    release = asyncio.Event()

    async def big_import() -> None:
        async with films.transaction() as tx:
            for n in range(20):
                await tx.insert(draft(f"Imported {n}"), guild_id=7, title_key=f"imported {n}")
            inside.set()
            await release.wait()

    task = asyncio.create_task(big_import())
    await inside.wait()
    try:
        assert await films.count(every_owner=True) == 1
        assert [f.id for f in await films.list_films(every_owner=True)] == [shared]
        assert await films.list_films(guild_id=7) == []
        assert [t.film_id for t in await films.all_titles()] == [shared]
        assert await films.find_identity(7, "imported 3", None) is None
        assert (await films.table_counts())["films"] == 1
    finally:
        release.set()
        await task
    assert await films.count(every_owner=True) == 21


async def test_a_rolled_back_transaction_was_never_visible(store_backend: Backend) -> None:
    films = store_backend.catalogue
    inside = asyncio.Event()
    release = asyncio.Event()

    async def failing() -> None:
        async with films.transaction() as tx:
            await tx.insert(draft("Ghost"), guild_id=3, title_key="ghost")
            inside.set()
            await release.wait()
            raise RuntimeError("the import failed half way")

    task = asyncio.create_task(failing())
    await inside.wait()
    seen = await films.find_identity(3, "ghost", None)
    release.set()
    with contextlib.suppress(RuntimeError):
        await task
    assert seen is None
    assert await films.find_identity(3, "ghost", None) is None


async def test_poll_reads_do_not_see_an_open_transaction(store_backend: Backend) -> None:
    film_id = await add_film(store_backend.catalogue)
    inside = asyncio.Event()
    release = asyncio.Event()

    async def held() -> None:
        async with store_backend.polls.transaction() as tx:
            await tx.create(**poll_fields(film_id))
            inside.set()
            await release.wait()

    task = asyncio.create_task(held())
    await inside.wait()
    try:
        assert await store_backend.polls.open_polls() == []
        assert await store_backend.polls.open_for_film(1, film_id) is None
    finally:
        release.set()
        await task
    assert len(await store_backend.polls.open_polls()) == 1
