"""A hand-driven clock for the TMDB client's limiter, backoff, breaker and cache."""

from __future__ import annotations

from bot.tmdb.cache import TtlCache
from bot.tmdb.client import Json, TmdbClient
from bot.tmdb.resilience import CircuitBreaker, RateLimiter


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def make_client(key: str, base: str, time: FakeTime, **kwargs: object) -> TmdbClient:
    """A client whose every notion of time is ``time``; jitter is fixed at its maximum."""
    options: dict[str, object] = {
        "clock": time.clock,
        "sleep": time.sleep,
        "rng": lambda: 1.0,
        "limiter": RateLimiter(clock=time.clock, sleep=time.sleep),
        "breaker": CircuitBreaker(threshold=3, cooldown=30.0, clock=time.clock),
        "cache": TtlCache[Json](ttl=3600.0, clock=time.clock),
    }
    options.update(kwargs)
    return TmdbClient(key, base, **options)  # type: ignore[arg-type]
