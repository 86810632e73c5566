"""The catalogue: films and scenes as a guild sees them, with the search index kept current.

This is the API the cogs and the CLI call. It checks ownership (a guild changes only its own
films), validates every draft, writes through the repository in one transaction per change and
updates the in-memory search index after each commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from bot.catalogue.imports import (
    ImportOptions,
    ImportReport,
    Quotas,
    create_film,
    import_file,
    plan_film,
)
from bot.catalogue.loader import LoadedFile
from bot.catalogue.models import (
    MAX_SCENES,
    Film,
    FilmDraft,
    FilmTitles,
    Scene,
    SceneDraft,
    SceneReferences,
)
from bot.catalogue.search import IndexEntry, SearchHit, SearchIndex
from bot.catalogue.store import CatalogueStore
from bot.catalogue.validation import clean_draft, clean_scene, title_key
from bot.errors import (
    ConflictError,
    NotFoundError,
    SharedFilmError,
    StaleEditError,
    ValidationError,
)

log = logging.getLogger(__name__)

# A typed title resolves to the best match only when the match is this good (0..100).
RESOLVE_MIN_SCORE = 70.0


def ref(item_id: int) -> str:
    """The autocomplete value for a film or scene id."""
    return f"#{item_id}"


def parse_ref(text: str) -> int | None:
    """The id in an autocomplete value ("#123"), or None for anything else."""
    if text.startswith("#") and text[1:].isascii() and text[1:].isdigit() and len(text) < 20:
        return int(text[1:])
    return None


def describe_changes(before: Film, after: Film) -> str:
    """What differs between two versions of a film, in words, for a refused stale edit."""
    changes = [
        label
        for label, old, new in (
            ("title", before.title, after.title),
            ("release date", (before.release_date, before.year), (after.release_date, after.year)),
            ("director", before.director, after.director),
            ("genres", before.genres, after.genres),
            ("synopsis", before.synopsis, after.synopsis),
            ("runtime", before.runtime, after.runtime),
            ("other titles", (before.original_title, before.alt_titles),
             (after.original_title, after.alt_titles)),
            ("tagline", before.tagline, after.tagline),
        )
        if old != new
    ]  # fmt: skip
    old_scenes = {s.id: s for s in before.scenes}
    new_ids = {s.id for s in after.scenes}
    added = [s.title for s in after.scenes if s.id not in old_scenes]
    removed = [s.title for s in before.scenes if s.id not in new_ids]
    edited = [
        s.title
        for s in after.scenes
        if s.id in old_scenes and (s.rank, s.title, s.description, s.spoiler)
        != (old_scenes[s.id].rank, old_scenes[s.id].title, old_scenes[s.id].description,
            old_scenes[s.id].spoiler)
    ]  # fmt: skip
    for verb, titles in (("added", added), ("removed", removed), ("changed or moved", edited)):
        if titles:
            shown = ", ".join(f"“{t[:60]}”" for t in titles[:3])
            more = f" and {len(titles) - 3} more" if len(titles) > 3 else ""
            changes.append(f"scenes {verb}: {shown}{more}")
    return "; ".join(changes) or "another edit was saved"


def _entry(film: Film | FilmTitles) -> IndexEntry:
    if isinstance(film, FilmTitles):
        return IndexEntry(film.film_id, film.guild_id, film.title, film.year, film.other_titles)
    return _draft_entry(film.id, film.guild_id, film.to_draft())


def _draft_entry(film_id: int, guild_id: int | None, draft: FilmDraft) -> IndexEntry:
    """What the index needs of a stored film, straight from the draft that was written."""
    others = tuple(t for t in (draft.original_title, *draft.alt_titles) if t and t != draft.title)
    return IndexEntry(film_id, guild_id, draft.title, draft.effective_year, others)


class Catalogue:
    """Films and scenes for the cogs and the CLI, with an in-memory search index.

    The index follows the database: this process's writes update it as they commit, and changes
    committed by another process (`projectionist import` beside the bot) are noticed through the
    store's ``change_token`` by ``refresh_if_changed``, which the bot calls on a short timer and
    ``resolve`` calls before it searches. A rebuild that a local index change overlapped is
    read again, so it never drops an entry a local write added meanwhile.
    """

    def __init__(
        self,
        store: CatalogueStore,
        index: SearchIndex | None = None,
        *,
        quotas: Quotas | None = None,
    ) -> None:
        self._films = store
        self._quotas = quotas or Quotas()
        self._index = index or SearchIndex.build(())
        self._token: int | None = None
        self._local_changes = 0  # bumped by every index change this process makes
        self._rebuilding = False

    @classmethod
    async def load(cls, store: CatalogueStore, quotas: Quotas | None = None) -> Catalogue:
        """Read every film's titles once and build the search index."""
        catalogue = cls(store, quotas=quotas)
        await catalogue._rebuild()
        log.info("Search index built with %s films", len(catalogue._index))
        return catalogue

    async def _rebuild(self) -> bool:
        for _attempt in range(3):
            local = self._local_changes
            token = await self._films.change_token()  # first: a later commit shows as a change
            titles = await self._films.all_titles()
            if local == self._local_changes:  # no local write overlapped the read
                self._index = SearchIndex.build(_entry(t) for t in titles)
                self._token = token
                return True
        return False  # busy with local writes: the next check tries again

    async def refresh_if_changed(self) -> bool:
        """Rebuild the search index if anything was committed since it was built; cheap (one
        pragma) when nothing was. Returns whether it rebuilt."""
        if self._rebuilding or await self._films.change_token() == self._token:
            return False
        self._rebuilding = True
        try:
            rebuilt = await self._rebuild()
        finally:
            self._rebuilding = False
        if rebuilt:
            log.debug("Search index rebuilt after changes made elsewhere")
        return rebuilt

    async def follow(self, *, interval: float | None = None) -> None:
        """Keep the search index following other processes' writes until cancelled: at once
        when the store reports a change (PostgreSQL LISTEN/NOTIFY), and by comparing its
        ``change_token`` every ``interval`` seconds (the store's ``check_interval``)."""
        wake = asyncio.Event()
        stop = await self._films.watch(wake.set)
        every = interval if interval is not None else self._films.check_interval
        try:
            while True:
                # Not asyncio.wait_for: on 3.11 it drops a cancellation that arrives just after
                # the wake-up, and close() would wait for ever on this task.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(every):
                        await wake.wait()
                wake.clear()
                if self._rebuilding:  # a rebuild under way may have read before the change
                    await asyncio.sleep(0.05)
                    wake.set()
                    continue
                try:
                    if await self.refresh_if_changed():
                        log.info("Catalogue changed elsewhere; search index rebuilt")
                except Exception:  # keep following: the next check may succeed
                    log.exception("Checking the catalogue for outside changes failed")
        finally:
            await stop()

    def _upsert(self, entry: IndexEntry) -> None:
        self._local_changes += 1
        self._index.upsert(entry)

    def _unindex(self, film_id: int) -> None:
        self._local_changes += 1
        self._index.remove(film_id)

    @property
    def index(self) -> SearchIndex:
        return self._index

    # -- reading -----------------------------------------------------------------------------

    async def count(self, guild_id: int | None = None, *, every_owner: bool = False) -> int:
        return await self._films.count(guild_id=guild_id, every_owner=every_owner)

    async def get(self, film_id: int, guild_id: int | None = None) -> Film:
        """A film visible to ``guild_id`` (shared or its own), or NotFoundError."""
        film = await self._films.get(film_id)
        if film is None or (film.guild_id is not None and film.guild_id != guild_id):
            raise NotFoundError("That film is not in this server's catalogue.")
        return film

    async def get_many(self, film_ids: Sequence[int]) -> list[Film]:
        return await self._films.get_many(film_ids)

    def search(
        self, query: str, guild_id: int | None = None, *, limit: int = 25, all_guilds: bool = False
    ) -> list[SearchHit]:
        """Best matches first. A guild's own copy of a film shadows the shared one (same title
        and year), so after importing its own *Rocky IV* a guild sees only its version; the index
        applies this, and the guild's visibility, before it cuts any list of candidates."""
        return self._index.search(query, guild_id=guild_id, limit=limit, all_guilds=all_guilds)

    async def resolve(self, value: str, guild_id: int | None = None) -> Film:
        """The film a user meant: an autocomplete value ("#123") or a typed title ("rocky 4").

        Autocomplete values carry the id behind ``#`` so that titles made of digits ("1917",
        "2001") are still searched as titles. Re-validated here: the id must be visible.
        """
        text = value.strip()
        if not text:
            raise ValidationError("Type a film title.")
        film_id = parse_ref(text)
        if film_id is not None:
            return await self.get(film_id, guild_id)
        await self.refresh_if_changed()
        hits = self.search(text, guild_id, limit=1)
        if hits and hits[0].score >= RESOLVE_MIN_SCORE:
            return await self.get(hits[0].film_id, guild_id)
        suggestions = tuple(
            f"{h.title} ({h.year})" if h.year else h.title
            for h in self._index.suggest(text, guild_id=guild_id, limit=3)
        )
        shown = text if len(text) <= 60 else text[:59] + "…"
        raise NotFoundError(f"I couldn't find a film called “{shown}”.", suggestions)

    async def random_film(self, guild_id: int | None, genre: str | None = None) -> Film:
        film_id = await self._films.random_id(guild_id=guild_id, genre=genre)
        if film_id is None:
            what = f"{genre} films" if genre else "films"
            raise NotFoundError(f"There are no {what} in this server's catalogue yet.")
        return await self.get(film_id, guild_id)

    @staticmethod
    def scene_of(film: Film, value: str) -> Scene:
        """A scene of ``film`` by autocomplete value ("#id"), rank ("3") or title text."""
        text = value.strip()
        scene_id = parse_ref(text)
        if scene_id is not None:
            for scene in film.scenes:
                if scene.id == scene_id:
                    return scene
            raise NotFoundError(f"{film.display_title} has no such scene any more.")
        if text.isdigit() and 1 <= int(text) <= len(film.scenes):
            return film.scenes[int(text) - 1]
        folded = text.casefold()
        for scene in film.scenes:
            if scene.title.casefold() == folded:
                return scene
        matches = [s for s in film.scenes if folded and folded in s.title.casefold()]
        if len(matches) == 1:
            return matches[0]
        raise NotFoundError(
            f"{film.display_title} has no scene “{text[:60]}”. "
            f"Pick one from the list, or a number from 1 to {len(film.scenes)}."
        )

    # -- changing ----------------------------------------------------------------------------

    def check_owner(self, film: Film, guild_id: int | None) -> None:
        if film.guild_id != guild_id:
            if film.guild_id is None:
                raise SharedFilmError(film.display_title)
            raise NotFoundError("That film is not in this server's catalogue.")

    async def _check_free(
        self, guild_id: int | None, draft: FilmDraft, except_id: int | None = None
    ) -> str:
        key = title_key(draft.title)
        existing = await self._films.find_identity(guild_id, key, draft.effective_year)
        if existing is not None and existing != except_id:
            raise ConflictError(
                f"This server already has {draft.title}"
                + (f" ({draft.effective_year})" if draft.effective_year else "")
                + ". Edit that film instead."
            )
        return key

    async def add_film(self, draft: FilmDraft, guild_id: int | None) -> Film:
        """A new film; a guild adding a film the shared catalogue has gets its own copy built
        on the shared one, taking over the guild's favourites and polls (as an import does)."""
        draft = clean_draft(draft)
        key = await self._check_free(guild_id, draft)
        outcome = await plan_film(self._films, draft, guild_id, key, remove_missing=False)
        async with self._films.transaction() as tx:
            if guild_id is not None:  # counted inside the transaction: adds cannot race it
                too_many = self._quotas.too_many(await tx.count_owned(guild_id), 1)
                if too_many:
                    raise ValidationError(too_many)
            film_id = await create_film(tx, outcome, key)
        return await self._refresh(film_id)

    async def edit_film(
        self,
        film_id: int,
        draft: FilmDraft,
        guild_id: int | None,
        *,
        opened: Film | None = None,
    ) -> Film:
        """Write a film's own fields from ``draft``; its scenes are never written here.

        ``opened`` is the film as the form showed it: when the film changed since (its version
        moved), nothing is written and the ConflictError says what changed."""
        film = await self.get(film_id, guild_id)
        self.check_owner(film, guild_id)
        draft = clean_draft(draft)
        key = await self._check_free(guild_id, draft, except_id=film_id)
        seen = opened or film
        async with self._films.transaction() as tx:
            written = await tx.update_fields(film_id, draft, title_key=key, version=seen.version)
        if not written:
            current = await self.get(film_id, guild_id)
            raise StaleEditError(
                f"{current.display_title} changed since you opened the form "
                f"({describe_changes(seen, current)}); nothing was saved.",
                current,
            )
        return await self._refresh(film_id)

    async def remove_film(self, film_id: int, guild_id: int | None) -> Film:
        film = await self.get(film_id, guild_id)
        self.check_owner(film, guild_id)
        async with self._films.transaction() as tx:
            await tx.delete(film_id)
        self._unindex(film_id)
        return film

    async def add_scene(
        self, film_id: int, scene: SceneDraft, guild_id: int | None, position: int | None = None
    ) -> Film:
        film = await self.get(film_id, guild_id)
        self.check_owner(film, guild_id)
        if len(film.scenes) >= MAX_SCENES:
            raise ValidationError(f"A film can have at most {MAX_SCENES} scenes.")
        last = len(film.scenes) + 1
        position = last if position is None else position
        if not 1 <= position <= last:
            raise ValidationError(f"The position must be between 1 and {last}.")
        scene = clean_scene(scene)
        async with self._films.transaction() as tx:
            await tx.insert_scene(film_id, scene, position)
        return await self.get(film_id, guild_id)

    async def edit_scene(
        self, film_id: int, scene_id: int, scene: SceneDraft, guild_id: int | None
    ) -> Film:
        film = await self._owned_scene(film_id, scene_id, guild_id)
        scene = clean_scene(scene)
        async with self._films.transaction() as tx:
            await tx.update_scene(scene_id, scene)
        return await self.get(film.id, guild_id)

    async def remove_scene(self, film_id: int, scene_id: int, guild_id: int | None) -> Film:
        film = await self._owned_scene(film_id, scene_id, guild_id)
        async with self._films.transaction() as tx:
            await tx.delete_scene(film_id, scene_id)
        return await self.get(film.id, guild_id)

    async def move_scene(
        self, film_id: int, scene_id: int, position: int, guild_id: int | None
    ) -> Film:
        film = await self._owned_scene(film_id, scene_id, guild_id)
        if not 1 <= position <= len(film.scenes):
            raise ValidationError(f"The position must be between 1 and {len(film.scenes)}.")
        async with self._films.transaction() as tx:
            await tx.move_scene(film_id, scene_id, position)
        return await self.get(film.id, guild_id)

    async def _owned_scene(self, film_id: int, scene_id: int, guild_id: int | None) -> Film:
        film = await self.get(film_id, guild_id)
        self.check_owner(film, guild_id)
        if all(s.id != scene_id for s in film.scenes):
            raise NotFoundError(f"{film.display_title} has no such scene.")
        return film

    async def _refresh(self, film_id: int) -> Film:
        film = await self._films.get(film_id)
        assert film is not None
        self._upsert(_entry(film))
        return film

    # -- importing ---------------------------------------------------------------------------

    async def import_files(
        self,
        files: Sequence[LoadedFile],
        *,
        guild_id: int | None = None,
        use_file_owner: bool = False,
        dry_run: bool = False,
        remove_missing: bool = False,
        limits: bool = True,
    ) -> ImportReport:
        """Import each file all-or-nothing; the same film (owner, title, year) is updated.

        An update merges: what the file states wins, what it lacks keeps the stored value
        (``bot.catalogue.merge``), and scenes keep their identity (``bot.catalogue.scene_plan``;
        stored scenes the file leaves out are removed only with ``remove_missing``). A guild
        importing a film the shared catalogue has gets its own copy, built on the shared film,
        and the guild's favourites, polls and discussions of the shared film move to the copy's
        matching scenes in the same transaction, so nothing the guild did is left behind the
        shadow. ``guild_id`` owns every film, unless ``use_file_owner`` lets a JSON export's
        recorded owners stand (how `projectionist import` restores a whole export). Each file
        is one transaction, so other commands (other guilds' writes) get their turn between
        files; ``limits`` applies the guild quotas (off only for the operator's CLI).
        """
        options = ImportOptions(guild_id, use_file_owner, dry_run, remove_missing, limits)
        outcomes = []
        for loaded in files:
            outcome = await import_file(self._films, self._quotas, loaded, options)
            if not dry_run and outcome.imported:  # the drafts are what was written
                for film in outcome.films:
                    assert film.film_id is not None
                    self._upsert(_draft_entry(film.film_id, film.guild_id, film.draft))
            outcomes.append(outcome)
        return ImportReport(tuple(outcomes), dry_run)

    async def removal_references(self, report: ImportReport) -> dict[int, SceneReferences]:
        """What the scenes a (previewed) import would remove are pointed at by."""
        removed = [
            scene.id
            for outcome in report.files
            for film in outcome.films
            if film.scenes is not None
            for scene in film.scenes.removed
        ]
        return await self._films.scene_references(removed) if removed else {}

    async def export(self, guild_id: int | None = None) -> list[Film]:
        """Every film (``guild_id`` None) or one guild's own films, in id order."""
        if guild_id is None:
            return await self._films.list_films(every_owner=True)
        return await self._films.list_films(guild_id=guild_id)

    # -- guild copies ------------------------------------------------------------------------

    async def own_copy(self, film_id: int, guild_id: int, *, build: bool = True) -> Film:
        """The film ``guild_id`` may change for ``film_id``: the film itself when the guild owns
        it; for a shared film, the guild's copy, built now when it has none (``add_film``: the
        copy keeps every shared scene and takes over the guild's favourites, polls and
        discussions of the shared film, in one transaction). With ``build`` False a missing copy
        is not built: the shared film is returned (what the guild sees now)."""
        film = await self.get(film_id, guild_id)
        if film.guild_id == guild_id:
            return film
        draft = film.to_draft()
        key = title_key(draft.title)
        for _attempt in range(2):
            existing = await self._films.find_identity(guild_id, key, draft.effective_year)
            if existing is not None:
                return await self.get(existing, guild_id)
            if not build:
                return film
            try:
                return await self.add_film(draft, guild_id)
            except ConflictError:  # another command built the copy meanwhile: use that one
                continue
        raise ConflictError(f"{film.display_title} is being changed; try again in a moment.")
