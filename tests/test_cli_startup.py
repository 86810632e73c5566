"""`projectionist run` fails in one clear line, with exit code 2, when Discord cannot be used."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

from aiohttp import web


async def _run_bot(
    tmp_path: Path, api_base: str, token: str = "not-a-real-token"
) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    env.update(
        DISCORD_TOKEN=token,
        DISCORD_API_BASE=api_base,
        DISCORD_GATEWAY_URL="ws://127.0.0.1:9/gateway",
        PROJECTIONIST_DB=str(tmp_path / "bot.sqlite3"),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, stderr.decode()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("projectionist:")]


async def test_a_refused_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    async def unauthorized(request: web.Request) -> web.Response:
        return web.json_response({"message": "401: Unauthorized", "code": 0}, status=401)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", unauthorized)
    runner = web.AppRunner(app)
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        code, stderr = await _run_bot(tmp_path, f"http://127.0.0.1:{port}/api/v10", "s3cret-token")
    finally:
        await runner.cleanup()
    assert code == 2
    assert "Traceback" not in stderr
    [line] = _error_lines(stderr)
    assert "DISCORD_TOKEN" in line and "Developer Portal" in line
    assert "s3cret-token" not in stderr


async def test_an_unreachable_discord_is_one_line_and_exit_2(tmp_path: Path) -> None:
    port = _free_port()  # nothing listens there
    code, stderr = await _run_bot(tmp_path, f"http://127.0.0.1:{port}/api/v10")
    assert code == 2
    assert "Traceback" not in stderr
    [line] = _error_lines(stderr)
    assert f"Cannot reach Discord at 127.0.0.1:{port}" in line
