"""TMDB's films for members when the guild has no good match (only with a TMDB key).

``/film info`` answers with a read-only TMDB card of the best match (plus a select of TMDB's
other matches); ``/film search`` lists TMDB's matches with a select that opens one. A moderator
who asked also gets "Add to this server", which opens the add form prefilled from TMDB (rights
checked again on the press). When TMDB does not answer, members read a clear message and
everything local keeps working.

The Add button (``bot.ui.ids.TMDB_ADD``) is answered by ``cogs.manage``, which owns the form.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.errors import NotFoundError, ServiceUnavailableError, ValidationError
from bot.tmdb.client import TmdbClient
from bot.tmdb.errors import TmdbNotFoundError
from bot.tmdb.models import TmdbMovieSummary
from bot.ui import ids as shared_ids
from bot.ui.access import is_moderator
from bot.ui.items import Persistent, item_for
from bot.ui.replies import defer, send
from bot.ui.text import escape, truncate
from bot.ui.tmdb import NOT_CONFIGURED, tmdb_card, tmdb_client, tmdb_list, tmdb_options
from bot.ui.types import Interaction
from cogs.films import ids

MATCHES = 10


def _unavailable(missing: NotFoundError | None, exc: ServiceUnavailableError) -> Exception:
    """What a member reads when TMDB fails: what was not found here, then that TMDB is down."""
    if missing is None:
        return exc
    return NotFoundError(f"{missing.message} {exc.message}", missing.suggestions)


async def card_view(
    interaction: Interaction, tmdb_id: int, others: list[TmdbMovieSummary] | None = None
) -> discord.ui.View:
    """The card's components: Add (a moderator asked) and a select of TMDB's other matches."""
    view = discord.ui.View(timeout=None)
    if await is_moderator(interaction):
        view.add_item(item_for(shared_ids.tmdb_add(tmdb_id)))
    if others:
        view.add_item(TmdbPickSelect(tmdb_options(others)))
    return view


async def send_tmdb_card(
    interaction: Interaction,
    client: TmdbClient,
    tmdb_id: int,
    *,
    content: str | None = None,
    others: list[TmdbMovieSummary] | None = None,
    ephemeral: bool = False,
) -> None:
    movie = await client.movie_details(tmdb_id)
    view = await card_view(interaction, tmdb_id, others)
    await send(interaction, content, embed=tmdb_card(movie), view=view, ephemeral=ephemeral)


async def offer_tmdb_film(
    interaction: Interaction, client: TmdbClient, text: str, missing: NotFoundError
) -> None:
    """``/film info`` found nothing good here: TMDB's best match, or ``missing`` re-raised."""
    await defer(interaction, ephemeral=False)
    try:
        found = await client.search_movies(text, limit=MATCHES)
        if not found:
            raise missing
        shown = escape(truncate(text.strip(), 80))
        await send_tmdb_card(
            interaction,
            client,
            found[0].tmdb_id,
            content=f"“{shown}” is not in this server's catalogue; this is TMDB's best match.",
            others=list(found) if len(found) > 1 else None,
        )
    except ServiceUnavailableError as exc:
        raise _unavailable(missing, exc) from None
    except (TmdbNotFoundError, ValidationError):
        raise missing from None


async def search_tmdb(
    client: TmdbClient, query: str
) -> tuple[tuple[TmdbMovieSummary, ...], str | None]:
    """TMDB's matches for ``query``, and what to tell members when TMDB did not answer."""
    try:
        return await client.search_movies(query, limit=MATCHES), None
    except ServiceUnavailableError as exc:
        return (), exc.message
    except ValidationError:
        return (), None


async def send_tmdb_matches(
    interaction: Interaction, query: str, found: tuple[TmdbMovieSummary, ...]
) -> None:
    shown = escape(truncate(query, 80))
    view = discord.ui.View(timeout=None)
    view.add_item(TmdbPickSelect(tmdb_options(found)))
    await send(
        interaction,
        f"No film in this server matches “{shown}” well; these are TMDB's.",
        embed=tmdb_list(query, found),
        view=view,
    )


class TmdbPickSelect(
    Persistent,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=ids.TMDB_PICK,
):
    """TMDB's matches; each option's value is a TMDB id. Opens that film's card privately."""

    def __init__(self, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=ids.TMDB_PICK,
                placeholder="Open one of TMDB's films",
                options=options or [discord.SelectOption(label="-", value="-")],
                min_values=1,
                max_values=1,
                row=1,
            )
        )

    async def run(self, interaction: Interaction) -> None:
        client = tmdb_client(interaction)
        if client is None:
            raise ValidationError(NOT_CONFIGURED)
        value = self.item.values[0] if self.item.values else ""
        if not value.isdigit():
            raise ValidationError("Pick one of the films in the menu.")
        await defer(interaction, ephemeral=True)
        await send_tmdb_card(interaction, client, int(value), ephemeral=True)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (TmdbPickSelect,)
