"""``python -m tmdb_emulator [--port N]``: serve the fake TMDB until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from tmdb_emulator.server import FAKE_ACCESS_TOKEN, FAKE_API_KEY, TmdbEmulator


async def _serve(port: int) -> None:
    async with TmdbEmulator(port=port) as emulator:
        print(f"TMDB_API_BASE={emulator.base_url}")
        print(f"TMDB_API_KEY={FAKE_API_KEY}  (or the read access token {FAKE_ACCESS_TOKEN})")
        await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description="A local TMDB-shaped server (loopback only).")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any free)")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.port))


if __name__ == "__main__":
    main()
