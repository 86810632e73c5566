"""A base for persistent components whose errors are answered like command errors.

discord.py only logs an exception raised in a ``DynamicItem`` callback, which leaves the member
with "This interaction failed". Items that mix in ``Guarded`` implement ``run`` instead of
``callback`` and every error goes through ``reply_error``.

Custom ids come back from Discord as the client sent them, so they are input like any other:
every number in one is an id (or a page) that must fit SQLite's signed 64-bit integer, as every
Discord snowflake and stored id does. A custom id holding a bigger number is answered as an
out-of-date button before ``run`` sees it.
"""

from __future__ import annotations

import inspect
import logging
import re
from typing import Any

import discord

from bot.errors import ValidationError
from bot.ui.errors import reply_error

log = logging.getLogger(__name__)

#: The largest id a custom id may carry: a signed 64-bit integer (Discord snowflakes fit).
MAX_ID = 2**63 - 1
STALE = "That button is not valid any more. Run the command again for a fresh one."
_NUMBER = re.compile(r"[0-9]+")


def ids_fit(custom_id: str) -> bool:
    """Whether every number in ``custom_id`` fits a signed 64-bit integer."""
    return all(len(n) < 20 and int(n) <= MAX_ID for n in _NUMBER.findall(custom_id))


class Guarded:
    async def run(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        custom_id = str(getattr(self, "custom_id", "") or "")
        if not ids_fit(custom_id):
            log.info("Out-of-range id in custom id %r", custom_id[:100])
            await reply_error(interaction, ValidationError(STALE))
            return
        try:
            await self.run(interaction)
        except Exception as exc:  # noqa: BLE001 - answered (or logged) by reply_error
            await reply_error(interaction, exc)


class Persistent(Guarded):
    """The base of every persistent item: it rebuilds itself from its template's groups.

    A subclass names its template's groups after its constructor's parameters, annotated ``int``
    or ``str``: ``template=r"proj:poll:(?P<poll_id>\\d{1,19}):vote"`` with
    ``__init__(self, poll_id: int, ...)``. A select whose constructor takes ``options`` gets the
    options it was sent with back. Every subclass is registered by its template, so a message of
    one feature can carry another feature's item, built from that feature's ids module with
    ``item_for`` rather than by importing its class.
    """

    _groups: dict[str, type[int] | type[str]]
    _takes_options: bool

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        template: re.Pattern[str] | None = getattr(cls, "__discord_ui_compiled_template__", None)
        if template is None:
            return  # an intermediate base: no template yet
        parameters = inspect.signature(cls.__init__).parameters
        cls._groups = {}
        for name in template.groupindex:
            annotation = parameters[name].annotation if name in parameters else None
            if annotation not in ("int", "str", int, str):
                raise TypeError(f"{cls.__name__}: group {name!r} needs an int or str parameter")
            cls._groups[name] = int if annotation in ("int", int) else str
        cls._takes_options = "options" in parameters
        _REGISTRY[template] = cls

    @classmethod
    def from_match(
        cls, match: re.Match[str], item: discord.ui.Item[Any] | None = None, **extra: Any
    ) -> Any:
        args: dict[str, Any] = {name: kind(match[name]) for name, kind in cls._groups.items()}
        if cls._takes_options and isinstance(item, discord.ui.Select) and "options" not in extra:
            args["options"] = list(item.options)
        return cls(**args, **extra)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> Any:
        return cls.from_match(match, item)


_REGISTRY: dict[re.Pattern[str], type[Persistent]] = {}


def item_for(custom_id: str, **extra: Any) -> discord.ui.Item[Any]:
    """The persistent item that answers ``custom_id`` (built from an ids module), with the
    constructor's other arguments (``label``, ``options``, ...) from ``extra``."""
    for template, cls in _REGISTRY.items():
        match = template.fullmatch(custom_id)
        if match is not None:
            made: discord.ui.Item[Any] = cls.from_match(match, **extra)
            return made
    raise LookupError(f"no persistent item answers {custom_id!r}: is its cog loaded?")
