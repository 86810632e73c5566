"""A TMDB-shaped HTTP server on loopback, built from TMDB's documented v3 shapes.

Routes: ``/3/search/movie``, ``/3/movie/{id}`` (with ``append_to_response`` of ``credits``,
``alternative_titles``, ``release_dates``), ``/3/genre/movie/list``, ``/3/configuration``.
Both documented auth styles are accepted: ``?api_key=<v3 key>`` and
``Authorization: Bearer <read access token>``. Errors use TMDB's body
``{"success": false, "status_code": N, "status_message": "..."}``.

Fault switches (``emulator.faults``, or ``POST /_emulator/faults`` with the same names as JSON):
``invalid_key`` (every request 401, status_code 7), ``not_found`` (every film lookup 404,
status_code 34), ``rate_limited`` (the next N requests 429, status_code 25, ``Retry-After``),
``server_errors`` (the next N requests answer ``server_error_status``), ``delay`` (seconds to
wait before answering). ``emulator.requests`` records what arrived, without credentials.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from aiohttp import web

from tmdb_emulator.dataset import FILMS, GENRES, FakeFilm

# Credentials the emulator accepts unless told otherwise. Shaped like the real ones (a 32-hex v3
# key, a JWT read-access token) and worthless anywhere else.
FAKE_API_KEY = "0123456789abcdef0123456789abcdef"
FAKE_ACCESS_TOKEN = (
    "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJwcm9qZWN0aW9uaXN0LWVtdWxhdG9yIn0.ZW11bGF0b3Itc2lnbmF0dXJl"
)
PAGE_SIZE = 20
MAX_APPENDS = 20

_ERRORS: dict[int, tuple[int, str]] = {
    7: (401, "Invalid API key: You must be granted a valid key."),
    22: (400, "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer."),
    25: (429, "Your request count (#) is over the allowed limit of (40)."),
    27: (400, "Too many append to response objects: The maximum number of remote calls is 20."),
    34: (404, "The resource you requested could not be found."),
    9: (503, "Service offline: This service is temporarily offline, try again later."),
    11: (500, "Internal error: Something went wrong, contact TMDB."),
}


@dataclass
class Faults:
    invalid_key: bool = False
    not_found: bool = False
    rate_limited: int = 0
    retry_after: int = 1
    server_errors: int = 0
    server_error_status: int = 503
    delay: float = 0.0


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    auth: str  # "v3", "v4" or "none"
    params: tuple[tuple[str, str], ...]


def error(
    code: int, *, status: int | None = None, headers: dict[str, str] | None = None
) -> web.Response:
    default_status, message = _ERRORS[code]
    body = {"success": False, "status_code": code, "status_message": message}
    return web.json_response(body, status=status or default_status, headers=headers)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class TmdbEmulator:
    api_key: str = field(default=FAKE_API_KEY, repr=False)
    access_token: str = field(default=FAKE_ACCESS_TOKEN, repr=False)
    films: tuple[FakeFilm, ...] = field(default=FILMS, repr=False)
    host: str = "127.0.0.1"
    port: int = 0
    faults: Faults = field(default_factory=Faults)
    requests: list[RecordedRequest] = field(default_factory=list, repr=False)
    _runner: web.AppRunner | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not ipaddress.ip_address(self.host).is_loopback:
            raise ValueError("the TMDB emulator listens on loopback only")

    # -- life cycle --------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get("/3/search/movie", self._search)
        app.router.add_get("/3/movie/{movie_id}", self._movie)
        app.router.add_get("/3/genre/movie/list", self._genres)
        app.router.add_get("/3/configuration", self._configuration)
        app.router.add_post("/_emulator/faults", self._set_faults)
        app.router.add_get("/_emulator/faults", self._get_faults)
        return app

    async def start(self) -> str:
        sock = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> TmdbEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What ``TMDB_API_BASE`` should be set to."""
        return f"{self.root_url}/3"

    def reset(self) -> None:
        self.faults = Faults()
        self.requests.clear()

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    # -- the request pipeline ----------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path.startswith("/_emulator/"):
            return await handler(request)  # type: ignore[no-any-return]
        auth = self._auth_style(request)
        params = tuple(sorted((k, v) for k, v in request.query.items() if k != "api_key"))
        self.requests.append(RecordedRequest(request.path, auth or "none", params))
        faults = self.faults
        if faults.delay > 0:
            await asyncio.sleep(faults.delay)
        if faults.server_errors > 0:
            faults.server_errors -= 1
            code = 11 if faults.server_error_status == 500 else 9
            return error(code, status=faults.server_error_status)
        if faults.rate_limited > 0:
            faults.rate_limited -= 1
            return error(25, headers={"Retry-After": str(faults.retry_after)})
        if faults.invalid_key or auth is None:
            return error(7)
        try:
            return await handler(request)  # type: ignore[no-any-return]
        except web.HTTPNotFound:
            return error(34)

    def _auth_style(self, request: web.Request) -> str | None:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer ") and header[7:].strip() == self.access_token:
            return "v4"
        if request.query.get("api_key") == self.api_key:
            return "v3"
        return None

    # -- routes ------------------------------------------------------------------------

    async def _search(self, request: web.Request) -> web.Response:
        try:
            page = int(request.query.get("page", "1"))
        except ValueError:
            return error(22)
        if not 1 <= page <= 500:
            return error(22)
        words = _fold(request.query.get("query", "")).split()
        year = request.query.get("year") or request.query.get("primary_release_year")
        primary_only = "primary_release_year" in request.query
        matches = [f for f in self.films if words and self._matches(f, words)]
        if year:
            matches = [f for f in matches if year in self._years(f, primary_only)]
        matches.sort(key=lambda f: -f.popularity)
        chunk = matches[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return web.json_response(
            {
                "page": page,
                "results": [self._summary(f) for f in chunk],
                "total_pages": max(1, -(-len(matches) // PAGE_SIZE)),
                "total_results": len(matches),
            }
        )

    @staticmethod
    def _matches(film: FakeFilm, words: list[str]) -> bool:
        names = [film.title, film.original_title, *(t for _, t, _ in film.alternative_titles)]
        haystack = " ".join(_fold(n) for n in names)
        return all(w in haystack for w in words)

    @staticmethod
    def _years(film: FakeFilm, primary_only: bool) -> set[str]:
        years = {film.release_date[:4]}
        if not primary_only:
            years.update(r.date[:4] for r in film.releases)
        return years

    async def _movie(self, request: web.Request) -> web.Response:
        raw = request.match_info["movie_id"]
        film = next((f for f in self.films if str(f.id) == raw), None)
        if film is None or self.faults.not_found:
            return error(34)
        appends = [a for a in request.query.get("append_to_response", "").split(",") if a]
        if len(appends) > MAX_APPENDS:
            return error(27)
        body = self._details(film)
        if "credits" in appends:
            body["credits"] = self._credits(film)
        if "alternative_titles" in appends:
            body["alternative_titles"] = {
                "titles": [
                    {"iso_3166_1": c, "title": t, "type": kind}
                    for c, t, kind in film.alternative_titles
                ]
            }
        if "release_dates" in appends:
            body["release_dates"] = {"results": self._release_dates(film)}
        return web.json_response(body)

    async def _genres(self, request: web.Request) -> web.Response:
        return web.json_response({"genres": [{"id": i, "name": n} for i, n in GENRES.items()]})

    async def _configuration(self, request: web.Request) -> web.Response:
        images = f"{self.root_url}/t/p/"
        return web.json_response(
            {
                "images": {
                    "base_url": images,
                    "secure_base_url": images,
                    "backdrop_sizes": ["w300", "w780", "w1280", "original"],
                    "logo_sizes": ["w45", "w92", "w154", "w185", "w300", "w500", "original"],
                    "poster_sizes": ["w92", "w154", "w185", "w342", "w500", "w780", "original"],
                    "profile_sizes": ["w45", "w185", "h632", "original"],
                    "still_sizes": ["w92", "w185", "w300", "original"],
                },
                "change_keys": [
                    "alternative_titles",
                    "genres",
                    "release_dates",
                    "runtime",
                    "title",
                ],
            }
        )

    async def _set_faults(self, request: web.Request) -> web.Response:
        data = await request.json()
        names = {f.name for f in fields(Faults)}
        if not isinstance(data, dict) or not set(data) <= names:
            return web.json_response({"error": f"known faults: {sorted(names)}"}, status=400)
        for name, value in data.items():
            setattr(self.faults, name, value)
        return web.json_response(asdict(self.faults))

    async def _get_faults(self, request: web.Request) -> web.Response:
        return web.json_response(asdict(self.faults))

    # -- TMDB's shapes -----------------------------------------------------------------

    @staticmethod
    def _summary(film: FakeFilm) -> dict[str, Any]:
        return {
            "adult": False,
            "backdrop_path": None,
            "genre_ids": list(film.genre_ids),
            "id": film.id,
            "original_language": film.original_language,
            "original_title": film.original_title,
            "overview": film.overview,
            "popularity": film.popularity,
            "poster_path": film.poster_path,
            "release_date": film.release_date,
            "title": film.title,
            "video": False,
            "vote_average": 0.0,
            "vote_count": 0,
        }

    def _details(self, film: FakeFilm) -> dict[str, Any]:
        body = self._summary(film)
        del body["genre_ids"]
        body.update(
            {
                "belongs_to_collection": None,
                "budget": 0,
                "genres": [{"id": i, "name": GENRES[i]} for i in film.genre_ids],
                "homepage": "",
                "imdb_id": None,
                "origin_country": [],
                "production_companies": [],
                "production_countries": [],
                "revenue": 0,
                "runtime": film.runtime,
                "spoken_languages": [],
                "status": "Released",
                "tagline": film.tagline,
            }
        )
        return body

    @staticmethod
    def _credits(film: FakeFilm) -> dict[str, Any]:
        def person(n: int, name: str, department: str) -> dict[str, Any]:
            return {
                "adult": False,
                "gender": 0,
                "id": film.id * 100 + n,
                "known_for_department": department,
                "name": name,
                "original_name": name,
                "popularity": 1.0,
                "profile_path": None,
                "credit_id": f"emulator-{film.id}-{n}",
            }

        cast = [
            {**person(n, name, "Acting"), "cast_id": n, "character": role, "order": n}
            for n, (name, role) in enumerate(film.cast)
        ]
        crew = [
            {**person(50 + n, name, "Directing"), "department": "Directing", "job": "Director"}
            for n, name in enumerate(film.directors)
        ]
        return {"cast": cast, "crew": crew}

    @staticmethod
    def _release_dates(film: FakeFilm) -> list[dict[str, Any]]:
        countries: dict[str, list[dict[str, Any]]] = {}
        for r in film.releases:
            countries.setdefault(r.country, []).append(
                {
                    "certification": r.certification,
                    "descriptors": [],
                    "iso_639_1": "",
                    "note": "",
                    "release_date": f"{r.date}T00:00:00.000Z",
                    "type": r.type,
                }
            )
        return [{"iso_3166_1": c, "release_dates": d} for c, d in countries.items()]
