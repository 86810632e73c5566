"""The review card's persistent items and its two forms.

Every press re-checks the presser's rights (moderators only) and, through the service, that the
suggestion is still pending in this guild: of two moderators reviewing at once one wins and the
other is told in words. After a decision the card moves on to the next pending suggestion.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.catalogue.models import SCENE_TITLE_MAX, Film
from bot.errors import ValidationError
from bot.suggestions.models import (
    REASON_MAX,
    SUGGESTION_DESCRIPTION_MAX,
    Suggestion,
    SuggestionDraft,
)
from bot.suggestions.service import SuggestionService
from bot.ui.access import require_moderator
from bot.ui.items import Persistent
from bot.ui.modals import FormFactory, GuardedModal
from bot.ui.replies import NO_MENTIONS
from bot.ui.text import escape, truncate
from bot.ui.types import Interaction
from cogs.suggestions.ids import custom_id, template
from cogs.suggestions.rendering import review_card

NOTHING_WAITING = "No scene suggestions are waiting for review in this server."
MAX_PLACES = 25  # a select menu's options


def _service(interaction: Interaction) -> SuggestionService:
    return interaction.client.services.suggestions


def guild_of(interaction: Interaction) -> int:
    if interaction.guild_id is None:
        raise ValidationError("Suggestions are reviewed inside a server.")
    return interaction.guild_id


async def review_message(
    interaction: Interaction, after: int = 0
) -> tuple[str, discord.Embed | None, discord.ui.View | None]:
    """The card for the next pending suggestion after ``after`` (wrapping), or words saying
    none is waiting."""
    service = _service(interaction)
    guild_id = guild_of(interaction)
    suggestion = await service.next_pending(guild_id, after)
    if suggestion is None:
        return NOTHING_WAITING, None, None
    film = await service.target_film(suggestion)
    waiting = await service.count_pending(guild_id)
    return "", review_card(suggestion, film, waiting), review_view(suggestion, film)


def review_view(suggestion: Suggestion, film: Film) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(Approve("top", suggestion.id))
    view.add_item(Approve("bottom", suggestion.id))
    view.add_item(EditThenApprove(suggestion.id))
    view.add_item(Reject(suggestion.id))
    view.add_item(NextSuggestion(suggestion.id))
    if film.scenes:
        view.add_item(ApproveAt(suggestion.id, _places(len(film.scenes) + 1)))
    return view


def _places(last: int) -> list[discord.SelectOption]:
    ranks = list(range(1, last + 1))
    if len(ranks) > MAX_PLACES:
        ranks = [*ranks[: MAX_PLACES - 1], last]
    labels = {1: "1 (top)", last: f"{last} (bottom)"}
    return [discord.SelectOption(label=labels.get(r, str(r)), value=str(r)) for r in ranks]


async def _show_next(interaction: Interaction, after: int, note: str) -> None:
    """Replace the card with ``note`` and the next pending suggestion."""
    content, embed, view = await review_message(interaction, after)
    text = f"{note}\n{content}".strip()
    await interaction.response.edit_message(
        content=text, embed=embed, view=view, allowed_mentions=NO_MENTIONS
    )


async def _approve(
    interaction: Interaction,
    suggestion_id: int,
    position: int | None,
    edited: SuggestionDraft | None = None,
) -> None:
    await require_moderator(interaction)
    done, film = await _service(interaction).approve(
        suggestion_id,
        guild_of(interaction),
        interaction.user.id,
        position=position,
        edited=edited,
    )
    rank = done.scene_rank or len(film.scenes)
    scene = film.scenes[rank - 1] if 0 < rank <= len(film.scenes) else None
    title = scene.title if scene else done.title
    note = (
        f"Approved: “{escape(truncate(title, 100))}” is now scene {rank} of "
        f"{escape(film.display_title)}, credited to <@{done.user_id}>."
    )
    await _show_next(interaction, suggestion_id, note)


class Approve(
    Persistent,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=template(r"(?P<end>top|bottom)"),
):
    def __init__(self, end: str, suggestion_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Approve at top" if end == "top" else "Approve at bottom",
                style=discord.ButtonStyle.success,
                custom_id=custom_id(end, suggestion_id),
                row=0,
            )
        )
        self.end, self.suggestion_id = end, suggestion_id

    async def run(self, interaction: Interaction) -> None:
        await _approve(interaction, self.suggestion_id, 1 if self.end == "top" else None)


class ApproveAt(
    Persistent,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=template("place"),
):
    def __init__(
        self, suggestion_id: int, options: list[discord.SelectOption] | None = None
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=custom_id("place", suggestion_id),
                placeholder="Approve at rank…",
                options=options or [discord.SelectOption(label="1", value="1")],
                row=1,
            )
        )
        self.suggestion_id = suggestion_id

    async def run(self, interaction: Interaction) -> None:
        value = self.item.values[0] if self.item.values else ""
        if not value.isdigit() or not 1 <= int(value) <= 1000:
            raise ValidationError("Pick a rank from the list.")
        await _approve(interaction, self.suggestion_id, int(value))


class EditThenApprove(
    Persistent,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=template("edit"),
):
    def __init__(self, suggestion_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Edit, then approve",
                style=discord.ButtonStyle.primary,
                custom_id=custom_id("edit", suggestion_id),
                row=0,
            )
        )
        self.suggestion_id = suggestion_id

    async def run(self, interaction: Interaction) -> None:
        await require_moderator(interaction)
        suggestion = await _service(interaction).pending_one(
            self.suggestion_id, guild_of(interaction)
        )
        typed = SuggestionDraft(suggestion.title, suggestion.description, suggestion.spoiler)
        await interaction.response.send_modal(
            EditModal(suggestion.id, interaction.user.id, typed, "")
        )


class Reject(
    Persistent,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=template("reject"),
):
    def __init__(self, suggestion_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Reject",
                style=discord.ButtonStyle.danger,
                custom_id=custom_id("reject", suggestion_id),
                row=0,
            )
        )
        self.suggestion_id = suggestion_id

    async def run(self, interaction: Interaction) -> None:
        await require_moderator(interaction)
        await _service(interaction).pending_one(self.suggestion_id, guild_of(interaction))
        await interaction.response.send_modal(RejectModal(self.suggestion_id, interaction.user.id))


class NextSuggestion(
    Persistent,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=template("next"),
):
    def __init__(self, suggestion_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Next",
                style=discord.ButtonStyle.secondary,
                custom_id=custom_id("next", suggestion_id),
                row=0,
            )
        )
        self.suggestion_id = suggestion_id

    async def run(self, interaction: Interaction) -> None:
        await require_moderator(interaction)
        await _show_next(interaction, self.suggestion_id, "")


class EditModal(GuardedModal):
    """The suggestion's text, editable, and the rank to approve it at (re-validated on submit:
    the service cleans the text and checks the suggestion is still pending)."""

    def __init__(
        self, suggestion_id: int, owner_id: int, typed: SuggestionDraft, rank: str
    ) -> None:
        super().__init__(
            title="Edit, then approve",
            kind="suggestion:edit",
            owner_id=owner_id,
            rights=require_moderator,
        )
        self.suggestion_id = suggestion_id
        self.title_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="title", max_length=SCENE_TITLE_MAX, default=typed.title or None
        )
        self.description_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="description",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=SUGGESTION_DESCRIPTION_MAX,
            default=typed.description or None,
        )
        self.spoiler_input: discord.ui.Checkbox[Any] = discord.ui.Checkbox(
            custom_id="spoiler", default=typed.spoiler
        )
        self.rank_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="rank", required=False, max_length=4, default=rank or None
        )
        self.add_item(discord.ui.Label(text="Scene title", component=self.title_input))
        self.add_item(
            discord.ui.Label(
                text="What happens, and why it matters", component=self.description_input
            )
        )
        self.add_item(
            discord.ui.Label(
                text="Spoiler",
                description="It gives away a twist: hide it where the server hides spoilers",
                component=self.spoiler_input,
            )
        )
        self.add_item(
            discord.ui.Label(text="Rank", description="Empty: last", component=self.rank_input)
        )

    def typed(self) -> SuggestionDraft:
        return SuggestionDraft(
            self.title_input.value, self.description_input.value, self.spoiler_input.value
        )

    def reopener(self) -> FormFactory:
        typed, rank = self.typed(), self.rank_input.value
        suggestion_id, owner = self.suggestion_id, self.owner_id
        return lambda: EditModal(suggestion_id, owner, typed, rank)

    async def on_submit(self, interaction: Interaction) -> None:  # type: ignore[override]
        text = self.rank_input.value.strip()
        if text and (not text.isdigit() or not 1 <= int(text) <= 1000):
            raise ValidationError("The rank must be a number, like 1 for the top.")
        await _approve(interaction, self.suggestion_id, int(text) if text else None, self.typed())


class RejectModal(GuardedModal):
    def __init__(self, suggestion_id: int, owner_id: int) -> None:
        super().__init__(
            title="Reject the suggestion",
            kind="suggestion:reject",
            owner_id=owner_id,
            rights=require_moderator,
        )
        self.suggestion_id = suggestion_id
        self.reason_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="reason",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=REASON_MAX,
        )
        self.add_item(
            discord.ui.Label(
                text="Reason (optional)",
                description="The member sees it in /scene suggestions",
                component=self.reason_input,
            )
        )

    async def on_submit(self, interaction: Interaction) -> None:  # type: ignore[override]
        done = await _service(interaction).reject(
            self.suggestion_id,
            guild_of(interaction),
            interaction.user.id,
            self.reason_input.value or None,
        )
        note = f"Rejected “{escape(truncate(done.title, 100))}”; <@{done.user_id}> will see why."
        await _show_next(interaction, self.suggestion_id, note)


ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    Approve,
    ApproveAt,
    EditThenApprove,
    Reject,
    NextSuggestion,
)
