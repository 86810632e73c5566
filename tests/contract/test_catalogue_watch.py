"""Caches stay coherent across processes: a film written through a second backend over the same
database (another bot process, or `projectionist import`) becomes searchable in the first
catalogue without anyone calling ``refresh`` by hand: pushed at once on PostgreSQL
(LISTEN/NOTIFY), noticed by the short ``change_token`` check on SQLite."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

from bot.catalogue.service import Catalogue
from bot.services import Backend
from tests.contract.helpers import add_film

WITHIN = 20.0  # generous for a loaded machine; the checks themselves are every second or less


async def wait_until(condition: Callable[[], bool], within: float = WITHIN) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        assert loop.time() < deadline, "the condition did not hold in time"
        await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def following(catalogue: Catalogue, **options: float) -> AsyncIterator[None]:
    task = asyncio.create_task(catalogue.follow(**options))
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def titles(catalogue: Catalogue) -> set[str]:
    return {hit.title for hit in catalogue.search("the", limit=25)}


async def test_a_film_written_elsewhere_becomes_searchable(
    store_backend: Backend, second_backend: Backend
) -> None:
    catalogue = await Catalogue.load(store_backend.catalogue)
    async with following(catalogue):
        await add_film(second_backend.catalogue, "The Conversation")
        await wait_until(lambda: "The Conversation" in titles(catalogue))
        await add_film(second_backend.catalogue, "The Third Man")
        await wait_until(lambda: "The Third Man" in titles(catalogue))
