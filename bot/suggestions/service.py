"""Community scene suggestions over the suggestion store.

Approving one writes a scene through the catalogue (``SceneWriter``, which ``Catalogue``
satisfies): on a shared film the guild first gets its own copy (``Catalogue.own_copy``), which
takes over the guild's favourites, polls and discussions of the shared film, as every guild copy
does. The scene is written first and the suggestion then marked approved only if it is still
pending; when another moderator decided it meanwhile, the scene just written is removed again, so
of two moderators approving at once exactly one adds a scene.
"""

from __future__ import annotations

import logging
import secrets
from typing import Protocol

from bot.catalogue.models import Film, SceneDraft
from bot.errors import ConflictError, NotFoundError, ValidationError
from bot.suggestions.models import (
    REASON_MAX,
    SUGGESTION_DESCRIPTION_MAX,
    SUGGESTION_TITLE_MAX,
    Suggestion,
    SuggestionDraft,
    SuggestionStatus,
    title_key,
)
from bot.suggestions.store import SuggestionStore

log = logging.getLogger(__name__)

#: How long an approval holds its suggestion while the scene is written (a crashed holder's
#: claim is void after this).
CLAIM_SECONDS = 60
ALREADY_REVIEWED = "Another moderator has already reviewed this suggestion; nothing was changed."


class SceneWriter(Protocol):
    """What approving needs of the catalogue (``bot.catalogue.service.Catalogue``)."""

    async def get(self, film_id: int, guild_id: int | None = None) -> Film: ...

    async def own_copy(self, film_id: int, guild_id: int, *, build: bool = True) -> Film: ...

    async def add_scene(
        self, film_id: int, scene: SceneDraft, guild_id: int | None, position: int | None = None
    ) -> Film: ...

    async def remove_scene(self, film_id: int, scene_id: int, guild_id: int | None) -> Film: ...


def _line(text: str, what: str, limit: int) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValidationError(f"The {what} cannot be empty.")
    if len(cleaned) > limit:
        raise ValidationError(f"The {what} can be at most {limit} characters.")
    return cleaned


def _block(text: str, what: str, limit: int) -> str:
    cleaned = "\n".join(line.rstrip() for line in text.strip().splitlines())
    if len(cleaned) > limit:
        raise ValidationError(f"The {what} can be at most {limit} characters.")
    return cleaned


def clean(draft: SuggestionDraft) -> SuggestionDraft:
    """``draft`` tidied, or ValidationError saying what is wrong."""
    return SuggestionDraft(
        _line(draft.title, "scene title", SUGGESTION_TITLE_MAX),
        _block(draft.description, "description", SUGGESTION_DESCRIPTION_MAX),
        bool(draft.spoiler),
    )


def clean_reason(reason: str | None) -> str | None:
    if reason is None or not reason.strip():
        return None
    return _block(reason, "reason", REASON_MAX)


def _check_new_title(film: Film, title: str) -> None:
    key = title_key(title)
    for scene in film.scenes:
        if title_key(scene.title) == key:
            raise ConflictError(
                f"{film.display_title} already has a scene called “{scene.title[:100]}” "
                f"(scene {scene.rank})."
            )


class SuggestionService:
    def __init__(self, store: SuggestionStore, scenes: SceneWriter) -> None:
        self._store = store
        self._scenes = scenes

    async def suggest(
        self, guild_id: int, user_id: int, film: Film, draft: SuggestionDraft
    ) -> Suggestion:
        """A member's new pending suggestion for ``film`` (one the guild can see)."""
        if film.guild_id is not None and film.guild_id != guild_id:
            raise NotFoundError("That film is not in this server's catalogue.")
        draft = clean(draft)
        _check_new_title(film, draft.title)
        async with self._store.transaction() as tx:
            new_id = await tx.submit(guild_id, user_id, film.id, draft)
        suggestion = await self._store.get(new_id)
        assert suggestion is not None
        return suggestion

    async def of_member(self, guild_id: int, user_id: int, limit: int = 25) -> list[Suggestion]:
        return await self._store.of_member(guild_id, user_id, limit)

    async def next_pending(self, guild_id: int, after: int = 0) -> Suggestion | None:
        """The oldest pending suggestion with an id above ``after`` (wrapping round)."""
        found = await self._store.pending(guild_id, after=after, limit=1)
        if not found and after:
            found = await self._store.pending(guild_id, limit=1)
        return found[0] if found else None

    async def count_pending(self, guild_id: int) -> int:
        return await self._store.count_pending(guild_id)

    async def pending_one(self, suggestion_id: int, guild_id: int) -> Suggestion:
        """A pending suggestion of this guild, or a friendly error saying why not."""
        suggestion = await self._store.get(suggestion_id)
        if suggestion is None or suggestion.guild_id != guild_id:
            raise NotFoundError("That suggestion no longer exists.")
        if suggestion.status is not SuggestionStatus.PENDING:
            raise ConflictError(ALREADY_REVIEWED)
        return suggestion

    async def credits(self, scene_ids: list[int]) -> dict[int, int]:
        return await self._store.credits(scene_ids)

    async def target_film(self, suggestion: Suggestion) -> Film:
        """The film the scene would join, as the guild sees it now (its copy, if it has one)."""
        return await self._scenes.own_copy(suggestion.film_id, suggestion.guild_id, build=False)

    async def approve(
        self,
        suggestion_id: int,
        guild_id: int,
        reviewer_id: int,
        *,
        position: int | None = None,
        edited: SuggestionDraft | None = None,
    ) -> tuple[Suggestion, Film]:
        """Add the suggested scene (``edited`` replaces the member's text) at ``position``
        (None: last) of the guild's own film, crediting the member; the suggestion and the film
        as they are now."""
        suggestion = await self.pending_one(suggestion_id, guild_id)
        draft = clean(
            edited or SuggestionDraft(suggestion.title, suggestion.description, suggestion.spoiler)
        )
        token = secrets.token_hex(8)
        async with self._store.transaction() as tx:
            if not await tx.claim(suggestion_id, token, CLAIM_SECONDS):
                raise ConflictError(ALREADY_REVIEWED)
        try:
            film, scene_id = await self._add_scene(suggestion, draft, position)
        except Exception:
            async with self._store.transaction() as tx:
                await tx.release(suggestion_id, token)
            raise
        async with self._store.transaction() as tx:
            won = await tx.approve(suggestion_id, reviewer_id, scene_id, token)
        if not won:  # the claim expired and someone else decided: take the scene back
            log.warning("Suggestion %s decided meanwhile; dropped %s", suggestion_id, scene_id)
            await self._scenes.remove_scene(film.id, scene_id, suggestion.guild_id)
            raise ConflictError(ALREADY_REVIEWED)
        done = await self._store.get(suggestion_id)
        assert done is not None
        return done, await self._scenes.get(film.id, guild_id)

    async def _add_scene(
        self, suggestion: Suggestion, draft: SuggestionDraft, position: int | None
    ) -> tuple[Film, int]:
        """Write the scene into the guild's own film; that film and the new scene's id."""
        guild_id = suggestion.guild_id
        film = await self._scenes.own_copy(suggestion.film_id, guild_id)
        _check_new_title(film, draft.title)
        last = len(film.scenes) + 1
        if position is None or not 1 <= position <= last:
            position = last
        before = {s.id for s in film.scenes}
        scene = SceneDraft(draft.title, draft.description, draft.spoiler)
        updated = await self._scenes.add_scene(film.id, scene, guild_id, position)
        new = [s for s in updated.scenes if s.id not in before]
        at = [s for s in new if s.rank == position and s.title == draft.title]
        return updated, (at or new)[0].id

    async def reject(
        self, suggestion_id: int, guild_id: int, reviewer_id: int, reason: str | None = None
    ) -> Suggestion:
        await self.pending_one(suggestion_id, guild_id)
        reason = clean_reason(reason)
        async with self._store.transaction() as tx:
            won = await tx.reject(suggestion_id, reviewer_id, reason)
        if not won:
            raise ConflictError(ALREADY_REVIEWED)
        done = await self._store.get(suggestion_id)
        assert done is not None
        return done
