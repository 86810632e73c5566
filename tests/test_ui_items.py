"""The persistent-item base: one ``from_custom_id`` for every item, built from template groups."""

from __future__ import annotations

import re
from typing import Any

import discord
import pytest

from bot.ui.items import Persistent, item_for
from cogs.polls import ids as poll_ids
from cogs.polls.ballot import AddToBallot, ClearBallot
from cogs.polls.buttons import VoteButton


async def test_an_item_rebuilds_itself_from_its_custom_id_with_typed_groups() -> None:
    custom_id = poll_ids.add(42, "31")
    match = re.fullmatch(AddToBallot.__discord_ui_compiled_template__, custom_id)
    assert match is not None
    sent = discord.ui.Select[Any](
        custom_id=custom_id, options=[discord.SelectOption(label="B", value="2")]
    )
    made = await AddToBallot.from_custom_id(None, sent, match)  # type: ignore[arg-type]
    assert isinstance(made, AddToBallot)
    assert made.poll_id == 42 and isinstance(made.poll_id, int)
    assert made.draft_text == "31"
    assert [o.value for o in made.item.options] == ["2"]  # a select keeps what it was sent with
    assert made.custom_id == custom_id


def test_item_for_builds_another_features_item_from_its_ids() -> None:
    vote = item_for(poll_ids.vote(7), label="Vote in the scene poll")
    # by name: a bot loading its extensions again re-creates (and re-registers) the classes
    assert type(vote).__qualname__ == VoteButton.__qualname__
    assert vote.poll_id == 7 and vote.custom_id == poll_ids.vote(7)
    assert isinstance(vote.item, discord.ui.Button) and vote.item.label == "Vote in the scene poll"
    clear = item_for(poll_ids.clear(7), enabled=False)
    assert type(clear).__qualname__ == ClearBallot.__qualname__ and clear.item.disabled


def test_item_for_refuses_an_id_nothing_answers() -> None:
    with pytest.raises(LookupError):
        item_for("test:nothing:1")


def test_a_group_without_a_typed_parameter_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="poll_id"):

        class Untyped(  # making the class is what fails
            Persistent,
            discord.ui.DynamicItem[discord.ui.Button[Any]],
            template=r"test:(?P<poll_id>\d+):untyped",
        ):
            def __init__(self, poll: int) -> None:
                super().__init__(discord.ui.Button(custom_id=f"test:{poll}:untyped"))
