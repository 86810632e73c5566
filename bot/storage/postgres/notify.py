"""LISTEN/NOTIFY: tell this process at once when any process changed the catalogue.

Migration 0006 makes every statement that writes films or scenes ``pg_notify`` the
``projectionist_catalogue`` channel. ``PgListener`` holds one dedicated connection (outside the
pool, whose connections are reset on release) that LISTENs there and calls ``changed`` for each
notification. When that connection drops (a server restart, a network cut, a terminated backend)
it connects again with backoff, and calls ``changed`` once it listens again: a notification sent
while nobody listened is lost, so the caller must look for itself. It probes the idle
connection every ``probe_seconds`` so a silently dead one is noticed too. Messages never carry
the password.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import asyncpg

log = logging.getLogger(__name__)

CHANNEL = "projectionist_catalogue"
#: The listener's application_name, visible in pg_stat_activity.
LISTENER_NAME = "projectionist-listener"
RETRY_FIRST = 0.5
RETRY_CAP = 30.0
PROBE_SECONDS = 15.0
_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError)


class PgListener:
    def __init__(
        self,
        url: str,
        label: str,
        secret: str | None,
        changed: Callable[[], None],
        *,
        channel: str = CHANNEL,
        probe_seconds: float = PROBE_SECONDS,
    ) -> None:
        self._url = url
        self._label = label
        self._secret = secret
        self._changed = changed
        self._channel = channel
        self._probe_seconds = probe_seconds
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"listen-{self._channel}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        wait = RETRY_FIRST
        while True:
            try:
                await self._listen_until_lost()
                wait = RETRY_FIRST  # it listened: the next drop starts the backoff again
            except _ERRORS as exc:
                reason = str(exc).strip() or type(exc).__name__
                if self._secret:
                    reason = reason.replace(self._secret, "***")
                log.warning(
                    "Listening for catalogue changes at %s failed (%s); retrying in %.1f s",
                    self._label,
                    reason,
                    wait,
                )
            await asyncio.sleep(wait)
            wait = min(wait * 2, RETRY_CAP)

    async def _listen_until_lost(self) -> None:
        conn = await asyncpg.connect(
            self._url, timeout=15, server_settings={"application_name": LISTENER_NAME}
        )
        lost = asyncio.Event()
        try:
            conn.add_termination_listener(lambda _conn: lost.set())
            await conn.add_listener(self._channel, self._notified)
            log.debug("Listening for catalogue changes on %s", self._channel)
            self._changed()  # anything committed while nobody listened
            while not lost.is_set():
                # Not asyncio.wait_for: on 3.11 it drops a cancellation that arrives just after
                # the connection is lost, and stop() would wait for ever on this task.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._probe_seconds):
                        await lost.wait()
                if not lost.is_set():
                    await conn.fetchval("SELECT 1", timeout=self._probe_seconds)
            log.warning("The catalogue listener's connection to %s was lost", self._label)
        finally:
            with contextlib.suppress(*_ERRORS):
                async with asyncio.timeout(5):  # not wait_for, as above
                    await conn.close()
            conn.terminate()

    def _notified(self, _conn: object, _pid: int, _channel: str, _payload: object) -> None:
        self._changed()
