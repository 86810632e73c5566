"""Channels, channel messages (JSON and multipart) and threads."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from discord_emulator import errors
from discord_emulator import permissions as perms
from discord_emulator.errors import APIError, FormErrors
from discord_emulator.messages import check_message_body, edit_message, new_message
from discord_emulator.rest.common import body, ctx, json_response, no_content, param
from discord_emulator.validation.commands import validate_thread
from discord_emulator.world import PRIVATE_THREAD, PUBLIC_THREAD, Channel, Message

REPLY_TYPE = 19


def _channel(request: web.Request, *needed: int) -> Channel:
    """The channel, if the bot can see it (50001) and has every ``needed`` bit (50013)."""
    state = ctx(request).state
    channel = state.channel(param(request, "channel_id"))
    granted = state.bot_permissions_in(channel)
    if not granted & perms.VIEW_CHANNEL:
        raise errors.missing_access()
    for bit in needed:
        if not granted & bit:
            raise errors.missing_permissions()
    return channel


def _message(request: web.Request, channel: Channel) -> Message:
    return ctx(request).state.message(channel, param(request, "message_id"))


async def get_channel(request: web.Request) -> web.StreamResponse:
    return json_response(_channel(request).payload())


async def edit_channel(request: web.Request) -> web.StreamResponse:
    context = ctx(request)
    channel = _channel(request)
    data = body(request).mapping()
    granted = context.state.bot_permissions_in(channel)
    if channel.is_thread:
        if channel.owner_id != context.state.bot_user.id and not granted & perms.MANAGE_THREADS:
            raise errors.missing_permissions()
        errs = FormErrors()
        validate_thread({"name": data.get("name", channel.name), **data}, errs)
        errs.raise_if_any()
        channel.archived = bool(data.get("archived", channel.archived))
        channel.locked = bool(data.get("locked", channel.locked))
        channel.auto_archive_duration = int(
            data.get("auto_archive_duration", channel.auto_archive_duration)
        )
    elif not granted & perms.MANAGE_CHANNELS:
        raise errors.missing_permissions()
    else:
        channel.topic = data.get("topic", channel.topic)
    channel.name = str(data.get("name", channel.name))
    event = "THREAD_UPDATE" if channel.is_thread else "CHANNEL_UPDATE"
    await context.events.dispatch(event, channel.payload())
    return json_response(channel.payload())


async def delete_channel(request: web.Request) -> web.StreamResponse:
    context = ctx(request)
    channel = _channel(request)
    needed = perms.MANAGE_THREADS if channel.is_thread else perms.MANAGE_CHANNELS
    if not context.state.bot_permissions_in(channel) & needed:
        raise errors.missing_permissions()
    del context.state.channels[channel.id]
    if channel.guild_id and channel.id in context.state.guilds[channel.guild_id].channel_ids:
        context.state.guilds[channel.guild_id].channel_ids.remove(channel.id)
    event = "THREAD_DELETE" if channel.is_thread else "CHANNEL_DELETE"
    await context.events.dispatch(event, channel.payload())
    return json_response(channel.payload())


async def list_messages(request: web.Request) -> web.StreamResponse:
    state = ctx(request).state
    channel = _channel(request, perms.READ_MESSAGE_HISTORY)
    limit = max(1, min(100, int(request.query.get("limit", "50"))))
    before = int(request.query.get("before", "0") or 0)
    after = int(request.query.get("after", "0") or 0)
    found = [
        m
        for m in state.messages.values()
        if m.channel_id == channel.id and not m.deleted and m.ephemeral_for is None
    ]
    if before:
        found = [m for m in found if m.id < before]
    if after:
        found = [m for m in found if m.id > after]
    found.sort(key=lambda m: m.id, reverse=True)
    return json_response([state.message_payload(m) for m in found[:limit]])


async def get_message(request: web.Request) -> web.StreamResponse:
    channel = _channel(request, perms.READ_MESSAGE_HISTORY)
    return json_response(ctx(request).state.message_payload(_message(request, channel)))


async def create_message(request: web.Request) -> web.StreamResponse:
    context = ctx(request)
    state = context.state
    channel = _channel(request)
    send_bit = perms.SEND_MESSAGES_IN_THREADS if channel.is_thread else perms.SEND_MESSAGES
    granted = state.bot_permissions_in(channel)
    parsed = body(request)
    if not granted & send_bit or (parsed.files and not granted & perms.ATTACH_FILES):
        raise errors.missing_permissions()
    if channel.is_thread and channel.locked:
        raise APIError(400, 50083, "Thread is archived")
    data = parsed.mapping()
    check_message_body(
        data,
        parsed.files,
        creating=True,
        attachment_size_limit=context.attachment_size_limit,
    )
    extra: dict[str, Any] = {}
    reference = data.get("message_reference")
    if isinstance(reference, dict) and reference.get("message_id"):
        state.message(channel, reference["message_id"])
        extra["type"] = REPLY_TYPE
        extra["message_reference"] = {
            "type": 0,
            "message_id": str(reference["message_id"]),
            "channel_id": str(channel.id),
            "guild_id": str(channel.guild_id),
        }
    message = new_message(
        state, context.base_url, channel, state.bot_user, data, parsed.files, **extra
    )
    message.flags &= ~(1 << 6)  # EPHEMERAL cannot be set on channel messages
    if channel.is_thread:
        channel.archived = False
    await context.events.message("MESSAGE_CREATE", message)
    return json_response(state.message_payload(message))


async def edit_channel_message(request: web.Request) -> web.StreamResponse:
    context = ctx(request)
    channel = _channel(request)
    message = _message(request, channel)
    if message.author.id != context.state.bot_user.id:
        raise errors.cannot_edit_others_message()
    parsed = body(request)
    check_message_body(
        parsed.mapping(),
        parsed.files,
        creating=False,
        attachment_size_limit=context.attachment_size_limit,
    )
    edit_message(context.state, context.base_url, message, parsed.mapping(), parsed.files)
    await context.events.message("MESSAGE_UPDATE", message)
    return json_response(context.state.message_payload(message))


async def delete_channel_message(request: web.Request) -> web.StreamResponse:
    context = ctx(request)
    channel = _channel(request)
    message = _message(request, channel)
    own = message.author.id == context.state.bot_user.id
    if not own and not context.state.bot_permissions_in(channel) & perms.MANAGE_MESSAGES:
        raise errors.missing_permissions()
    message.deleted = True
    await context.events.message_delete(message)
    return no_content()


def _new_thread(
    request: web.Request, parent: Channel, data: dict[str, Any], *, thread_id: int, ttype: int
) -> Channel:
    state = ctx(request).state
    thread = Channel(
        thread_id,
        ttype,
        str(data["name"]),
        parent.guild_id,
        parent_id=parent.id,
        owner_id=state.bot_user.id,
        auto_archive_duration=int(data.get("auto_archive_duration") or 1440),
    )
    state.channels[thread.id] = thread
    return thread


async def _announce_thread(request: web.Request, thread: Channel) -> web.StreamResponse:
    context = ctx(request)
    data = thread.payload()
    member = {
        "id": str(thread.id),
        "user_id": str(context.state.bot_user.id),
        "join_timestamp": thread.created_at,
        "flags": 1,
    }
    await context.events.dispatch(
        "THREAD_CREATE", {**data, "newly_created": True, "member": member}
    )
    return json_response({**data, "member": member}, 201)


async def thread_from_message(request: web.Request) -> web.StreamResponse:
    channel = _channel(request, perms.CREATE_PUBLIC_THREADS)
    message = _message(request, channel)
    data = body(request).mapping()
    errs = FormErrors()
    validate_thread(data, errs)
    errs.raise_if_any()
    if channel.is_thread:
        raise APIError(400, 50024, "Cannot execute action on this channel type")
    if message.thread_id is not None:
        raise errors.thread_already_created()
    # A thread started from a message shares the message's id.
    thread = _new_thread(request, channel, data, thread_id=message.id, ttype=PUBLIC_THREAD)
    thread.starter_message_id = message.id
    message.thread_id = thread.id
    return await _announce_thread(request, thread)


async def thread_without_message(request: web.Request) -> web.StreamResponse:
    data = body(request).mapping()
    ttype = int(data.get("type") or PRIVATE_THREAD)
    needed = (
        perms.CREATE_PRIVATE_THREADS if ttype == PRIVATE_THREAD else perms.CREATE_PUBLIC_THREADS
    )
    channel = _channel(request, needed)
    errs = FormErrors()
    validate_thread(data, errs, needs_type=True)
    errs.raise_if_any()
    if channel.is_thread:
        raise APIError(400, 50024, "Cannot execute action on this channel type")
    thread = _new_thread(
        request, channel, data, thread_id=ctx(request).state.ids.next(), ttype=ttype
    )
    return await _announce_thread(request, thread)


async def join_thread(request: web.Request) -> web.StreamResponse:
    channel = _channel(request)
    if not channel.is_thread:
        raise APIError(400, 50024, "Cannot execute action on this channel type")
    return no_content()


async def thread_members(request: web.Request) -> web.StreamResponse:
    _channel(request)
    return json_response([])


_MESSAGES = "/channels/{channel_id}/messages"
ROUTES = [
    ("GET", "/channels/{channel_id}", get_channel),
    ("PATCH", "/channels/{channel_id}", edit_channel),
    ("DELETE", "/channels/{channel_id}", delete_channel),
    ("GET", _MESSAGES, list_messages),
    ("POST", _MESSAGES, create_message),
    ("GET", _MESSAGES + "/{message_id}", get_message),
    ("PATCH", _MESSAGES + "/{message_id}", edit_channel_message),
    ("DELETE", _MESSAGES + "/{message_id}", delete_channel_message),
    ("POST", _MESSAGES + "/{message_id}/threads", thread_from_message),
    ("POST", "/channels/{channel_id}/threads", thread_without_message),
    ("PUT", "/channels/{channel_id}/thread-members/@me", join_thread),
    ("DELETE", "/channels/{channel_id}/thread-members/@me", join_thread),
    ("GET", "/channels/{channel_id}/thread-members", thread_members),
]
