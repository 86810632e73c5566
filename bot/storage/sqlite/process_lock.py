"""One bot process per SQLite file: an exclusive ``flock`` on ``<database>.lock`` beside it.

SQLite serialises writers inside one process well, but several bot processes (shards) on one
file would each cache polls and tallies and fight over the write lock: that takes PostgreSQL.
The lock is taken without waiting and held for the bot's lifetime; the kernel releases it when
the process ends, however it ends, so a killed bot never leaves a stale lock. The CLI's
`import` and `db` commands do not take it: they are made to run beside the bot.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from bot.errors import ConfigError


class ProcessLock:
    """Held until ``release``; the lock file stays (removing it would race a starting bot)."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def hold_process_lock(database: Path | str) -> ProcessLock:
    """Take ``database``'s bot lock, or raise ConfigError naming the holder's process id."""
    path = lock_path(Path(database))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise ConfigError(f"Cannot create the lock file {path}: {exc.strerror}.") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fd)
        os.close(fd)
        raise ConfigError(
            f"{database} is already used by another bot process{holder}: one SQLite file serves "
            "one bot process; to run several (shards), use PostgreSQL "
            "(PROJECTIONIST_DB=postgresql://user:pass@host:port/db)."
        ) from None
    with contextlib.suppress(OSError):  # the pid is only a courtesy for the next refusal
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return ProcessLock(fd)


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (process {text})" if text.isdigit() else ""
