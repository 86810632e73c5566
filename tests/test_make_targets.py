"""`make sandbox` installs only what the sandbox runs, and every install says what it does."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.missing import missing

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _make_is_installed() -> None:
    if shutil.which("make") is None:
        missing("make is not installed")


def _plan(target: str, venv: Path) -> str:
    """What ``make target`` would run for a fresh clone (no .venv yet), without running it."""
    result = subprocess.run(
        ["make", "-n", target, f"VENV={venv}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_the_sandbox_installs_the_runtime_only_and_says_so(tmp_path: Path) -> None:
    plan = _plan("sandbox", tmp_path / "venv")
    assert "Creating the virtual environment" in plan
    assert "Installing Projectionist and its runtime dependencies" in plan
    assert "-e ." in plan and "[dev]" not in plan  # no pytest, ruff or mypy for the sandbox
    assert "--progress-bar off" in plan and "Collecting|Successfully" in plan  # progress lines
    assert "Starting the local Discord emulator" in plan


def test_make_test_says_it_installs_the_development_tools(tmp_path: Path) -> None:
    plan = _plan("test", tmp_path / "venv")
    assert "Installing the development tools (pytest, ruff, mypy, hypothesis)" in plan
    assert "'.[dev]'" in plan
