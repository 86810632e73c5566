"""What the driver hands back: snapshots of messages the bot sent and the Reply to an action."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from discord_emulator import limits as L
from discord_emulator.interactions import (
    AUTOCOMPLETE_RESULT,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    MODAL,
    InteractionRecord,
)
from discord_emulator.recorder import RecordedRequest
from discord_emulator.state import State
from discord_emulator.world import Message


class DriverError(Exception):
    """The simulated user cannot do this in Discord's client (unknown command, disabled button)."""


@dataclass(frozen=True, slots=True)
class SentAttachment:
    id: int
    filename: str
    data: bytes
    content_type: str | None
    description: str | None


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A snapshot of a message the bot sent; pass it to click/select to act on its current state."""

    id: int
    channel_id: int
    content: str
    embeds: list[dict[str, Any]]
    components: list[dict[str, Any]]
    attachments: list[SentAttachment]
    flags: int
    payload: dict[str, Any]

    @classmethod
    def of(cls, state: State, message: Message) -> SentMessage:
        return cls(
            id=message.id,
            channel_id=message.channel_id,
            content=message.content,
            embeds=[dict(e) for e in message.embeds],
            components=[dict(c) for c in message.components],
            attachments=[
                SentAttachment(a.id, a.filename, a.data, a.content_type, a.description)
                for a in message.attachments
            ],
            flags=message.flags,
            payload=state.message_payload(message),
        )

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & L.FLAG_EPHEMERAL)

    def walk_components(self) -> Iterator[dict[str, Any]]:
        return walk_components(self.components)

    def component(self, custom_id: str) -> dict[str, Any] | None:
        return next((c for c in self.walk_components() if c.get("custom_id") == custom_id), None)

    @property
    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for c in self.walk_components() if "custom_id" in c]

    @property
    def text(self) -> str:
        return message_text(self.content, self.embeds)


def walk_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for component in components:
        yield component
        children = component.get("components")
        if isinstance(children, list):
            yield from walk_components(children)
        for key in ("accessory", "component"):
            if isinstance(component.get(key), dict):
                yield from walk_components([component[key]])


def message_text(content: str, embeds: list[dict[str, Any]]) -> str:
    """Content plus every embed's visible text, one piece per line (handy for assertions)."""
    parts = [content] if content else []
    for embed in embeds:
        parts.extend(str(embed[k]) for k in ("title", "description") if embed.get(k))
        for fld in embed.get("fields") or []:
            parts.extend((str(fld.get("name", "")), str(fld.get("value", ""))))
        for key in ("footer", "author"):
            text = (embed.get(key) or {}).get("text" if key == "footer" else "name")
            if text:
                parts.append(str(text))
    return "\n".join(parts)


@dataclass(slots=True)
class Reply:
    """Everything the bot did in answer to one simulated user action."""

    interaction: InteractionRecord
    callback_type: int | None
    message: SentMessage | None = (
        None  # the original response (after edits), or the updated message
    )
    followups: list[SentMessage] = field(default_factory=list)
    channel_messages: list[SentMessage] = field(default_factory=list)
    modal: dict[str, Any] | None = None
    choices: list[dict[str, Any]] | None = None
    errors: list[RecordedRequest] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)

    @property
    def acknowledged(self) -> bool:
        return self.callback_type is not None

    @property
    def deferred(self) -> bool:
        return self.callback_type in (DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE)

    @property
    def content(self) -> str:
        return self.message.content if self.message else ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.message.embeds if self.message else []

    @property
    def embed(self) -> dict[str, Any]:
        """The single embed of the reply (fails loudly when there is not exactly one)."""
        assert len(self.embeds) == 1, f"expected one embed, got {len(self.embeds)}"
        return self.embeds[0]

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.message.components if self.message else []

    @property
    def attachments(self) -> list[SentAttachment]:
        return self.message.attachments if self.message else []

    @property
    def ephemeral(self) -> bool:
        return bool(self.message and self.message.ephemeral)

    @property
    def text(self) -> str:
        return self.message.text if self.message else ""

    @property
    def all_messages(self) -> list[SentMessage]:
        first = [self.message] if self.message else []
        return first + self.followups + self.channel_messages

    @property
    def is_modal(self) -> bool:
        return self.callback_type == MODAL

    @property
    def is_autocomplete(self) -> bool:
        return self.callback_type == AUTOCOMPLETE_RESULT

    def validation_errors(self) -> list[RecordedRequest]:
        """Errors the emulator answered with 400 (Discord's rule checks) during this action."""
        return [e for e in self.errors if e.status == 400]
