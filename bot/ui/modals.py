"""Forms (modals) bound to one opening and one member, and Confirm/Cancel buttons.

Every form gets a custom id of its own (``proj:modal:<kind>:<user id>:<nonce>``): discord.py
routes a submit to the modal registered under its custom id, so a shared id would hand one
member's submit to another member's form. A submit is answered even when nothing listens for it
any more (sent already, timed out, the bot restarted) or when it comes from someone else.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.ui.errors import reply_error, user_message
from bot.ui.ids import CONFIRM_PREFIX, FORM_PREFIX, confirm
from bot.ui.replies import send

log = logging.getLogger(__name__)

MODAL_TIMEOUT = 15 * 60  # an interaction token lives 15 minutes
STALE_FORM = (
    "This form is no longer open (a form closes once sent, after 15 minutes, or when the bot "
    "restarts). Run the command again for a fresh one."
)
FOREIGN_FORM = "This form was opened by someone else. Run the command yourself to get your own."

TAKEN = "projectionist_form_taken"

RightsCheck = Callable[[discord.Interaction[Any]], Awaitable[bool]]
FormFactory = Callable[[], "GuardedModal"]


def form_id(kind: str, owner_id: int) -> str:
    return f"{FORM_PREFIX}{kind}:{owner_id}:{secrets.token_hex(6)}"


class GuardedModal(discord.ui.Modal):
    """A form for one member; submit errors are answered like command errors.

    ``rights`` runs again on submit (a moderator may have lost the role since opening).
    """

    def __init__(
        self, *, title: str, kind: str, owner_id: int, rights: RightsCheck | None = None
    ) -> None:
        super().__init__(title=title, custom_id=form_id(kind, owner_id), timeout=MODAL_TIMEOUT)
        self.owner_id = owner_id
        self.rights = rights

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        interaction.extras[TAKEN] = True  # before any await: see answer_stale_form
        if interaction.user.id != self.owner_id:
            await send(interaction, FOREIGN_FORM, ephemeral=True)
            return False
        if self.rights is not None:
            return await self.rights(interaction)
        return True

    def reopener(self) -> FormFactory | None:
        """Builds fresh copies of this form holding what was submitted; None: cannot reopen."""
        return None

    async def on_error(  # type: ignore[override]  # a Modal's hook has no item argument
        self, interaction: discord.Interaction[Any], error: Exception
    ) -> None:
        self.stop()  # Discord closed the form with this answer; a crafted resubmit is stale
        again = self.reopener() if user_message(error) is not None else None
        # A submit cannot answer with another modal: offer a button that reopens it instead.
        view = ReopenForm(self.owner_id, again) if again is not None else None
        await reply_error(interaction, error, view=view, hint=REOPEN_HINT if view else None)


REOPEN_HINT = "What you typed is kept: press **Fix the form** to correct it."


class ReopenForm(discord.ui.View):
    """One button that opens a fresh form, prefilled with what was typed, for its owner."""

    def __init__(self, owner_id: int, form: FormFactory) -> None:
        super().__init__(timeout=MODAL_TIMEOUT)
        self.owner_id = owner_id
        self.form = form
        self.fix.custom_id = f"{FORM_PREFIX}reopen:{secrets.token_hex(6)}"

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id != self.owner_id:
            await send(interaction, FOREIGN_FORM, ephemeral=True)
            return False
        return True

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await reply_error(interaction, error)

    @discord.ui.button(label="Fix the form", style=discord.ButtonStyle.primary)
    async def fix(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        await interaction.response.send_modal(self.form())  # a new form (and id) per opening


async def answer_stale_form(interaction: discord.Interaction[Any]) -> None:
    """Answer a submit of a ``proj:modal:`` form that no open form will answer.

    Runs as an ``on_interaction`` listener: discord.py creates the form's task (if a form is
    registered under the custom id) and then the listeners' tasks in one synchronous step, not yet
    started, in that order; asyncio runs new tasks in the order they were created, so a form
    that takes the submit has marked it (first line of its ``interaction_check``) before this
    listener, which checks before any await, looks.
    """
    if interaction.type is not discord.InteractionType.modal_submit or not interaction.data:
        return
    custom_id = str(interaction.data.get("custom_id", ""))
    if not custom_id.startswith(FORM_PREFIX) or interaction.extras.get(TAKEN):
        return
    log.info("Stale form %r from user %s", custom_id[:100], interaction.user.id)
    await send(interaction, STALE_FORM, ephemeral=True)


class Confirm(discord.ui.View):
    """Confirm/Cancel buttons for the member who asked; ``result`` is True, False or None."""

    def __init__(
        self,
        owner_id: int,
        *,
        confirm_label: str = "Confirm",
        danger: bool = False,
        rights: RightsCheck | None = None,
    ) -> None:
        super().__init__(timeout=MODAL_TIMEOUT)
        self.owner_id = owner_id
        self.rights = rights  # checked again on each press: rights may change meanwhile
        self.result: bool | None = None
        nonce = secrets.token_hex(6)  # unique ids: two confirmations may be open at once
        self.confirm.custom_id = confirm(nonce, "yes")
        self.cancel.custom_id = confirm(nonce, "no")
        self.confirm.label = confirm_label
        if danger:
            self.confirm.style = discord.ButtonStyle.danger

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(
                "Only the member who asked can answer this.", ephemeral=True
            )
            return False
        if self.rights is not None:
            return await self.rights(interaction)
        return True

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await reply_error(interaction, error)

    async def on_confirm(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError

    @discord.ui.button(
        label="Confirm", style=discord.ButtonStyle.success, custom_id=CONFIRM_PREFIX + "yes"
    )
    async def confirm(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        self.result = True
        self.stop()
        await self.on_confirm(interaction)

    @discord.ui.button(
        label="Cancel", style=discord.ButtonStyle.secondary, custom_id=CONFIRM_PREFIX + "no"
    )
    async def cancel(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        self.result = False
        self.stop()
        await interaction.response.edit_message(
            content="Cancelled; nothing was changed.", embed=None, view=None
        )
