"""The one tie rule, used by every method.

When a method's own count leaves options level, they are ordered by

1. **Borda points** over all ballots (more is better; see ``bot.polls.voting.methods.borda`` for the
   points, including the equal share given to unranked options), then
2. **poll order**: the order in which the caller listed the options (earlier is better). The bot
   lists scenes in the film's editorial order, so the editorially higher scene wins a full tie.

Where each method applies it:

* plurality - options with equal first choices;
* Borda - options with equal points (step 1 cannot separate them, so poll order decides);
* Schulze - options with equal head-to-head wins (such options never beat one another: neither
  has a stronger path to the other than the other has back);
* instant runoff - when several running options share the fewest votes in a round, the one that
  comes *last* under the rule is eliminated.

Every application that actually had to separate options is recorded as a ``TieBreak`` in the
result's ``ties`` (and ``tie_notes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from bot.polls.voting.results import TieBreak, TieCriterion


def rule_order(group: Sequence[int], borda2: Sequence[int]) -> list[int]:
    """Option *indices* in ``group`` sorted best first by the tie rule.

    ``borda2`` holds doubled Borda points per option index (so they are integers); an option's
    index is its position in the caller's option order.
    """
    return sorted(group, key=lambda index: (-borda2[index], index))


def criterion(
    ordered: Sequence[int], borda2: Sequence[int], *, use_borda: bool = True
) -> TieCriterion:
    """Which step of the rule separated ``ordered`` (already in rule order)."""
    if not use_borda:
        return TieCriterion.ORDER
    points = [borda2[index] for index in ordered]
    distinct = len(set(points))
    if distinct == len(points):
        return TieCriterion.BORDA
    if distinct == 1:
        return TieCriterion.ORDER
    return TieCriterion.BORDA_THEN_ORDER


def elimination_criterion(ordered: Sequence[int], borda2: Sequence[int]) -> TieCriterion:
    """Which step of the rule picked ``ordered[-1]`` (the option eliminated) out of the group."""
    lowest = borda2[ordered[-1]]
    sharing = sum(1 for index in ordered if borda2[index] == lowest)
    if sharing == 1:
        return TieCriterion.BORDA
    if sharing == len(ordered):
        return TieCriterion.ORDER
    return TieCriterion.BORDA_THEN_ORDER


def tie_break(
    options: Sequence[int],
    ordered: Sequence[int],
    borda2: Sequence[int],
    tied_on: str,
    *,
    use_borda: bool = True,
    round_number: int | None = None,
) -> TieBreak:
    """Build the ``TieBreak`` record for option indices ``ordered`` (in rule order)."""
    if round_number is None:
        by = criterion(ordered, borda2, use_borda=use_borda)
    else:
        by = elimination_criterion(ordered, borda2)
    return TieBreak(
        options=tuple(options[index] for index in ordered),
        borda_points=tuple(Fraction(borda2[index], 2) for index in ordered),
        by=by,
        tied_on=tied_on,
        round=round_number,
    )
