"""A database that cannot be used stops every entry point at start, in one line (issue 9, item 16).

Garbage, truncated and read-only databases are refused by `run`, `db info`, `db migrate` and
`import` before they do anything, with one line on stderr, no traceback and exit code 2. Tests run
as root, whom file modes do not stop; the read-only case drops the capability that lets root
ignore them (``setpriv``), so the file's mode applies as it would for any service account.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.missing import missing
from tests.test_cli import run_cli

COMMANDS = [["db", "info"], ["db", "migrate"], ["import", "ARTICLE"], ["run"]]
DROP_ROOT_OVERRIDE = [
    "setpriv",
    "--bounding-set=-dac_override,-dac_read_search",
    "--inh-caps=-dac_override,-dac_read_search",
]


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(
    workdir: Path, db: Path, command: list[str], article: Path, *, drop_root: bool = False
) -> subprocess.CompletedProcess[str]:
    args = [str(article) if a == "ARTICLE" else a for a in command]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    env.update(
        PROJECTIONIST_DB=str(db),
        DISCORD_TOKEN="not-a-real-token",
        # nothing listens here: the database must be refused before Discord is tried
        DISCORD_API_BASE=f"http://127.0.0.1:{_unused_port()}/api/v10",
        DISCORD_GATEWAY_URL="ws://127.0.0.1:9/gateway",
    )
    prefix = DROP_ROOT_OVERRIDE if drop_root and os.geteuid() == 0 else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "bot", *args],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _assert_one_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("projectionist: ")
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_garbage_file_is_refused_in_one_line(
    tmp_path: Path, seed_article: Path, command: list[str]
) -> None:
    db = tmp_path / "garbage.sqlite3"
    db.write_bytes(b"this is not a database, just some bytes\n" * 200)
    before = db.read_bytes()
    _assert_one_line(_run(tmp_path, db, command, seed_article), str(db), "not a usable")
    assert db.read_bytes() == before


@pytest.fixture
def truncated_db(tmp_path: Path) -> Path:
    db = tmp_path / "truncated.sqlite3"
    assert run_cli(tmp_path, "db", "migrate", db=db.name).returncode == 0
    with sqlite3.connect(db) as raw:
        raw.executemany(
            "INSERT INTO films (title, title_key, synopsis) VALUES (?, ?, ?)",
            [(f"Film {n}", f"film {n}", "x" * 2000) for n in range(300)],
        )
    raw.close()
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.truncate(size // 2)
    return db


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_truncated_database_is_refused_in_one_line(
    tmp_path: Path, seed_article: Path, truncated_db: Path, command: list[str]
) -> None:
    _assert_one_line(_run(tmp_path, truncated_db, command, seed_article), "not a usable")


@pytest.fixture
def read_only_db(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        missing("running as root without setpriv: file modes cannot make a file read-only")
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "bot.sqlite3"
    assert run_cli(folder, "db", "migrate", db="bot.sqlite3").returncode == 0
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield db
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_read_only_database_is_refused_at_start(
    tmp_path: Path, seed_article: Path, read_only_db: Path, command: list[str]
) -> None:
    result = _run(tmp_path, read_only_db, command, seed_article, drop_root=True)
    _assert_one_line(result, str(read_only_db), "write")
