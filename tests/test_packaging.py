"""The wheel carries what an installed bot needs: the starter catalogue and the migrations."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_wheel_carries_the_starter_catalogue_and_migrations(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path), str(ROOT)],
        check=True,
        timeout=300,
    )  # fmt: skip
    [wheel] = tmp_path.glob("projectionist-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("bot/_data/films/")}
    assert shipped == {p.name for p in (ROOT / "data" / "films").glob("*.toml")}
    folder = "bot/storage/sqlite/migrations/"
    migrations = {Path(n).name for n in names if n.startswith(folder)}
    assert migrations == {p.name for p in (ROOT / folder).glob("*.sql")}
    assert any(n.startswith("cogs/") for n in names)
    # the sandbox runs the bot on the emulator, so the wheel carries it with its subpackages
    for module in (
        "server",
        "gateway/sharding",
        "rest/app",
        "validation/messages",
        "testing/driver",
    ):
        assert f"discord_emulator/{module}.py" in names
    assert "tmdb_emulator/server.py" in names, "the sandbox can run against the fake TMDB"
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "projectionist = bot.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
