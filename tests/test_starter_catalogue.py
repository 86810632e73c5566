"""Every shipped film obeys the starter-catalogue rules (issue: starter catalogue)."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.catalogue.genres import GENRES
from bot.catalogue.loader import read_paths
from bot.catalogue.starter import starter_catalogue_dir

FILMS_DIR = Path(__file__).resolve().parents[1] / "data" / "films"
FILES = sorted(FILMS_DIR.glob("*.toml"))
REQUIRED_TEXT = ("title", "original_title", "director", "tagline", "synopsis", "source")


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text("utf-8"))


def test_there_are_at_least_a_hundred_films_across_decades_and_kinds() -> None:
    assert len(FILES) >= 100
    films = [_load(p) for p in FILES]
    decades = {film["year"] // 10 * 10 for film in films}
    assert set(range(1920, 2030, 10)) <= decades
    genres = {genre for film in films for genre in film["genres"]}
    assert {"Animation", "Documentary"} <= genres


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_film_file_obeys_the_rules(path: Path) -> None:
    film = _load(path)
    for key in REQUIRED_TEXT:
        assert isinstance(film.get(key), str) and film[key].strip(), f"{key} missing or empty"
    assert isinstance(film.get("alt_titles"), list)
    assert isinstance(film.get("release_date"), date), "release_date must be a TOML date"
    assert film["year"] == film["release_date"].year
    assert isinstance(film.get("runtime"), int) and 40 <= film["runtime"] <= 400
    assert film["genres"] and set(film["genres"]) <= set(GENRES)
    assert 80 <= len(film["synopsis"].split()) <= 250
    assert len(film["tagline"]) <= 150
    scenes = film["scenes"]
    assert 4 <= len(scenes) <= 8
    for scene in scenes:
        assert scene["title"].strip() and len(scene["title"]) <= 90
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", scene["description"]) if s]
        assert 1 <= len(sentences) <= 4, scene["title"]
        assert isinstance(scene["spoiler"], bool)
    assert path.stem.endswith(str(film["year"])), "file names are <slug>-<year>.toml"


def test_no_two_films_share_title_and_year() -> None:
    seen: dict[tuple[str, int], str] = {}
    for path in FILES:
        film = _load(path)
        key = (film["title"].casefold(), film["year"])
        assert key not in seen, f"{path.name} repeats {seen[key]}"
        seen[key] = path.name


def test_required_films_are_present() -> None:
    titles = {(_load(p)["title"], _load(p)["year"]) for p in FILES}
    required = {
        ("Rocky", 1976), ("Rocky II", 1979), ("Rocky III", 1982), ("Rocky IV", 1985),
        ("Rocky V", 1990), ("Rocky Balboa", 2006), ("The Godfather Part II", 1974),
        ("Terminator 2: Judgment Day", 1991), ("Toy Story 3", 2010), ("Dune", 1984),
        ("Dune", 2021), ("Scarface", 1932), ("Scarface", 1983), ("The Thing", 1982),
        ("The Thing", 2011), ("Ocean's Eleven", 1960), ("Ocean's Eleven", 2001),
        ("Amélie", 2001), ("Seven Samurai", 1954), ("Spirited Away", 2001), ("Parasite", 2019),
        ("Crouching Tiger, Hidden Dragon", 2000), ("Se7en", 1995),
        ("2001: A Space Odyssey", 1968), ("WALL·E", 2008), ("Mission: Impossible", 1996),
        ("M*A*S*H", 1970), ("8½", 1963),
    }  # fmt: skip
    assert required <= titles, required - titles


def test_rocky_iv_gets_the_facts_the_seed_gets_wrong() -> None:
    film = _load(FILMS_DIR / "rocky-iv-1985.toml")
    assert film["release_date"] == date(1985, 11, 21)
    text = " ".join(f"{s['title']} {s['description']}" for s in film["scenes"]).casefold()
    text += film["synopsis"].casefold()
    assert "drago" in text and "apollo" in text and "robot" in text
    assert "birthday" in text, "the robot is Rocky's birthday present to Paulie"


def test_the_loader_reads_every_file_without_a_problem() -> None:
    loaded = read_paths([FILMS_DIR])
    assert len(loaded) == len(FILES)
    problems = [str(p) for f in loaded for p in f.all_problems]
    assert problems == []


def test_the_starter_directory_is_found_from_a_clone() -> None:
    assert starter_catalogue_dir() == FILMS_DIR


async def test_the_starter_catalogue_loads_beside_a_guilds_own_films(tmp_path: Path) -> None:
    """A guild import into a new database must not stop the shared starter catalogue loading."""
    from bot.catalogue.starter import seed_if_empty
    from bot.services import build_services
    from bot.settings import Settings

    settings = Settings(database_path=tmp_path / "s.sqlite3", load_starter_catalogue=False)
    services = await build_services(settings)
    try:
        own = read_paths([starter_catalogue_dir() / "jaws-1975.toml"])
        await services.catalogue.import_files(own, guild_id=42)
        report = await seed_if_empty(services.catalogue)
        assert report is not None and report.count("created") == len(FILES)
        assert await seed_if_empty(services.catalogue) is None  # once only
    finally:
        await services.close()
