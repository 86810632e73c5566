"""Creating and editing messages from request bodies (JSON or multipart with files[n])."""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from discord_emulator import errors
from discord_emulator import limits as L
from discord_emulator.errors import FormErrors, PathPart
from discord_emulator.recorder import RecordedFile
from discord_emulator.state import State
from discord_emulator.validation.messages import is_empty_message, validate_message
from discord_emulator.world import Attachment, Channel, Message, User, iso_now


@dataclass(slots=True)
class Body:
    """A parsed request body: the JSON (or payload_json) and any uploaded files."""

    json: Any = None
    files: list[RecordedFile] = field(default_factory=list)

    def mapping(self) -> dict[str, Any]:
        return self.json if isinstance(self.json, dict) else {}


def check_message_body(
    body: Mapping[str, Any],
    files: list[RecordedFile],
    *,
    path: tuple[PathPart, ...] = (),
    creating: bool,
    attachment_size_limit: int,
) -> None:
    """Raise Discord's error for an invalid create/edit body (50035, 50006, 40005)."""
    errs = FormErrors()
    validate_message(body, errs, path, file_count=len(files))
    errs.raise_if_any()
    for upload in files:
        if len(upload.data) > attachment_size_limit:
            raise errors.request_too_large()
    if creating and is_empty_message(body, file_count=len(files)):
        raise errors.empty_message()


def _file_for(files: list[RecordedFile], index: int) -> RecordedFile | None:
    wanted = f"files[{index}]"
    for upload in files:
        if upload.field == wanted:
            return upload
    return (
        files[index]
        if 0 <= index < len(files) and not files[index].field.startswith("files[")
        else None
    )


def build_attachments(
    state: State,
    base_url: str,
    channel_id: int,
    body: Mapping[str, Any],
    files: list[RecordedFile],
    existing: list[Attachment] | None = None,
    *,
    ephemeral: bool = False,
) -> list[Attachment]:
    """New uploads (``attachments[i].id`` = file index) plus kept existing ones (by snowflake)."""
    kept = {a.id: a for a in existing or []}
    result: list[Attachment] = []
    declared = body.get("attachments")
    used: set[str] = set()
    if isinstance(declared, list):
        for entry in declared:
            raw_id = int(entry.get("id", -1))
            if raw_id in kept:
                result.append(kept[raw_id])
                continue
            upload = _file_for(files, raw_id)
            if upload is None:
                continue
            used.add(upload.field)
            result.append(_new_attachment(state, base_url, channel_id, upload, entry, ephemeral))
    elif existing is not None and not files:
        return list(existing)
    for upload in files:
        if upload.field not in used:
            result.append(_new_attachment(state, base_url, channel_id, upload, {}, ephemeral))
    return result


def _new_attachment(
    state: State,
    base_url: str,
    channel_id: int,
    upload: RecordedFile,
    entry: Mapping[str, Any],
    ephemeral: bool,
) -> Attachment:
    attachment_id = state.ids.next()
    filename = str(entry.get("filename") or upload.filename)
    content_type = mimetypes.guess_type(filename)[0]
    url = f"{base_url}/attachments/{channel_id}/{attachment_id}/{filename}"
    return Attachment(
        attachment_id,
        filename,
        upload.data,
        url,
        content_type=content_type,
        description=entry.get("description"),
        ephemeral=ephemeral,
    )


def new_message(
    state: State,
    base_url: str,
    channel: Channel,
    author: User,
    body: Mapping[str, Any],
    files: list[RecordedFile],
    **extra: Any,
) -> Message:
    flags = int(body.get("flags") or 0)
    ephemeral = bool(flags & L.FLAG_EPHEMERAL)
    guild = state.guilds.get(channel.guild_id) if channel.guild_id else None
    message = Message(
        id=state.ids.next(),
        channel_id=channel.id,
        guild_id=channel.guild_id,
        author=author,
        content=str(body.get("content") or ""),
        embeds=[_normalise_embed(e) for e in body.get("embeds") or []],
        components=_components_with_ids(body.get("components") or []),
        flags=flags,
        tts=bool(body.get("tts")),
        member=guild.members.get(author.id) if guild else None,
        **extra,
    )
    message.attachments = build_attachments(
        state, base_url, channel.id, body, files, ephemeral=ephemeral
    )
    state.messages[message.id] = message
    if not ephemeral:
        channel.last_message_id = message.id
        channel.message_count += 1
    return message


def edit_message(
    state: State,
    base_url: str,
    message: Message,
    body: Mapping[str, Any],
    files: list[RecordedFile],
) -> None:
    if "content" in body:
        message.content = str(body.get("content") or "")
    if "embeds" in body:
        message.embeds = [_normalise_embed(e) for e in body.get("embeds") or []]
    if "components" in body:
        message.components = _components_with_ids(body.get("components") or [])
    if "flags" in body and body["flags"] is not None:
        keep = message.flags & (L.FLAG_EPHEMERAL | L.FLAG_IS_COMPONENTS_V2)
        message.flags = (int(body["flags"]) & ~L.FLAG_LOADING) | keep
    if "attachments" in body or files:
        message.attachments = build_attachments(
            state,
            base_url,
            message.channel_id,
            body,
            files,
            message.attachments,
            ephemeral=bool(message.flags & L.FLAG_EPHEMERAL),
        )
    if message.flags & L.FLAG_LOADING:
        message.flags &= ~L.FLAG_LOADING
    else:
        message.edited_timestamp = iso_now()


def _normalise_embed(embed: Mapping[str, Any]) -> dict[str, Any]:
    data = dict(embed)
    data["type"] = "rich"
    data.setdefault("content_scan_version", 0)
    return data


def _components_with_ids(components: list[Any]) -> list[Any]:
    """Stored components get sequential ``id``s like Discord assigns (when not given)."""
    counter = [0]

    def walk(items: list[Any]) -> list[Any]:
        out = []
        for item in items:
            if not isinstance(item, Mapping):
                continue
            copy = dict(item)
            counter[0] += 1
            copy.setdefault("id", counter[0])
            if isinstance(copy.get("components"), list):
                copy["components"] = walk(copy["components"])
            if isinstance(copy.get("accessory"), Mapping):
                copy["accessory"] = walk([copy["accessory"]])[0]
            out.append(copy)
        return out

    return walk(components)
