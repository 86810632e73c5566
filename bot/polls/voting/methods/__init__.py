"""The four counting methods. Each module offers a pure function over ballots (``schulze``,
``borda``, ``irv``, ``plurality``) and a ``*_result(counts)`` function over aggregated ``Counts``
that ``Tally`` uses."""

from bot.polls.voting.methods.borda import borda, borda_result
from bot.polls.voting.methods.irv import irv, irv_result
from bot.polls.voting.methods.plurality import plurality, plurality_result
from bot.polls.voting.methods.schulze import schulze, schulze_result

__all__ = [
    "borda",
    "borda_result",
    "irv",
    "irv_result",
    "plurality",
    "plurality_result",
    "schulze",
    "schulze_result",
]
