"""Every hostile import file gets one clear problem naming it; nothing is stored (item 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalogue.loader import decode, parse_text
from bot.catalogue.service import parse_ref
from bot.catalogue.validation import clean_line
from bot.errors import ValidationError
from tests.hostile_files import HOSTILE
from tests.test_cli import run_cli


@pytest.mark.parametrize(("name", "data", "message", "line"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_file_is_one_clear_error(
    name: str, data: bytes, message: str, line: int | None
) -> None:
    text = decode(data, name)
    assert isinstance(text, str)
    loaded = parse_text(text, name)
    errors = [p for p in loaded.all_problems if p.severity == "error"]
    assert errors and not loaded.ok
    assert message in errors[0].message, errors[0].message
    assert errors[0].source.startswith(name)
    if line is not None:
        assert errors[0].line == line
    errors[0].message.encode("utf-8")  # printable as it is: no lone surrogate in a message


def test_a_lone_surrogate_is_refused_by_every_way_in() -> None:
    with pytest.raises(ValidationError, match="not valid text"):
        clean_line("Modal \ud800 title")


@pytest.mark.parametrize("value", ["#²", "#١٢٣", "#99999999999999999999", "#-1"])
def test_an_autocomplete_reference_is_ascii_digits_that_fit(value: str) -> None:
    assert parse_ref(value) is None


def test_the_cli_reports_each_bad_file_and_imports_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data, _, _ in HOSTILE:
        (folder / f"a-{name}").write_bytes(data)
    (folder / "b-good.toml").write_text(
        'title = "Good Film"\nyear = 2001\n[[scenes]]\ntitle = "Fine scene"\n', "utf-8"
    )
    result = run_cli(tmp_path, "import", str(folder))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for name, _, message, line in HOSTILE:
        where = f"a-{name}:{line}:" if line is not None else f"a-{name}"
        reported = [x for x in result.stderr.splitlines() if where in x]
        assert reported and message in reported[0], (name, result.stderr)
    assert "1 film was created" in result.stdout
    assert f"{len(HOSTILE)} files skipped" in result.stdout
    shown = run_cli(tmp_path, "show", "good film")
    assert shown.returncode == 0 and "Good Film (2001)" in shown.stdout
