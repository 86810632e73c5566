"""`projectionist import | export | search | show`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from bot.catalogue.import_preview import change_lines
from bot.catalogue.imports import ImportReport
from bot.catalogue.loader import JSON_FORMAT, JSON_VERSION, read_paths
from bot.catalogue.models import Film
from bot.catalogue.records import draft_to_record
from bot.catalogue.validation import printable
from bot.cli.common import open_catalogue, print_json


def import_(args: argparse.Namespace) -> int:
    return asyncio.run(_import(args))


async def _import(args: argparse.Namespace) -> int:
    files = await asyncio.to_thread(read_paths, args.paths)
    # Importing files into an empty database must not pull the starter catalogue in beside them.
    async with open_catalogue(seed=False) as catalogue:
        report = await catalogue.import_files(  # the operator's own tool: no guild quotas
            files,
            guild_id=args.guild,
            use_file_owner=args.guild is None,
            dry_run=args.dry_run,
            remove_missing=args.remove_missing,
            limits=False,
        )
        refs = await catalogue.removal_references(report)
    for problem in report.problems:
        if problem.severity == "error" or not args.json:
            print(printable(str(problem)), file=sys.stderr)
    if args.json:
        records: list[dict[str, Any]] = []
        for outcome in report.files:
            for film in outcome.films:
                record = draft_to_record(film.draft)
                record["warnings"] = [str(p) for p in outcome.problems if p.severity == "warning"]
                records.append(record)
        print_json(records)
    else:
        for outcome in report.files:
            for film in outcome.films:
                changes = change_lines(film, refs)
                if changes:
                    print(printable(f"{film.draft.title}:"))
                    for line in changes:
                        print(printable(f"  {line}"))
        print(import_summary(report, dry_run=args.dry_run))
    return 1 if report.has_errors else 0


def film_record(film: Film) -> dict[str, Any]:
    record = {"id": film.id, "guild_id": film.guild_id}
    record.update(draft_to_record(film.to_draft()))
    return record


def export(args: argparse.Namespace) -> int:
    return asyncio.run(_export(args))


async def _export(args: argparse.Namespace) -> int:
    async with open_catalogue() as catalogue:
        films = await catalogue.export(args.guild)
    document = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "films": [film_record(f) for f in films],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        await asyncio.to_thread(args.output.write_text, text, "utf-8")
        print(f"Wrote {len(films)} films to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def search(args: argparse.Namespace) -> int:
    return asyncio.run(_search(args))


async def _search(args: argparse.Namespace) -> int:
    async with open_catalogue() as catalogue:
        hits = catalogue.search(args.query, args.guild, limit=args.limit)
    if args.json:
        print_json(
            [{"id": h.film_id, "title": h.title, "year": h.year, "score": h.score} for h in hits]
        )
    elif not hits:
        print("No films match.")
    else:
        for hit in hits:
            year = f" ({hit.year})" if hit.year else ""
            print(f"{hit.score:5.1f}  {hit.title}{year}  [id {hit.film_id}]")
    return 0


def show(args: argparse.Namespace) -> int:
    return asyncio.run(_show(args))


async def _show(args: argparse.Namespace) -> int:
    async with open_catalogue() as catalogue:
        film = await catalogue.resolve(args.film, args.guild)
    if args.json:
        print_json(film_record(film))
        return 0
    print(film.display_title)
    facts = [
        film.release_date.isoformat() if film.release_date else None,
        ", ".join(film.genres) or None,
        f"{film.runtime} min" if film.runtime else None,
        f"directed by {film.director}" if film.director else None,
    ]
    print(" · ".join(f for f in facts if f))
    if film.tagline:
        print(film.tagline)
    print()
    print(film.synopsis)
    if film.scenes:
        print("\nBest scenes:")
        for scene in film.scenes:
            flag = " [spoiler]" if scene.spoiler else ""
            print(f"{scene.rank}. {scene.title}{flag}")
    return 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def import_summary(report: ImportReport, *, dry_run: bool) -> str:
    """``1 film was created, 2 updated, 1 file skipped.`` (``would be`` for a dry run)."""
    created = report.count("created")
    verb = "would be" if dry_run else ("was" if created == 1 else "were")
    skipped = sum(1 for f in report.files if not f.imported)
    return (
        f"{_count(created, 'film')} {verb} created, {report.count('updated')} updated, "
        f"{_count(skipped, 'file')} skipped."
    )
