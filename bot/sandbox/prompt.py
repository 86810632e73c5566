"""The interactive sandbox: a prompt_toolkit prompt with completion from the synced schema.

Tab completes command and subcommand names, option names, static choices and -- for options
the bot autocompletes -- the bot's own suggestions. As in Discord, a choice's name is shown and
inserted and its value is sent. Ctrl-C cancels the line (or the running command); Ctrl-D or
``quit`` leaves.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncGenerator, Iterable, Iterator
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.application import run_in_terminal
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import InMemoryHistory
from rich.console import Console
from rich.text import Text

from bot.sandbox.errors import SandboxError
from bot.sandbox.parse import IDENTITIES, Context, ParseError, analyse, split_identity
from bot.sandbox.render import field_hint, modal_fields
from bot.sandbox.session import Sandbox
from bot.sandbox.shell import Outcome, Shell
from discord_emulator.testing.driver import DriverError

log = logging.getLogger(__name__)

KEYWORDS = (
    "help",
    "quit",
    "as",
    "guild",
    "press",
    "pick",
    "messages",
    "wait",
    "submit",
    "spoilers",
)
MAX_CHOICE_DISPLAY = 60
WATCH_INTERVAL = 0.5  # how often the prompt looks for messages the bot sent on its own


class SandboxCompleter(Completer):
    """Completions for one line of sandbox input; the bot is asked only for autocomplete."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def get_completions(self, document: Document, event: CompleteEvent) -> Iterable[Completion]:
        context, _ = self._context(document.text_before_cursor)
        yield from self._local(document.text_before_cursor, context)

    async def get_completions_async(
        self, document: Document, event: CompleteEvent
    ) -> AsyncGenerator[Completion, None]:
        text = document.text_before_cursor
        context, identity = self._context(text)
        for completion in self._local(text, context):
            yield completion
        option = context.option if context and context.kind == "value" else None
        if context is None or option is None or not option.get("autocomplete"):
            return
        try:
            choices = await self.sandbox.autocomplete(
                context.path, option["name"], context.prefix.strip(), context.given, identity
            )
        except (DriverError, SandboxError, ParseError) as exc:
            log.warning("autocomplete of %s failed: %s", option["name"], exc)
            return
        for choice in choices:  # as in Discord: the name is shown and typed, the value sent
            name = str(choice["name"])
            self.sandbox.remember_choice(context.path, option["name"], name, choice["value"])
            yield Completion(
                name, start_position=-len(context.prefix), display=name[:MAX_CHOICE_DISPLAY]
            )

    def _context(self, text: str) -> tuple[Context | None, str | None]:
        try:
            identity, _ = split_identity(text)
            commands = self.sandbox.visible_commands(identity)
        except (ParseError, SandboxError):
            return None, None
        return analyse(text, commands), identity

    def _local(self, text: str, context: Context | None) -> Iterator[Completion]:
        words = text.split()
        if context is not None and context.kind != "none":
            yield from _schema_completions(context)
        elif not text.strip():
            for command in self.sandbox.visible_commands():
                yield _named(command, "/" + command["name"] + " ", 0)
        elif len(words) == 1 and not text.endswith(" "):
            for keyword in KEYWORDS:
                if keyword.startswith(words[0].lower()):
                    yield Completion(keyword + " ", start_position=-len(words[0]))
        elif words[0].lower() in ("as", "guild"):
            partial = text.split(" ", 1)[1].lstrip()
            if words[0].lower() == "as":
                pool = [*IDENTITIES, *self.sandbox.member_names()]
            else:
                pool = self.sandbox.guild_names()
            for name in pool:
                if name.casefold().startswith(partial.casefold()):
                    yield Completion(name, start_position=-len(partial))


def _named(entry: dict[str, Any], text: str, start: int) -> Completion:
    return Completion(text, start_position=start, display=text.strip(), display_meta=_meta(entry))


def _meta(entry: dict[str, Any]) -> str:
    meta = str(entry.get("description") or "")
    return meta + " (required)" if entry.get("required") else meta


def _schema_completions(context: Context) -> Iterator[Completion]:
    if context.kind in ("command", "subcommand"):
        for entry in context.candidates:
            if entry["name"].startswith(context.prefix.lower()):
                yield _named(entry, entry["name"] + " ", -len(context.prefix))
        return
    word = context.word
    if context.kind == "option" or (word and ":" not in word):
        for entry in context.candidates:
            if entry["name"].startswith(word.lower()):
                yield _named(entry, entry["name"] + ":", -len(word))
    option = context.option
    if context.kind == "value" and option is not None and option.get("choices"):
        typed = context.prefix.strip().casefold()
        for choice in option["choices"]:
            if typed in str(choice["name"]).casefold():
                name = str(choice["name"])  # coerce() sends the choice's value
                yield Completion(name, start_position=-len(context.prefix), display=name)


class ModalPrompter:
    """Fills a modal field by field on the terminal; None when the person gives up (Ctrl-C)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.session: PromptSession[str] = PromptSession()

    async def __call__(self, modal: dict[str, Any]) -> dict[str, Any] | None:
        self.console.print(Text("Fill in the form (Enter keeps the default, Ctrl-C cancels):"))
        values: dict[str, Any] = {}
        try:
            for component in modal_fields(modal):
                values[component["custom_id"]] = await self._field(component)
        except (KeyboardInterrupt, EOFError):
            return None
        return values

    async def _field(self, component: dict[str, Any]) -> Any:
        label = str(component.get("label") or component.get("placeholder") or "")
        line = Text(f"{label}", style="bold")
        line.append(f"  ({field_hint(component)})", style="dim")
        self.console.print(line)
        if component.get("placeholder"):
            self.console.print(Text(f"  e.g. {component['placeholder']}", style="dim"))
        if component.get("type") in (3, 22):  # string select, checkbox group
            return await self._choose(component)
        if component.get("type") == 21:  # radio group: one option
            return (await self._choose({**component, "min_values": 1, "max_values": 1}))[0]
        if component.get("type") == 23:  # checkbox
            return await self._tick(component)
        default = str(component.get("value") or "")
        if default:
            shown = default.replace("\n", "\n           ")
            self.console.print(Text(f"  default: {shown}", style="dim"))
        while True:
            answer = await self.session.prompt_async("  > ", handle_sigint=False)
            value = answer.replace("\\n", "\n") if answer else default
            problem = _text_problem(component, value)
            if problem is None:
                return value
            self.console.print(Text(f"  {problem}", style="red"))

    async def _tick(self, component: dict[str, Any]) -> bool:
        default = bool(component.get("default"))
        while True:
            answer = (await self.session.prompt_async("  yes/no> ", handle_sigint=False)).strip()
            if not answer:
                return default
            if answer.casefold() in ("yes", "y", "no", "n"):
                return answer.casefold().startswith("y")
            self.console.print(Text("  answer yes or no", "red"))

    async def _choose(self, component: dict[str, Any]) -> list[str]:
        options = component.get("options") or []
        for number, option in enumerate(options, start=1):
            self.console.print(f"    {number}. {option.get('label')}", markup=False)
        low, high = component.get("min_values", 1), component.get("max_values", 1)
        while True:
            answer = await self.session.prompt_async("  numbers> ", handle_sigint=False)
            words = answer.split()
            valid = all(w.isdigit() and 1 <= int(w) <= len(options) for w in words)
            if valid and low <= len(words) <= high:
                return [options[int(w) - 1]["value"] for w in words]
            self.console.print(Text(f"  pick {low} to {high} of 1..{len(options)}", "red"))


def _text_problem(component: dict[str, Any], value: str) -> str | None:
    if not value:
        return "this field is required" if component.get("required", True) else None
    low, high = component.get("min_length", 0), component.get("max_length", 4000)
    if not low <= len(value) <= high:
        return f"{len(value)} characters: this field takes {low} to {high}"
    return None


async def run_interactive(sandbox: Sandbox, console: Console, errors: Console) -> int:
    shell = Shell(sandbox, console, errors, modal_filler=ModalPrompter(console))
    session: PromptSession[str] = PromptSession(
        completer=SandboxCompleter(sandbox),
        complete_while_typing=False,
        history=InMemoryHistory(),
    )
    console.print(
        Text.assemble(
            ("Projectionist sandbox", "bold"),
            " - the real bot on a local Discord emulator, with a throw-away database.\n",
            "Type a slash command (Tab completes, e.g. /film info title:rock<Tab>), ",
            "help for sandbox commands, quit to leave.\n",
            f"Files the bot sends (poll charts) are saved in {sandbox.output}/.",
        )
    )
    loop = asyncio.get_running_loop()
    running: list[asyncio.Task[Outcome]] = []
    watcher = asyncio.create_task(_watch(shell, session, running), name="sandbox-watch")
    try:
        return await _loop(shell, session, console, loop, running)
    finally:
        watcher.cancel()
        await asyncio.gather(watcher, return_exceptions=True)


async def _watch(
    shell: Shell, session: PromptSession[str], running: list[asyncio.Task[Outcome]]
) -> None:
    """While the prompt waits for input, show what the bot posts or edits on its own (a poll
    closing at its deadline, a refreshed ballot count) above the prompt."""
    while True:
        await asyncio.sleep(WATCH_INTERVAL)
        if running or not session.app.is_running or not shell.news():
            continue
        await run_in_terminal(lambda: _show_news(shell))


def _show_news(shell: Shell) -> None:
    if shell.catch_up():
        shell.console.print()


async def _loop(
    shell: Shell,
    session: PromptSession[str],
    console: Console,
    loop: asyncio.AbstractEventLoop,
    running: list[asyncio.Task[Outcome]],
) -> int:
    with _cancel_on_sigint(loop, running):
        while True:
            try:
                line = await session.prompt_async(
                    _prompt(shell), handle_sigint=False, set_exception_handler=False
                )
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            task = asyncio.ensure_future(shell.execute(line))
            running[:] = [task]
            try:
                outcome = await task
            except asyncio.CancelledError:
                me = asyncio.current_task()
                if me is not None and me.cancelling():
                    raise
                console.print(Text("(cancelled)", style="dim"))
                continue
            finally:
                running.clear()
            if outcome is Outcome.QUIT:
                break
            console.print()
    return 0


def _prompt(shell: Shell) -> FormattedText:
    sandbox = shell.sandbox
    return FormattedText(
        [
            ("ansigreen bold", sandbox.identity),
            ("", "@"),
            ("ansicyan", sandbox.guild_name),
            ("", "> "),
        ]
    )


@contextlib.contextmanager
def _cancel_on_sigint(
    loop: asyncio.AbstractEventLoop, running: list[asyncio.Task[Outcome]]
) -> Iterator[None]:
    """Ctrl-C while a command runs cancels that command (at the prompt it is just a key)."""

    def cancel() -> None:
        for task in running:
            task.cancel()

    try:
        loop.add_signal_handler(signal.SIGINT, cancel)
    except (NotImplementedError, RuntimeError):
        yield
        return
    try:
        yield
    finally:
        loop.remove_signal_handler(signal.SIGINT)
