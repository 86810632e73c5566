"""The custom ids only ``/film`` uses: the only place their ``proj:`` text lives.

``/film search`` offers the select ``proj:film:pick``; an ambiguous title ``proj:film:switch``;
TMDB's matches ``proj:tmdb:pick``. The film card's and the TMDB card's buttons are shared with
other features, so their ids are in ``bot.ui.ids``.
"""

from __future__ import annotations

PICK = "proj:film:pick"
SWITCH = "proj:film:switch"
TMDB_PICK = "proj:tmdb:pick"
