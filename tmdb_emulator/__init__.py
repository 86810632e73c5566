"""A local, TMDB-shaped server for tests and the sandbox (imports nothing from ``bot``)."""

from tmdb_emulator.server import (
    FAKE_ACCESS_TOKEN,
    FAKE_API_KEY,
    Faults,
    RecordedRequest,
    TmdbEmulator,
)

__all__ = ["FAKE_ACCESS_TOKEN", "FAKE_API_KEY", "Faults", "RecordedRequest", "TmdbEmulator"]
