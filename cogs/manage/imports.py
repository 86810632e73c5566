"""/manage import: preview an article or JSON file, write it only on Confirm."""

from __future__ import annotations

from collections.abc import Mapping

import discord
from discord import app_commands

from bot.catalogue.import_preview import change_lines
from bot.catalogue.imports import ImportReport
from bot.catalogue.loader import MAX_FILE_BYTES, LoadedFile, decode, parse_text
from bot.catalogue.models import SceneReferences
from bot.catalogue.validation import printable
from bot.errors import ImportFailedError, ProjectionistError
from bot.ui.access import require_moderator
from bot.ui.budget import EmbedBuilder, cell
from bot.ui.embeds import COLOUR
from bot.ui.modals import Confirm
from bot.ui.replies import defer, send
from bot.ui.text import plural
from bot.ui.types import Interaction

UPLOAD_LIMIT = 1024 * 1024
SHOWN_PROBLEMS = 8
IMPORTING = "Importing…"
NOT_IMPORTED = "Nothing was imported."


def _kind(filename: str) -> str:
    lower = filename.lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith(".toml"):
        return "toml"
    return "article"


def preview_embed(
    report: ImportReport,
    filename: str,
    refs: Mapping[int, SceneReferences] | None = None,
) -> discord.Embed:
    lines = []
    for outcome in report.files:
        for film in outcome.films:
            year = f" ({film.draft.effective_year})" if film.draft.effective_year else ""
            what = "update" if film.action == "updated" else "new"
            lines.append(
                f"• {cell(film.draft.title, 160)}{year}: "
                f"{plural(len(film.draft.scenes), 'scene')} ({what})"
            )
            lines.extend(f"  {cell(line, 900)}" for line in change_lines(film, refs or {}))
    embed = EmbedBuilder(
        title=f"Import preview: {cell(filename, 200)}",
        description="" if lines else "No films could be read.",
        colour=COLOUR if not report.has_errors else discord.Colour.red(),
    )
    embed.lines(lines)
    problems = report.problems
    if problems:
        shown = [
            f"{'⚠' if p.severity == 'warning' else '✖'} "
            + (f"line {p.line}: {p.message}" if p.line else p.message)
            for p in problems[:SHOWN_PROBLEMS]
        ]
        if len(problems) > SHOWN_PROBLEMS:
            shown.append(f"…and {len(problems) - SHOWN_PROBLEMS} more")
        embed.field("Problems", cell(printable("\n".join(shown)), 1024), inline=False)
    embed.footer = (
        "Nothing is saved until you confirm."
        if not report.has_errors
        else "Fix the errors and upload the file again."
    )
    return embed.build(total=5000)  # the Confirm message carries nothing else


class ConfirmImport(Confirm):
    def __init__(self, owner_id: int, loaded: LoadedFile, remove_missing: bool = False) -> None:
        super().__init__(owner_id, confirm_label="Import", rights=require_moderator)
        self.loaded = loaded
        self.remove_missing = remove_missing

    async def on_confirm(self, interaction: Interaction) -> None:
        # Acknowledge before any work: the write may wait for the database (another guild's
        # import, another process) longer than Discord's 3 s window. The buttons go at once.
        await interaction.response.edit_message(content=IMPORTING, embed=None, view=None)
        try:
            report = await interaction.client.catalogue.import_files(
                [self.loaded], guild_id=interaction.guild_id, remove_missing=self.remove_missing
            )
            if report.has_errors:
                raise ImportFailedError(
                    "The import failed; nothing was saved. " + str(report.problems[0])
                )
        except ProjectionistError:
            await interaction.edit_original_response(content=NOT_IMPORTED)
            raise  # answered privately, in words, by the view's error handler
        await interaction.edit_original_response(
            content=f"Imported: {report.count('created')} new, {report.count('updated')} updated."
        )


@app_commands.command(name="import", description="Import films from an article, TOML or JSON file")
@app_commands.check(require_moderator)
@app_commands.describe(
    file="An article (.txt/.md), a film (.toml) or a Projectionist export (.json)",
    remove_missing="The file is the full scene list: remove stored scenes it leaves out "
    "(default: keep them after the imported ones)",
)
async def import_file(
    interaction: Interaction, file: discord.Attachment, remove_missing: bool = False
) -> None:
    if file.size > UPLOAD_LIMIT:
        raise ImportFailedError(
            f"That file is {file.size // 1024} KB; the limit is {UPLOAD_LIMIT // 1024} KB."
        )
    await defer(interaction, ephemeral=True)
    data = await file.read()
    name = file.filename
    text = decode(data[: MAX_FILE_BYTES + 1], name)
    loaded = text if isinstance(text, LoadedFile) else parse_text(text, name, kind=_kind(name))
    catalogue = interaction.client.catalogue
    report = await catalogue.import_files(
        [loaded], guild_id=interaction.guild_id, dry_run=True, remove_missing=remove_missing
    )
    embed = preview_embed(report, name, await catalogue.removal_references(report))
    if report.has_errors:
        await send(interaction, embed=embed, ephemeral=True)
        return
    view = ConfirmImport(interaction.user.id, loaded, remove_missing)
    await send(interaction, embed=embed, view=view, ephemeral=True)
