"""How an import's scene list lands on a stored film without losing any scene's identity.

A scene is an entity: its id is what favourites, poll options and discussions point at, so a
re-import must never rewrite one scene into another. ``plan_scenes`` matches each imported scene
to a stored one, first by normalised title (``scene_key``), then, for the scenes still unmatched,
by identical non-empty normalised description (a scene renamed by the article), and otherwise
not at all (a new scene). Matched scenes keep their id; what the import leaves out of a matched
scene (an empty description, a spoiler flag an article cannot state) keeps its stored value.

Stored scenes the import does not mention are kept, after the imported ones in their old order,
unless the import is run with ``remove_missing`` (the explicit "this is the full list" mode:
``--remove-missing`` in the CLI, ``remove_missing:True`` on ``/manage import``). Removal therefore
never happens by accident, and the preview lists it, with what it touches, before Confirm.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.catalogue.models import MAX_SCENES, Scene, SceneDraft, SceneWrite
from bot.errors import ValidationError


def scene_key(title: str) -> str:
    """A scene title as it identifies the scene: NFKC, case-folded, punctuation dropped."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    kept = "".join(c if c.isalnum() else " " for c in folded)
    return " ".join(kept.split()) or " ".join(folded.split())


def _description_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True, slots=True)
class ScenePlan:
    writes: tuple[SceneWrite, ...]
    added: tuple[str, ...]  # titles of new scenes
    renamed: tuple[tuple[Scene, str], ...]  # (stored scene, its new title)
    moved: tuple[tuple[Scene, int], ...]  # (stored scene, its new rank)
    removed: tuple[Scene, ...]
    kept: tuple[Scene, ...]  # stored scenes the import did not mention, kept at the end

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.renamed or self.moved or self.removed)


def plan_scenes(
    stored: Sequence[Scene], imported: Sequence[SceneDraft], *, remove_missing: bool = False
) -> ScenePlan:
    """The film's scenes after importing ``imported`` onto ``stored`` (see the module doc)."""
    matched: dict[int, Scene] = {}  # imported index -> stored scene
    free = list(stored)
    by_title: dict[str, list[Scene]] = {}
    for scene in free:
        by_title.setdefault(scene_key(scene.title), []).append(scene)
    for i, draft in enumerate(imported):
        candidates = by_title.get(scene_key(draft.title))
        if candidates:
            matched[i] = candidates.pop(0)
    used = {s.id for s in matched.values()}
    free = [s for s in free if s.id not in used]
    for i, draft in enumerate(imported):
        key = _description_key(draft.description)
        if i in matched or not key:
            continue
        same = [s for s in free if _description_key(s.description) == key]
        if len(same) == 1:
            matched[i] = same[0]
            free.remove(same[0])
    writes: list[SceneWrite] = []
    added: list[str] = []
    renamed: list[tuple[Scene, str]] = []
    for i, draft in enumerate(imported):
        old = matched.get(i)
        if old is None:
            writes.append(SceneWrite(None, draft))
            added.append(draft.title)
            continue
        merged = replace(
            draft,
            description=draft.description or old.description,
            spoiler=draft.spoiler if draft.spoiler_stated else old.spoiler,
            spoiler_stated=True,
        )
        writes.append(SceneWrite(old.id, merged))
        if draft.title != old.title:
            renamed.append((old, draft.title))
    kept: tuple[Scene, ...] = ()
    removed: tuple[Scene, ...] = ()
    if remove_missing:
        removed = tuple(free)
    else:
        kept = tuple(free)
        writes.extend(SceneWrite(s.id, SceneDraft(s.title, s.description, s.spoiler)) for s in kept)
    if len(writes) > MAX_SCENES:
        raise ValidationError(
            f"After this import the film would have {len(writes)} scenes (the limit is "
            f"{MAX_SCENES}): {len(kept)} stored scenes are not in the file and are kept. "
            "Import with remove_missing to replace the whole list."
        )
    moved = tuple(
        (old, rank)
        for rank, write in enumerate(writes, 1)
        for old in stored
        if old.id == write.scene_id and old.rank != rank
    )
    return ScenePlan(tuple(writes), tuple(added), tuple(renamed), moved, removed, kept)
