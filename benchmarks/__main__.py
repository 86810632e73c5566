"""``python -m benchmarks [name ...]`` (``make bench``): run the benchmark modules, print a report.

Every ``benchmarks/*_bench.py`` module is a benchmark; it defines ``run() -> list[str]``, which
measures and returns the lines of its report section. Naming modules on the command line
(``python -m benchmarks search``) runs only those. See benchmarks/README.md.
"""

from __future__ import annotations

import importlib
import platform
import sys
import time
import traceback
from pathlib import Path

SUFFIX = "_bench"


def discover() -> list[str]:
    """Names of the benchmark modules, without the suffix, in alphabetical order."""
    here = Path(__file__).resolve().parent
    return sorted(path.stem.removesuffix(SUFFIX) for path in here.glob(f"*{SUFFIX}.py"))


def main(argv: list[str]) -> int:
    names = discover()
    unknown = [name for name in argv if name not in names]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(names)}")
        return 2
    print(f"Projectionist benchmarks: Python {platform.python_version()}, {platform.machine()}")
    failed = 0
    for name in argv or names:
        print(f"\n== {name} ==")
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"benchmarks.{name}{SUFFIX}")
            lines: list[str] = module.run()
        except Exception:  # noqa: BLE001 - a broken benchmark must not hide the others
            failed += 1
            traceback.print_exc()
            continue
        for line in lines:
            print(f"  {line}")
        print(f"  ({time.perf_counter() - start:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
