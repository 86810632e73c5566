"""One exception hierarchy whose messages are safe to show to a Discord user.

Anything raised as a ``ProjectionistError`` is answered with its message, ephemerally. Every other
exception is a bug: it is logged with its traceback and answered with a generic message.
"""

from __future__ import annotations


class ProjectionistError(Exception):
    """Base class: ``str(error)`` is a short, friendly message a user may read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(ProjectionistError):
    """The bot's configuration is missing or invalid."""


class StorageError(ProjectionistError):
    """The database cannot be used (for example its schema is newer than this version knows)."""


class DatabaseBusyError(StorageError):
    """Another process held the database's lock longer than the bot may wait; try again."""


class ValidationError(ProjectionistError):
    """User input breaks a rule: too long, empty, out of range, badly formatted."""


class NotFoundError(ProjectionistError):
    """A film, scene, poll or setting does not exist (or is not visible to this guild)."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions


class ConflictError(ProjectionistError):
    """The action conflicts with stored state (a duplicate, an open poll, a closed poll)."""


class StaleEditError(ConflictError):
    """A form's write was refused because what it showed changed meanwhile; ``current`` is the
    stored thing now, so the form can be offered again over it."""

    def __init__(self, message: str, current: object = None) -> None:
        super().__init__(message)
        self.current = current


class PermissionDeniedError(ProjectionistError):
    """The member may not do this."""


class SharedFilmError(PermissionDeniedError):
    """A server tried to change a film of the shared catalogue (``title``). The core does not
    name commands: the Discord layer adds how to make the server's own copy."""

    def __init__(self, title: str) -> None:
        super().__init__(f"{title} belongs to the shared catalogue, which servers cannot change.")
        self.title = title


class ImportFailedError(ProjectionistError):
    """An import file could not be read; ``problems`` lists what was wrong, by file and line."""

    def __init__(self, message: str, problems: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class ServiceUnavailableError(ProjectionistError):
    """An optional outside service (TMDB) cannot answer now; everything local still works."""


class AmbiguousTitleError(ValidationError):
    """A typed title matches several films equally well and the command would act on one;
    ``candidates`` names them ("Scarface (1932)") in the order the search ranks them."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates
