"""`projectionist db backup` copies without migrating or writing the source (issue 9, item 17)."""

from __future__ import annotations

import asyncio
import hashlib
import re
import sqlite3
from pathlib import Path

from bot.storage.sqlite.database import Database, backup_file, load_migrations
from tests.test_cli import run_cli


def _version(path: Path) -> int:
    with sqlite3.connect(path) as raw:
        version = int(raw.execute("PRAGMA user_version").fetchone()[0])
    raw.close()
    return version


async def _old_database(path: Path) -> None:
    """A database as an older Projectionist left it: only the first migrations applied."""
    db = await Database.open(path, migrate=False)
    try:
        await db.migrate(load_migrations()[:2])
    finally:
        await db.close()


async def test_a_backup_neither_migrates_nor_writes_the_source(tmp_path: Path) -> None:
    source = tmp_path / "old.sqlite3"
    await _old_database(source)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    result = await asyncio.to_thread(
        run_cli, tmp_path, "db", "backup", str(tmp_path / "copy.sqlite3"), db=source.name
    )
    assert result.returncode == 0, result.stderr
    assert _version(tmp_path / "copy.sqlite3") == 2  # the backup is of what was there
    assert _version(source) == 2
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest


async def test_a_directory_destination_gets_a_dated_file(tmp_path: Path) -> None:
    await _old_database(tmp_path / "cli.sqlite3")
    folder = tmp_path / "backups"
    folder.mkdir()
    result = await asyncio.to_thread(run_cli, tmp_path, "db", "backup", str(folder))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    [copy] = list(folder.iterdir())
    assert re.fullmatch(r"projectionist-\d{8}-\d{6}\.sqlite3", copy.name)
    assert str(copy) in result.stdout
    assert _version(copy) == 2


async def test_an_existing_file_or_a_missing_source_is_refused_in_one_line(
    tmp_path: Path,
) -> None:
    missing = await asyncio.to_thread(run_cli, tmp_path, "db", "backup", str(tmp_path / "x"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert "no database" in missing.stderr and not (tmp_path / "cli.sqlite3").exists()
    await _old_database(tmp_path / "cli.sqlite3")
    taken = tmp_path / "taken.sqlite3"
    taken.write_bytes(b"keep me")
    result = await asyncio.to_thread(run_cli, tmp_path, "db", "backup", str(taken))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "already exists" in result.stderr and taken.read_bytes() == b"keep me"


async def test_a_backup_of_a_live_database_is_consistent(tmp_path: Path) -> None:
    """Backups taken while another connection commits 10-row batches hold whole batches."""
    source = tmp_path / "live.sqlite3"
    db = await Database.open(source)
    stop = asyncio.Event()

    async def writer() -> None:
        batch = 0
        while not stop.is_set():
            async with db.transaction() as conn:
                for n in range(10):
                    title = f"Film {batch}-{n}"
                    await conn.execute(
                        "INSERT INTO films (title, title_key) VALUES (?, ?)", (title, title)
                    )
            batch += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(writer())
    try:
        counts = []
        for n in range(5):
            copy = await backup_file(source, tmp_path / f"copy{n}.sqlite3")
            with sqlite3.connect(copy) as raw:
                assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                counts.append(int(raw.execute("SELECT count(*) FROM films").fetchone()[0]))
            raw.close()
    finally:
        stop.set()
        await task
        await db.close()
    assert all(count % 10 == 0 for count in counts)
    assert counts[-1] > 0
