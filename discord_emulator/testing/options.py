"""Turning ``slash("film info", title="rocky 4")`` into interaction data, from the SYNCED schema.

Everything is checked the way Discord's client would before letting a user send the command:
unknown commands or options, missing required options, choices, min/max, and (in
``resolve_command`` by default) the member's permissions against ``default_member_permissions``.
GuildDriver skips that last check unless asked: server admins can override the default per
command in Integrations settings, so a bot must check permissions itself and tests must reach it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from discord_emulator import permissions as perms
from discord_emulator.state import State
from discord_emulator.testing.models import DriverError
from discord_emulator.world import Attachment, Channel, Guild, Member, Role, User

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = (
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
    11,
)


@dataclass(frozen=True, slots=True)
class Upload:
    """A file for an ATTACHMENT option."""

    filename: str
    data: bytes
    content_type: str | None = None


@dataclass(slots=True)
class ResolvedCommand:
    command: dict[str, Any]
    leaf_options: list[dict[str, Any]]  # the schema options of the (sub)command invoked
    path: list[dict[str, Any]] = field(default_factory=list)  # group/subcommand schema entries

    @property
    def full_name(self) -> str:
        return " ".join([self.command["name"], *(p["name"] for p in self.path)])


def visible_commands(state: State, guild: Guild) -> list[dict[str, Any]]:
    """Guild commands first, then global ones (both appear in Discord's picker)."""
    return list(state.commands.get(guild.id, {}).values()) + list(
        state.commands.get(None, {}).values()
    )


def resolve_command(
    state: State, guild: Guild, name: str, member: Member, *, enforce_permissions: bool = True
) -> ResolvedCommand:
    words = name.split()
    if not words:
        raise DriverError("empty command name")
    candidates = [
        c for c in visible_commands(state, guild) if c["type"] == 1 and c["name"] == words[0]
    ]
    if not candidates:
        synced = sorted({c["name"] for c in visible_commands(state, guild)})
        raise DriverError(f"/{words[0]} is not a synced command here (synced: {synced})")
    command = candidates[0]
    if enforce_permissions:
        _check_permissions(guild, member, command)
    options = command.get("options") or []
    path: list[dict[str, Any]] = []
    for word in words[1:]:
        match = next(
            (
                o
                for o in options
                if o["name"] == word and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)
            ),
            None,
        )
        if match is None:
            raise DriverError(f"/{command['name']} has no subcommand or group {word!r}")
        path.append(match)
        options = match.get("options") or []
    if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in options):
        raise DriverError(f"/{name} needs a subcommand: {[o['name'] for o in options]}")
    return ResolvedCommand(command, options, path)


def can_see_command(guild: Guild, member: Member, command: dict[str, Any]) -> bool:
    """Whether Discord's client offers ``command`` to ``member`` (default_member_permissions)."""
    required = command.get("default_member_permissions")
    if required is None:
        return True
    granted = guild.member_permissions(member)
    if granted & perms.ADMINISTRATOR or granted == perms.ALL_PERMISSIONS:
        return True
    return int(required) != 0 and not int(required) & ~granted


def _check_permissions(guild: Guild, member: Member, command: dict[str, Any]) -> None:
    if not can_see_command(guild, member, command):
        required = command.get("default_member_permissions")
        granted = guild.member_permissions(member)
        raise DriverError(
            f"{member.user.username} cannot see /{command['name']}: it needs permissions "
            f"{required} and the member has {granted}"
        )


def nest(resolved: ResolvedCommand, leaf: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Wrap leaf options in their subcommand/group entries, innermost last."""
    options = leaf
    for entry in reversed(resolved.path):
        options = [{"name": entry["name"], "type": entry["type"], "options": options}]
    return options


class OptionBuilder:
    """Types option values per the synced schema and collects ``resolved`` data."""

    def __init__(self, state: State, guild: Guild, base_url: str) -> None:
        self.state = state
        self.guild = guild
        self.base_url = base_url
        self.resolved: dict[str, dict[str, Any]] = {}

    def build(
        self, schema: list[dict[str, Any]], values: dict[str, Any], *, focused: str | None = None
    ) -> list[dict[str, Any]]:
        by_name = {o["name"]: o for o in schema}
        unknown = set(values) - set(by_name)
        if unknown:
            raise DriverError(
                f"unknown options {sorted(unknown)}; the command has {sorted(by_name)}"
            )
        out: list[dict[str, Any]] = []
        for option in schema:
            name = option["name"]
            if name == focused:
                out.append(
                    {
                        "name": name,
                        "type": option["type"],
                        "value": str(values.get(name, "")),
                        "focused": True,
                    }
                )
                continue
            if name not in values or values[name] is None:
                if option.get("required") and focused is None:
                    raise DriverError(f"option {name!r} is required")
                continue
            out.append(
                {"name": name, "type": option["type"], "value": self.value(option, values[name])}
            )
        return out

    def value(self, option: dict[str, Any], raw: Any) -> Any:
        otype = option["type"]
        if option.get("choices"):
            return self._choice(option, raw)
        if otype == STRING:
            text = str(raw)
            low, high = option.get("min_length", 0), option.get("max_length", 6000)
            if not low <= len(text) <= high:
                raise DriverError(f"{option['name']!r} must be {low}..{high} characters")
            return text
        if otype in (INTEGER, NUMBER):
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                raise DriverError(f"{option['name']!r} needs a number, not {raw!r}")
            if otype == INTEGER and not float(raw).is_integer():
                raise DriverError(f"{option['name']!r} needs an integer")
            number = int(raw) if otype == INTEGER else float(raw)
            if "min_value" in option and number < option["min_value"]:
                raise DriverError(f"{option['name']!r} must be >= {option['min_value']}")
            if "max_value" in option and number > option["max_value"]:
                raise DriverError(f"{option['name']!r} must be <= {option['max_value']}")
            return number
        if otype == BOOLEAN:
            if not isinstance(raw, bool):
                raise DriverError(f"{option['name']!r} needs True or False")
            return raw
        if otype in (USER, MENTIONABLE) and isinstance(raw, Member | User):
            return self._user(raw)
        if otype in (ROLE, MENTIONABLE) and isinstance(raw, Role):
            self.resolved.setdefault("roles", {})[str(raw.id)] = raw.payload()
            return str(raw.id)
        if otype == CHANNEL and isinstance(raw, Channel):
            return self._channel(option, raw)
        if otype == ATTACHMENT and isinstance(raw, Upload):
            return self._upload(raw)
        raise DriverError(f"cannot use {raw!r} for option {option['name']!r} of type {otype}")

    def _choice(self, option: dict[str, Any], raw: Any) -> Any:
        for choice in option["choices"]:
            if raw == choice["value"] or raw == choice["name"]:
                return choice["value"]
        names = [c["name"] for c in option["choices"]]
        raise DriverError(f"{raw!r} is not one of the choices of {option['name']!r}: {names}")

    def _user(self, raw: Member | User) -> str:
        user = raw.user if isinstance(raw, Member) else raw
        self.resolved.setdefault("users", {})[str(user.id)] = user.payload()
        member = self.guild.members.get(user.id)
        if member is not None:
            data = member.payload(with_user=False)
            data["permissions"] = str(self.guild.member_permissions(member))
            self.resolved.setdefault("members", {})[str(user.id)] = data
        return str(user.id)

    def _channel(self, option: dict[str, Any], channel: Channel) -> str:
        allowed = option.get("channel_types")
        if allowed and channel.type not in allowed:
            raise DriverError(f"channel {channel.name!r} is not of the types {allowed}")
        data = channel.payload()
        data["permissions"] = str(perms.ALL_PERMISSIONS)
        self.resolved.setdefault("channels", {})[str(channel.id)] = data
        return str(channel.id)

    def _upload(self, upload: Upload) -> str:
        attachment_id = self.state.ids.next()
        url = f"{self.base_url}/attachments/0/{attachment_id}/{upload.filename}"
        attachment = Attachment(
            attachment_id,
            upload.filename,
            upload.data,
            url,
            content_type=upload.content_type,
            ephemeral=True,
        )
        self.state.uploads[attachment_id] = attachment
        self.resolved.setdefault("attachments", {})[str(attachment_id)] = attachment.payload()
        return str(attachment_id)


def modal_answer(component: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The MODAL_SUBMIT ``components`` entry a user filling ``component`` in would send.

    A field the user leaves alone sends what the form showed (its prefilled value or defaults).
    """
    ctype = component.get("type")
    if ctype == 1:
        return {
            "type": 1,
            "id": component.get("id"),
            "components": [modal_answer(c, values) for c in component["components"]],
        }
    if ctype == 18:
        return {
            "type": 18,
            "id": component.get("id"),
            "component": modal_answer(component["component"], values),
        }
    custom_id = str(component.get("custom_id"))
    answer: dict[str, Any] = {"type": ctype, "id": component.get("id"), "custom_id": custom_id}
    if ctype == 4:
        value = str(values.get(custom_id, component.get("value") or ""))
        required = component.get("required", True)
        if required and not value:
            raise DriverError(f"the modal field {custom_id!r} is required")
        low, high = component.get("min_length", 0), component.get("max_length", 4000)
        if value and not low <= len(value) <= high:
            raise DriverError(f"the modal field {custom_id!r} takes {low}..{high} characters")
        return {**answer, "value": value}
    options = component.get("options") or []
    offered = [o["value"] for o in options]
    defaults = [o["value"] for o in options if o.get("default")]
    if ctype == 23:  # checkbox
        return {**answer, "value": bool(values.get(custom_id, component.get("default", False)))}
    if ctype == 21:  # radio group
        picked = values.get(custom_id, defaults[0] if defaults else None)
        if picked is None and component.get("required", True):
            raise DriverError(f"the modal field {custom_id!r} is required")
        if picked is not None and picked not in offered:
            raise DriverError(f"{picked!r} is not an option of {custom_id!r}: {offered}")
        return {**answer, "value": picked}
    if ctype in (3, 22):  # string select, checkbox group
        chosen = list(values.get(custom_id, defaults))
        for value in chosen:
            if value not in offered:
                raise DriverError(f"{value!r} is not an option of {custom_id!r}: {offered}")
        low = component.get("min_values", 1)
        high = component.get("max_values", 1 if ctype == 3 else len(offered))
        if not component.get("required", True) and not chosen:
            low = 0
        if not low <= len(chosen) <= high:
            raise DriverError(f"{custom_id!r} takes {low}..{high} values, not {len(chosen)}")
        return {**answer, "values": chosen}
    return {"type": ctype, "id": component.get("id")}
