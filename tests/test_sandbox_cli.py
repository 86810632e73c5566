"""`projectionist sandbox` run as a person runs it: a subprocess with the emulator and the bot."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TIMEOUT = 90
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-B]|[=>])")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN",)}
    env["PROJECTIONIST_DB"] = str(tmp_path / "must-not-exist.sqlite3")
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    env["TMPDIR"] = str(tmp_path / "tmp")
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env.pop("PROJECTIONIST_SANDBOX_KEEP", None)
    return env


def sandbox(
    tmp_path: Path, *runs: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    args = [a for run in runs for a in ("--run", run)]
    result = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox", *args],
        cwd=tmp_path,
        env={**_env(tmp_path), "COLUMNS": "100"},
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    # the sandbox always uses (and removes) its own temporary database
    assert not (tmp_path / "must-not-exist.sqlite3").exists()
    assert not (tmp_path / "xdg").exists()
    assert list((tmp_path / "tmp").iterdir()) == []
    return result


def test_run_prints_the_answers_in_order(tmp_path: Path) -> None:
    result = sandbox(tmp_path, "/film info title:rocky 4", "/scene list film:rocky 4")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Rocky IV (1985)" in out and "[1] Best scenes" in out
    assert "Best scenes · Rocky IV (1985)" in out and "training montage" in out
    assert out.index("Released: 21 November 1985") < out.index("training montage")
    assert result.stderr == ""  # quiet: warnings go to the log file


def test_an_error_answer_exits_non_zero(tmp_path: Path) -> None:
    result = sandbox(tmp_path, "/film info title:qqqqzzzz")
    assert result.returncode == 1
    assert "(only you can see this)" in result.stdout and "couldn't find" in result.stdout
    assert "the bot answered with an error" in result.stderr


def test_unknown_command_is_explained(tmp_path: Path) -> None:
    result = sandbox(tmp_path, "/nosuchcommand", "/about")
    assert result.returncode == 1
    assert "sandbox: /nosuchcommand is not a command here; commands: about," in result.stderr
    assert "Traceback" not in result.stderr
    assert "Projectionist" in result.stdout  # the next line still ran


def test_as_prefix_buttons_and_files(tmp_path: Path) -> None:
    article = Path(__file__).parent / "fixtures" / "articles" / "the-third-man-best-scenes.txt"
    result = sandbox(
        tmp_path,
        "as moderator: /manage settings show",
        f"as moderator: /manage import file:{article}",
        "as moderator: press 1",
        "/film info title:the third man",
        "press 1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Import preview" in result.stdout and "Imported: 1 new" in result.stdout
    assert "The Third Man (1949)" in result.stdout and "#4 Projectionist" in result.stdout


def test_piped_standard_input_runs_line_by_line(tmp_path: Path) -> None:
    result = sandbox(tmp_path, stdin="/about\n\n# a comment\nquit\n/help\n")
    assert result.returncode == 0, result.stderr
    assert "member@Film Club> /about" in result.stdout
    assert "Look up films, read their best scenes" in result.stdout
    assert "/help" not in result.stdout  # nothing runs after quit


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_interactive_prompt_through_a_pseudo_terminal(tmp_path: Path) -> None:
    import fcntl
    import pty
    import select
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 120, 0, 0))
    env = {**_env(tmp_path), "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox"],
        cwd=tmp_path,
        env=env,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        close_fds=True,
    )
    os.close(follower)
    seen = ""

    def wait_for(text: str, within: float = 30.0) -> None:
        nonlocal seen
        deadline = time.monotonic() + within
        while text not in ANSI.sub("", seen):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{text!r} never appeared in:\n{ANSI.sub('', seen)}")
            ready, _, _ = select.select([leader], [], [], remaining)
            if ready:
                try:
                    seen += os.read(leader, 65536).decode("utf-8", "replace")
                except OSError:  # the child closed the terminal
                    break

    def send(keys: str) -> None:
        os.write(leader, keys.encode())

    try:
        wait_for("member@Film Club>")
        send("/film info title:rocky 4\r")
        wait_for("[2] Discuss")
        send("1\r")
        wait_for("Best scenes · Rocky IV (1985)")
        send("/fi\t")
        wait_for("/film")
        send("\x15as moderator\r")  # Ctrl-U clears the line first
        wait_for("moderator@Film Club>")
        send("quit\r")
        assert proc.wait(timeout=TIMEOUT) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        os.close(leader)
    assert "Traceback" not in seen


def test_attachments_are_kept_where_the_output_says(tmp_path: Path) -> None:
    result = sandbox(
        tmp_path,
        "as maya: /poll start film:alien",
        "as maya: /poll close poll:#1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    saved = re.findall(r"saved to (\S+\.png)", result.stdout)
    assert saved == ["sandbox-output/4-poll-1-results.png"], result.stdout
    # still there after the sandbox quit, relative to where it was started
    assert (tmp_path / saved[0]).read_bytes().startswith(b"\x89PNG")


def test_run_fills_forms_with_a_select_and_a_checkbox(tmp_path: Path) -> None:
    result = sandbox(
        tmp_path,
        "as moderator: /manage film add",
        "submit title=Harbour Lights release_date=1961 genres=Drama, mystery",
        "as moderator: /manage scene add film:harbour lights",
        "submit title=The ledger description=The captain burns it. spoiler=yes",
        "/scene list film:harbour lights",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Added Harbour Lights (1961)." in result.stdout
    assert "Drama, Mystery" in result.stdout
    assert "Scene title" in result.stdout  # a Label-wrapped input is named by its label
    listed = result.stdout.split("/scene list")[-1]
    assert "The ledger" not in listed and "▒▒▒" in listed  # the checkbox made it a spoiler
