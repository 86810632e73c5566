"""One line of sandbox input -> an action on the sandbox -> what the bot answered, rendered.

Used the same way by ``--run``, piped standard input and the interactive prompt. Messages get a
short number (``#3``) in the order they first appear; ``press``/``pick`` act on the last message
that has buttons or menus, or on an earlier one with ``on 3``.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from bot.sandbox.errors import SandboxError
from bot.sandbox.forms import parse_submit, submit_hint
from bot.sandbox.parse import ParseError, parse_command, split_identity
from bot.sandbox.parse import identity as parse_identity
from bot.sandbox.render import (
    Item,
    interactive_items,
    name_mentions,
    render_message,
    render_modal,
)
from bot.sandbox.session import Sandbox
from discord_emulator.testing.driver import DriverError, Reply, SentMessage

log = logging.getLogger(__name__)

ModalFiller = Callable[[dict[str, Any]], Awaitable[dict[str, Any] | None]]
_ON = re.compile(r"^(?P<args>.*?)\s+on\s+#?(?P<msg>\d+)\s*$", re.I)
_DURATION = re.compile(r"(\d{1,6})\s*([a-z]+)\s*", re.I)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}

HELP = """\
Sandbox commands (everything else starting with / goes to the bot):
  /film info title:rocky 4     run a slash command; Tab completes names, options and values
  as moderator: /manage ...    run one command as someone else
  as alice     as bob --mod    become anyone (a new member joins on first use; --mod gives
                               moderator rights); member, moderator, owner are seeded
  guild Second Guild           switch guild
  press 1   (or just: 1)       press button [1] of the last message with buttons
  pick 2    pick 2 3           pick option(s) of the menu [A] of that message
  pick B 1                     pick in menu [B] when a message has several
  press 1 on 3                 act on message #3 instead (also: pick 2 on 3)
  messages                     list the messages you can act on
  submit title=Alien year=1979 fill in the open form (ids shown with it; menus: labels or
                               numbers, commas between; checkboxes: spoiler=yes); interactively
                               you are asked instead
  spoilers shown|hidden        show spoiler text, or hide it behind bars as Discord does
  wait 10m     wait 2 days     let time pass for the bot: polls due close and post results
                               (messages the bot posts or edits on its own show as they come)
  help                         this text
  quit                         leave (Ctrl-D works too)"""


class Outcome(enum.Enum):
    OK = "ok"
    FAILED = "failed"
    QUIT = "quit"


class Shell:
    def __init__(
        self,
        sandbox: Sandbox,
        console: Console,
        errors: Console,
        *,
        modal_filler: ModalFiller | None = None,
    ) -> None:
        self.sandbox = sandbox
        self.console = console
        self.errors = errors
        self.modal_filler = modal_filler
        self.numbers: dict[int, int] = {}  # message id -> #number
        self.actionable: list[int] = []  # ids of messages with buttons or menus, oldest first
        self.saved: dict[int, Path] = {}  # attachment id -> file in the output folder
        self.versions: dict[int, str] = {}  # message id -> what was last shown of it
        self.form: Reply | None = None  # the form waiting for a `submit` line
        self.reveal = False  # spoilers shown (True) or hidden behind bars

    @property
    def prompt_label(self) -> str:
        return f"{self.sandbox.identity}@{self.sandbox.guild_name}> "

    async def execute(self, line: str) -> Outcome:
        """Run one line; problems are printed as one friendly line and reported as FAILED."""
        text = line.strip()
        try:
            return await self._dispatch(text)
        except (ParseError, SandboxError, DriverError) as exc:
            self.fail(_friendly(str(exc), self.sandbox.identity))
            return Outcome.FAILED
        finally:
            self.catch_up()

    def news(self) -> list[SentMessage]:
        """Public messages the bot posted or changed since they were last shown."""
        return [m for m in self.sandbox.public_messages() if self.versions.get(m.id) != _version(m)]

    def catch_up(self) -> int:
        """Show what the bot posted or edited on its own (a poll closing, a refreshed count)."""
        news = self.news()
        for message in news:
            self.show(message, note="updated" if message.id in self.numbers else "")
        return len(news)

    def fail(self, message: str) -> None:
        self.errors.print(Text(f"sandbox: {message}", style="bold red"), soft_wrap=True)

    async def _dispatch(self, text: str) -> Outcome:
        identity, text = split_identity(text)
        if identity is not None:  # `as moderator: <anything>` -- just for this line
            previous, self.sandbox.identity = self.sandbox.identity, identity
            try:
                return await self._dispatch(text)
            finally:
                self.sandbox.identity = previous
        word, _, rest = text.partition(" ")
        word = word.lower()
        if not text or text.startswith("#"):
            return Outcome.OK
        if word in ("quit", "exit", "q", ":q"):
            return Outcome.QUIT
        if word in ("help", "?") and not rest:
            self.console.print(HELP, markup=False, highlight=False)
            return Outcome.OK
        if text.startswith("/"):
            command = parse_command(text, self.sandbox.commands())
            return await self.handle(await self.sandbox.slash(command))
        if word == "as":
            return self._switch_identity(rest.strip().lower())
        if word == "guild":
            name = self.sandbox.use_guild(rest)
            self.console.print(f"Now in {name}.", highlight=False)
            return Outcome.OK
        if word == "messages":
            return self._list_messages()
        if word == "press" or text.isdigit():
            return await self._press(rest if word == "press" else text)
        if word == "pick":
            return await self._pick(rest)
        if word == "wait":
            return await self._wait(rest)
        if word == "submit":
            return await self._submit(rest)
        if word == "spoilers" and rest.strip().lower() in ("shown", "hidden", "show", "hide"):
            self.reveal = rest.strip().lower() in ("shown", "show")
            state = "shown" if self.reveal else "hidden behind bars"
            self.console.print(f"Spoilers are {state} from now on.", highlight=False)
            return Outcome.OK
        raise SandboxError(
            f"unknown sandbox command {word!r} (slash commands start with /; try help)"
        )

    def _switch_identity(self, who: str) -> Outcome:
        try:
            wanted = parse_identity(who)
        except ParseError as exc:
            raise SandboxError(str(exc)) from None
        member = self.sandbox.member(wanted)
        self.sandbox.identity = wanted.split()[0]  # moderator rights, once given, stay
        rights = "moderator" if self.sandbox.is_moderator(member) else "member"
        if member.user.id == self.sandbox.driver.owner.user.id:
            rights = "owner"
        self.console.print(f"You are now {member.user.username} ({rights}).", highlight=False)
        return Outcome.OK

    # -- answers -------------------------------------------------------------------------------

    async def handle(self, reply: Reply, *, source: int | None = None) -> Outcome:
        """Print every message of the reply, fill a modal if one opened, classify the result."""
        shown: set[int] = set()
        for message in reply.all_messages:
            if message.id in shown:
                continue
            shown.add(message.id)
            note = "updated" if message.id == source or message.id in self.numbers else ""
            self.show(message, note=note)
        if reply.is_modal and reply.modal is not None:
            return await self._modal(reply)
        if not shown and reply.acknowledged and not reply.errors:
            self.console.print(Text("(the bot acknowledged without a visible answer)", "dim"))
        problem = self.sandbox.failure(reply)
        if problem:
            for request in reply.errors:
                self.errors.print(
                    f"  {request.method} {request.path} -> {request.status}: {request.response}",
                    markup=False,
                    highlight=False,
                )
            self.fail(problem)
            return Outcome.FAILED
        return Outcome.OK

    async def _submit(self, text: str) -> Outcome:
        if self.form is None or self.form.modal is None:
            raise SandboxError("no form is open; a command or button opens one")
        values = parse_submit(text, self.form.modal)
        reply = await self.sandbox.submit_modal(self.form, values)  # DriverError keeps it open
        self.form = None
        return await self.handle(reply)

    async def _wait(self, text: str) -> Outcome:
        try:
            delta = parse_wait(text)
        except ValueError as exc:
            raise SandboxError(str(exc)) from None
        await self.sandbox.advance(delta)
        if not self.catch_up():
            self.console.print(Text("Nothing new.", style="dim"))
        return Outcome.OK

    def show(self, message: SentMessage, *, note: str = "", track: bool = True) -> None:
        self.versions[message.id] = _version(message)
        message = name_mentions(message, self.sandbox.mention_name)
        number = self.numbers.setdefault(message.id, len(self.numbers) + 1)
        for attachment in message.attachments:
            if attachment.id not in self.saved:
                name = f"{number}-{Path(attachment.filename).name}"
                self.saved[attachment.id] = self.sandbox.save_attachment(name, attachment.data)
        if track and message.id in self.actionable:
            self.actionable.remove(message.id)
        if track and interactive_items(message.components):
            self.actionable.append(message.id)
        where = self.sandbox.where(message.channel_id)
        self.console.print(
            render_message(
                message,
                number=number,
                note=note,
                where=where,
                saved=self.saved,
                now=self.sandbox.now().timestamp(),
                reveal=self.reveal,
            )
        )

    async def _modal(self, reply: Reply) -> Outcome:
        modal = reply.modal or {}
        self.console.print(render_modal(modal))
        if self.modal_filler is None:
            self.form = reply
            self.console.print(Text(f"Fill it in with: {submit_hint(modal)}", style="dim"))
            return Outcome.OK
        values = await self.modal_filler(modal)
        if values is None:
            self.console.print(Text("Form closed; nothing was sent.", style="dim"))
            return Outcome.OK
        return await self.handle(await self.sandbox.submit_modal(reply, values))

    # -- buttons and menus ---------------------------------------------------------------------

    def _target(self, args: str) -> tuple[str, SentMessage]:
        match = _ON.match(" " + args.strip())
        if match:
            number = int(match.group("msg"))
            ids = [mid for mid, n in self.numbers.items() if n == number]
            if not ids:
                raise SandboxError(f"there is no message #{number}")
            message = self.sandbox.current(ids[0])
            if message is None:
                raise SandboxError(f"message #{number} was deleted")
            if not self._here(message):
                raise SandboxError(f"message #{number} is in another guild")
            return match.group("args").strip(), message
        for message_id in reversed(self.actionable):
            current = self.sandbox.current(message_id)
            if current and self._here(current) and interactive_items(current.components):
                return args.strip(), current
        raise SandboxError("no message with buttons or menus yet; run a command first")

    def _check_visible(self, message: SentMessage, action: str) -> None:
        owner = self.sandbox.ephemeral_owner(message.id)
        if owner is not None and owner != self.sandbox.member().user.id:
            number = self.numbers.get(message.id, "?")
            name = self.sandbox.username(owner)
            raise SandboxError(
                f"only {name} can see message #{number}; "
                f"write: as {name}: {action} ... (or switch with: as {name})"
            )

    def _here(self, message: SentMessage) -> bool:
        return message.channel_id in self.sandbox.channel_ids()

    async def _press(self, args: str) -> Outcome:
        what, message = self._target(args)
        buttons = [i for i in interactive_items(message.components) if not i.is_select]
        item = next((i for i in buttons if i.key == what), None)
        if item is None:
            where = f"#{self.numbers.get(message.id, '?')}"
            keys = ", ".join(i.key for i in buttons) or "none"
            raise SandboxError(f"press which button? message {where} has buttons: {keys}")
        if item.component.get("disabled"):
            raise SandboxError(f"button [{item.key}] is disabled")
        self._check_visible(message, "press")
        reply = await self.sandbox.click(message, str(item.component["custom_id"]))
        return await self.handle(reply, source=message.id)

    async def _pick(self, args: str) -> Outcome:
        what, message = self._target(args)
        menus = [i for i in interactive_items(message.components) if i.is_select]
        words = what.split()
        if not menus:
            raise SandboxError(f"message #{self.numbers.get(message.id, '?')} has no menu")
        menu = menus[0]
        if words and words[0].upper() in {m.key for m in menus}:
            menu = next(m for m in menus if m.key == words.pop(0).upper())
        elif len(menus) > 1:
            keys = ", ".join(m.key for m in menus)
            raise SandboxError(f"which menu? write pick {menus[0].key} 1 (menus: {keys})")
        if not words:
            raise SandboxError("pick what? e.g. pick 2, or pick 2 3 on a multi-choice menu")
        self._check_visible(message, "pick")
        values = self._values(menu, words)
        reply = await self.sandbox.select(message, str(menu.component["custom_id"]), values)
        return await self.handle(reply, source=message.id)

    def _values(self, menu: Item, words: list[str]) -> list[Any]:
        options = menu.component.get("options")
        if menu.component.get("type") != 3:
            return [self.sandbox.select_entity(int(menu.component["type"]), w) for w in words]
        picked: list[Any] = []
        for word in words:
            if not word.isdigit() or not 1 <= int(word) <= len(options or []):
                raise SandboxError(f"menu {menu.key} has options 1 to {len(options or [])}")
            picked.append((options or [])[int(word) - 1]["value"])
        return picked

    def _list_messages(self) -> Outcome:
        shown = 0
        for message_id in list(self.actionable):
            current = self.sandbox.current(message_id)
            if current is not None and self._here(current):
                self.show(current, track=False)
                shown += 1
        if not shown:
            self.console.print("No messages with buttons or menus yet.")
        return Outcome.OK


def parse_wait(text: str) -> timedelta:
    """``10m``, ``1h 30m``, ``2 days``, ``45s`` -> a timedelta (ValueError if not a duration)."""
    cleaned = text.strip().lower()
    parts = _DURATION.findall(cleaned)
    total = timedelta()
    for number, unit in parts:
        key = "m" if unit.startswith("mi") else unit[0]
        if key not in _UNITS or unit not in (key, *_unit_words(_UNITS[key])):
            parts = []
            break
        total += timedelta(**{_UNITS[key]: int(number)})
    if not parts or "".join(_DURATION.sub("", cleaned)).strip():
        raise ValueError(f"how long? e.g. wait 10m, wait 1h 30m, wait 2 days (not {text!r})")
    return total


def _unit_words(name: str) -> tuple[str, ...]:
    short = {"seconds": ("sec", "secs"), "minutes": ("min", "mins")}.get(name, ())
    return (name, name[:-1], *short)


def _version(message: SentMessage) -> str:
    attachments = [a.id for a in message.attachments]
    return repr((message.content, message.embeds, message.components, attachments))


def _friendly(message: str, identity: str) -> str:
    if "cannot see /" in message:
        command = message.split("cannot see ", 1)[1].split(":", 1)[0]
        return f"as {identity} you cannot use {command} (try: as moderator)"
    return message
