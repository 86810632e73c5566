"""The TMDB client against the local TMDB-shaped server (no HTTP mocks, no wall-clock sleeps)."""

from __future__ import annotations

import asyncio
import logging
from datetime import date

import pytest

from bot.catalogue.validation import clean_draft
from bot.errors import NotFoundError, ProjectionistError, ServiceUnavailableError, ValidationError
from bot.settings import Settings
from bot.tmdb.client import TmdbClient
from bot.tmdb.draft import tmdb_id_from_source, to_film_draft
from bot.tmdb.errors import UNAVAILABLE_MESSAGE, TmdbAuthError, TmdbUnavailableError
from tests.tmdb_helpers import FakeTime, make_client
from tmdb_emulator import FAKE_ACCESS_TOKEN, FAKE_API_KEY, TmdbEmulator


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.mark.parametrize(("key", "style"), [(FAKE_API_KEY, "v3"), (FAKE_ACCESS_TOKEN, "v4")])
async def test_search_works_with_both_auth_styles(
    tmdb_emulator: TmdbEmulator, time: FakeTime, key: str, style: str
) -> None:
    async with make_client(key, tmdb_emulator.base_url, time) as client:
        results = await client.search_movies("  the LIVES of  ")
    assert [r.display_title for r in results] == ["The Lives of Others (2006)"]
    assert results[0].original_title == "Das Leben der Anderen"
    assert results[0].genres == ("Drama", "Thriller")
    assert {r.auth for r in tmdb_emulator.requests} == {style}
    assert all("api_key" not in dict(r.params) for r in tmdb_emulator.requests)


async def test_search_finds_alternative_titles_and_filters_by_year(
    tmdb_emulator: TmdbEmulator, time: FakeTime
) -> None:
    async with make_client(FAKE_API_KEY, tmdb_emulator.base_url, time) as client:
        assert [r.tmdb_id for r in await client.search_movies("aruitemo")] == [25050]
        assert await client.search_movies("arrival", year=1990) == ()
        assert [r.title for r in await client.search_movies("arrival", year=2016)] == ["Arrival"]
        with pytest.raises(ValidationError):
            await client.search_movies("   ")


async def test_details_map_to_a_valid_film_draft(
    tmdb_emulator: TmdbEmulator, time: FakeTime
) -> None:
    async with make_client(FAKE_ACCESS_TOKEN, tmdb_emulator.base_url, time) as client:
        movie = await client.movie_details(582)
    assert movie.title == "The Lives of Others"
    assert movie.director == "Florian Henckel von Donnersmarck"
    assert movie.runtime == 137 and movie.release_date == date(2006, 3, 23)
    assert movie.alt_titles == ("La Vie des autres", "La vida de los otros")
    assert movie.poster_url == f"{tmdb_emulator.root_url}/t/p/w342/emulator-lives-of-others.jpg"
    draft = clean_draft(to_film_draft(movie).draft)
    assert tmdb_id_from_source(draft.source) == 582 and draft.genres == ("Drama", "Thriller")
    [request] = [r for r in tmdb_emulator.requests if r.path == "/3/movie/582"]
    assert dict(request.params)["append_to_response"] == "credits,alternative_titles,release_dates"


async def test_a_premiere_counts_as_the_first_public_release(
    tmdb_emulator: TmdbEmulator, time: FakeTime
) -> None:
    async with make_client(FAKE_API_KEY, tmdb_emulator.base_url, time) as client:
        movie = await client.movie_details(370755)
    assert movie.release_date == date(2016, 5, 16)
    assert movie.genres == ("Drama", "Comedy", "Romance")


async def test_an_unknown_film_is_a_user_safe_not_found(
    tmdb_emulator: TmdbEmulator, time: FakeTime
) -> None:
    async with make_client(FAKE_API_KEY, tmdb_emulator.base_url, time) as client:
        with pytest.raises(NotFoundError):
            await client.movie_details(999_999)
        tmdb_emulator.faults.not_found = True
        with pytest.raises(NotFoundError):
            await client.movie_details(582)
        assert client.breaker.state == "closed", "a 404 is an answer, not a failure"


async def test_an_invalid_key_is_a_clear_error_logged_once_and_not_retried(
    tmdb_emulator: TmdbEmulator, time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    tmdb_emulator.faults.invalid_key = True
    caplog.set_level(logging.DEBUG)
    async with make_client(FAKE_API_KEY, tmdb_emulator.base_url, time) as client:
        for _ in range(3):
            with pytest.raises(TmdbAuthError) as info:
                await client.search_movies("paterson")
        assert not client.available
    message = str(info.value)
    assert "TMDB_API_KEY" in message and "local search still works" in message.lower()
    assert isinstance(info.value, ServiceUnavailableError)
    assert len(tmdb_emulator.requests) == 1, "a refused key is remembered, not hammered"
    refusals = [r for r in caplog.records if "refused the configured" in r.getMessage()]
    assert len(refusals) == 1 and refusals[0].levelno == logging.ERROR
    assert "status_code 7" in refusals[0].getMessage()


async def test_a_key_the_server_does_not_know_is_refused(
    tmdb_emulator: TmdbEmulator, time: FakeTime
) -> None:
    async with make_client("f" * 32, tmdb_emulator.base_url, time) as client:
        with pytest.raises(TmdbAuthError):
            await client.movie_details(582)


async def test_rate_limited_then_success_honours_retry_after(
    tmdb_emulator: TmdbEmulator, time: FakeTime
) -> None:
    tmdb_emulator.faults.rate_limited = 1
    tmdb_emulator.faults.retry_after = 2
    async with make_client(FAKE_API_KEY, tmdb_emulator.base_url, time) as client:
        results = await client.search_movies("paddington")
    assert [r.tmdb_id for r in results] == [346648]
    assert time.slept == [2.0]
    assert tmdb_emulator.count("/3/search/movie") == 2


async def test_a_long_retry_after_gives_up_at_once_with_the_friendly_message(
    tmdb_emulator: TmdbEmulator, time: FakeTime
) -> None:
    tmdb_emulator.faults.rate_limited = 5
    tmdb_emulator.faults.retry_after = 60
    async with make_client(FAKE_API_KEY, tmdb_emulator.base_url, time) as client:
        with pytest.raises(TmdbUnavailableError) as info:
            await client.search_movies("paddington")
    assert (
        str(info.value)
        == UNAVAILABLE_MESSAGE
        == ("TMDB is not answering right now; local search still works.")
    )
    assert time.slept == [] and tmdb_emulator.count("/3/search/movie") == 1


async def test_server_errors_are_retried_with_growing_backoff(
    tmdb_emulator: TmdbEmulator, time: FakeTime
) -> None:
    tmdb_emulator.faults.server_errors = 2
    async with make_client(FAKE_API_KEY, tmdb_emulator.base_url, time) as client:
        movie = await client.movie_details(329865)
    assert movie.title == "Arrival"
    assert time.slept == [0.25, 0.5]


async def test_the_breaker_opens_then_recovers_through_half_open(
    tmdb_emulator: TmdbEmulator, time: FakeTime
) -> None:
    tmdb_emulator.faults.server_errors = 1_000
    async with make_client(FAKE_API_KEY, tmdb_emulator.base_url, time, max_attempts=1) as client:
        for _ in range(3):
            with pytest.raises(TmdbUnavailableError):
                await client.search_movies("persepolis")
        assert client.breaker.state == "open" and not client.available
        sent = len(tmdb_emulator.requests)
        with pytest.raises(TmdbUnavailableError):
            await client.search_movies("persepolis")
        assert len(tmdb_emulator.requests) == sent, "an open breaker sends nothing"

        time.now += 30  # half-open: one trial, which fails and re-opens
        with pytest.raises(TmdbUnavailableError):
            await client.search_movies("persepolis")
        assert client.breaker.state == "open" and len(tmdb_emulator.requests) == sent + 1

        tmdb_emulator.faults.server_errors = 0
        time.now += 30  # half-open again: the trial succeeds and closes the breaker
        assert [r.tmdb_id for r in await client.search_movies("persepolis")] == [2011]
        assert client.breaker.state == "closed" and client.available


async def test_a_slow_tmdb_times_out_into_the_friendly_error(
    tmdb_emulator: TmdbEmulator, time: FakeTime
) -> None:
    tmdb_emulator.faults.delay = 0.5
    async with make_client(
        FAKE_API_KEY, tmdb_emulator.base_url, time, timeout=0.05, max_attempts=2
    ) as client:
        with pytest.raises(TmdbUnavailableError):
            await client.search_movies("free solo")
    assert len(time.slept) == 1, "the timeout was retried once, after a backoff"


async def test_answers_are_cached_until_they_expire(
    tmdb_emulator: TmdbEmulator, time: FakeTime
) -> None:
    async with make_client(FAKE_API_KEY, tmdb_emulator.base_url, time) as client:
        first = await client.movie_details(25050)
        again = await client.movie_details(25050)
        await client.search_movies("still walking")
        await client.search_movies("still walking")
        assert again == first
        assert tmdb_emulator.count("/3/movie/25050") == 1
        assert tmdb_emulator.count("/3/search/movie") == 1
        assert tmdb_emulator.count("/3/configuration") == 1
        time.now += 3601
        await client.movie_details(25050)
        assert tmdb_emulator.count("/3/movie/25050") == 2


async def test_the_genre_list_is_read(tmdb_emulator: TmdbEmulator, time: FakeTime) -> None:
    async with make_client(FAKE_API_KEY, tmdb_emulator.base_url, time) as client:
        names = await client.genre_names()
    assert names[878] == "Science Fiction" and names[10770] == "TV Movie"


async def test_the_key_never_reaches_the_logs_or_the_repr(
    tmdb_emulator: TmdbEmulator, time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for key in (FAKE_API_KEY, FAKE_ACCESS_TOKEN):
        tmdb_emulator.reset()
        async with make_client(key, tmdb_emulator.base_url, time, max_attempts=3) as client:
            assert key not in repr(client)
            await client.search_movies("arrival")
            tmdb_emulator.faults.server_errors = 1
            tmdb_emulator.faults.rate_limited = 1
            await client.movie_details(329865)
            tmdb_emulator.faults.invalid_key = True
            with pytest.raises(ProjectionistError):
                await client.movie_details(2011)
        async with make_client(key, "http://127.0.0.1:9/3", time, max_attempts=1) as client:
            with pytest.raises(TmdbUnavailableError):
                await client.search_movies("nobody listens on port 9")
    assert caplog.records, "the scenario should have logged something"
    text = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert FAKE_API_KEY not in text and FAKE_ACCESS_TOKEN not in text


def test_no_key_means_no_client() -> None:
    assert TmdbClient.from_settings(Settings.from_env({})) is None
    settings = Settings.from_env({"TMDB_API_KEY": FAKE_ACCESS_TOKEN})
    client = TmdbClient.from_settings(settings)
    assert client is not None and client.auth_style == "v4"


async def test_identical_concurrent_requests_share_one_call(
    tmdb_emulator: TmdbEmulator, time: FakeTime
) -> None:
    tmdb_emulator.faults.delay = 0.05
    async with make_client(FAKE_API_KEY, tmdb_emulator.base_url, time) as client:
        results = await asyncio.gather(*(client.search_movies("paterson") for _ in range(4)))
        assert all(r == results[0] for r in results) and results[0][0].tmdb_id == 370755
        assert tmdb_emulator.count("/3/search/movie") == 1
        tmdb_emulator.faults.invalid_key = True
        failures = await asyncio.gather(
            *(client.movie_details(582) for _ in range(3)), return_exceptions=True
        )
    assert all(isinstance(f, TmdbAuthError) for f in failures)
    assert tmdb_emulator.count("/3/movie/582") == 1


async def test_suggestions_never_raise_and_keep_to_their_deadline(
    tmdb_emulator: TmdbEmulator, time: FakeTime
) -> None:
    async with make_client(FAKE_API_KEY, tmdb_emulator.base_url, time) as client:
        assert [s.tmdb_id for s in await client.suggest("still walking")] == [25050]
        assert await client.suggest("   ") == ()
        tmdb_emulator.faults.delay = 0.3
        assert await client.suggest("arrival", deadline=0.05) == ()
        assert client.breaker.state == "closed", "a caller's deadline says nothing about TMDB"
        tmdb_emulator.faults.delay = 0.0
        tmdb_emulator.faults.invalid_key = True
        assert await client.suggest("paterson") == ()
        sent = len(tmdb_emulator.requests)
        assert await client.suggest("persepolis") == ()
        assert len(tmdb_emulator.requests) == sent, "an unavailable TMDB is not even asked"
