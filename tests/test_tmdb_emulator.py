"""The local TMDB-shaped server answers in TMDB's documented shapes, faults included."""

from __future__ import annotations

import aiohttp
import pytest

from tmdb_emulator import FAKE_ACCESS_TOKEN, FAKE_API_KEY, TmdbEmulator
from tmdb_emulator.dataset import FILMS


async def _get(url: str, **kwargs: object) -> tuple[int, dict[str, object], dict[str, str]]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(url, **kwargs) as response,  # type: ignore[arg-type]
    ):
        return response.status, await response.json(), dict(response.headers)


async def test_requests_without_a_known_credential_get_tmdbs_401(
    tmdb_emulator: TmdbEmulator,
) -> None:
    status, body, _ = await _get(f"{tmdb_emulator.base_url}/configuration")
    assert status == 401
    assert body == {
        "success": False,
        "status_code": 7,
        "status_message": "Invalid API key: You must be granted a valid key.",
    }
    bearer = {"Authorization": f"Bearer {FAKE_ACCESS_TOKEN}"}
    status, body, _ = await _get(f"{tmdb_emulator.base_url}/configuration", headers=bearer)
    assert status == 200 and "poster_sizes" in body["images"]  # type: ignore[operator]


async def test_fault_switches_answer_with_tmdbs_codes(tmdb_emulator: TmdbEmulator) -> None:
    url = f"{tmdb_emulator.base_url}/movie/582"
    key = {"api_key": FAKE_API_KEY}
    tmdb_emulator.faults.rate_limited = 1
    tmdb_emulator.faults.retry_after = 3
    status, body, headers = await _get(url, params=key)
    assert (status, body["status_code"], headers["Retry-After"]) == (429, 25, "3")
    tmdb_emulator.faults.server_errors = 1
    status, body, _ = await _get(url, params=key)
    assert (status, body["status_code"]) == (503, 9)
    status, body, _ = await _get(f"{tmdb_emulator.base_url}/movie/1", params=key)
    assert (status, body["status_code"]) == (404, 34)
    status, body, _ = await _get(url, params=key)
    assert status == 200 and body["title"] == "The Lives of Others"
    assert "credits" not in body, "sub-requests only when appended"


async def test_faults_can_be_switched_over_http(tmdb_emulator: TmdbEmulator) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{tmdb_emulator.root_url}/_emulator/faults", json={"invalid_key": True}
        ) as response,
    ):
        assert response.status == 200
    assert tmdb_emulator.faults.invalid_key
    status, body, _ = await _get(
        f"{tmdb_emulator.base_url}/genre/movie/list", params={"api_key": FAKE_API_KEY}
    )
    assert (status, body["status_code"]) == (401, 7)


def test_the_emulator_listens_on_loopback_only() -> None:
    with pytest.raises(ValueError, match="loopback"):
        TmdbEmulator(host="0.0.0.0")


def test_the_dataset_is_not_the_starter_shelf() -> None:
    from pathlib import Path

    shelf = Path(__file__).resolve().parents[1] / "data" / "films"
    slugs = {p.stem.rsplit("-", 1)[0] for p in shelf.glob("*.toml")}
    ours = {
        "-".join("".join(c if c.isalnum() else " " for c in f.title.lower()).split()) for f in FILMS
    }
    assert slugs, "the starter shelf should have been found"
    assert not ours & slugs, (
        f"the starter shelf now has {ours & slugs}: swap them out of the emulator"
    )


def test_the_emulator_imports_nothing_from_the_bot() -> None:
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "tmdb_emulator"
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name) or ""
        for path in package.glob("*.py")
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert "tmdb_emulator.server" in imported, "the walk should have seen the package's imports"
    assert not {m for m in imported if m.split(".")[0] in {"bot", "cogs", "discord"}}
