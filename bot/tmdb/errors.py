"""User-safe errors of the TMDB client (all ``bot.errors.ProjectionistError``)."""

from __future__ import annotations

from bot.errors import NotFoundError, ServiceUnavailableError

UNAVAILABLE_MESSAGE = "TMDB is not answering right now; local search still works."
REFUSED_MESSAGE = (
    "TMDB lookups are unavailable: TMDB refused this bot's API key (a moderator should check "
    "TMDB_API_KEY). Local search still works."
)


class TmdbUnavailableError(ServiceUnavailableError):
    """TMDB timed out, failed, rate-limited us past our patience, or the breaker is open."""

    def __init__(self, message: str = UNAVAILABLE_MESSAGE) -> None:
        super().__init__(message)


class TmdbAuthError(TmdbUnavailableError):
    """TMDB refused the configured credential (status_code 7, 10, 3 …)."""

    def __init__(self, message: str = REFUSED_MESSAGE) -> None:
        super().__init__(message)


class TmdbNotFoundError(NotFoundError):
    """TMDB has no such film (HTTP 404, status_code 34)."""
