"""The deadline scheduler of one process loses a close to another process quietly."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from bot.catalogue.models import FilmDraft, SceneDraft
from bot.polls.models import Poll, Status
from bot.polls.service import PollService
from bot.services import Services, build_services
from bot.settings import Settings
from cogs.polls.lifecycle import DeadlineScheduler

START = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
AFTER = START + timedelta(hours=2)


async def test_a_poll_another_process_closed_first_is_skipped_without_an_error(
    test_database: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(**test_database, load_starter_catalogue=False)
    this: Services = await build_services(settings)
    other: Services = await build_services(settings)  # the second process, same database
    try:
        draft = FilmDraft(title="Poll Film", scenes=(SceneDraft("One"), SceneDraft("Two")))
        film = await this.catalogue.add_film(draft, None)
        starter = PollService(this.backend.polls, lambda: START)
        poll = await starter.start(
            guild_id=5, channel_id=9, film=film, host_id=1,
            duration=timedelta(hours=1), method="schulze",
        )  # fmt: skip
        rival = PollService(other.backend.polls, lambda: AFTER)

        class ListedThenLost(PollService):
            async def open_polls(self) -> list[Poll]:
                listed = await super().open_polls()
                await rival.finish(poll.id, Status.CLOSED, due_only=True)  # the other wins
                return listed

        polls = ListedThenLost(this.backend.polls, lambda: AFTER)
        bot = SimpleNamespace(polls=polls, outbox=this.outbox)
        worker = SimpleNamespace(poke=lambda: None)
        scheduler = DeadlineScheduler(bot, worker)  # type: ignore[arg-type]
        with caplog.at_level(logging.DEBUG, logger="cogs.polls.lifecycle"):
            await scheduler.run_pass()
        assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert "was not closed here" in caplog.text
        closed = await polls.get(poll.id)
        assert closed.status is Status.CLOSED
        delivery = await this.outbox.claim(poll.id)  # the winner's row, for any process
        assert delivery is not None and delivery.poll_id == poll.id
    finally:
        await other.close()
        await this.close()
