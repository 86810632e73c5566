"""What the TMDB client returns: frozen dataclasses, independent of TMDB's JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The notice TMDB's terms require wherever TMDB data or images are shown.
ATTRIBUTION = "This product uses the TMDB API but is not endorsed or certified by TMDB."


@dataclass(frozen=True, slots=True)
class ImageConfig:
    """From ``/configuration``: where images live and which poster sizes exist."""

    secure_base_url: str
    poster_sizes: tuple[str, ...]

    def poster_url(self, poster_path: str | None, size: str) -> str | None:
        """``secure_base_url`` + size + file path, the documented recipe; None without a path."""
        if not poster_path:
            return None
        chosen = (
            size if size in self.poster_sizes or not self.poster_sizes else self.poster_sizes[-1]
        )
        return f"{self.secure_base_url.rstrip('/')}/{chosen}/{poster_path.lstrip('/')}"


@dataclass(frozen=True, slots=True)
class TmdbMovieSummary:
    """One search result (``/search/movie``)."""

    tmdb_id: int
    title: str
    original_title: str | None
    release_date: date | None
    overview: str
    genres: tuple[str, ...]
    poster_url: str | None

    @property
    def year(self) -> int | None:
        return self.release_date.year if self.release_date else None

    @property
    def display_title(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass(frozen=True, slots=True)
class TmdbMovie:
    """One film's details (``/movie/{id}`` with credits, alternative titles, release dates)."""

    tmdb_id: int
    title: str
    original_title: str | None
    release_date: date | None
    overview: str
    runtime: int | None
    director: str | None
    genres: tuple[str, ...]
    alt_titles: tuple[str, ...]
    tagline: str | None
    poster_url: str | None

    @property
    def year(self) -> int | None:
        return self.release_date.year if self.release_date else None

    @property
    def display_title(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def page_url(self) -> str:
        return tmdb_page_url(self.tmdb_id)


def tmdb_page_url(tmdb_id: int) -> str:
    """The film's public page on TMDB (used for attribution and to keep the TMDB id)."""
    return f"https://www.themoviedb.org/movie/{tmdb_id}"
