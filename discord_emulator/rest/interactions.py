"""Interaction callbacks and the interaction webhook (followups, @original)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from discord_emulator import errors
from discord_emulator import interactions as ix
from discord_emulator import limits as L
from discord_emulator.errors import APIError, FormErrors
from discord_emulator.interactions import InteractionRecord
from discord_emulator.messages import check_message_body, edit_message, new_message
from discord_emulator.rest.common import body, ctx, json_response, no_content, param, truthy
from discord_emulator.validation.messages import (
    validate_autocomplete,
    validate_modal,
    validate_response_flags,
)
from discord_emulator.world import Message

COMMAND_RESPONSE_TYPE = 20
REPLY_TYPE = 19


def _extras(request: web.Request, record: InteractionRecord, *, original: bool) -> dict[str, Any]:
    state = ctx(request).state
    user = record.member.user
    metadata: dict[str, Any] = {
        "id": str(record.id),
        "type": record.type,
        "user": user.payload(),
        "authorizing_integration_owners": {"0": str(record.guild_id)},
    }
    if record.command_name:
        metadata["name"] = record.command_name
        metadata["command_type"] = 1
    if record.source_message_id:
        metadata["interacted_message_id"] = str(record.source_message_id)
    if not original and record.original_message_id:
        metadata["original_response_message_id"] = str(record.original_message_id)
    extras: dict[str, Any] = {
        "webhook_id": state.application.id,
        "application_id": state.application.id,
        "interaction_id": record.id,
        "interaction_metadata": metadata,
        "type": 0,
    }
    if original:
        extras["interaction"] = {
            "id": str(record.id),
            "type": record.type,
            "name": record.command_name or "",
            "user": user.payload(),
            "member": record.member.payload(with_user=False),
        }
        if record.type == ix.APPLICATION_COMMAND:
            extras["type"] = COMMAND_RESPONSE_TYPE
        elif record.source_message_id:
            extras["type"] = REPLY_TYPE
            extras["message_reference"] = {
                "type": 0,
                "message_id": str(record.source_message_id),
                "channel_id": str(record.channel_id),
                "guild_id": str(record.guild_id),
            }
    return extras


def _create(
    request: web.Request, record: InteractionRecord, data: dict[str, Any], *, original: bool
) -> Message:
    context = ctx(request)
    channel = context.state.channel(record.channel_id)
    message = new_message(
        context.state,
        context.base_url,
        channel,
        context.state.bot_user,
        data,
        body(request).files,
        **_extras(request, record, original=original),
    )
    if message.flags & L.FLAG_EPHEMERAL:
        message.ephemeral_for = record.member.user.id
    return message


def _validate_callback(request: web.Request, ctype: Any, data: dict[str, Any]) -> None:
    limit = ctx(request).attachment_size_limit
    files = body(request).files
    errs = FormErrors()
    if ctype == ix.CHANNEL_MESSAGE:
        validate_response_flags(
            data.get("flags"), errs, ("data", "flags"), allowed=L.RESPONSE_SETTABLE_FLAGS
        )
        errs.raise_if_any()
        check_message_body(data, files, path=("data",), creating=True, attachment_size_limit=limit)
    elif ctype == ix.UPDATE_MESSAGE:
        check_message_body(data, files, path=("data",), creating=False, attachment_size_limit=limit)
    elif ctype == ix.DEFERRED_CHANNEL_MESSAGE:
        validate_response_flags(
            data.get("flags"), errs, ("data", "flags"), allowed=L.FLAG_EPHEMERAL
        )
    elif ctype == ix.AUTOCOMPLETE_RESULT:
        validate_autocomplete(data, errs)
    elif ctype == ix.MODAL:
        validate_modal(data, errs)
    errs.raise_if_any()


async def callback(request: web.Request) -> web.StreamResponse:
    context = ctx(request)
    record = context.interactions.for_callback(
        param(request, "interaction_id"), param(request, "token")
    )
    payload = body(request).mapping()
    ctype = payload.get("type")
    data = payload.get("data") or {}
    try:
        record.check_callback(ctype)
        _validate_callback(request, ctype, data)
    except APIError:
        record.rejected_callbacks += 1
        raise
    record.acknowledged = True
    record.callback_type = int(ctype)  # type: ignore[arg-type]
    record.callback_data = data
    message: Message | None = None
    if ctype == ix.CHANNEL_MESSAGE:
        message = _create(request, record, data, original=True)
        await context.events.message("MESSAGE_CREATE", message)
    elif ctype == ix.DEFERRED_CHANNEL_MESSAGE:
        flags = (int(data.get("flags") or 0) & L.FLAG_EPHEMERAL) | L.FLAG_LOADING
        message = _create(request, record, {"flags": flags}, original=True)
        record.loading = True
        await context.events.message("MESSAGE_CREATE", message)
    elif ctype == ix.UPDATE_MESSAGE:
        assert record.source_message_id is not None
        message = context.state.messages[record.source_message_id]
        edit_message(context.state, context.base_url, message, data, body(request).files)
        await context.events.message("MESSAGE_UPDATE", message)
    elif ctype == ix.DEFERRED_UPDATE_MESSAGE:
        record.original_message_id = record.source_message_id
    if message is not None:
        record.original_message_id = message.id
    if not truthy(request.query.get("with_response")):
        return no_content()
    return json_response(_callback_response(request, record, message))


def _callback_response(
    request: web.Request, record: InteractionRecord, message: Message | None
) -> dict[str, Any]:
    ctype = record.callback_type
    interaction: dict[str, Any] = {"id": str(record.id), "type": record.type}
    if message is not None:
        interaction["response_message_id"] = str(message.id)
        interaction["response_message_loading"] = ctype == ix.DEFERRED_CHANNEL_MESSAGE
        interaction["response_message_ephemeral"] = bool(message.flags & L.FLAG_EPHEMERAL)
    resource: dict[str, Any] = {"type": ctype}
    if message is not None and ctype in (ix.CHANNEL_MESSAGE, ix.UPDATE_MESSAGE):
        resource["message"] = ctx(request).state.message_payload(message)
    return {"interaction": interaction, "resource": resource}


def _webhook_record(request: web.Request) -> InteractionRecord:
    return ctx(request).interactions.for_webhook(
        param(request, "application_id"), param(request, "token")
    )


def _webhook_message(request: web.Request, record: InteractionRecord) -> Message:
    raw = param(request, "message_id")
    if raw == "@original":
        message_id = record.original_message_id
    else:
        try:
            message_id = int(raw)
        except ValueError:
            raise errors.unknown_message() from None
        if message_id != record.original_message_id and message_id not in record.followup_ids:
            raise errors.unknown_message()
    message = ctx(request).state.messages.get(message_id or 0)
    if message is None or message.deleted:
        raise errors.unknown_message()
    return message


async def followup(request: web.Request) -> web.StreamResponse:
    context = ctx(request)
    record = _webhook_record(request)
    data = body(request).mapping()
    errs = FormErrors()
    validate_response_flags(data.get("flags"), errs, ("flags",), allowed=L.RESPONSE_SETTABLE_FLAGS)
    errs.raise_if_any()
    check_message_body(
        data,
        body(request).files,
        creating=True,
        attachment_size_limit=context.attachment_size_limit,
    )
    if record.loading and not record.followup_ids and record.original_message_id:
        # After a type 5 defer, the first followup edits the loading message (documented).
        message = context.state.messages[record.original_message_id]
        edit_message(
            context.state, context.base_url, message, {**data, "flags": None}, body(request).files
        )
        record.loading = False
        record.loading_answer = "followup"
        await context.events.message("MESSAGE_UPDATE", message)
    else:
        message = _create(request, record, data, original=False)
        record.followup_ids.append(message.id)
        await context.events.message("MESSAGE_CREATE", message)
    return json_response(context.state.message_payload(message))


async def get_webhook_message(request: web.Request) -> web.StreamResponse:
    record = _webhook_record(request)
    return json_response(ctx(request).state.message_payload(_webhook_message(request, record)))


async def edit_webhook_message(request: web.Request) -> web.StreamResponse:
    context = ctx(request)
    record = _webhook_record(request)
    message = _webhook_message(request, record)
    data = body(request).mapping()
    check_message_body(
        data,
        body(request).files,
        creating=False,
        attachment_size_limit=context.attachment_size_limit,
    )
    edit_message(context.state, context.base_url, message, data, body(request).files)
    if message.id == record.original_message_id and record.loading:
        record.loading = False
        record.loading_answer = "edit"
    await context.events.message("MESSAGE_UPDATE", message)
    return json_response(context.state.message_payload(message))


async def delete_webhook_message(request: web.Request) -> web.StreamResponse:
    record = _webhook_record(request)
    message = _webhook_message(request, record)
    message.deleted = True
    if message.id == record.original_message_id and record.loading:
        record.loading = False  # a followup now creates a message of its own
        record.loading_answer = "delete"
    await ctx(request).events.message_delete(message)
    return no_content()


_MESSAGE = "/webhooks/{application_id}/{token}/messages/{message_id}"
ROUTES = [
    ("POST", "/interactions/{interaction_id}/{token}/callback", callback),
    ("POST", "/webhooks/{application_id}/{token}", followup),
    ("GET", _MESSAGE, get_webhook_message),
    ("PATCH", _MESSAGE, edit_webhook_message),
    ("DELETE", _MESSAGE, delete_webhook_message),
]
