"""Helpers shared by the REST routes: JSON responses exactly as discord.py expects them."""

from __future__ import annotations

import json
import time
from contextvars import ContextVar
from typing import Any

from aiohttp import web

from discord_emulator.messages import Body
from discord_emulator.rest.context import RestContext

CONTEXT_KEY: web.AppKey[RestContext] = web.AppKey("rest-context", RestContext)

API_PREFIX = "/api/v10"

# discord.py parses JSON only when Content-Type is exactly application/json, and treats a 429
# without a Via header as a Cloudflare ban; Discord's responses carry "Via: 1.1 google".
BASE_HEADERS = {"Content-Type": "application/json", "Via": "1.1 google"}


# The parsed body of the request being handled (set by the middleware, same task as the handler).
current_body: ContextVar[Body] = ContextVar("current_body")


class JSONResponse(web.Response):
    """A response that remembers its JSON body for the recorder."""

    data: Any = None


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> JSONResponse:
    response = JSONResponse(
        body=json.dumps(data, separators=(",", ":")).encode(),
        status=status,
        headers={**BASE_HEADERS, **(headers or {})},
    )
    response.data = data
    return response


def no_content() -> web.Response:
    return web.Response(status=204, headers={"Via": "1.1 google"})


def ratelimit_headers(bucket: str) -> dict[str, str]:
    """Generous, constant per-route headers so discord.py's bucket logic runs but never waits."""
    return {
        "X-RateLimit-Limit": "50",
        "X-RateLimit-Remaining": "49",
        "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
        "X-RateLimit-Reset-After": "1.000",
        "X-RateLimit-Bucket": bucket,
    }


def ctx(request: web.Request) -> RestContext:
    """What a route handler may use of the emulated Discord."""
    return request.app[CONTEXT_KEY]


def body(request: web.Request) -> Body:
    return current_body.get(Body())


def param(request: web.Request, name: str) -> str:
    return request.match_info[name]


def truthy(value: str | None) -> bool:
    return (value or "").lower() in {"1", "true", "yes"}
