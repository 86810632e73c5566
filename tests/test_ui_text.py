from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.catalogue.models import Film, Scene
from bot.ui.embeds import RankedScene, scene_list_page
from bot.ui.text import escape, paginate, spoiler, truncate


def test_escape_keeps_titles_as_written() -> None:
    assert escape("M*A*S*H") == "M\\*A\\*S\\*H"
    assert escape("a||b") == "a\\|\\|b"
    assert escape("# not a heading").startswith("\\#")
    assert escape("@everyone") == "@everyone"  # mentions are disabled when sending instead


def test_spoiler_wraps_only_when_hidden() -> None:
    assert spoiler("twist", True) == "||twist||"
    assert spoiler("twist", False) == "twist"


def test_truncate_cuts_at_a_word() -> None:
    assert truncate("short", 10) == "short"
    cut = truncate("the quick brown fox jumps", 15)
    assert cut == "the quick…" and len(cut) <= 15


def test_paginate_never_cuts_mid_word() -> None:
    text = " ".join(f"word{i}" for i in range(2000))
    pages = paginate(text, 1000)
    assert all(len(p) <= 1000 for p in pages)
    assert " ".join(pages) == text


def test_paginate_prefers_paragraphs() -> None:
    text = "A" * 50 + "\n\n" + "B" * 50
    assert paginate(text, 60) == ["A" * 50, "B" * 50]
    assert paginate(text, 200) == [text]


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from("ab cd.\n*|é"), max_size=3000), st.integers(20, 500))
def test_paginate_respects_the_limit_and_keeps_every_word(text: str, limit: int) -> None:
    pages = paginate(text, limit)
    assert all(len(p) <= limit for p in pages)
    assert "".join("".join(pages).split()) == "".join(text.split())


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.sampled_from("ab *|_é"), min_size=1, max_size=200),
            st.text(alphabet=st.sampled_from("ab cd.\n*|"), max_size=9000),
            st.booleans(),
        ),
        max_size=12,
    ),
    st.booleans(),
)
def test_scene_list_pages_keep_every_word_within_discord_limits(
    scenes: list[tuple[str, str, bool]], hide: bool
) -> None:
    film = Film(1, None, "F", None, (), None, 2000, None, (), None, None, "", None)
    ranking = [
        RankedScene(i, Scene(i, 1, i, title, text, flag))
        for i, (title, text, flag) in enumerate(scenes, 1)
    ]
    shown = []
    page = scene_list_page(film, ranking, heading="Best", hide_spoilers=hide)
    for number in range(page.count):
        embed = scene_list_page(
            film, ranking, heading="Best", hide_spoilers=hide, page=number
        ).embed
        assert len(embed) <= 6000 and len(embed.fields) <= 25
        assert all(len(f.name or "") <= 256 and len(f.value or "") <= 1024 for f in embed.fields)
        shown += [f.value or "" for f in embed.fields]
    text = "".join("".join(shown).replace("||", "").replace("\\", "").split())
    for _title, description, _flag in scenes:
        assert "".join(description.split()) in text
