"""Discord's JSON error shapes (topics/opcodes-and-status-codes, reference#error-messages)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

PathPart = str | int


class APIError(Exception):
    """An error answered to the client as ``{"message": ..., "code": ...[, "errors": ...]}``."""

    def __init__(
        self, status: int, code: int, message: str, errors: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors is not None:
            payload["errors"] = self.errors
        return payload


@dataclass(frozen=True, slots=True)
class FieldError:
    path: tuple[PathPart, ...]
    code: str
    message: str


@dataclass(slots=True)
class FormErrors:
    """Collects field errors and renders them nested the way Discord does."""

    items: list[FieldError] = field(default_factory=list)

    def add(self, path: tuple[PathPart, ...], code: str, message: str) -> None:
        self.items.append(FieldError(path, code, message))

    def max_length(self, path: tuple[PathPart, ...], limit: int) -> None:
        self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def min_length(self, path: tuple[PathPart, ...], limit: int) -> None:
        self.add(path, "BASE_TYPE_MIN_LENGTH", f"Must be {limit} or more in length.")

    def required(self, path: tuple[PathPart, ...]) -> None:
        self.add(path, "BASE_TYPE_REQUIRED", "This field is required")

    def choices(self, path: tuple[PathPart, ...], allowed: Any) -> None:
        self.add(path, "BASE_TYPE_CHOICES", f"Value must be one of {allowed}.")

    def number_max(self, path: tuple[PathPart, ...], limit: int) -> None:
        self.add(path, "NUMBER_TYPE_MAX", f"int value should be less than or equal to {limit}.")

    def number_min(self, path: tuple[PathPart, ...], limit: int) -> None:
        self.add(path, "NUMBER_TYPE_MIN", f"int value should be greater than or equal to {limit}.")

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[FieldError]:
        return iter(self.items)

    def nested(self) -> dict[str, Any]:
        root: dict[str, Any] = {}
        for item in self.items:
            node = root
            for part in item.path:
                node = node.setdefault(str(part), {})
            node.setdefault("_errors", []).append({"code": item.code, "message": item.message})
        return root

    def raise_if_any(self) -> None:
        if self.items:
            raise invalid_form_body(self)


def flatten_errors(errors: dict[str, Any], prefix: str = "") -> dict[str, list[str]]:
    """``{"embeds": {"0": {"title": {"_errors": [...]}}}}`` -> ``{"embeds.0.title": [codes]}``."""
    flat: dict[str, list[str]] = {}
    for key, value in errors.items():
        if key == "_errors":
            flat.setdefault(prefix, []).extend(e["code"] for e in value)
            continue
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            for sub, codes in flatten_errors(value, path).items():
                flat.setdefault(sub, []).extend(codes)
    return flat


def invalid_form_body(errors: FormErrors) -> APIError:
    return APIError(400, 50035, "Invalid Form Body", errors.nested())


def not_found() -> APIError:
    return APIError(404, 0, "404: Not Found")


def unauthorized() -> APIError:
    return APIError(401, 0, "401: Unauthorized")


def unknown_channel() -> APIError:
    return APIError(404, 10003, "Unknown Channel")


def unknown_guild() -> APIError:
    return APIError(404, 10004, "Unknown Guild")


def unknown_member() -> APIError:
    return APIError(404, 10007, "Unknown Member")


def unknown_message() -> APIError:
    return APIError(404, 10008, "Unknown Message")


def unknown_user() -> APIError:
    return APIError(404, 10013, "Unknown User")


def unknown_webhook() -> APIError:
    return APIError(404, 10015, "Unknown Webhook")


def unknown_interaction() -> APIError:
    return APIError(404, 10062, "Unknown interaction")


def unknown_command() -> APIError:
    return APIError(404, 10063, "Unknown application command")


def already_acknowledged() -> APIError:
    return APIError(400, 40060, "Interaction has already been acknowledged.")


def missing_access() -> APIError:
    return APIError(403, 50001, "Missing Access")


def missing_permissions() -> APIError:
    return APIError(403, 50013, "Missing Permissions")


def cannot_edit_others_message() -> APIError:
    return APIError(403, 50005, "Cannot edit a message authored by another user")


def empty_message() -> APIError:
    return APIError(400, 50006, "Cannot send an empty message")


def invalid_webhook_token() -> APIError:
    return APIError(401, 50027, "Invalid Webhook Token")


def request_too_large() -> APIError:
    return APIError(413, 40005, "Request entity too large")


def thread_already_created() -> APIError:
    return APIError(400, 160004, "A thread has already been created for this message")


def max_commands(limit: int) -> APIError:
    return APIError(400, 30032, f"Maximum number of application commands reached ({limit})")
