import random
import struct
import sys

import pytest

from bot.voting import Method, Tally, render_chart

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
