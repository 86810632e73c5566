"""Voting benchmark: counting a large scene-ranking poll incrementally versus from scratch.

100,000 random ballots (each ranks a random 1..25 of 25 scenes, so most rankings are distinct)
are added to a ``Tally``; then each method's ``result()`` is timed on the aggregated state, along
with ``add()`` throughput, a full recount (rebuild from raw ballots, then count) as the baseline
an incremental tally avoids, and the size and speed of the JSON state. Run it with
``python -m benchmarks voting`` or directly.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import partial

from bot.polls.voting import Method, Tally

OPTIONS = 25
BALLOTS = 100_000
SEED = 20_240_601


def _ballots(count: int, options: list[int], seed: int) -> list[tuple[int, ...]]:
    rng = random.Random(seed)
    return [tuple(rng.sample(options, rng.randint(1, len(options)))) for _ in range(count)]


def _best(action: Callable[[], object], repeat: int) -> float:
    """Fastest of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def run() -> list[str]:
    options = list(range(1, OPTIONS + 1))
    ballots = _ballots(BALLOTS, options, SEED)
    lines = [f"voting: {BALLOTS:,} random partial ballots on {OPTIONS} options"]

    tally = Tally(options)
    start = time.perf_counter()
    for ballot in ballots:
        tally.add(ballot)
    adding = time.perf_counter() - start
    lines.append(
        f"  add(): {BALLOTS / adding:,.0f} ballots/s ({adding / BALLOTS * 1e6:.1f} us per ballot, "
        f"{len(tally.profile):,} distinct rankings)"
    )

    result_times: dict[Method, float] = {}
    for method in Method:
        result_times[method] = _best(partial(tally.result, method), repeat=5)
        lines.append(f"  result({method.value}): {result_times[method] * 1e3:.1f} ms")

    recount = _best(lambda: tally.recount(ballots), repeat=1)
    lines.append(f"  recount from raw ballots: {recount * 1e3:,.0f} ms")
    extra = ballots[0]
    for method in Method:
        incremental = _best(partial(_add_then_count, tally, extra, method), repeat=3)
        full = recount + result_times[method]
        lines.append(
            f"  new ballot -> {method.value} result: incremental {incremental * 1e3:.1f} ms vs "
            f"recount {full * 1e3:,.0f} ms ({full / incremental:,.0f}x faster)"
        )

    return lines


def _add_then_count(tally: Tally, ballot: tuple[int, ...], method: Method) -> None:
    tally.add(ballot)
    tally.result(method)
    tally.remove(ballot)


if __name__ == "__main__":
    print("\n".join(run()))
