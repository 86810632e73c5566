"""The words of the domain errors both adapters raise when the schema refuses a write, so a
member reads the same sentence whichever backend the host runs."""

from __future__ import annotations

from bot.catalogue.models import MAX_SCENES, FilmDraft
from bot.suggestions.models import MAX_PENDING

CONFLICT = "That change conflicts with what is already stored; nothing was changed."
TOO_MANY_SCENES = f"A film can have at most {MAX_SCENES} scenes."
TOO_MANY_SUGGESTIONS = (
    f"You already have {MAX_PENDING} suggestions waiting for review here; suggest more once a "
    "moderator has reviewed one (see /scene suggestions)."
)
SUGGESTION_PENDING = (
    "Someone already suggested a scene with that title for this film; it awaits review."
)
SCENE_IN_SOME_OPEN_POLL = "A scene is in an open poll; close or cancel the poll first."


def title_taken(draft: FilmDraft) -> str:
    """A film with the same owner, title and year exists (the ``films_identity`` index)."""
    year = f" ({draft.effective_year})" if draft.effective_year else ""
    return f"This server already has {draft.title}{year}. Edit that film instead."


def import_removes_polled_scene(title: str, poll_id: int) -> str:
    return (
        f"“{title[:80]}” is in open poll #{poll_id}; close or cancel the poll before an import "
        "removes the scene."
    )


def scene_in_open_poll(title: str, poll_id: int) -> str:
    """Removing a scene that open poll ``poll_id`` lists as an option."""
    shown = title if len(title) <= 100 else title[:99] + "…"
    return (
        f"“{shown}” is an option of open poll #{poll_id}; close or cancel that poll before "
        "removing the scene."
    )
