"""The emulator plus the real bot on a throw-away database, and the actions a person can take.

The bot is built by the same factory as ``projectionist run`` (``bot.client.create_bot``); only
its endpoints point at the loopback emulator. The database and the warnings log live in a
temporary directory that is deleted on close unless ``PROJECTIONIST_SANDBOX_KEEP=1`` is set.
Attachments the bot sends (poll charts) are saved where the person can open them after quitting:
``./sandbox-output/`` (created on first use) or ``$PROJECTIONIST_SANDBOX_OUTPUT``.
With ``PROJECTIONIST_SANDBOX_TMDB=1`` the local TMDB-shaped server (``tmdb_emulator``) starts
too and the bot gets its fake key, so the TMDB features can be tried without a real key.
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import os
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.polls.models import Status
from bot.sandbox.errors import ErrorWatch, SandboxError, failure
from bot.sandbox.parse import (
    ATTACHMENT,
    CHANNEL,
    IDENTITIES,
    MENTIONABLE,
    MODERATOR_FLAG,
    ROLE,
    USER,
    EntityRef,
    ParseError,
    SlashCommand,
    coerce,
)
from bot.sandbox.parse import identity as identity_text
from discord_emulator import DiscordEmulator, EmulatorConfig
from discord_emulator.testing.driver import DriverError, GuildDriver, Reply, SentMessage, Upload
from discord_emulator.testing.options import resolve_command, visible_commands
from discord_emulator.world import Member, Role

log = logging.getLogger(__name__)

KEEP_ENV = "PROJECTIONIST_SANDBOX_KEEP"
OUTPUT_ENV = "PROJECTIONIST_SANDBOX_OUTPUT"
TMDB_ENV = "PROJECTIONIST_SANDBOX_TMDB"
CLOCK_ENV = "PROJECTIONIST_SANDBOX_CLOCK"  # e.g. 2026-01-01T20:00:00Z: a clock only `wait` moves
DEFAULT_OUTPUT = Path("sandbox-output")
DEFAULT_GUILD = "Film Club"
GUILD_READY_TIMEOUT = 0.05
SETTLE_SECONDS = 2.5  # `wait` lets this much real time pass at most (a poll message refresh)
CLOSING_TIMEOUT = 30.0  # polls due at a `wait` must be closed, results posted, within this


class Sandbox:
    """``async with Sandbox() as sandbox:`` -- a running emulator with the real bot connected."""

    def __init__(
        self,
        *,
        keep: bool | None = None,
        output: Path | None = None,
        clock: datetime | None = None,
    ) -> None:
        self.keep = bool(os.environ.get(KEEP_ENV)) if keep is None else keep
        self.frozen = clock or _clock_from_env()  # None: the real time
        self.output = output or Path(os.environ.get(OUTPUT_ENV) or DEFAULT_OUTPUT)
        self.tmp = Path(tempfile.mkdtemp(prefix="projectionist-sandbox-"))
        self.log_path = self.tmp / "sandbox.log"
        self.emulator = DiscordEmulator(EmulatorConfig(application_name="Projectionist"))
        self.use_tmdb = os.environ.get(TMDB_ENV, "").strip().lower() in {"1", "true", "yes", "on"}
        self.tmdb: Any = None  # the running tmdb_emulator.TmdbEmulator, when use_tmdb
        self.bot: Any = None
        self.identity = "member"
        self.driver: GuildDriver = GuildDriver(self.emulator, DEFAULT_GUILD)
        self.errors = ErrorWatch()
        self._task: asyncio.Task[None] | None = None
        self.offset = timedelta()  # how far `wait` has moved the bot's clock ahead
        # autocomplete choices picked with Tab: (command path, option) -> {name: value}
        self.choices: dict[tuple[tuple[str, ...], str], dict[str, Any]] = {}
        self._log_handler: logging.Handler | None = None
        self._saved_logging: tuple[int, list[logging.Handler]] | None = None

    async def __aenter__(self) -> Sandbox:
        try:
            await self.start()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- life cycle --------------------------------------------------------------------------

    async def start(self) -> None:
        self._quiet_logging()
        from bot.client import create_bot
        from bot.settings import Settings
        from discord_emulator.testing.runner import start_client

        await self.emulator.start()
        tmdb: dict[str, Any] = {}
        if self.use_tmdb:
            from tmdb_emulator import FAKE_API_KEY, TmdbEmulator

            self.tmdb = TmdbEmulator()
            tmdb = {"tmdb_api_key": FAKE_API_KEY, "tmdb_api_base": await self.tmdb.start()}
        settings = Settings(
            token=self.emulator.token,
            database_path=self.tmp / "sandbox.sqlite3",
            api_base=self.emulator.api_base,
            gateway_url=self.emulator.gateway_url,
            log_level="WARNING",
            **tmdb,
        )
        self.bot = create_bot(settings, guild_ready_timeout=GUILD_READY_TIMEOUT)
        self.errors.install(self.bot)
        self._task = await start_client(self.bot, self.emulator, synced=self.bot.commands_synced)
        self.bot.polls.clock = self.now

    def now(self) -> datetime:
        """The bot's time: the real (or frozen) time plus what `wait` has let pass."""
        return (self.frozen or datetime.now(UTC)) + self.offset

    async def advance(self, delta: timedelta) -> None:
        """Let ``delta`` pass for the bot: polls due by then close and post their results, and
        up to a few real seconds pass for work the bot does after a delay."""
        self.offset += delta
        polls = self.bot.polls
        due = [p.id for p in await polls.open_polls() if p.closes_at <= self.now()]
        scheduler = getattr(self.bot.get_cog("Polls"), "scheduler", None)
        if scheduler is not None:
            scheduler.poke()
        await asyncio.sleep(min(delta.total_seconds(), SETTLE_SECONDS))

        async def finished() -> bool:
            for poll_id in due:
                poll = await polls.get(poll_id)
                if poll.is_open or (
                    poll.status is Status.CLOSED and poll.results_message_id is None
                ):
                    return False
            return True

        try:
            await self.driver.wait_until(finished, within=CLOSING_TIMEOUT, what="polls closing")
        except TimeoutError:
            raise SandboxError(f"polls {due} did not close (see {self.log_path})") from None
        await self.emulator.wait_quiet(0.2, within=5.0)

    def public_messages(self) -> list[SentMessage]:
        """Every message everyone in this guild can see (not ephemeral ones), oldest first."""
        state, channels = self.emulator.state, self.channel_ids()
        return [
            SentMessage.of(state, message)
            for message in sorted(state.messages.values(), key=lambda m: m.id)
            if message.channel_id in channels
            and not message.deleted
            and message.ephemeral_for is None
            and message.author.id == state.bot_user.id
        ]

    async def close(self) -> None:
        from discord_emulator.testing.runner import stop_client

        task, self._task = self._task, None
        try:
            if task is not None and not task.done() and self.bot.is_ready():
                await stop_client(self.bot, task)
            else:  # never got ready (Ctrl-C or a failure while starting), or already ended
                if task is not None:
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)
                if self.bot is not None and not self.bot.is_closed():
                    await self.bot.close()
        finally:
            try:
                await self.emulator.stop()
                if self.tmdb is not None:
                    tmdb, self.tmdb = self.tmdb, None
                    await tmdb.stop()
            finally:
                self._cleanup()

    def _cleanup(self) -> None:
        from bot.discord_endpoints import apply_endpoints

        apply_endpoints(None, None)
        self._restore_logging()
        if not self.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _quiet_logging(self) -> None:
        root = logging.getLogger()
        self._saved_logging = (root.level, list(root.handlers))
        handler = logging.FileHandler(self.log_path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.handlers = [handler]
        root.setLevel(logging.WARNING)
        logging.captureWarnings(True)
        self._log_handler = handler

    def _restore_logging(self) -> None:
        if self._log_handler is None or self._saved_logging is None:
            return
        root = logging.getLogger()
        level, handlers = self._saved_logging
        self._log_handler.close()
        root.handlers = handlers
        root.setLevel(level)
        logging.captureWarnings(False)
        self._log_handler = None

    def save_attachment(self, name: str, data: bytes) -> Path:
        """Write one attachment into the output folder (made on first use); its path."""
        try:
            self.output.mkdir(parents=True, exist_ok=True)
            path = self.output / Path(name).name
            path.write_bytes(data)
        except OSError as exc:
            raise SandboxError(
                f"cannot save {name} in {self.output}: {exc.strerror or exc} "
                f"(set {OUTPUT_ENV} to a folder you can write)"
            ) from None
        return path

    def log_tail(self, lines: int = 5) -> list[str]:
        try:
            text = self.log_path.read_text("utf-8", errors="replace")
        except OSError:
            return []
        return [line for line in text.splitlines() if line.strip()][-lines:]

    # -- who and where -----------------------------------------------------------------------

    @property
    def guild_name(self) -> str:
        return self.driver.guild.name

    def guild_names(self) -> list[str]:
        return list(self.emulator.seeded)

    def use_guild(self, name: str) -> str:
        wanted = name.strip().casefold()
        for guild in self.emulator.seeded:
            if guild.casefold() == wanted:
                self.driver = GuildDriver(self.emulator, guild)
                return guild
        raise SandboxError(f"no guild {name!r}; guilds: {', '.join(self.emulator.seeded)}")

    def channel_ids(self) -> set[int]:
        """The current guild's channels and threads (messages there can be acted on)."""
        guild_id = self.driver.guild.id
        return {c.id for c in self.emulator.state.channels.values() if c.guild_id == guild_id}

    def member(self, identity: str | None = None) -> Member:
        """The member behind an identity: a seeded one (member, moderator, owner), a member of
        this guild by username, or a new member of that name; ``bob --mod`` also makes bob a
        moderator (rights stay once given)."""
        try:
            name, moderator = _split_flag(identity_text(identity or self.identity))
        except ParseError as exc:
            raise SandboxError(str(exc)) from None
        seeded = name in IDENTITIES
        member: Member | None = getattr(self.driver, name) if seeded else self._find_member(name)
        if member is None:
            member = self.driver.add_member(name, moderator=moderator)
            log.info("sandbox: %s joined %s", name, self.guild_name)
        role = self.driver.seeded.moderator_role
        if moderator and role.id not in member.role_ids:
            member.role_ids.append(role.id)
        return member

    def is_moderator(self, member: Member) -> bool:
        return self.driver.seeded.moderator_role.id in member.role_ids

    def member_names(self) -> list[str]:
        """Usernames of this guild's people (not bots), for completion."""
        return [m.user.username for m in self.driver.guild.members.values() if not m.user.bot]

    def commands(self) -> list[dict[str, Any]]:
        """Every synced command of this guild (guild ones first, then global ones)."""
        return visible_commands(self.emulator.state, self.driver.guild)

    def visible_commands(self, identity: str | None = None) -> list[dict[str, Any]]:
        """The commands the member's Discord client would offer (default permissions)."""
        member, visible = self.member(identity), []
        for command in self.commands():
            try:
                resolve_command(self.emulator.state, self.driver.guild, command["name"], member)
            except DriverError as exc:
                if "cannot see" in str(exc):
                    continue
            visible.append(command)
        return visible

    # -- actions -----------------------------------------------------------------------------

    async def slash(self, command: SlashCommand) -> Reply:
        user = self.member(command.identity)
        options = {
            key: self._entity(self._chosen(command.path, key, value))
            for key, value in command.options.items()
        }
        return await self.driver.slash(command.name, user=user, options=options)

    def remember_choice(self, path: tuple[str, ...], option: str, name: str, value: Any) -> None:
        """A suggestion shown by Tab: when its name is sent, its value goes to the bot."""
        self.choices.setdefault((tuple(path), option), {})[name] = value

    def _chosen(self, path: tuple[str, ...], option: str, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        return self.choices.get((tuple(path), option), {}).get(value, value)

    async def autocomplete(
        self,
        path: tuple[str, ...],
        option: str,
        value: str,
        given: dict[str, str],
        identity: str | None = None,
    ) -> list[dict[str, Any]]:
        """The bot's own suggestions for ``value`` (other options typed as far as possible)."""
        schema = {o["name"]: o for o in _leaf(self.commands(), path)}
        others: dict[str, Any] = {}
        for key, raw in given.items():
            if key in schema and key != option and raw:
                try:
                    others[key] = self._entity(coerce(schema[key], raw))
                except (ParseError, SandboxError):
                    continue
        return await self.driver.autocomplete(
            " ".join(path), option, value, user=self.member(identity), options=others
        )

    async def click(self, message: SentMessage, custom_id: str) -> Reply:
        return await self.driver.click(message, custom_id, user=self.member())

    async def select(self, message: SentMessage, custom_id: str, values: list[Any]) -> Reply:
        return await self.driver.select(message, custom_id, values, user=self.member())

    async def submit_modal(self, reply: Reply, values: dict[str, Any]) -> Reply:
        """Submit the form as the member it was opened for."""
        return await self.driver.submit_modal(reply, values)

    def current(self, message_id: int) -> SentMessage | None:
        message = self.emulator.state.messages.get(message_id)
        if message is None or message.deleted:
            return None
        return SentMessage.of(self.emulator.state, message)

    def where(self, channel_id: int) -> str | None:
        """``#film-talk`` or ``thread "Rocky IV"`` -- None for the guild's usual channel."""
        channel = self.emulator.state.channels.get(channel_id)
        if channel is None or channel.id == self.driver.general.id:
            return None
        return f"thread “{channel.name}”" if channel.is_thread else f"#{channel.name}"

    def mention_name(self, kind: str, target: int) -> str | None:
        """How Discord's client shows a mention: ``@maya``, ``@Moderator``, ``#general``."""
        state = self.emulator.state
        if kind == "#" and target in state.channels:
            return f"#{state.channels[target].name}"
        if kind == "@&":
            role = self.driver.guild.roles.get(target)
            return f"@{role.name}" if role else None
        user = state.users.get(target)
        return f"@{user.username}" if user else None

    def ephemeral_owner(self, message_id: int) -> int | None:
        """The id of the user who alone can see this ephemeral message, if it is one."""
        message = self.emulator.state.messages.get(message_id)
        if message is None:
            return None
        return message.ephemeral_for

    def username(self, user_id: int) -> str:
        user = self.emulator.state.users.get(user_id)
        return user.username if user else "the member who asked"

    def failure(self, reply: Reply) -> str | None:
        """Why this reply counts as an error (for exit codes), or None when it is fine."""
        return failure(reply, self.errors.interaction_ids)

    # -- option values naming things in the emulator's world -----------------------------------

    def select_entity(self, select_type: int, text: str) -> Any:
        """A member/role/channel named in ``pick`` for a user/role/mentionable/channel menu."""
        kinds = {5: USER, 6: ROLE, 7: MENTIONABLE, 8: CHANNEL}
        return self._entity(EntityRef(kinds.get(select_type, MENTIONABLE), text))

    def _entity(self, value: Any) -> Any:
        if not isinstance(value, EntityRef):
            return value
        text = value.text.strip()
        if value.type == ATTACHMENT:
            return _upload(text)
        if value.type in (USER, MENTIONABLE):
            member = self._find_member(text)
            if member is not None:
                return member
        if value.type in (ROLE, MENTIONABLE):
            role = self._find_role(text)
            if role is not None:
                return role
        if value.type == CHANNEL:
            try:
                return self.driver.channel(text.lstrip("#"))
            except KeyError:
                raise SandboxError(f"no channel {text!r} in {self.guild_name}") from None
        raise SandboxError(f"nobody and nothing called {text!r} in {self.guild_name}")

    def _find_member(self, text: str) -> Member | None:
        name = text.lstrip("@").casefold()
        if name in ("member", "moderator", "owner"):
            return self.member(name)
        for member in self.driver.guild.members.values():
            user = member.user
            if name in (user.username.casefold(), (user.global_name or "").casefold()):
                return member
        return None

    def _find_role(self, text: str) -> Role | None:
        name = text.lstrip("@").casefold()
        return next(
            (r for r in self.driver.guild.roles.values() if r.name.casefold() == name), None
        )


def _clock_from_env() -> datetime | None:
    text = os.environ.get(CLOCK_ENV, "").strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise SandboxError(
            f"{CLOCK_ENV}={text!r} is not a date and time such as 2026-01-01T20:00:00Z"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _split_flag(identity: str) -> tuple[str, bool]:
    name, _, flag = identity.partition(" ")
    return name, flag.strip() == MODERATOR_FLAG


def _leaf(commands: list[dict[str, Any]], path: tuple[str, ...]) -> list[dict[str, Any]]:
    options: list[dict[str, Any]] = []
    for depth, word in enumerate(path):
        pool = commands if depth == 0 else options
        entry = next((c for c in pool if c["name"] == word), None)
        options = (entry or {}).get("options") or []
    return options


def _upload(text: str) -> Upload:
    path = Path(text).expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SandboxError(f"cannot read {text!r}: {exc.strerror or exc}") from None
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Upload(path.name, data, content_type)
