"""The words an import preview uses for one film's changes, shared by ``/manage import`` and
``projectionist import --dry-run``: added, renamed, moved, kept and removed scenes, what each
removal touches, and whether a new guild copy shadows a shared film."""

from __future__ import annotations

from collections.abc import Mapping

from bot.catalogue.imports import FilmOutcome
from bot.catalogue.models import SceneReferences

SHOWN = 6


def _names(titles: list[str]) -> str:
    shown = ", ".join(f"“{t[:80]}”" for t in titles[:SHOWN])
    return shown + (f" and {len(titles) - SHOWN} more" if len(titles) > SHOWN else "")


def _touches(refs: SceneReferences | None) -> str:
    if refs is None:
        return "nothing points at it"
    parts = []
    if refs.favourites:
        parts.append(f"{refs.favourites} member favourite{'s' if refs.favourites != 1 else ''}")
    if refs.polls:
        polls = ", ".join(f"#{p}" for p in refs.polls[:SHOWN])
        parts.append(f"listed in poll{'s' if len(refs.polls) != 1 else ''} {polls}")
    return "; ".join(parts)


def change_lines(film: FilmOutcome, refs: Mapping[int, SceneReferences]) -> list[str]:
    """One line per kind of change, in the order a moderator checks them."""
    lines: list[str] = []
    if film.shadows is not None:
        lines.append(
            f"This becomes your server's own copy of the shared {film.shadows.display_title}; "
            "your favourites, polls and discussions of it move to the copy."
        )
    plan = film.scenes
    if plan is None:
        return lines
    if plan.added:
        lines.append(f"Added: {_names(list(plan.added))}")
    if plan.renamed:
        lines.append(
            "Renamed: "
            + "; ".join(f"“{old.title[:60]}” → “{new[:60]}”" for old, new in plan.renamed[:SHOWN])
        )
    if plan.moved:
        lines.append(
            "Moved: "
            + "; ".join(f"“{s.title[:60]}” {s.rank} → {rank}" for s, rank in plan.moved[:SHOWN])
            + (f" and {len(plan.moved) - SHOWN} more" if len(plan.moved) > SHOWN else "")
        )
    if plan.kept:
        kept = _names([s.title for s in plan.kept])
        lines.append(f"Kept after the imported scenes (not in the file): {kept}")
    for scene in plan.removed:
        lines.append(f"Removed: “{scene.title[:80]}”: {_touches(refs.get(scene.id))}")
    return lines
