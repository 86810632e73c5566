"""The emulator's films: a small set that is not in the starter catalogue (``data/films``).

Overviews are written for this project. Facts (directors, runtimes, release dates) are those of
the real films; ids and image paths are the emulator's own and carry no meaning elsewhere.
Each film is kept in a plain shape and rendered into TMDB's JSON by ``server.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

# TMDB's movie genre list (``/genre/movie/list``), ids as TMDB documents them.
GENRES: dict[int, str] = {
    28: "Action",
    12: "Adventure",
    16: "Animation",
    35: "Comedy",
    80: "Crime",
    99: "Documentary",
    18: "Drama",
    10751: "Family",
    14: "Fantasy",
    36: "History",
    27: "Horror",
    10402: "Music",
    9648: "Mystery",
    10749: "Romance",
    878: "Science Fiction",
    10770: "TV Movie",
    53: "Thriller",
    10752: "War",
    37: "Western",
}

# TMDB's release types: 1 premiere, 2 limited theatrical, 3 theatrical, 4 digital, 5 physical, 6 TV.
PREMIERE, LIMITED, THEATRICAL, DIGITAL = 1, 2, 3, 4


@dataclass(frozen=True)
class Release:
    country: str
    date: str
    type: int
    certification: str = ""


@dataclass(frozen=True)
class FakeFilm:
    id: int
    title: str
    original_title: str
    original_language: str
    release_date: str
    runtime: int
    genre_ids: tuple[int, ...]
    overview: str
    directors: tuple[str, ...]
    cast: tuple[tuple[str, str], ...]
    alternative_titles: tuple[tuple[str, str, str], ...] = ()
    releases: tuple[Release, ...] = ()
    tagline: str = ""
    poster_path: str | None = None
    popularity: float = 10.0


FILMS: tuple[FakeFilm, ...] = (
    FakeFilm(
        id=346648,
        title="Paddington 2",
        original_title="Paddington 2",
        original_language="en",
        release_date="2017-11-10",
        runtime=103,
        genre_ids=(12, 35, 10751),
        overview=(
            "Now at home with the Browns in London, a courteous bear from Peru takes odd jobs "
            "to afford an antique pop-up book as a birthday present for his aunt. When the book "
            "is stolen and he is blamed for the theft, his family set out to find the real culprit."
        ),
        directors=("Paul King",),
        cast=(("Ben Whishaw", "Paddington (voice)"), ("Hugh Grant", "Phoenix Buchanan")),
        releases=(
            Release("GB", "2017-11-10", THEATRICAL, "PG"),
            Release("US", "2018-01-12", THEATRICAL, "PG"),
        ),
        poster_path="/emulator-paddington-2.jpg",
        popularity=40.0,
    ),
    FakeFilm(
        id=582,
        title="The Lives of Others",
        original_title="Das Leben der Anderen",
        original_language="de",
        release_date="2006-03-23",
        runtime=137,
        genre_ids=(18, 53),
        overview=(
            "East Berlin, 1984. A meticulous officer of the Stasi is ordered to bug the flat of "
            "a celebrated playwright and his partner, an actress. Listening to their days from "
            "an attic, he begins to doubt the work he has always served."
        ),
        directors=("Florian Henckel von Donnersmarck",),
        cast=(("Ulrich Mühe", "Gerd Wiesler"), ("Sebastian Koch", "Georg Dreyman")),
        alternative_titles=(("FR", "La Vie des autres", ""), ("ES", "La vida de los otros", "")),
        releases=(
            Release("DE", "2006-03-23", THEATRICAL, "12"),
            Release("US", "2007-02-09", LIMITED, "R"),
        ),
        poster_path="/emulator-lives-of-others.jpg",
        popularity=25.0,
    ),
    FakeFilm(
        id=370755,
        title="Paterson",
        original_title="Paterson",
        original_language="en",
        release_date="2016-12-28",
        runtime=118,
        genre_ids=(18, 35, 10749),
        overview=(
            "A week in the life of a bus driver in Paterson, New Jersey, who is also called "
            "Paterson: he drives his route, listens to his passengers, writes poems in a "
            "notebook and comes home each evening to his partner and her many plans."
        ),
        directors=("Jim Jarmusch",),
        cast=(("Adam Driver", "Paterson"), ("Golshifteh Farahani", "Laura")),
        releases=(
            Release("FR", "2016-05-16", PREMIERE),
            Release("US", "2016-12-28", LIMITED, "R"),
        ),
        poster_path="/emulator-paterson.jpg",
        popularity=18.0,
    ),
    FakeFilm(
        id=329865,
        title="Arrival",
        original_title="Arrival",
        original_language="en",
        release_date="2016-11-11",
        runtime=116,
        genre_ids=(18, 878, 9648),
        overview=(
            "Twelve vast vessels settle above sites around the world. A linguist is brought to "
            "one of them in Montana to find a way of talking with its occupants before "
            "nervous governments decide for everyone."
        ),
        directors=("Denis Villeneuve",),
        cast=(("Amy Adams", "Louise Banks"), ("Jeremy Renner", "Ian Donnelly")),
        alternative_titles=(("US", "Story of Your Life", "working title"),),
        releases=(
            Release("IT", "2016-09-01", PREMIERE),
            Release("US", "2016-11-11", THEATRICAL, "PG-13"),
        ),
        poster_path="/emulator-arrival.jpg",
        popularity=50.0,
    ),
    FakeFilm(
        id=515042,
        title="Free Solo",
        original_title="Free Solo",
        original_language="en",
        release_date="2018-09-28",
        runtime=100,
        genre_ids=(99,),
        overview=(
            "A documentary following the climber Alex Honnold as he prepares, over months, to "
            "climb the granite face of El Capitan in Yosemite with no rope at all, and the "
            "film crew who must decide how close to stand."
        ),
        directors=("Elizabeth Chai Vasarhelyi", "Jimmy Chin"),
        cast=(("Alex Honnold", "Himself"),),
        releases=(
            Release("US", "2018-08-31", PREMIERE),
            Release("US", "2018-09-28", LIMITED, "PG-13"),
        ),
        poster_path="/emulator-free-solo.jpg",
        popularity=20.0,
    ),
    FakeFilm(
        id=25050,
        title="Still Walking",
        original_title="歩いても 歩いても",
        original_language="ja",
        release_date="2008-06-28",
        runtime=114,
        genre_ids=(18,),
        overview=(
            "Grown children visit their elderly parents by the sea for one summer day, as they "
            "do every year, to mark the death of the eldest son. Over cooking, walks and small "
            "remarks, old disappointments surface and are left mostly unsaid."
        ),
        directors=("Hirokazu Kore-eda",),
        cast=(("Hiroshi Abe", "Ryota Yokoyama"), ("Kirin Kiki", "Toshiko Yokoyama")),
        alternative_titles=(
            ("JP", "Aruitemo aruitemo", "romaji"),
            ("FR", "Still Walking", ""),
        ),
        releases=(Release("JP", "2008-06-28", THEATRICAL),),
        poster_path="/emulator-still-walking.jpg",
        popularity=12.0,
    ),
    FakeFilm(
        id=2011,
        title="Persepolis",
        original_title="Persepolis",
        original_language="fr",
        release_date="2007-06-27",
        runtime=96,
        genre_ids=(16, 18),
        overview=(
            "Drawn in stark black and white, a girl grows up in Tehran through the revolution "
            "and the war with Iraq, is sent to school in Vienna, and keeps returning to the "
            "question of where she belongs."
        ),
        directors=("Marjane Satrapi", "Vincent Paronnaud"),
        cast=(("Chiara Mastroianni", "Marjane (voice)"), ("Catherine Deneuve", "Mother (voice)")),
        releases=(Release("FR", "2007-05-23", PREMIERE), Release("FR", "2007-06-27", THEATRICAL)),
        poster_path="/emulator-persepolis.jpg",
        popularity=15.0,
    ),
)
