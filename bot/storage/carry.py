"""Carrying a guild's references from a shared film to the guild's own copy of it: the one list
of statements both adapters run (in ``carry_guild_references``), so a table that points at films
or scenes is added to the carry once, for every backend.

Statements are written with SQLite's ``?`` placeholders; ``numbered`` gives PostgreSQL's
``$1, $2, ...`` for the same text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

#: One statement and the parameter rows it runs with (``executemany``).
Statement = tuple[str, list[tuple[int, ...]]]

_PLACEHOLDER = re.compile(r"\?")


def numbered(sql: str) -> str:
    """``sql`` with each ``?`` placeholder numbered in order, as asyncpg expects."""
    counter = itertools.count(1)
    return _PLACEHOLDER.sub(lambda _: f"${next(counter)}", sql)


def carry_statements(
    guild_id: int, from_film: int, to_film: int, scenes: Mapping[int, int]
) -> list[Statement]:
    """Move one guild's favourites, polls (with their options' scenes), remembered
    discussions and scene suggestions from ``from_film`` to ``to_film``, each scene to
    ``scenes[old id]``."""
    pairs = list(scenes.items())
    return [
        (
            "UPDATE favourites SET film_id = ?, scene_id = ? "
            "WHERE guild_id = ? AND film_id = ? AND scene_id = ?",
            [(to_film, new, guild_id, from_film, old) for old, new in pairs],
        ),
        (
            "UPDATE poll_options SET scene_id = ? WHERE scene_id = ? AND poll_id IN "
            "(SELECT id FROM polls WHERE guild_id = ? AND film_id = ?)",
            [(new, old, guild_id, from_film) for old, new in pairs],
        ),
        (
            "UPDATE polls SET film_id = ? WHERE guild_id = ? AND film_id = ?",
            [(to_film, guild_id, from_film)],
        ),
        (
            "UPDATE discussions SET film_id = ?, scene_id = ? "
            "WHERE guild_id = ? AND film_id = ? AND scene_id = ?",
            [(to_film, new, guild_id, from_film, old) for old, new in pairs],
        ),
        (
            "UPDATE discussions SET film_id = ? WHERE guild_id = ? AND film_id = ? "
            "AND scene_id IS NULL",
            [(to_film, guild_id, from_film)],
        ),
        (  # the guild's scene suggestions follow the film they name
            "UPDATE scene_suggestions SET film_id = ? WHERE guild_id = ? AND film_id = ?",
            [(to_film, guild_id, from_film)],
        ),
    ]
