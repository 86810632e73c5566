"""The aiohttp application: routing, recording, auth, fault injection and unknown routes."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable

from aiohttp import BodyPartReader, web

from discord_emulator import errors
from discord_emulator import limits as L
from discord_emulator.errors import APIError
from discord_emulator.messages import Body
from discord_emulator.recorder import RecordedFile
from discord_emulator.rest import channels, commands, interactions, misc
from discord_emulator.rest.common import (
    API_PREFIX,
    CONTEXT_KEY,
    JSONResponse,
    current_body,
    json_response,
    ratelimit_headers,
)
from discord_emulator.rest.context import IntakeContext, RestContext

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
INTAKE_KEY: web.AppKey[IntakeContext] = web.AppKey("intake-context", IntakeContext)
UNAUTHENTICATED_PREFIXES = ("/webhooks/", "/interactions/", "/gateway", "/attachments/")


async def parse_body(request: web.Request) -> Body:
    if not request.body_exists:
        return Body()
    if request.content_type == "multipart/form-data":
        parsed = Body()
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            data = await part.read()
            name = part.name or ""
            filename = part.filename
            if filename is not None:
                ctype = part.headers.get("Content-Type")
                parsed.files.append(RecordedFile(name, filename, ctype, bytes(data)))
            elif name == "payload_json":
                parsed.json = json.loads(bytes(data))
        return parsed
    raw = await request.read()
    if not raw:
        return Body()
    if request.content_type == "application/json":
        return Body(json.loads(raw))
    return Body(raw.decode(errors="replace"))


def _bucket(request: web.Request) -> str:
    resource = request.match_info.route.resource
    canonical = resource.canonical if resource is not None else request.path
    return hashlib.sha1(f"{request.method} {canonical}".encode()).hexdigest()[:16]


@web.middleware
async def discord_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    intake = request.app[INTAKE_KEY]
    path = request.path
    rel = path[len(API_PREFIX) :] if path.startswith(API_PREFIX) else path
    if rel == "/gateway-ws" or rel == "/gateway-ws/resume":
        return await handler(request)
    if (request.content_length or 0) > L.REQUEST_SIZE_MAX:
        return json_response(errors.request_too_large().body(), 413)
    try:
        parsed = await parse_body(request)
    except ValueError:
        return json_response(
            {"message": "The request body contains invalid JSON.", "code": 50109}, 400
        )
    current_body.set(parsed)
    record = intake.recorder.start_request(
        request.method, rel, dict(request.query), parsed.json, parsed.files
    )
    response: web.StreamResponse
    try:
        authorised = request.headers.get("Authorization") == f"Bot {intake.token}"
        if not authorised and not rel.startswith(UNAUTHENTICATED_PREFIXES):
            raise errors.unauthorized()
        fault = intake.faults.take(request.method, rel) if path.startswith(API_PREFIX) else None
        if fault is not None and fault.delay:
            record.fault = "delay"
            await asyncio.sleep(fault.delay)
        if fault is not None and fault.gate is not None:
            record.fault = "hold"
            await fault.pass_gate()
        if fault is not None and fault.status is not None:
            status, headers, data = fault.response()
            if status == 429:
                headers["X-RateLimit-Bucket"] = _bucket(request)
            record.fault = str(status)
            log.info("emulator: injected %s for %s %s", status, request.method, rel)
            response = json_response(data, status, headers)
        else:
            response = await handler(request)
            if isinstance(response, JSONResponse) and path.startswith(API_PREFIX):
                response.headers.update(ratelimit_headers(_bucket(request)))
    except APIError as exc:
        response = json_response(exc.body(), exc.status)
    except (web.HTTPNotFound, web.HTTPMethodNotAllowed):
        log.error(
            "emulator: UNKNOWN ROUTE %s %s (query %s) - the bot called a Discord route the "
            "emulator does not implement; answering 404",
            request.method,
            rel,
            dict(request.query),
        )
        record.unknown_route = True
        intake.unknown_routes.append(f"{request.method} {rel}")
        response = json_response(errors.not_found().body(), 404)
    record.status = response.status
    record.response = response.data if isinstance(response, JSONResponse) else None
    if response.status >= 400 and record.fault is None:
        log.warning(
            "emulator: %s %s -> %s %s", request.method, rel, response.status, record.response
        )
    intake.notify()
    return response


def build_app(rest: RestContext, intake: IntakeContext, gateway: Handler) -> web.Application:
    """The REST routes over ``rest``, behind the middleware over ``intake``, plus the gateway."""
    app = web.Application(
        middlewares=[discord_middleware], client_max_size=L.REQUEST_SIZE_MAX + (1 << 20)
    )
    app[CONTEXT_KEY] = rest
    app[INTAKE_KEY] = intake
    app.router.add_get("/gateway-ws", gateway)
    app.router.add_get("/gateway-ws/resume", gateway)
    app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", misc.get_attachment)
    api = web.RouteTableDef()
    for module in (misc, commands, interactions, channels):
        for method, path, func in module.ROUTES:
            api.route(method, API_PREFIX + path)(func)
    app.router.add_routes(api)
    return app
