"""Article parsing of hostile megabytes, each as a ratio to a well-formed megabyte.

The tests prove every pathological input parses without breaking; this measures that none of
them is super-linear: each ratio should stay within a small factor of the ordinary article.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from bot.catalogue.article import parse_article
from tests.article_helpers import HEADER, SYNOPSIS, scenes
from tests.test_article_properties import MEGABYTE, PATHOLOGICAL

REPEATS = 3


def _best_of(text: str) -> float:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        parse_article(text, "bench.txt")
        times.append(time.perf_counter() - started)
    return min(times)


def run() -> list[str]:
    paragraph = "Words go on and on about the scene. " * 20 + "\n\n"
    ordinary = HEADER + SYNOPSIS + scenes(6) + paragraph * (MEGABYTE // len(paragraph))
    baseline = _best_of(ordinary)
    lines = [f"well-formed megabyte (baseline): {baseline * 1000:.0f} ms (best of {REPEATS})"]
    ratios = []
    make: Callable[[], str]
    for name, make in PATHOLOGICAL.items():
        took = _best_of(make())
        ratios.append(took / baseline)
        lines.append(f"{name:>22}: {took * 1000:7.0f} ms  = {took / baseline:5.2f}x baseline")
    lines.append(
        f"worst {max(ratios):.2f}x, median {statistics.median(ratios):.2f}x the well-formed one"
    )
    return lines
