"""`projectionist sandbox`: try the real bot on a local Discord emulator, no token needed.

* ``--run "/film info title:rocky 4"`` (repeatable): run the lines in order, print the answers,
  exit 1 if any line was malformed or the bot answered with an error (else 0).
* no ``--run`` and a terminal: an interactive prompt with Tab completion (see ``prompt.py``).
* no ``--run`` and piped standard input: run its lines like ``--run``.

A line may start with ``as moderator:`` (or member/owner) to run as that seeded member.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Iterator, Sequence

from rich.console import Console
from rich.text import Text

from bot.sandbox.errors import SandboxError
from bot.sandbox.session import Sandbox
from bot.sandbox.shell import Outcome, Shell

__all__ = ["main"]


def main(commands: list[str]) -> int:
    """Run the sandbox; returns the process exit code."""
    console = Console(markup=False, highlight=False)
    errors = Console(stderr=True, markup=False, highlight=False)
    interactive = not commands and sys.stdin.isatty()
    lines: list[str] = list(commands)
    if not commands and not interactive:
        lines = sys.stdin.read().splitlines()
    try:
        return asyncio.run(_main(lines, interactive, console, errors))
    except KeyboardInterrupt:
        errors.print("sandbox: interrupted")
        return 130
    except asyncio.CancelledError:  # SIGTERM or SIGHUP: everything was shut down first
        errors.print("sandbox: stopped")
        return 143


async def _main(lines: Sequence[str], interactive: bool, console: Console, errors: Console) -> int:
    with _cancel_on(signal.SIGTERM, signal.SIGHUP):
        return await _sandbox(lines, interactive, console, errors)


@contextlib.contextmanager
def _cancel_on(*signals: signal.Signals) -> Iterator[None]:
    """Turn these signals into a cancellation of the main task, so the bot is shut down."""
    loop, task = asyncio.get_running_loop(), asyncio.current_task()
    installed = []
    for sig in signals:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            if task is not None:
                loop.add_signal_handler(sig, task.cancel)
                installed.append(sig)
    try:
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


async def _sandbox(
    lines: Sequence[str], interactive: bool, console: Console, errors: Console
) -> int:
    try:
        sandbox = Sandbox()
    except SandboxError as exc:
        errors.print(Text(f"sandbox: {exc}", style="bold red"))
        return 1
    try:
        if interactive:
            with console.status("Starting the Discord emulator and the bot..."):
                await sandbox.start()
        else:
            await sandbox.start()
    except Exception as exc:  # noqa: BLE001 - reported in one line (plus the log's last lines)
        tail = sandbox.log_tail()
        await sandbox.close()
        errors.print(Text(f"sandbox: the bot did not start: {exc}", style="bold red"))
        for line in tail:
            errors.print(f"  {line}")
        return 1
    except BaseException:
        await sandbox.close()
        raise
    try:
        if interactive:
            from bot.sandbox.prompt import run_interactive

            return await run_interactive(sandbox, console, errors)
        return await run_lines(Shell(sandbox, console, errors), lines)
    finally:
        await sandbox.close()


async def run_lines(shell: Shell, lines: Sequence[str]) -> int:
    """Run every line (even after a failure); 1 if any failed."""
    failed = 0
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        shell.console.print(Text(f"{shell.prompt_label}{line.strip()}", "bold"), soft_wrap=True)
        outcome = await shell.execute(line)
        if outcome is Outcome.QUIT:
            break
        failed += outcome is Outcome.FAILED
        shell.console.print()
    return 1 if failed else 0
