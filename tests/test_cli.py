"""The command line, run as a user runs it: a subprocess with its own database."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.missing import missing

ROOT = Path(__file__).resolve().parents[1]


def run_cli(
    tmp_path: Path, *args: str, db: str = "cli.sqlite3"
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["PROJECTIONIST_DB"] = db if "://" in db else str(tmp_path / db)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_seed_article_dry_run_json(tmp_path: Path, seed_article: Path) -> None:
    result = run_cli(tmp_path, "import", str(seed_article), "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    [film] = json.loads(result.stdout)
    assert film["title"] == "Rocky IV"
    assert film["release_date"] == "1985-11-21" and film["year"] == 1985
    assert film["genres"] == ["Drama"]
    assert film["synopsis"].startswith("Rocky IV, released")
    assert film["synopsis"].endswith("human heart.")
    assert len(film["scenes"]) == 6
    assert [s["rank"] for s in film["scenes"]] == [1, 2, 3, 4, 5, 6]
    assert film["scenes"][5]["title"].endswith("the end of the fight.")
    for scene in film["scenes"]:
        assert not re.search(r"Scene \d+:", scene["description"])
    assert film["warnings"] == []
    assert not (tmp_path / "cli.sqlite3").exists() or _count(tmp_path) == 0


def _count(tmp_path: Path) -> int:
    info = run_cli(tmp_path, "db", "info")
    line = next(x for x in info.stdout.splitlines() if x.startswith("films:"))
    return int(line.split(":")[1])


def test_import_search_show_export_round_trip(tmp_path: Path, seed_article: Path) -> None:
    imported = run_cli(tmp_path, "import", str(seed_article), "--guild", "77")
    assert imported.returncode == 0, imported.stderr
    assert "1 film was created" in imported.stdout
    found = run_cli(tmp_path, "search", "rocky 4", "--guild", "77", "--json")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert hits[0]["title"] == "Rocky IV" and hits[0]["year"] == 1985
    assert set(hits[0]) == {"id", "title", "year", "score"}
    shown = run_cli(tmp_path, "show", "rocky 4", "--guild", "77")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Rocky IV (1985)")

    exported = run_cli(tmp_path, "export", "-o", str(tmp_path / "out.json"))
    assert exported.returncode == 0, exported.stderr
    restored = run_cli(tmp_path, "import", str(tmp_path / "out.json"), db="copy.sqlite3")
    assert restored.returncode == 0, restored.stderr
    again = run_cli(tmp_path, "export", "-o", str(tmp_path / "again.json"), db="copy.sqlite3")
    assert again.returncode == 0, again.stderr
    first = json.loads((tmp_path / "out.json").read_text("utf-8"))
    second = json.loads((tmp_path / "again.json").read_text("utf-8"))

    def strip_ids(doc: dict[str, list[dict[str, object]]]) -> list[dict[str, object]]:
        return sorted(
            ({k: v for k, v in f.items() if k != "id"} for f in doc["films"]),
            key=lambda f: (str(f["title"]), str(f["year"]), str(f["guild_id"])),
        )

    assert strip_ids(first) == strip_ids(second)
    assert any(f["guild_id"] == 77 for f in second["films"])


def test_a_broken_file_fails_cleanly_and_stores_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "Unclosed\n', "utf-8")
    result = run_cli(tmp_path, "import", str(bad))
    assert result.returncode == 1
    assert "bad.toml" in result.stderr and "Traceback" not in result.stderr
    missing = run_cli(tmp_path, "import", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_run_without_a_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "run")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "DISCORD_TOKEN" in result.stderr


def test_db_commands(tmp_path: Path) -> None:
    migrated = run_cli(tmp_path, "db", "migrate")
    assert migrated.returncode == 0 and "schema version" in migrated.stdout
    info = run_cli(tmp_path, "db", "info")
    assert "schema version" in info.stdout
    backup = run_cli(tmp_path, "db", "backup", str(tmp_path / "b" / "copy.sqlite3"))
    assert backup.returncode == 0 and (tmp_path / "b" / "copy.sqlite3").is_file()


def test_db_commands_on_postgres(tmp_path: Path, pg_empty_url: str) -> None:
    # The throwaway cluster trusts local connections, so any password is accepted and must
    # still never be printed.
    url = pg_empty_url.replace("projectionist@", "projectionist:s3cr3t-pw@", 1)
    migrated = run_cli(tmp_path, "db", "migrate", db=url)
    assert migrated.returncode == 0, migrated.stderr
    assert re.search(r"Applied [1-9]\d* migrations; schema version [1-9]", migrated.stdout)
    info = run_cli(tmp_path, "db", "info", db=url)
    assert "projectionist:***@" in info.stdout and "films: 0" in info.stdout
    dump = tmp_path / "b" / "films.dump"
    backup = run_cli(tmp_path, "db", "backup", str(dump), db=url)
    for run in (migrated, info, backup):
        assert "s3cr3t-pw" not in run.stdout + run.stderr
    if not shutil.which("pg_dump"):
        missing("pg_dump is not on PATH, so the PostgreSQL backup cannot be proven")
    assert backup.returncode == 0 and dump.read_bytes().startswith(b"PGDMP")


def test_an_unreachable_postgres_is_one_line_without_the_password(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: refused
        result = run_cli(
            tmp_path, "db", "info", db=f"postgresql://bot:s3cr3t-pw@127.0.0.1:{port}/films"
        )
    assert result.returncode == 2 and "s3cr3t-pw" not in result.stdout + result.stderr
    assert (
        result.stderr.strip().count("\n") == 0 and "Cannot connect to PostgreSQL" in result.stderr
    )


@pytest.mark.parametrize("args", [["search", "x", "--limit", "99"], ["import"], ["bogus"]])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    result = run_cli(tmp_path, *args)
    assert result.returncode == 2 and "usage:" in result.stderr


def test_the_starter_catalogue_dry_run_lists_every_film_without_a_warning(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "import", str(ROOT / "data" / "films"), "--dry-run", "--json")
    assert result.returncode == 0 and result.stderr == ""
    films = json.loads(result.stdout)
    assert len(films) == len(list((ROOT / "data" / "films").glob("*.toml")))
    assert all(film["warnings"] == [] for film in films)


def test_the_import_summary_counts_in_words() -> None:
    from bot.catalogue.imports import ImportReport
    from bot.cli.catalogue_cmds import import_summary

    empty = ImportReport(files=(), dry_run=True)
    planned = import_summary(empty, dry_run=True)
    assert planned == "0 films would be created, 0 updated, 0 files skipped."
    done = import_summary(empty, dry_run=False)
    assert done == "0 films were created, 0 updated, 0 files skipped."


def test_reimport_dry_run_lists_scene_changes_and_the_import_merges(
    tmp_path: Path, seed_article: Path
) -> None:
    starter = ROOT / "data" / "films" / "rocky-iv-1985.toml"
    assert run_cli(tmp_path, "import", str(starter)).returncode == 0
    preview = run_cli(tmp_path, "import", str(seed_article), "--dry-run", "--remove-missing")
    assert preview.returncode == 0, preview.stderr
    assert "Added: " in preview.stdout
    assert "Removed: “Paulie's birthday robot”: nothing points at it" in preview.stdout
    assert "0 films would be created, 1 updated" in preview.stdout
    kept = run_cli(tmp_path, "import", str(seed_article))
    assert "Kept after the imported scenes" in kept.stdout, kept.stdout
    shown = run_cli(tmp_path, "show", "rocky 4", "--json")
    film = json.loads(shown.stdout)
    assert film["director"] == "Sylvester Stallone" and film["runtime"] == 91
    assert "Sport" in film["genres"] and film["tagline"]
    assert len(film["scenes"]) == 13 and sum(s["spoiler"] for s in film["scenes"]) == 3
