"""The emulator's REST surface spoken to directly: shapes, codes, headers, unknown routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from discord_emulator import DiscordEmulator
from discord_emulator import interactions as ix
from discord_emulator.testing.driver import GuildDriver

pytestmark = pytest.mark.e2e


@pytest.fixture
async def http(emulator: DiscordEmulator) -> AsyncIterator[aiohttp.ClientSession]:
    headers = {"Authorization": f"Bot {emulator.token}"}
    async with aiohttp.ClientSession(base_url=emulator.api_base + "/", headers=headers) as session:
        yield session


async def _call(
    session: aiohttp.ClientSession, method: str, path: str, **kwargs: Any
) -> tuple[int, Any, aiohttp.ClientResponse]:
    async with session.request(method, path.lstrip("/"), **kwargs) as response:
        data = await response.json(content_type=None) if response.status != 204 else None
        return response.status, data, response


async def _command_interaction(
    emulator: DiscordEmulator, film_club: GuildDriver, type: int = ix.APPLICATION_COMMAND
) -> ix.InteractionRecord:
    return await emulator.send_interaction(
        type=type,
        guild=film_club.guild,
        channel=film_club.general,
        member=film_club.member,
        data={"id": "1", "name": "x", "type": 1},
    )


async def test_json_content_type_is_exact(http: aiohttp.ClientSession) -> None:
    status, data, response = await _call(http, "GET", "/users/@me")
    assert status == 200 and data["bot"] is True
    assert response.headers["Content-Type"] == "application/json"


async def test_unauthorised_and_unknown_route(
    emulator: DiscordEmulator, http: aiohttp.ClientSession
) -> None:
    async with (
        aiohttp.ClientSession() as anon,
        anon.get(emulator.api_base + "/users/@me") as response,
    ):
        assert response.status == 401
        assert await response.json() == {"message": "401: Unauthorized", "code": 0}
    status, data, _ = await _call(http, "GET", "/guilds/1/bans")
    assert (status, data) == (404, {"message": "404: Not Found", "code": 0})
    assert emulator.unknown_routes == ["GET /guilds/1/bans"]
    assert emulator.requests(path_contains="/bans")[0].unknown_route
    emulator.unknown_routes.clear()  # acknowledged, so the fixture does not fail this test


async def test_unknown_resources(http: aiohttp.ClientSession, film_club: GuildDriver) -> None:
    status, data, _ = await _call(http, "GET", "/channels/123")
    assert (status, data["code"]) == (404, 10003)
    status, data, _ = await _call(http, "GET", f"/channels/{film_club.general.id}/messages/123")
    assert (status, data["code"]) == (404, 10008)
    status, data, _ = await _call(http, "GET", f"/guilds/{film_club.guild.id}/members/123")
    assert (status, data["code"]) == (404, 10007)
    status, data, _ = await _call(
        http, "POST", f"/channels/{film_club.general.id}/messages", json={}
    )
    assert (status, data) == (400, {"message": "Cannot send an empty message", "code": 50006})


async def test_callback_rules(
    emulator: DiscordEmulator, http: aiohttp.ClientSession, film_club: GuildDriver
) -> None:
    record = await _command_interaction(emulator, film_club)
    app = emulator.state.application.id
    status, data, _ = await _call(
        http, "POST", f"/webhooks/{app}/{record.token}", json={"content": "early"}
    )
    assert (status, data["code"]) == (404, 10015)  # no followups before the acknowledgement
    callback = f"/interactions/{record.id}/{record.token}/callback"
    status, data, _ = await _call(http, "POST", callback, json={"type": 8, "data": {"choices": []}})
    assert status == 400 and data["code"] == 50035 and "type" in data["errors"]
    status, data, _ = await _call(
        http, "POST", f"/interactions/{record.id}/wrong/callback", json={"type": 4}
    )
    assert (status, data["code"]) == (404, 10062)
    status, data, _ = await _call(http, "POST", callback + "?with_response=true", json={"type": 5})
    assert status == 200
    assert data["interaction"]["response_message_loading"] is True
    assert data["resource"] == {"type": 5}
    status, data, _ = await _call(
        http, "POST", callback, json={"type": 4, "data": {"content": "again"}}
    )
    assert (status, data["code"]) == (400, 40060)
    status, data, _ = await _call(http, "GET", f"/webhooks/{app}/{record.token}/messages/123")
    assert (status, data["code"]) == (404, 10008)
    status, data, _ = await _call(
        http,
        "PATCH",
        f"/webhooks/{app}/{record.token}/messages/@original",
        json={"content": "done"},
    )
    assert status == 200 and data["content"] == "done" and not data["flags"] & 128


async def test_callback_without_with_response_is_204(
    emulator: DiscordEmulator, http: aiohttp.ClientSession, film_club: GuildDriver
) -> None:
    record = await _command_interaction(emulator, film_club)
    status, data, _ = await _call(
        http,
        "POST",
        f"/interactions/{record.id}/{record.token}/callback",
        json={"type": 4, "data": {"content": "hi"}},
    )
    assert (status, data) == (204, None)


async def test_response_types_per_interaction_type(
    emulator: DiscordEmulator, http: aiohttp.ClientSession, film_club: GuildDriver
) -> None:
    auto = await _command_interaction(emulator, film_club, ix.AUTOCOMPLETE)
    status, _, _ = await _call(
        http,
        "POST",
        f"/interactions/{auto.id}/{auto.token}/callback",
        json={"type": 4, "data": {"content": "x"}},
    )
    assert status == 400
    status, _, _ = await _call(
        http,
        "POST",
        f"/interactions/{auto.id}/{auto.token}/callback",
        json={"type": 8, "data": {"choices": [{"name": "a", "value": "a"}] * 26}},
    )
    assert status == 400
    status, _, _ = await _call(
        http,
        "POST",
        f"/interactions/{auto.id}/{auto.token}/callback",
        json={"type": 8, "data": {"choices": [{"name": "a", "value": "a"}]}},
    )
    assert status == 204
    command = await _command_interaction(emulator, film_club)
    status, _, _ = await _call(
        http,
        "POST",
        f"/interactions/{command.id}/{command.token}/callback",
        json={"type": 7, "data": {"content": "x"}},
    )
    assert status == 400  # UPDATE_MESSAGE only for component interactions


async def test_rate_limit_headers(emulator: DiscordEmulator, http: aiohttp.ClientSession) -> None:
    emulator.faults.rate_limit("GET", r"^/users/@me$", times=1, retry_after=1.5, scope="shared")
    status, data, response = await _call(http, "GET", "/users/@me")
    assert status == 429 and data["retry_after"] == 1.5 and data["global"] is False
    for header in (
        "Retry-After",
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
        "X-RateLimit-Reset-After",
        "X-RateLimit-Bucket",
        "Via",
    ):
        assert header in response.headers
    assert response.headers["X-RateLimit-Scope"] == "shared"
    status, _, response = await _call(http, "GET", "/users/@me")
    assert status == 200 and response.headers["X-RateLimit-Remaining"] == "49"


async def test_multipart_message_and_attachment_download(
    emulator: DiscordEmulator, http: aiohttp.ClientSession, film_club: GuildDriver
) -> None:
    form = aiohttp.FormData(quote_fields=False)
    form.add_field(
        "payload_json",
        '{"content": "see file", "attachments": [{"id": 0, "description": "ranks"}]}',
        content_type="application/json",
    )
    form.add_field(
        "files[0]", b"a,b\n", filename="ranks.csv", content_type="application/octet-stream"
    )
    status, data, _ = await _call(
        http, "POST", f"/channels/{film_club.general.id}/messages", data=form
    )
    assert status == 200
    [attachment] = data["attachments"]
    assert (
        attachment["filename"] == "ranks.csv"
        and attachment["size"] == 4
        and attachment["description"] == "ranks"
    )
    async with aiohttp.ClientSession() as anonymous, anonymous.get(attachment["url"]) as response:
        assert await response.read() == b"a,b\n"
    assert emulator.requests("POST", path_contains="/messages")[0].files[0].data == b"a,b\n"


async def test_threads(http: aiohttp.ClientSession, film_club: GuildDriver) -> None:
    channel = film_club.general.id
    status, message, _ = await _call(
        http, "POST", f"/channels/{channel}/messages", json={"content": "start"}
    )
    status, data, _ = await _call(
        http,
        "POST",
        f"/channels/{channel}/messages/{message['id']}/threads",
        json={"name": "x" * 101},
    )
    assert status == 400 and data["errors"]["name"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    status, data, _ = await _call(
        http,
        "POST",
        f"/channels/{channel}/messages/{message['id']}/threads",
        json={"name": "ok", "auto_archive_duration": 61},
    )
    assert status == 400 and "auto_archive_duration" in data["errors"]
    status, data, _ = await _call(
        http,
        "POST",
        f"/channels/{channel}/messages/{message['id']}/threads",
        json={"name": "ok", "auto_archive_duration": 60},
    )
    assert status == 201 and data["id"] == message["id"] and data["type"] == 11
    status, data, _ = await _call(
        http,
        "POST",
        f"/channels/{channel}/messages/{message['id']}/threads",
        json={"name": "again"},
    )
    assert (status, data["code"]) == (400, 160004)
    status, data, _ = await _call(http, "GET", f"/guilds/{film_club.guild.id}/threads/active")
    assert [t["name"] for t in data["threads"]] == ["ok"]


async def test_command_sync_routes(
    emulator: DiscordEmulator, http: aiohttp.ClientSession, film_club: GuildDriver
) -> None:
    app = emulator.state.application.id
    base = f"/applications/{app}/guilds/{film_club.guild.id}/commands"
    status, data, _ = await _call(
        http, "PUT", base, json=[{"name": "Bad Name", "description": "x"}]
    )
    assert (
        status == 400
        and data["errors"]["0"]["name"]["_errors"][0]["code"] == "APPLICATION_COMMAND_INVALID_NAME"
    )
    status, data, _ = await _call(
        http, "PUT", base, json=[{"name": "film", "description": "Films"}]
    )
    assert status == 200 and data[0]["guild_id"] == str(film_club.guild.id)
    first_id = data[0]["id"]
    status, data, _ = await _call(
        http, "PUT", base, json=[{"name": "film", "description": "Films again"}]
    )
    assert data[0]["id"] == first_id  # overwriting keeps the id of a command with the same name
    status, data, _ = await _call(
        http, "POST", base, json={"name": "scene", "description": "Scenes"}
    )
    assert status == 201
    status, data, _ = await _call(
        http, "PATCH", f"{base}/{data['id']}", json={"description": "Best scenes"}
    )
    assert status == 200 and data["description"] == "Best scenes"
    status, _, _ = await _call(http, "DELETE", f"{base}/{data['id']}")
    assert status == 204
    status, data, _ = await _call(http, "GET", f"{base}/{data['id']}")
    assert (status, data["code"]) == (404, 10063)
    status, data, _ = await _call(
        http,
        "PUT",
        f"/applications/{app}/commands",
        json=[{"name": f"c{i}", "description": "d"} for i in range(101)],
    )
    assert status == 400
