"""The poll outbox: what a finished poll must still deliver to its channel, durably.

The closing transaction writes a delivery row (``PollTransaction.enqueue_delivery``); a worker
in the bot claims it with a lease, delivers it, and settles it here. A failure a retry can fix
(Discord 5xx, a dropped connection) is retried with exponential backoff; one it cannot fix
(missing access or permissions, an unknown channel) is final, and the host is told. Claims are
atomic and leased, so several processes may share the work: a claim whose holder died is taken
over once its lease expires, and a holder that lost its claim cannot settle the row.
No Discord here: the worker (``cogs.polls.outbox``) decides what an error means.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import uuid
from datetime import datetime, timedelta

from bot.polls.models import Delivery
from bot.polls.service import Clock, utcnow
from bot.polls.store import PollStore

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)  # an attempt must finish within it (the worker bounds it)
BACKOFF_BASE = timedelta(seconds=2)
BACKOFF_CAP = timedelta(minutes=10)


def process_holder() -> str:
    """A name for this process's claims: host, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def backoff(attempts: int, base: timedelta, cap: timedelta, jitter: float) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: base, 2x, 4x... up to ``cap``, then
    shortened by up to ``jitter`` (a fraction) so that many retries do not arrive together."""
    exponent = min(max(attempts - 1, 0), 30)
    wait: timedelta = min(base * (2**exponent), cap)
    return wait * (1 - jitter)


class PollOutbox:
    def __init__(
        self,
        store: PollStore,
        clock: Clock = utcnow,
        *,
        holder: str | None = None,
        lease: timedelta = LEASE,
        backoff_base: timedelta = BACKOFF_BASE,
        backoff_cap: timedelta = BACKOFF_CAP,
    ) -> None:
        self._store = store
        self.clock = clock
        self.holder = holder or process_holder()
        self.lease = lease
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap

    async def get(self, poll_id: int) -> Delivery | None:
        return await self._store.delivery_for(poll_id)

    async def next_due(self) -> datetime | None:
        return await self._store.next_delivery_due()

    async def claim(self, poll_id: int | None = None) -> Delivery | None:
        """One due delivery for this process (of ``poll_id`` when given), or None."""
        now = self.clock()
        async with self._store.transaction() as tx:
            return await tx.claim_delivery(self.holder, now, now + self.lease, poll_id=poll_id)

    async def delivered(self, delivery: Delivery, message_id: int | None) -> bool:
        async with self._store.transaction() as tx:
            done = await tx.delivered(delivery.id, self.holder, message_id, self.clock())
        if not done:
            log.warning("Delivery %s was settled without this process's claim", delivery.id)
        return done

    async def retry(self, delivery: Delivery, error: str) -> datetime:
        """Release the claim; the next attempt waits an exponentially growing time."""
        wait = backoff(
            delivery.attempts, self.backoff_base, self.backoff_cap, random.uniform(0, 0.2)
        )
        at = self.clock() + wait
        async with self._store.transaction() as tx:
            await tx.retry_delivery(delivery.id, self.holder, at, error)
        log.info("Delivery of poll %s failed (%s); retrying in %s", delivery.poll_id, error, wait)
        return at

    async def failed(self, delivery: Delivery, error: str) -> bool:
        async with self._store.transaction() as tx:
            return await tx.fail_delivery(delivery.id, self.holder, error, self.clock())

    async def host_told(self, delivery: Delivery, how: str) -> None:
        async with self._store.transaction() as tx:
            await tx.note_host_told(delivery.id, how)
