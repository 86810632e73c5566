"""Records every REST request and gateway payload so tests can look at the conversation."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class RecordedFile:
    field: str
    filename: str
    content_type: str | None
    data: bytes


@dataclass(slots=True)
class RecordedRequest:
    index: int
    at: float
    method: str
    path: str  # relative to the API base, e.g. "/channels/1/messages"
    query: dict[str, str]
    json: Any
    files: list[RecordedFile]
    status: int = 0
    response: Any = None
    fault: str | None = None  # "429", "500", "delay" when a fault answered or slowed it
    unknown_route: bool = False

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def error_code(self) -> int | None:
        if isinstance(self.response, dict):
            code = self.response.get("code")
            return code if isinstance(code, int) else None
        return None


@dataclass(frozen=True, slots=True)
class RecordedGatewayEvent:
    index: int
    at: float
    # "sent" (emulator -> bot), "received" (bot -> emulator), or "buffered" (a dispatch held for
    # a disconnected session; it is sent again with replayed=True after a RESUME)
    direction: str
    connection: int
    op: int | None
    t: str | None
    s: int | None
    d: Any
    replayed: bool = False


@dataclass(slots=True)
class Recorder:
    requests: list[RecordedRequest] = field(default_factory=list)
    gateway: list[RecordedGatewayEvent] = field(default_factory=list)

    def start_request(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        json_body: Any,
        files: list[RecordedFile],
    ) -> RecordedRequest:
        record = RecordedRequest(
            len(self.requests), time.monotonic(), method, path, query, json_body, files
        )
        self.requests.append(record)
        return record

    def gateway_event(
        self, direction: str, connection: int, payload: dict[str, Any], *, replayed: bool = False
    ) -> None:
        self.gateway.append(
            RecordedGatewayEvent(
                len(self.gateway),
                time.monotonic(),
                direction,
                connection,
                payload.get("op"),
                payload.get("t"),
                payload.get("s"),
                payload.get("d"),
                replayed,
            )
        )

    def find_requests(
        self,
        method: str | None = None,
        *,
        path_contains: str | None = None,
        path_regex: str | None = None,
        status: int | None = None,
        since: int = 0,
    ) -> list[RecordedRequest]:
        """The REST requests from index ``since`` on that match every filter given."""
        pattern = re.compile(path_regex) if path_regex else None
        return [
            r
            for r in self.requests[since:]
            if (method is None or r.method == method.upper())
            and (path_contains is None or path_contains in r.path)
            and (pattern is None or pattern.search(r.path))
            and (status is None or r.status == status)
        ]

    def find_gateway(
        self,
        *,
        direction: str | None = None,
        op: int | None = None,
        t: str | None = None,
        replayed: bool | None = None,
        since: int = 0,
    ) -> list[RecordedGatewayEvent]:
        """The gateway payloads from index ``since`` on that match every filter given."""
        return [
            e
            for e in self.gateway[since:]
            if (direction is None or e.direction == direction)
            and (op is None or e.op == op)
            and (t is None or e.t == t)
            and (replayed is None or e.replayed == replayed)
        ]
