"""The outbox's retry policy: exponential backoff from a base, capped, shortened by jitter."""

from __future__ import annotations

from datetime import timedelta

from bot.polls.outbox import BACKOFF_BASE, BACKOFF_CAP, backoff, process_holder


def test_backoff_doubles_from_the_base_up_to_the_cap() -> None:
    waits = [backoff(n, BACKOFF_BASE, BACKOFF_CAP, 0.0) for n in range(1, 40)]
    assert waits[:4] == [BACKOFF_BASE * k for k in (1, 2, 4, 8)]
    assert max(waits) == BACKOFF_CAP == waits[-1]
    assert waits == sorted(waits)


def test_jitter_only_shortens_the_wait() -> None:
    assert backoff(3, timedelta(seconds=2), BACKOFF_CAP, 0.2) == timedelta(seconds=6.4)


def test_each_process_claims_under_its_own_name() -> None:
    assert process_holder() != process_holder()
