"""A clock the end-to-end tests move: the bot's polls and outbox go by it (``make_bot(clock=)``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.polls.service import utcnow


class MovableClock:
    """The real time plus an offset that only the test changes.

    Whoever listens (``on_move``) hears of every move: the ``make_bot`` fixture wakes the
    bot's deadline scheduler and outbox worker, which otherwise sleep by the real time.
    """

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self._offset = offset
        self._listeners: list[Callable[[], None]] = []

    def __call__(self) -> datetime:
        return utcnow() + self._offset

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward (past a poll's deadline, past a retry's backoff)."""
        self._offset += delta
        self._moved()

    def reset(self) -> None:
        """Back to the real time."""
        self._offset = timedelta(0)
        self._moved()

    def on_move(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _moved(self) -> None:
        for listener in self._listeners:
            listener()
