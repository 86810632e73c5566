"""The README's sandbox transcripts are what the sandbox prints today (regenerated, compared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.sandbox.transcript import DEFAULT_OUT, SCRIPTS, generate, normalise, same

pytestmark = pytest.mark.e2e

REGENERATE = "python -m bot.sandbox.transcript"


def test_the_committed_transcripts_are_current(tmp_path: Path) -> None:
    fresh = generate(tmp_path)
    names = {p.name for p in fresh}
    assert names == {f"{s.name}.md" for s in SCRIPTS} | {"poll-chart.png"}
    stale = [p.name for p in fresh if not same(DEFAULT_OUT / p.name, p)]
    assert not stale, f"stale transcripts {stale}: run {REGENERATE} and commit docs/transcripts"
    poll = (tmp_path / "poll.md").read_text("utf-8")
    assert "Ballots: 3" in poll and "Results · Rocky IV (1985)" in poll
    assert "saved to sandbox-output/" in poll and "](poll-chart.png)" in poll
    assert (tmp_path / "poll-chart.png").read_bytes().startswith(b"\x89PNG")


def test_the_readme_shows_them() -> None:
    readme = (DEFAULT_OUT.parents[1] / "README.md").read_text("utf-8")
    for script in SCRIPTS:
        assert f"docs/transcripts/{script.name}.md" in readme
    assert "docs/transcripts/poll-chart.png" in readme


def test_ids_are_numbered_in_order() -> None:
    guild, channel, message = "1577650531730456581", "1577650531730456586", "1577650535064928298"
    text = f"https://discord.com/channels/{guild}/{channel}/{message} {guild}  \n"
    assert normalise(text) == "https://discord.com/channels/1/2/3 1\n"


def test_a_picture_is_stale_when_its_pixels_change(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    base = Image.new("RGB", (200, 100), "white")
    base.save(tmp_path / "a.png")
    base.save(tmp_path / "b.png", optimize=True)  # other bytes, same pixels
    assert same(tmp_path / "a.png", tmp_path / "b.png")
    changed = base.copy()
    ImageDraw.Draw(changed).rectangle((0, 0, 120, 60), fill="black")
    changed.save(tmp_path / "c.png")
    assert not same(tmp_path / "a.png", tmp_path / "c.png")
    Image.new("RGB", (201, 100), "white").save(tmp_path / "d.png")
    assert not same(tmp_path / "a.png", tmp_path / "d.png")
