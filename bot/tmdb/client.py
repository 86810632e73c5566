"""An async TMDB v3 client over aiohttp that behaves well when TMDB does not.

Every request goes through, in order: the response cache, the remembered key refusal, the
circuit breaker, the process-wide rate limiter, then a short-timeout GET retried with
exponential backoff and jitter on 429 (honouring ``Retry-After``), 5xx and network failures.
Only user-safe ``bot.errors`` exceptions come out. The credential is never logged: log lines
name the path, never the URL with its query, and the client's ``repr`` omits the key.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, NoReturn
from urllib.parse import urlencode

import aiohttp

from bot.errors import ProjectionistError, ValidationError
from bot.tmdb.cache import CONFIGURATION_TTL, TtlCache
from bot.tmdb.credentials import DEFAULT_API_BASE, TmdbCredential, parse_api_base, parse_credential
from bot.tmdb.errors import TmdbAuthError, TmdbNotFoundError, TmdbUnavailableError
from bot.tmdb.models import ImageConfig, TmdbMovie, TmdbMovieSummary
from bot.tmdb.parse import DEFAULT_POSTER_SIZE, parse_details, parse_image_config, parse_search
from bot.tmdb.resilience import (
    PROCESS_LIMITER,
    Backoff,
    CircuitBreaker,
    Clock,
    RateLimiter,
    Sleep,
)

log = logging.getLogger(__name__)

QUERY_MAX = 100
DETAILS_APPEND = "credits,alternative_titles,release_dates"
# TMDB status codes that mean "this credential is not accepted" (invalid, suspended, denied).
AUTH_STATUS_CODES = frozenset({3, 7, 10, 14})

Json = dict[str, Any]


class TmdbClient:
    """One per process (``TmdbClient.from_settings``); close it with ``await client.close()``."""

    def __init__(
        self,
        api_key: str,
        api_base: str = DEFAULT_API_BASE,
        *,
        session: aiohttp.ClientSession | None = None,
        timeout: float = 3.0,
        max_attempts: int = 3,
        max_retry_after: float = 5.0,
        auth_cooldown: float = 600.0,
        language: str = "en-US",
        poster_size: str = DEFAULT_POSTER_SIZE,
        limiter: RateLimiter | None = None,
        breaker: CircuitBreaker | None = None,
        cache: TtlCache[Json] | None = None,
        backoff: Backoff | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self._credential: TmdbCredential = parse_credential(api_key)
        self.api_base = parse_api_base(api_base)
        self._session = session
        self._owns_session = session is None
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.max_retry_after = max_retry_after
        self.auth_cooldown = auth_cooldown
        self.language = language
        self.poster_size = poster_size
        self.limiter = limiter or PROCESS_LIMITER
        self.breaker = breaker or CircuitBreaker(clock=clock)
        self.cache: TtlCache[Json] = cache if cache is not None else TtlCache(clock=clock)
        self.backoff = backoff or Backoff()
        self._clock = clock
        self._sleep = sleep
        self._rng = rng
        self._refused_until: float | None = None
        self._in_flight: dict[str, asyncio.Future[Json]] = {}
        self._refusal_logged = False

    @classmethod
    def from_settings(cls, settings: Any, **kwargs: Any) -> TmdbClient | None:
        """A client when ``settings.tmdb_api_key`` is set; None (no TMDB anywhere) otherwise."""
        key = getattr(settings, "tmdb_api_key", None)
        if not key:
            return None
        return cls(key, getattr(settings, "tmdb_api_base", DEFAULT_API_BASE), **kwargs)

    def __repr__(self) -> str:
        return f"TmdbClient(api_base={self.api_base!r}, auth={self._credential.kind})"

    @property
    def auth_style(self) -> str:
        return self._credential.kind

    @property
    def available(self) -> bool:
        """False while the breaker is open or the key was refused (skip TMDB, say so)."""
        refused = self._refused_until is not None and self._clock() < self._refused_until
        return not refused and self.breaker.state != "open"

    async def __aenter__(self) -> TmdbClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None and self._owns_session:
            await self._session.close()
        self._session = None

    # -- the public calls ---------------------------------------------------------------

    async def image_config(self) -> ImageConfig:
        return parse_image_config(await self._get("/configuration", {}, CONFIGURATION_TTL))

    async def genre_names(self) -> dict[int, str]:
        """TMDB's own genre list (id -> English name)."""
        data = await self._get("/genre/movie/list", {"language": self.language}, CONFIGURATION_TTL)
        genres = data.get("genres")
        return {
            g["id"]: g["name"]
            for g in (genres if isinstance(genres, list) else [])
            if isinstance(g, dict)
            and isinstance(g.get("id"), int)
            and isinstance(g.get("name"), str)
        }

    async def search_movies(
        self, query: str, year: int | None = None, *, limit: int = 10
    ) -> tuple[TmdbMovieSummary, ...]:
        """TMDB's first page of matches for ``query`` (optionally of one release year)."""
        cleaned = " ".join(query.split())
        if not cleaned:
            raise ValidationError("Type part of a film title to search TMDB.")
        if len(cleaned) > QUERY_MAX:
            raise ValidationError(f"A TMDB search is at most {QUERY_MAX} characters long.")
        params = {
            "query": cleaned,
            "include_adult": "false",
            "language": self.language,
            "page": "1",
        }
        if year is not None:
            params["year"] = str(year)
        data = await self._get("/search/movie", params)
        images = await self.image_config()
        return parse_search(data, images, self.poster_size)[: max(0, limit)]

    async def suggest(
        self, query: str, *, deadline: float = 1.0, limit: int = 5
    ) -> tuple[TmdbMovieSummary, ...]:
        """Matches for autocomplete: never raises, never takes longer than ``deadline`` seconds.

        Nothing (an empty tuple) when TMDB is unavailable, slow, or the query is unusable, so a
        caller can add these after its local results without risking Discord's 3-second window.
        """
        if not self.available:
            return ()
        try:
            async with asyncio.timeout(deadline):
                return await self.search_movies(query, limit=limit)
        except (ProjectionistError, TimeoutError):
            return ()

    async def movie_details(self, tmdb_id: int) -> TmdbMovie:
        """One film with its director, alternative titles and release dates."""
        if not isinstance(tmdb_id, int) or isinstance(tmdb_id, bool) or tmdb_id < 1:
            raise ValidationError("A TMDB id is a positive whole number.")
        params = {"append_to_response": DETAILS_APPEND, "language": self.language}
        data = await self._get(f"/movie/{tmdb_id}", params)
        movie = parse_details(data, await self.image_config(), self.poster_size)
        if movie is None:
            raise TmdbNotFoundError(f"TMDB has no usable entry for film {tmdb_id}.")
        return movie

    # -- the request path ---------------------------------------------------------------

    async def _get(self, path: str, params: dict[str, str], ttl: float | None = None) -> Json:
        """Cached answer, or the answer of an identical request already on its way, or a fetch."""
        key = f"{path}?{urlencode(sorted(params.items()))}"
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        pending = self._in_flight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        shared: asyncio.Future[Json] = asyncio.get_running_loop().create_future()
        self._in_flight[key] = shared
        try:
            result = await self._fetch(key, path, params, ttl)
        except asyncio.CancelledError:
            # Whoever was waiting alongside gets the friendly error, not our cancellation.
            shared.set_exception(TmdbUnavailableError())
            raise
        except Exception as exc:
            shared.set_exception(exc)
            raise
        else:
            shared.set_result(result)
            return result
        finally:
            del self._in_flight[key]
            if shared.done():
                shared.exception()  # marks a shared error as seen even when nobody else waited

    async def _fetch(self, key: str, path: str, params: dict[str, str], ttl: float | None) -> Json:
        if self._refused_until is not None and self._clock() < self._refused_until:
            raise TmdbAuthError()
        half_open = self.breaker.state == "half-open"
        if not self.breaker.allow():
            raise TmdbUnavailableError()
        attempts = 1 if half_open else self.max_attempts
        try:
            for attempt in range(attempts):
                outcome = await self._attempt(path, params, attempt)
                if isinstance(outcome, dict):
                    self.cache.put(key, outcome, ttl)
                    return outcome
                if outcome is None or attempt == attempts - 1:
                    break
                await self._sleep(outcome)
        except asyncio.CancelledError:
            # A caller's own deadline (autocomplete) cut the call short: no verdict on TMDB.
            self.breaker.abandon_trial()
            raise
        self.breaker.record_failure()
        raise TmdbUnavailableError()

    async def _attempt(
        self, path: str, params: dict[str, str], attempt: int
    ) -> Json | float | None:
        """One GET. Returns the JSON body, or the delay before a retry, or None: give up."""
        await self.limiter.acquire()
        session = self._session_now()
        try:
            async with session.get(
                f"{self.api_base}{path}",
                params={**params, **self._credential.query()},
                headers={"Accept": "application/json", **self._credential.headers()},
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            ) as response:
                status = response.status
                retry_after = response.headers.get("Retry-After")
                body = await _read_json(response)
        except (aiohttp.ClientError, TimeoutError) as exc:
            # Only the exception's type: some aiohttp messages quote the URL, and with it the key.
            log.warning("TMDB request to %s failed: %s", path, type(exc).__name__)
            return self.backoff.delay(attempt, self._rng)
        return self._judge(path, status, retry_after, body, attempt)

    def _judge(
        self, path: str, status: int, retry_after: str | None, body: Json | None, attempt: int
    ) -> Json | float | None:
        code = body.get("status_code") if body else None
        if status == 200 and body is not None:
            self.breaker.record_success()
            return body
        if status == 429:
            wait = _seconds(retry_after)
            log.warning("TMDB rate-limited %s (Retry-After %s)", path, retry_after)
            if wait is not None and wait > self.max_retry_after:
                return None
            return wait if wait is not None else self.backoff.delay(attempt, self._rng)
        if status >= 500 or status == 200:
            log.warning("TMDB answered %s with HTTP %d (status_code %s)", path, status, code)
            return self.backoff.delay(attempt, self._rng)
        self.breaker.record_success()  # TMDB answered; the request itself was refused
        if status == 401 or (isinstance(code, int) and code in AUTH_STATUS_CODES):
            self._refused(status, code, body)
        if status == 404:
            raise TmdbNotFoundError("TMDB has no such film.")
        log.warning("TMDB refused %s with HTTP %d (status_code %s)", path, status, code)
        raise TmdbUnavailableError("TMDB could not answer that request; local search still works.")

    def _refused(self, status: int, code: object, body: Json | None) -> NoReturn:
        self._refused_until = self._clock() + self.auth_cooldown
        if not self._refusal_logged:
            self._refusal_logged = True
            message = body.get("status_message") if body else None
            log.error(
                "TMDB refused the configured %s credential (HTTP %d, status_code %s: %s); "
                "TMDB lookups are paused for %.0f s. Check TMDB_API_KEY.",
                self._credential.kind,
                status,
                code,
                message,
                self.auth_cooldown,
            )
        raise TmdbAuthError()

    def _session_now(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
            self._owns_session = True
        return self._session


async def _read_json(response: aiohttp.ClientResponse) -> Json | None:
    try:
        data = await response.json(content_type=None)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds (TMDB sends whole seconds); None when absent or a date."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return max(0.0, seconds)
