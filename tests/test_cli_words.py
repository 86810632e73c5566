"""What the command line says, as README quotes it (issue 12, "Words")."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_cli import ROOT, run_cli

HEAT = """Title: Heat
Release Date: 15/12/1995
Genres: Crime, Drama

A thief and a detective circle each other across Los Angeles.

3 Best Scenes from Heat

Scene 1: The armoured car
A crew takes a truck on a freeway.
Scene 2: The diner
Two men talk over coffee.
Scene 4: The airport
The runway lights, at the end.
"""


def test_the_readme_warning_example_is_what_the_cli_prints(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    found = re.search(r"`(heat\.txt:\d+: warning: [^`]+)`", readme)
    assert found, "README quotes an import warning"
    quoted = " ".join(found.group(1).split())
    (tmp_path / "heat.txt").write_text(HEAT, "utf-8")
    result = run_cli(tmp_path, "import", "heat.txt", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert quoted in result.stderr.splitlines(), result.stderr


def test_one_film_is_counted_in_the_singular(tmp_path: Path) -> None:
    (tmp_path / "heat.txt").write_text(HEAT, "utf-8")
    planned = run_cli(tmp_path, "import", "heat.txt", "--dry-run")
    assert "1 film would be created, 0 updated, 0 files skipped." in planned.stdout
    done = run_cli(tmp_path, "import", "heat.txt")
    assert "1 film was created, 0 updated, 0 files skipped." in done.stdout


def test_a_shared_import_into_an_empty_database_takes_the_starter_catalogues_place(
    tmp_path: Path,
) -> None:
    """README: a database filled with shared films by ``import`` keeps just those."""
    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert "without `--guild` keeps just those" in readme
    (tmp_path / "heat.txt").write_text(HEAT, "utf-8")
    assert run_cli(tmp_path, "import", "heat.txt").returncode == 0
    listed = run_cli(tmp_path, "search", "rocky", "--json")  # opening it loads no starter films
    assert listed.returncode == 0, listed.stderr
    assert "Rocky" not in listed.stdout
    assert "Heat" in run_cli(tmp_path, "search", "heat", "--json").stdout
    fresh = run_cli(tmp_path, "search", "rocky", "--json", db="fresh.sqlite3")
    assert "Rocky" in fresh.stdout  # an empty database does get the starter catalogue


def test_a_toml_error_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "middle.toml").write_text('title = "Heat"\nyear = 19 95\n', "utf-8")
    (tmp_path / "end.toml").write_text('title = "Heat"\nyear = 1995\ngenres = ["Crime"\n', "utf-8")
    result = run_cli(tmp_path, "import", "middle.toml", "end.toml")
    assert result.returncode == 1
    assert "middle.toml:2: error: not valid TOML" in result.stderr, result.stderr
    # tomllib says "at end of document": that is the file's last line
    assert "end.toml:3: error: not valid TOML" in result.stderr, result.stderr
