"""Users, application, gateway discovery, guilds, members and attachment downloads."""

from __future__ import annotations

from aiohttp import web

from discord_emulator import errors
from discord_emulator.rest.common import ctx, json_response, param
from discord_emulator.world import Guild


async def get_me(request: web.Request) -> web.StreamResponse:
    user = ctx(request).state.bot_user
    return json_response({**user.payload(), "verified": True, "mfa_enabled": False, "email": None})


async def get_user(request: web.Request) -> web.StreamResponse:
    return json_response(ctx(request).state.user(param(request, "user_id")).payload())


async def get_application(request: web.Request) -> web.StreamResponse:
    return json_response(ctx(request).state.application.payload())


async def get_gateway(request: web.Request) -> web.StreamResponse:
    return json_response({"url": ctx(request).address.gateway_url})


async def get_gateway_bot(request: web.Request) -> web.StreamResponse:
    context = ctx(request)
    return json_response(
        {
            "url": context.address.gateway_url,
            "shards": context.recommended_shards(),
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 14_400_000,
                "max_concurrency": 1,
            },
        }
    )


def bot_guild(request: web.Request) -> Guild:
    context = ctx(request)
    guild = context.state.guild(param(request, "guild_id"))
    if context.state.bot_user.id not in guild.members:
        raise errors.missing_access()
    return guild


async def get_guild(request: web.Request) -> web.StreamResponse:
    guild = bot_guild(request)
    data = guild.payload()
    data["approximate_member_count"] = len(guild.members)
    return json_response(data)


async def get_guild_channels(request: web.Request) -> web.StreamResponse:
    guild = bot_guild(request)
    state = ctx(request).state
    return json_response([state.channels[c].payload() for c in guild.channel_ids])


async def get_guild_roles(request: web.Request) -> web.StreamResponse:
    return json_response([r.payload() for r in bot_guild(request).roles.values()])


async def get_member(request: web.Request) -> web.StreamResponse:
    guild = bot_guild(request)
    try:
        member = guild.members[int(param(request, "user_id"))]
    except (KeyError, ValueError):
        raise errors.unknown_member() from None
    return json_response(member.payload())


async def list_members(request: web.Request) -> web.StreamResponse:
    guild = bot_guild(request)
    limit = max(1, min(1000, int(request.query.get("limit", "1"))))
    after = int(request.query.get("after", "0"))
    members = sorted(guild.members.values(), key=lambda m: m.user.id)
    return json_response([m.payload() for m in members if m.user.id > after][:limit])


async def active_threads(request: web.Request) -> web.StreamResponse:
    guild = bot_guild(request)
    state = ctx(request).state
    threads = [
        c.payload()
        for c in state.channels.values()
        if c.guild_id == guild.id and c.is_thread and not c.archived
    ]
    return json_response({"threads": threads, "members": []})


async def get_attachment(request: web.Request) -> web.StreamResponse:
    state = ctx(request).state
    message_attachments = [a for m in state.messages.values() for a in m.attachments]
    message_attachments.extend(state.uploads.values())
    wanted = param(request, "attachment_id")
    for attachment in message_attachments:
        if str(attachment.id) == wanted:
            return web.Response(
                body=attachment.data,
                headers={"Content-Type": attachment.content_type or "application/octet-stream"},
            )
    return web.Response(status=404, text="Not Found")


ROUTES = [
    ("GET", "/users/@me", get_me),
    ("GET", "/users/{user_id}", get_user),
    ("GET", "/oauth2/applications/@me", get_application),
    ("GET", "/applications/@me", get_application),
    ("GET", "/gateway", get_gateway),
    ("GET", "/gateway/bot", get_gateway_bot),
    ("GET", "/guilds/{guild_id}", get_guild),
    ("GET", "/guilds/{guild_id}/channels", get_guild_channels),
    ("GET", "/guilds/{guild_id}/roles", get_guild_roles),
    ("GET", "/guilds/{guild_id}/members", list_members),
    ("GET", "/guilds/{guild_id}/members/{user_id}", get_member),
    ("GET", "/guilds/{guild_id}/threads/active", active_threads),
]
