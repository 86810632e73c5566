"""Scene-ranking polls: /poll commands, the poll message, private ranked ballots, deadlines."""

from __future__ import annotations

from bot.client import ProjectionistBot
from cogs.polls.ballot import BALLOT_ITEMS
from cogs.polls.buttons import POLL_BUTTONS
from cogs.polls.commands import Polls


async def setup(bot: ProjectionistBot) -> None:
    bot.add_dynamic_items(*POLL_BUTTONS, *BALLOT_ITEMS)
    await bot.add_cog(Polls(bot))
