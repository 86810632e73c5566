"""A PNG picture of a result, titled with the film and the method: horizontal bars of every
option's figure (``bot.polls.voting.figures``) in ranking order, and for the Schulze method a second
panel with the head-to-head heat map (ballots preferring row over column, in ranking order,
labelled by scene number).

Only matplotlib's object-oriented API is used (``Figure`` plus the Agg canvas), never ``pyplot``:
no backend is switched, no figure is registered globally and no rcParams are touched, so rendering
is safe from any thread and leaks nothing. Names are put on one line and shortened; characters
no available font can draw become "?", and "$" is escaped so names are never read as math.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.ticker import MaxNLocator

from bot.polls.voting.explain import short_name
from bot.polls.voting.figures import axis_label, tied
from bot.polls.voting.results import PollResult, SchulzeDetail

DPI = 100
BAR_NAME_LIMIT = 34
TITLE_CHARS_PER_INCH = 7.5  # characters of a 13-point title that fit in an inch of width
WINNER_COLOUR = "#e0a526"
BAR_COLOUR = "#4c78c8"
TEXT_COLOUR = "#222222"

# Tried in order for each character; families missing on this machine are skipped.
_FONT_CANDIDATES = (
    "DejaVu Sans",
    "Noto Sans",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Droid Sans Fallback",
    "WenQuanYi Zen Hei",
    "Noto Sans Symbols 2",
    "Arial Unicode MS",
)


@lru_cache(maxsize=1)
def _fonts() -> tuple[tuple[str, ...], frozenset[int]]:
    """The font families to use (as a fallback list) and the code points they can draw."""
    available = {entry.name for entry in font_manager.fontManager.ttflist}
    families: list[str] = []
    drawable: set[int] = set()
    for family in _FONT_CANDIDATES:
        if family not in available:
            continue
        try:
            # The file the renderer will pick for regular text in this family.
            path = font_manager.findfont(
                font_manager.FontProperties(family=family), fallback_to_default=False
            )
            drawable.update(FT2Font(path).get_charmap())
        except (OSError, RuntimeError, ValueError):  # pragma: no cover - unusable font file
            continue
        families.append(family)
    if not families:  # pragma: no cover - matplotlib always ships DejaVu Sans
        return ("sans-serif",), frozenset(range(32, 127))
    return tuple(families), frozenset(drawable)


def _drawable(text: str) -> str:
    _, drawable = _fonts()
    cleaned = "".join(c if ord(c) in drawable or c == " " else "?" for c in text)
    return cleaned.replace("$", r"\$")


def _label(option_names: Mapping[int, str], option_id: int, limit: int) -> str:
    return _drawable(short_name(option_names, option_id, limit))


def _ordinal(position: int) -> str:
    if 10 <= position % 100 <= 20:
        return f"{position}th"
    return f"{position}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(position % 10, 'th') }"


def _title(result: PollResult, film: str, width_inches: float) -> str:
    """Two lines: the film (shortened to the figure's width) and the method with the ballots."""
    ballots = f"{result.ballot_count} ballot{'' if result.ballot_count == 1 else 's'}"
    method = f"{result.method.label} · {ballots}"
    room = max(20, int(width_inches * TITLE_CHARS_PER_INCH))
    film = " ".join(film.split())
    if not film:
        return _drawable(method)
    if len(film) > room:
        film = film[: room - 1].rstrip() + "…"
    return f"{_drawable(film)}\n{_drawable(method)}"


def build_figure(result: PollResult, option_names: Mapping[int, str], film: str = "") -> Figure:
    """The chart as a matplotlib ``Figure`` (with an Agg canvas), before it is saved.

    Bars show each scene's figure (see ``bot.polls.voting.figures``) in ranking order, each labelled
    with its rank ("1st"), its poll number ("#5") and its name; the Schulze heat map beside them
    is labelled with the same numbers only, in the same order, so nothing long is rotated or cut.
    """
    families, _ = _fonts()
    n = len(result.ranking)
    heat_map = isinstance(result.detail, SchulzeDetail) and result.ballot_count > 0
    height = max(3.6, 0.3 * n + 2.0)
    width = 9.0
    if heat_map:
        height = max(height, 0.26 * n + 3.4)
        width = 9.0 + max(4.5, 0.26 * n + 2.5)
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(
        _title(result, film, width), fontsize=13, color=TEXT_COLOUR, fontfamily=families
    )
    if result.ballot_count == 0:
        axes = figure.add_subplot()
        axes.set_axis_off()
        axes.text(
            0.5,
            0.5,
            "No ballots yet",
            ha="center",
            va="center",
            fontsize=20,
            color="#777777",
            fontfamily=families,
            transform=axes.transAxes,
        )
    elif heat_map:
        bars, heat = figure.subplots(1, 2, width_ratios=(9.0, width - 9.0))
        _draw_bars(bars, result, option_names, families)
        assert isinstance(result.detail, SchulzeDetail)
        _draw_heat_map(heat, result, result.detail, families)
    else:
        _draw_bars(figure.add_subplot(), result, option_names, families)
    return figure


def render_chart(result: PollResult, option_names: Mapping[int, str], film: str = "") -> bytes:
    """Draw ``result`` as a PNG and return its bytes (works for 2 to 25 options and 0 ballots).

    ``film`` is the film's display title, shown above the method."""
    figure = build_figure(result, option_names, film)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    figure.clear()
    return buffer.getvalue()


def _draw_bars(
    axes: Axes, result: PollResult, option_names: Mapping[int, str], families: Sequence[str]
) -> None:
    n = len(result.ranking)
    size = 9 if n <= 15 else 7.5
    positions = np.arange(n)
    scores = [float(entry.score) for entry in result.ranking]
    winners = set(result.winners)
    colours = [WINNER_COLOUR if e.option_id in winners else BAR_COLOUR for e in result.ranking]
    container = axes.barh(positions, scores, color=colours, height=0.7)
    value_labels = [
        entry.score_text + (" (tied)" if tied(result, entry.option_id) else "")
        for entry in result.ranking
    ]
    axes.bar_label(
        container,
        labels=value_labels,
        padding=3,
        fontsize=size,
        color=TEXT_COLOUR,
        fontfamily=families,
    )
    names = [
        f"{_ordinal(entry.position)}   #{entry.option_id} "
        f"{_label(option_names, entry.option_id, BAR_NAME_LIMIT)}"
        for entry in result.ranking
    ]
    axes.set_yticks(positions, names, fontsize=size, fontfamily=families)
    axes.invert_yaxis()
    top = max(scores, default=0.0)
    # Room right of the longest bar for its value label ("12.33 (tied)").
    axes.set_xlim(0, top * 1.4 if top > 0 else 1)
    if all(entry.score.denominator == 1 for entry in result.ranking):
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(textwrap.fill(axis_label(result.method), 40), fontsize=9, fontfamily=families)
    axes.set_ylabel("rank   #scene", fontsize=8, fontfamily=families, color="#555555")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="x", labelsize=8)


def _draw_heat_map(
    axes: Axes, result: PollResult, detail: SchulzeDetail, families: Sequence[str]
) -> None:
    order = [detail.options.index(entry.option_id) for entry in result.ranking]
    n = len(order)
    matrix = np.array(
        [[detail.pairwise[i][j] if i != j else np.nan for j in order] for i in order], dtype=float
    )
    image = axes.imshow(np.ma.masked_invalid(matrix), cmap="viridis", aspect="equal")
    size = 8 if n <= 12 else 6.5
    numbers = [f"#{entry.option_id}" for entry in result.ranking]
    ticks = np.arange(n)
    axes.set_yticks(ticks, numbers, fontsize=size, fontfamily=families)
    axes.set_xticks(ticks, numbers, fontsize=size, fontfamily=families, rotation=90)
    axes.set_ylabel("ballots preferring this scene…", fontsize=9, fontfamily=families)
    axes.set_xlabel("…over this scene (scenes in rank order)", fontsize=9, fontfamily=families)
    axes.set_title("Head to head", fontsize=10, fontfamily=families)
    if n <= 12:
        peak = np.nanmax(matrix) if np.isfinite(matrix).any() else 0.0
        for row in range(n):
            for column in range(n):
                if row == column:
                    continue
                value = matrix[row, column]
                axes.text(
                    column,
                    row,
                    str(int(value)),
                    ha="center",
                    va="center",
                    fontsize=size,
                    color="black" if value > 0.6 * peak else "white",
                )
    colour_bar = axes.figure.colorbar(image, ax=axes, shrink=0.75)
    colour_bar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    colour_bar.ax.tick_params(labelsize=7)
