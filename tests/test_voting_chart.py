import random
import struct
import sys

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from bot.polls.voting import Method, Tally, render_chart
from bot.polls.voting.chart import build_figure

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def big_tally() -> Tally:
    rng = random.Random(11)
    options = list(range(1, 26))
    return Tally.from_ballots(
        options, [tuple(rng.sample(options, rng.randint(1, 25))) for _ in range(300)]
    )


AWKWARD_NAMES = [
    "The very long and winding staircase confrontation in the rain at midnight, part two",
    "東京の夜の追跡シーン",
    "Final duel 🎬🔥",
    "$5 tip and a $10 bill",
    "مشهد النهاية",
    "Line\nbreak\tand   spaces",
    "",
]


def test_schulze_chart_with_25_awkward_names(big_tally: Tally) -> None:
    names = {o: AWKWARD_NAMES[o % len(AWKWARD_NAMES)] for o in big_tally.options}
    data = render_chart(big_tally.result(Method.SCHULZE), names)
    width, height = png_size(data)
    assert width > 1000 and height > 600  # bars and heat map side by side
    assert len(data) < 1_000_000


@pytest.mark.parametrize("method", [Method.BORDA, Method.IRV, Method.PLURALITY])
def test_bar_charts_for_the_other_methods(big_tally: Tally, method: Method) -> None:
    data = render_chart(big_tally.result(method), {})
    width, _ = png_size(data)
    assert width < 1000  # a single panel
    assert len(data) < 1_000_000


def test_two_options() -> None:
    tally = Tally.from_ballots([1, 2], [(1,), (2, 1), (1, 2)])
    for method in (Method.SCHULZE, Method.BORDA):
        width, height = png_size(render_chart(tally.result(method), {1: "Opening", 2: "Ending"}))
        assert width > 0 and height > 0


def test_no_ballots() -> None:
    tally = Tally([1, 2, 3])
    for method in (Method.SCHULZE, Method.IRV):
        data = render_chart(tally.result(method), {1: "A"})
        width, height = png_size(data)
        assert width > 0 and height > 0


def test_rendering_leaves_no_pyplot_figures_behind(big_tally: Tally) -> None:
    render_chart(big_tally.result(Method.PLURALITY), {})
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        assert plt.get_fignums() == []


HOSTILE_FILM = (
    "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb, the Extended "
    "Director's Cut with Commentary $$$ " + "W" * 40
)
HOSTILE_NAMES = [*AWKWARD_NAMES, "W" * 90, "The " + "mmmm " * 30]


def drawn_texts(figure: Figure) -> list[tuple[str, Bbox]]:
    """Every non-empty text the renderer drew, with its box in pixels."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    texts: list[Text] = list(figure.texts)  # the suptitle
    for axes in figure.axes:
        texts += [axes.title, axes.xaxis.label, axes.yaxis.label, *axes.texts]
        for axis, low_high in ((axes.xaxis, axes.get_xlim()), (axes.yaxis, axes.get_ylim())):
            low, high = sorted(low_high)
            for tick in axis.get_major_ticks():
                if low - 1e-9 <= tick.get_loc() <= high + 1e-9 and tick.label1.get_visible():
                    texts.append(tick.label1)
    return [
        (t.get_text(), t.get_window_extent(renderer))
        for t in texts
        if t.get_visible() and t.get_text().strip()
    ]


def assert_readable(figure: Figure) -> None:
    boxes = drawn_texts(figure)
    page = figure.bbox
    outside = [
        text
        for text, box in boxes
        if not (
            box.x0 >= page.x0 - 0.5
            and box.y0 >= page.y0 - 0.5
            and box.x1 <= page.x1 + 0.5
            and box.y1 <= page.y1 + 0.5
        )
    ]
    assert outside == [], f"cut off: {outside}"
    clashes = [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.x0 < box_b.x1 - 0.5
        and box_b.x0 < box_a.x1 - 0.5
        and box_a.y0 < box_b.y1 - 0.5
        and box_b.y0 < box_a.y1 - 0.5
    ]
    assert clashes == [], f"overlapping labels: {clashes[:5]}"


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize("scenes", [2, 7, 25])
def test_no_label_is_cut_or_collides(method: Method, scenes: int) -> None:
    rng = random.Random(scenes)
    options = list(range(1, scenes + 1))
    tally = Tally.from_ballots(
        options, [tuple(rng.sample(options, rng.randint(1, scenes))) for _ in range(60)]
    )
    names = {o: HOSTILE_NAMES[o % len(HOSTILE_NAMES)] for o in options}
    figure = build_figure(tally.result(method), names, HOSTILE_FILM)
    assert_readable(figure)


def test_the_title_names_film_and_method_and_the_heat_map_says_head_to_head(
    big_tally: Tally,
) -> None:
    figure = build_figure(big_tally.result(Method.SCHULZE), {}, "Jaws (1975)")
    texts = [text for text, _ in drawn_texts(figure)]
    assert "Jaws (1975)\nSchulze · 300 ballots" in texts
    assert "Head to head" in texts and not any("matrix" in t for t in texts)
    # The rank and the scene's poll number are told apart: "1st   #7 …", heat map "#7".
    first = big_tally.result(Method.SCHULZE).ranking[0].option_id
    assert any(t.startswith(f"1st   #{first} ") for t in texts)
    assert f"#{first}" in texts


def test_an_empty_poll_still_names_film_and_method() -> None:
    figure = build_figure(Tally([1, 2, 3]).result(Method.IRV), {}, "Jaws (1975)")
    texts = [text for text, _ in drawn_texts(figure)]
    assert "Jaws (1975)\nInstant runoff · 0 ballots" in texts
    assert_readable(figure)
