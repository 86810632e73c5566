"""The custom ids of poll messages and ballots: the only place their ``proj:poll:`` text lives.

The poll message: ``proj:poll:<id>:vote``, ``:mine`` and ``:results``. The private ballot:
``proj:poll:<id>:add:<draft>`` (select), ``:undo:<draft>``, ``:clear``, ``:submit:<draft>`` and
``:reveal``. The draft is the ranking so far, one character per option (1-9, a-p), so the ballot
needs no server-side state, survives restarts, and every step re-validates it.

Other features build a poll's buttons from these ids (``bot.ui.items.item_for``), never by
importing the item classes.
"""

from __future__ import annotations

import string

from bot.errors import ValidationError
from bot.polls.models import Poll

_DIGITS = string.digits + string.ascii_lowercase  # option n is _DIGITS[n]; 1..25 -> "1".."p"
POLL = r"proj:poll:(?P<poll_id>\d{1,19})"
DRAFT = r"(?P<draft>[1-9a-p]{0,25})"

VOTE = POLL + r":vote"
MINE = POLL + r":mine"
RESULTS = POLL + r":results"
ADD = POLL + r":add:" + DRAFT
UNDO = POLL + r":undo:" + DRAFT
CLEAR = POLL + r":clear"
SUBMIT = POLL + r":submit:" + DRAFT
REVEAL = POLL + r":reveal"


def encode(draft: tuple[int, ...]) -> str:
    return "".join(_DIGITS[o] for o in draft)


def decode(text: str, poll: Poll) -> tuple[int, ...]:
    draft = tuple(_DIGITS.index(c) for c in text)
    if len(set(draft)) != len(draft) or any(o not in poll.option_ids for o in draft):
        raise ValidationError("This ballot is out of date. Press Vote on the poll to start again.")
    return draft


def vote(poll_id: int) -> str:
    return f"proj:poll:{poll_id}:vote"


def mine(poll_id: int) -> str:
    return f"proj:poll:{poll_id}:mine"


def results(poll_id: int) -> str:
    return f"proj:poll:{poll_id}:results"


def add(poll_id: int, draft: str) -> str:
    return f"proj:poll:{poll_id}:add:{draft}"


def undo(poll_id: int, draft: str) -> str:
    return f"proj:poll:{poll_id}:undo:{draft}"


def clear(poll_id: int) -> str:
    return f"proj:poll:{poll_id}:clear"


def submit(poll_id: int, draft: str) -> str:
    return f"proj:poll:{poll_id}:submit:{draft}"


def reveal(poll_id: int) -> str:
    return f"proj:poll:{poll_id}:reveal"
