"""The TMDB credential: a v3 API key or a v4 API read-access token, told apart by shape.

TMDB documents two ways to authenticate an application on API v3: the ``api_key`` query
parameter carrying the 32-hex-character v3 key, or the "API Read Access Token" (a JWT) sent as
``Authorization: Bearer <token>``. Both give the same access. The secret never appears in
``repr`` or ``str`` of anything here, so it cannot leak through logging of these objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from bot.errors import ConfigError

DEFAULT_API_BASE = "https://api.themoviedb.org/3"

_V3_KEY = re.compile(r"[0-9a-fA-F]{32}")
# A JWT: three base64url segments; the header is a JSON object, so it starts with "eyJ" ('{"').
_V4_TOKEN = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")

CredentialKind = Literal["v3", "v4"]


@dataclass(frozen=True, slots=True)
class TmdbCredential:
    kind: CredentialKind
    secret: str = field(repr=False)

    def __str__(self) -> str:
        return f"TMDB {self.kind} credential"

    def query(self) -> dict[str, str]:
        """Query parameters carrying the credential (the v3 key style)."""
        return {"api_key": self.secret} if self.kind == "v3" else {}

    def headers(self) -> dict[str, str]:
        """Headers carrying the credential (the read-access-token style)."""
        return {"Authorization": f"Bearer {self.secret}"} if self.kind == "v4" else {}


def parse_credential(value: str) -> TmdbCredential:
    """Recognise a v3 key or a v4 token, or raise a one-line ``ConfigError`` (without the value)."""
    value = value.strip()
    if _V3_KEY.fullmatch(value):
        return TmdbCredential("v3", value)
    if _V4_TOKEN.fullmatch(value):
        return TmdbCredential("v4", value)
    raise ConfigError(
        "TMDB_API_KEY is neither a v3 API key (32 hexadecimal characters) nor a v4 API read "
        "access token (a long value starting with 'eyJ'): copy one of them from "
        "https://www.themoviedb.org/settings/api, or leave TMDB_API_KEY unset."
    )


def parse_api_base(value: str) -> str:
    """``TMDB_API_BASE`` without its trailing slash; it must be an http(s) URL."""
    base = value.strip().rstrip("/")
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", base):
        raise ConfigError(f"TMDB_API_BASE must be an http(s) URL such as {DEFAULT_API_BASE}.")
    return base
