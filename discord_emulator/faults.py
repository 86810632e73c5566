"""REST fault injection: answer a route with 429s or 5xx N times, slow it down, or hold it
until the test releases it (to act while a request is in flight, such as closing the bot).

Gateway faults (drop, RECONNECT, INVALID_SESSION, holding resumes) live on
:class:`discord_emulator.gateway.GatewayServer`.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class RouteFault:
    """One rule: ``method`` (or None for any) and a regex searched in the path below /api/v10."""

    method: str | None
    pattern: re.Pattern[str]
    status: int | None  # None = only delay, then answer normally
    times: int | None  # None = forever
    retry_after: float = 0.05
    delay: float = 0.0
    scope: str = "user"
    is_global: bool = False
    hits: int = 0
    # A held rule: matching requests wait at ``gate`` (``arrived`` says one does) until release.
    gate: asyncio.Event | None = None
    arrived: asyncio.Event | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        return (self.method is None or self.method == method) and bool(self.pattern.search(path))

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times

    async def wait_held(self, within: float = 10.0) -> None:
        """Until a request waits at this held rule's gate (TimeoutError after ``within``)."""
        assert self.arrived is not None, "only a held rule (FaultInjector.hold) is waited at"
        await asyncio.wait_for(self.arrived.wait(), within)

    def release(self) -> None:
        """Let the held requests (and any later match) through, to be answered normally."""
        if self.gate is not None:
            self.gate.set()

    async def pass_gate(self) -> None:
        if self.gate is not None and self.arrived is not None:
            self.arrived.set()
            await self.gate.wait()

    def response(self) -> tuple[int, dict[str, str], dict[str, Any]]:
        """Status, headers and JSON body of the injected failure, as Discord sends them."""
        assert self.status is not None
        if self.status == 429:
            reset = time.time() + self.retry_after
            headers = {
                "Retry-After": str(max(1, round(self.retry_after))),
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{reset:.3f}",
                "X-RateLimit-Reset-After": f"{self.retry_after:.3f}",
                "X-RateLimit-Bucket": "emulator-fault",
                "X-RateLimit-Scope": self.scope,
            }
            if self.is_global:
                headers["X-RateLimit-Global"] = "true"
            body = {
                "message": "You are being rate limited.",
                "retry_after": self.retry_after,
                "global": self.is_global,
            }
            return 429, headers, body
        if self.status >= 500:
            return self.status, {}, {"message": "Internal Server Error", "code": 0}
        return self.status, {}, {"message": f"{self.status}: injected", "code": 0}


@dataclass(slots=True)
class FaultInjector:
    rules: list[RouteFault] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(
        self,
        method: str | None,
        path: str,
        *,
        status: int | None,
        times: int | None = 1,
        retry_after: float = 0.05,
        delay: float = 0.0,
        scope: str = "user",
        is_global: bool = False,
        held: bool = False,
    ) -> RouteFault:
        rule = RouteFault(
            method.upper() if method else None,
            re.compile(path),
            status,
            times,
            retry_after=retry_after,
            delay=delay,
            scope=scope,
            is_global=is_global,
        )
        if held:
            rule.gate, rule.arrived = asyncio.Event(), asyncio.Event()
        with self._lock:
            self.rules.append(rule)
        return rule

    def rate_limit(
        self,
        method: str | None,
        path: str,
        *,
        times: int = 1,
        retry_after: float = 0.05,
        scope: str = "user",
        is_global: bool = False,
    ) -> RouteFault:
        """Answer 429 with ``retry_after`` (body), Retry-After, X-RateLimit-* and Via headers."""
        return self.add(
            method,
            path,
            status=429,
            times=times,
            retry_after=retry_after,
            scope=scope,
            is_global=is_global,
        )

    def server_error(
        self, method: str | None, path: str, *, times: int = 1, status: int = 500
    ) -> RouteFault:
        """Answer ``status`` (500, 502, 504 are retried by discord.py) ``times`` times."""
        return self.add(method, path, status=status, times=times)

    def delay(
        self, method: str | None, path: str, seconds: float, *, times: int | None = None
    ) -> RouteFault:
        """Hold matching requests ``seconds`` before handling them normally."""
        return self.add(method, path, status=None, times=times, delay=seconds)

    def hold(
        self, method: str | None, path: str, *, times: int | None = 1, status: int | None = None
    ) -> RouteFault:
        """Hold matching requests until ``release()``, then handle them normally (Discord takes
        the request even if the client gave up waiting meanwhile) or answer ``status``."""
        return self.add(method, path, status=status, times=times, held=True)

    def clear(self) -> None:
        """Remove every rule, releasing the requests held at any."""
        with self._lock:
            for rule in self.rules:
                rule.release()
            self.rules.clear()

    def take(self, method: str, path: str) -> RouteFault | None:
        """The first live rule matching the request, with its hit counted."""
        with self._lock:
            for rule in self.rules:
                if rule.matches(method, path):
                    rule.hits += 1
                    return rule
        return None
