"""Good-citizen machinery: a rate limiter, backoff with jitter, and a circuit breaker.

Every piece takes its clock (and the limiter its sleep) as a parameter, so tests drive time by
hand and never wait on the wall clock.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# TMDB's published ceiling is "somewhere in the 50 requests per second range" (the old
# 40-per-10-seconds limit was lifted in December 2019). One process stays far below it.
DEFAULT_RATE_PER_SECOND = 20.0
DEFAULT_BURST = 10


class RateLimiter:
    """A token bucket shared by every request of one process.

    ``acquire`` reserves the next free slot synchronously (no lock, so no event-loop binding)
    and then sleeps until that slot: concurrent callers queue in arrival order.
    """

    def __init__(
        self,
        rate_per_second: float = DEFAULT_RATE_PER_SECOND,
        burst: int = DEFAULT_BURST,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate_per_second <= 0 or burst < 1:
            raise ValueError("the rate and the burst must be positive")
        self.interval = 1.0 / rate_per_second
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._next_free = float("-inf")

    def reserve(self) -> float:
        """Take a slot; return how long the caller must wait for it (0 when a token is free)."""
        now = self._clock()
        earliest = now - (self.burst - 1) * self.interval
        slot = max(self._next_free, earliest)
        self._next_free = slot + self.interval
        return max(0.0, slot - now)

    async def acquire(self) -> None:
        wait = self.reserve()
        if wait > 0:
            await self._sleep(wait)


# One limiter per process, so several clients (or a re-created one) share the budget.
PROCESS_LIMITER = RateLimiter()


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with full jitter: a random delay in [0, min(cap, base * 2**n)]."""

    base: float = 0.25
    cap: float = 2.0

    def delay(self, attempt: int, rng: Callable[[], float] = random.random) -> float:
        return rng() * min(self.cap, self.base * 2.0**attempt)


BreakerState = Literal["closed", "open", "half-open"]


class CircuitBreaker:
    """Opens after ``threshold`` consecutive failures; after ``cooldown`` seconds it lets one
    trial call through (half-open): success closes it, failure opens it again."""

    def __init__(
        self, threshold: int = 5, cooldown: float = 30.0, *, clock: Clock = time.monotonic
    ):
        self.threshold = threshold
        self.cooldown = cooldown
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self.cooldown:
            return "half-open"
        return "open"

    def allow(self) -> bool:
        """May a call go out now? In half-open, only one trial at a time."""
        state = self.state
        if state == "closed":
            return True
        if state == "half-open" and not self._trial_running:
            self._trial_running = True
            return True
        return False

    def record_success(self) -> None:
        if self._opened_at is not None:
            log.info("TMDB answers again; closing the circuit breaker")
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    def record_failure(self) -> None:
        self._trial_running = False
        self._failures += 1
        if self._opened_at is not None or self._failures >= self.threshold:
            if self._opened_at is None:
                log.warning(
                    "TMDB failed %d times in a row; pausing TMDB calls for %.0f s",
                    self._failures,
                    self.cooldown,
                )
            self._opened_at = self._clock()

    def abandon_trial(self) -> None:
        """A call ended with no verdict on TMDB's health (cancelled): free the trial slot."""
        self._trial_running = False
