"""Interaction records, their life-cycle rules and INTERACTION_CREATE payloads.

Rules (interactions/receiving-and-responding): the first callback within the deadline (3 s), one
acknowledgement only (40060), tokens valid 15 minutes, followups/@original only after the
acknowledgement, and the callback types each interaction type accepts.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from discord_emulator import errors
from discord_emulator.errors import FormErrors
from discord_emulator.state import State
from discord_emulator.world import Channel, Guild, Member

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5

PONG = 1
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

ALLOWED_RESPONSES: dict[int, frozenset[int]] = {
    PING: frozenset({PONG}),
    APPLICATION_COMMAND: frozenset({CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL}),
    MESSAGE_COMPONENT: frozenset(
        {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE, MODAL}
    ),
    AUTOCOMPLETE: frozenset({AUTOCOMPLETE_RESULT}),
    MODAL_SUBMIT: frozenset(
        {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE}
    ),
}
MESSAGE_RESPONSES = frozenset(
    {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE}
)


@dataclass(slots=True)
class InteractionRecord:
    id: int
    token: str
    type: int
    guild_id: int | None
    channel_id: int
    member: Member
    payload: dict[str, Any]
    deadline: float
    token_ttl: float
    created_at: float = field(default_factory=time.monotonic)
    source_message_id: int | None = None
    command_name: str | None = None
    acknowledged: bool = False
    callback_type: int | None = None
    callback_data: dict[str, Any] | None = None
    original_message_id: int | None = None
    loading: bool = False  # a type 5 "thinking" message not yet edited
    # How the bot answered the loading message: "edit" (PATCH @original, documented),
    # "followup" (the deprecated first followup) or "delete".
    loading_answer: str | None = None
    followup_ids: list[int] = field(default_factory=list)
    rejected_callbacks: int = 0

    @property
    def age(self) -> float:
        return time.monotonic() - self.created_at

    def check_callback(self, callback_type: Any) -> None:
        """Raise Discord's error if this callback may not be sent now; else accept nothing yet."""
        if self.age > self.token_ttl or (not self.acknowledged and self.age > self.deadline):
            raise errors.unknown_interaction()
        if self.acknowledged:
            raise errors.already_acknowledged()
        allowed = ALLOWED_RESPONSES.get(self.type, frozenset())
        needs_message = callback_type in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE)
        if callback_type not in allowed or (needs_message and self.source_message_id is None):
            errs = FormErrors()
            errs.add(
                ("type",),
                "INTERACTION_CALLBACK_TYPE_INVALID",
                f"Value must be one of {sorted(allowed)} for this interaction.",
            )
            raise errors.invalid_form_body(errs)

    def check_webhook(self, application_id: str) -> None:
        """Followups and @original: valid token, acknowledged with a message-type response."""
        if application_id != self.payload["application_id"]:
            raise errors.unknown_webhook()
        if self.age > self.token_ttl:
            raise errors.invalid_webhook_token()
        if not self.acknowledged or self.callback_type not in MESSAGE_RESPONSES:
            raise errors.unknown_webhook()


@dataclass(slots=True)
class InteractionStore:
    records: dict[int, InteractionRecord] = field(default_factory=dict)
    by_token: dict[str, InteractionRecord] = field(default_factory=dict)

    def add(self, record: InteractionRecord) -> None:
        self.records[record.id] = record
        self.by_token[record.token] = record

    def for_callback(self, interaction_id: str, token: str) -> InteractionRecord:
        try:
            record = self.records[int(interaction_id)]
        except (KeyError, ValueError):
            raise errors.unknown_interaction() from None
        if record.token != token:
            raise errors.unknown_interaction()
        return record

    def for_webhook(self, application_id: str, token: str) -> InteractionRecord:
        record = self.by_token.get(token)
        if record is None:
            raise errors.unknown_webhook()
        record.check_webhook(application_id)
        return record


def new_token(interaction_id: int) -> str:
    return f"aW50ZXJhY3Rpb24.{interaction_id}.{secrets.token_urlsafe(48)}"


def channel_partial(state: State, channel: Channel, member: Member) -> dict[str, Any]:
    data = channel.payload()
    data["permissions"] = str(state.permissions_in(member, channel))
    return data


def member_with_permissions(state: State, member: Member, channel: Channel) -> dict[str, Any]:
    data = member.payload()
    data["permissions"] = str(state.permissions_in(member, channel))
    return data


def interaction_payload(
    state: State,
    *,
    interaction_id: int,
    token: str,
    type: int,
    guild: Guild,
    channel: Channel,
    member: Member,
    data: dict[str, Any] | None,
    locale: str,
    attachment_size_limit: int,
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An INTERACTION_CREATE ``d`` for a guild interaction, with member and app permissions."""
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(state.application.id),
        "type": type,
        "token": token,
        "version": 1,
        "guild": guild.partial_payload(),
        "guild_id": str(guild.id),
        "channel": channel_partial(state, channel, member),
        "channel_id": str(channel.id),
        "member": member_with_permissions(state, member, channel),
        "app_permissions": str(state.bot_permissions_in(channel)),
        "locale": locale,
        "guild_locale": guild.preferred_locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "authorizing_integration_owners": {"0": str(guild.id)},
        "context": 0,
        "attachment_size_limit": attachment_size_limit,
    }
    if data is not None:
        payload["data"] = data
    if message is not None:
        payload["message"] = message
    return payload
