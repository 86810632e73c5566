from __future__ import annotations

import pytest

from bot.tmdb.cache import TERMS_MAX_CACHE_SECONDS, TtlCache
from bot.tmdb.resilience import DEFAULT_RATE_PER_SECOND, Backoff, CircuitBreaker, RateLimiter
from tests.tmdb_helpers import FakeTime


def test_the_default_rate_stays_under_tmdbs_published_ceiling() -> None:
    assert DEFAULT_RATE_PER_SECOND < 40


async def test_the_limiter_allows_a_burst_then_spaces_requests() -> None:
    time = FakeTime()
    limiter = RateLimiter(rate_per_second=10, burst=3, clock=time.clock, sleep=time.sleep)
    for _ in range(3):
        await limiter.acquire()
    assert time.slept == []
    await limiter.acquire()
    await limiter.acquire()
    assert time.slept == pytest.approx([0.1, 0.1])


def test_concurrent_reservations_queue_in_order() -> None:
    time = FakeTime()
    limiter = RateLimiter(rate_per_second=4, burst=1, clock=time.clock, sleep=time.sleep)
    assert [limiter.reserve() for _ in range(3)] == pytest.approx([0.0, 0.25, 0.5])


def test_backoff_grows_exponentially_within_its_cap_with_jitter() -> None:
    backoff = Backoff(base=0.25, cap=1.0)
    assert [backoff.delay(n, lambda: 1.0) for n in range(4)] == [0.25, 0.5, 1.0, 1.0]
    assert backoff.delay(3, lambda: 0.5) == 0.5


def test_the_breaker_opens_after_repeated_failures_and_recovers_half_open() -> None:
    time = FakeTime()
    breaker = CircuitBreaker(threshold=2, cooldown=30.0, clock=time.clock)
    breaker.record_failure()
    assert breaker.state == "closed" and breaker.allow()
    breaker.record_failure()
    assert breaker.state == "open" and not breaker.allow()
    time.now += 30
    assert breaker.state == "half-open"
    assert breaker.allow() and not breaker.allow(), "one trial at a time"
    breaker.record_failure()
    assert breaker.state == "open"
    time.now += 30
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == "closed" and breaker.allow()


def test_a_cancelled_trial_frees_the_half_open_slot() -> None:
    time = FakeTime()
    breaker = CircuitBreaker(threshold=1, cooldown=5.0, clock=time.clock)
    breaker.record_failure()
    time.now += 5
    assert breaker.allow() and not breaker.allow()
    breaker.abandon_trial()
    assert breaker.allow()


def test_the_cache_expires_entries_and_evicts_the_least_recently_used() -> None:
    time = FakeTime()
    cache = TtlCache[int](ttl=60.0, max_entries=2, clock=time.clock)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1
    time.now += 61
    assert cache.get("a") is None and len(cache) == 1


def test_the_cache_refuses_a_ttl_beyond_tmdbs_caching_terms() -> None:
    with pytest.raises(ValueError, match="six-month"):
        TtlCache[int](ttl=TERMS_MAX_CACHE_SECONDS + 1)
