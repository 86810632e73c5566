"""Importing films: the plan of what each file would store, the guild quotas that bound it, the
write of one file in one transaction, and the report the cogs and the CLI show.

The ``Catalogue`` service calls these and keeps its search index current with what they wrote;
``plan_film`` and ``create_film`` also serve its single ``add_film``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from bot.catalogue.loader import LoadedFile
from bot.catalogue.merge import merge_film
from bot.catalogue.models import Film, FilmDraft, ImportProblem
from bot.catalogue.scene_plan import ScenePlan, plan_scenes
from bot.catalogue.store import CatalogueStore, CatalogueTransaction
from bot.catalogue.validation import clean_draft, title_key
from bot.errors import ValidationError

Action = Literal["created", "updated", "skipped"]


@dataclass(frozen=True, slots=True)
class Quotas:
    """Per-guild limits that keep one guild from taking the host's memory (the search index
    holds every film's titles): films a guild may own, films one import file may hold. The
    shared catalogue and the operator's CLI are not limited. A file is written in one
    transaction (all or nothing), so ``import_films`` also bounds how long it holds the lock."""

    guild_films: int = 2000
    import_films: int = 200

    def too_many(self, owned: int, new: int) -> str | None:
        """Why a guild owning ``owned`` films may not add ``new`` more, or None if it may."""
        if owned + new > self.guild_films:
            room = max(self.guild_films - owned, 0)
            return (
                f"A server can have at most {self.guild_films} films of its own; this one has "
                f"{owned}, so {room} more fit and this would add {new}. Remove some films first."
            )
        return None


class _QuotaExceeded(Exception):
    """Raised inside an import's transaction to roll it back; reported as the file's problem."""


@dataclass(frozen=True, slots=True)
class FilmOutcome:
    draft: FilmDraft  # what is (or would be) stored: the import merged onto the stored film
    action: Action
    film_id: int | None
    guild_id: int | None
    scenes: ScenePlan | None = None  # how the scenes change (None: a plain new film)
    shadows: Film | None = None  # the shared film a new guild copy shadows, if any


@dataclass(frozen=True, slots=True)
class FileOutcome:
    source: str
    films: tuple[FilmOutcome, ...]
    problems: tuple[ImportProblem, ...]

    @property
    def imported(self) -> bool:
        return bool(self.films) and all(f.action != "skipped" for f in self.films)


@dataclass(frozen=True, slots=True)
class ImportReport:
    files: tuple[FileOutcome, ...]
    dry_run: bool

    @property
    def problems(self) -> tuple[ImportProblem, ...]:
        return tuple(p for f in self.files for p in f.problems)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def count(self, action: Action) -> int:
        return sum(1 for f in self.files for film in f.films if film.action == action)


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How ``import_file`` treats a file; see ``Catalogue.import_files`` for each one."""

    guild_id: int | None = None
    use_file_owner: bool = False
    dry_run: bool = False
    remove_missing: bool = False
    limits: bool = True


async def plan_film(
    store: CatalogueStore, draft: FilmDraft, owner: int | None, key: str, remove_missing: bool
) -> FilmOutcome:
    """What importing ``draft`` for ``owner`` would store (raises ValidationError)."""
    existing = await store.find_identity(owner, key, draft.effective_year)
    stored = await store.get(existing) if existing is not None else None
    if stored is not None:
        plan = plan_scenes(stored.scenes, draft.scenes, remove_missing=remove_missing)
        if plan.removed:  # checked again inside the write (sync_scenes), where it cannot race
            refs = await store.scene_references([s.id for s in plan.removed])
            for scene in plan.removed:
                if scene.id in refs and refs[scene.id].open_polls:
                    raise ValidationError(
                        f"“{scene.title[:80]}” is in open poll "
                        f"#{refs[scene.id].open_polls[0]}; close or cancel the poll before "
                        "an import removes the scene."
                    )
        merged = clean_draft(merge_film(stored, draft, plan))
        return FilmOutcome(merged, "updated", stored.id, owner, plan)
    shared_id = None
    if owner is not None:
        shared_id = await store.find_identity(None, key, draft.effective_year)
    shared = await store.get(shared_id) if shared_id is not None else None
    if shared is None:
        return FilmOutcome(draft, "created", None, owner)
    # A copy keeps every shared scene (matched or not), so everything the guild pointed at
    # has somewhere to go; remove scenes with a second import once the copy exists.
    plan = plan_scenes(shared.scenes, draft.scenes, remove_missing=False)
    merged = clean_draft(merge_film(shared, draft, plan))
    return FilmOutcome(merged, "created", None, owner, plan, shared)


async def create_film(tx: CatalogueTransaction, outcome: FilmOutcome, key: str) -> int:
    """Insert a planned new film; a guild copy takes over the guild's references."""
    owner, shadows, plan = outcome.guild_id, outcome.shadows, outcome.scenes
    if shadows is None or plan is None or owner is None:
        return await tx.insert(outcome.draft, guild_id=owner, title_key=key)
    bare = replace(outcome.draft, scenes=())
    film_id = await tx.insert(bare, guild_id=owner, title_key=key)
    ids = await tx.sync_scenes(film_id, [replace(w, scene_id=None) for w in plan.writes])
    moved = {w.scene_id: new for w, new in zip(plan.writes, ids, strict=True) if w.scene_id}
    await tx.carry_guild_references(owner, shadows.id, film_id, moved)
    return film_id


async def import_file(
    store: CatalogueStore, quotas: Quotas, loaded: LoadedFile, options: ImportOptions
) -> FileOutcome:
    """Plan one file and, unless it is a dry run, write it in one transaction (all or nothing).

    The outcome's films are what was written (or would be); a file with problems writes
    nothing and lists its films as skipped."""
    guild_id = options.guild_id
    problems = loaded.all_problems

    def refused(message: str) -> FileOutcome:
        problem = ImportProblem("error", message, loaded.source)
        return FileOutcome(loaded.source, (), (*problems, problem))

    if not loaded.ok:
        skipped = tuple(
            FilmOutcome(f.parsed.draft, "skipped", None, guild_id)
            for f in loaded.films
            if f.parsed.draft is not None
        )
        return FileOutcome(loaded.source, skipped, problems)
    if options.limits and guild_id is not None and len(loaded.films) > quotas.import_films:
        return refused(
            f"This file has {len(loaded.films)} films; one import can hold at most "
            f"{quotas.import_films} films. Split it into smaller files."
        )
    plan: list[tuple[FilmOutcome, str]] = []
    seen: set[tuple[int, str, int]] = set()
    for item in loaded.films:
        assert item.parsed.draft is not None
        owner = item.guild_id if options.use_file_owner and item.guild_id else guild_id
        try:  # every way in passes the same checks (readers may already have applied them)
            draft = clean_draft(item.parsed.draft)
            key = title_key(draft.title)
            identity = (owner or 0, key, draft.effective_year or 0)
            if identity in seen:
                raise ValidationError(f"{draft.title} appears twice in this file")
            seen.add(identity)
            plan.append((await plan_film(store, draft, owner, key, options.remove_missing), key))
        except ValidationError as exc:
            return refused(str(exc))
    owners = {p.guild_id for p, _ in plan if p.guild_id is not None} if options.limits else set()
    new = {o: sum(1 for p, _ in plan if p.guild_id == o and p.film_id is None) for o in owners}
    if options.dry_run:
        for owner in owners:
            too_many = quotas.too_many(await store.count_owned(owner), new[owner])
            if too_many:
                return refused(too_many)
        return FileOutcome(loaded.source, tuple(p for p, _ in plan), problems)
    results: list[FilmOutcome] = []
    try:
        async with store.transaction() as tx:
            for owner in owners:  # counted inside the transaction: imports cannot race it
                too_many = quotas.too_many(await tx.count_owned(owner), new[owner])
                if too_many:
                    raise _QuotaExceeded(too_many)
            await _write_plan(tx, plan, results)
    except _QuotaExceeded as exc:  # rolled back: nothing of this file was written
        return refused(str(exc))
    return FileOutcome(loaded.source, tuple(results), problems)


async def _write_plan(
    tx: CatalogueTransaction,
    plan: Sequence[tuple[FilmOutcome, str]],
    results: list[FilmOutcome],
) -> None:
    for outcome, key in plan:
        if outcome.film_id is not None:
            assert outcome.scenes is not None
            await tx.update(outcome.film_id, outcome.draft, title_key=key)
            await tx.sync_scenes(outcome.film_id, outcome.scenes.writes)
            results.append(outcome)
            continue
        film_id = await create_film(tx, outcome, key)
        results.append(replace(outcome, film_id=film_id))
