"""One bot process per SQLite file: a second is refused in one line that points at PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.services import hold_bot_lock
from bot.settings import Settings


def test_a_second_holder_of_one_sqlite_file_is_refused(tmp_path: Path) -> None:
    settings = Settings(database_path=tmp_path / "bot.sqlite3")
    first = hold_bot_lock(settings)
    try:
        with pytest.raises(ConfigError) as refused:
            hold_bot_lock(settings)
        message = str(refused.value)
        assert "\n" not in message and "PostgreSQL" in message
        assert str(tmp_path / "bot.sqlite3") in message
    finally:
        first.release()
    hold_bot_lock(settings).release()  # released: the next bot may start


def test_another_process_holding_the_file_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    holder = textwrap.dedent(
        f"""
        import sys
        from bot.services import hold_bot_lock
        from bot.settings import Settings
        lock = hold_bot_lock(Settings(database_path={str(database)!r}))
        print("held", flush=True)
        sys.stdin.read()
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "held"
        with pytest.raises(ConfigError, match=f"process {process.pid}"):
            hold_bot_lock(Settings(database_path=database))
    finally:
        process.communicate("", timeout=30)
    hold_bot_lock(Settings(database_path=database)).release()  # the holder exited


def test_different_files_and_postgresql_need_no_lock(tmp_path: Path) -> None:
    one = hold_bot_lock(Settings(database_path=tmp_path / "one.sqlite3"))
    two = hold_bot_lock(Settings(database_path=tmp_path / "two.sqlite3"))
    pg = Settings(database_path=tmp_path / "one.sqlite3", database_url="postgresql://h/db")
    hold_bot_lock(pg).release()
    hold_bot_lock(pg).release()
    one.release()
    two.release()
