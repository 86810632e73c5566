"""Application command sync: global and guild, bulk overwrite and single-command routes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from discord_emulator import errors
from discord_emulator import limits as L
from discord_emulator.errors import APIError, FormErrors
from discord_emulator.rest.common import body, ctx, json_response, no_content, param
from discord_emulator.state import State
from discord_emulator.validation.commands import (
    CHAT_INPUT,
    validate_command,
    validate_command_list,
)


def _scope(request: web.Request) -> int | None:
    context = ctx(request)
    if param(request, "application_id") != str(context.state.application.id):
        raise APIError(404, 10002, "Unknown Application")
    if "guild_id" not in request.match_info:
        return None
    guild = context.state.guild(param(request, "guild_id"))
    if context.state.bot_user.id not in guild.members:
        raise errors.missing_access()
    return guild.id


def _stored(
    state: State, scope: int | None, data: Mapping[str, Any], command_id: int
) -> dict[str, Any]:
    ctype = int(data.get("type", CHAT_INPUT))
    perms = data.get("default_member_permissions")
    command: dict[str, Any] = {
        "id": str(command_id),
        "application_id": str(state.application.id),
        "version": str(state.ids.next()),
        "type": ctype,
        "name": data["name"],
        "name_localizations": data.get("name_localizations"),
        "description": data.get("description", "") if ctype == CHAT_INPUT else "",
        "description_localizations": data.get("description_localizations"),
        "default_member_permissions": None if perms is None else str(perms),
        "dm_permission": data.get("dm_permission", True),
        "nsfw": bool(data.get("nsfw", False)),
        "contexts": data.get("contexts"),
        "integration_types": data.get("integration_types") or [0],
    }
    if ctype == CHAT_INPUT:
        command["options"] = list(data.get("options") or [])
    if scope is not None:
        command["guild_id"] = str(scope)
    return command


def _find(store: dict[int, dict[str, Any]], data: Mapping[str, Any]) -> int | None:
    key = (int(data.get("type", CHAT_INPUT)), data.get("name"))
    for command_id, command in store.items():
        if (command["type"], command["name"]) == key:
            return command_id
    return None


def _command(request: web.Request, scope: int | None) -> tuple[dict[int, dict[str, Any]], int]:
    store = ctx(request).state.commands.setdefault(scope, {})
    try:
        command_id = int(param(request, "command_id"))
    except ValueError:
        raise errors.unknown_command() from None
    if command_id not in store:
        raise errors.unknown_command()
    return store, command_id


async def list_commands(request: web.Request) -> web.StreamResponse:
    scope = _scope(request)
    return json_response(list(ctx(request).state.commands.get(scope, {}).values()))


async def bulk_overwrite(request: web.Request) -> web.StreamResponse:
    scope = _scope(request)
    context = ctx(request)
    payload = body(request).json
    errs = FormErrors()
    validate_command_list(payload, errs)
    errs.raise_if_any()
    old = context.state.commands.get(scope, {})
    new: dict[int, dict[str, Any]] = {}
    for data in payload:
        command_id = _find(old, data) or context.state.ids.next()
        new[command_id] = _stored(context.state, scope, data, command_id)
    context.state.commands[scope] = new
    context.command_syncs.append(scope)
    return json_response(list(new.values()))


async def create_command(request: web.Request) -> web.StreamResponse:
    scope = _scope(request)
    context = ctx(request)
    data = body(request).mapping()
    errs = FormErrors()
    validate_command(data, errs)
    errs.raise_if_any()
    store = context.state.commands.setdefault(scope, {})
    existing = _find(store, data)
    if existing is None:
        ctype = int(data.get("type", CHAT_INPUT))
        limit = L.COMMAND_CHAT_INPUT_MAX if ctype == CHAT_INPUT else L.COMMAND_CONTEXT_MENU_MAX
        if sum(1 for c in store.values() if c["type"] == ctype) >= limit:
            raise errors.max_commands(limit)
    command_id = existing or context.state.ids.next()
    store[command_id] = _stored(context.state, scope, data, command_id)
    context.command_syncs.append(scope)
    return json_response(store[command_id], 200 if existing else 201)


async def get_command(request: web.Request) -> web.StreamResponse:
    store, command_id = _command(request, _scope(request))
    return json_response(store[command_id])


async def edit_command(request: web.Request) -> web.StreamResponse:
    scope = _scope(request)
    store, command_id = _command(request, scope)
    merged = {**store[command_id], **body(request).mapping()}
    errs = FormErrors()
    validate_command(merged, errs)
    errs.raise_if_any()
    store[command_id] = _stored(ctx(request).state, scope, merged, command_id)
    return json_response(store[command_id])


async def delete_command(request: web.Request) -> web.StreamResponse:
    store, command_id = _command(request, _scope(request))
    del store[command_id]
    return no_content()


async def guild_command_permissions(request: web.Request) -> web.StreamResponse:
    _scope(request)
    return json_response([])


_GLOBAL = "/applications/{application_id}/commands"
_GUILD = "/applications/{application_id}/guilds/{guild_id}/commands"
ROUTES = [
    ("GET", _GLOBAL, list_commands),
    ("PUT", _GLOBAL, bulk_overwrite),
    ("POST", _GLOBAL, create_command),
    ("GET", _GLOBAL + "/{command_id}", get_command),
    ("PATCH", _GLOBAL + "/{command_id}", edit_command),
    ("DELETE", _GLOBAL + "/{command_id}", delete_command),
    ("GET", _GUILD, list_commands),
    ("PUT", _GUILD, bulk_overwrite),
    ("POST", _GUILD, create_command),
    ("GET", _GUILD + "/permissions", guild_command_permissions),
    ("GET", _GUILD + "/{command_id}", get_command),
    ("PATCH", _GUILD + "/{command_id}", edit_command),
    ("DELETE", _GUILD + "/{command_id}", delete_command),
]
