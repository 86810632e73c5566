"""Benchmark of ``bot.catalogue.search``: build time, query latency, a naive baseline, memory,
accuracy.

Run with ``python -m benchmarks`` (all benchmarks) or ``python -m benchmarks.search_bench``.

* The catalogue is generated: 100,000 films with realistic titles made from word lists, with
  sequels (numerals both ways, "Part II", subtitles), remakes, years, accents, punctuation,
  alternative titles and some guild-only films; the seed is fixed, so every run is the same.
* Latency is measured over a mix of autocomplete queries made from catalogue titles (typed
  prefixes, whole titles, typos, numerals swapped, titles with years) plus the quality query set;
  for the generated queries the benchmark also reports how often the film meant comes first.
* The baseline is ``rapidfuzz.process.extract(query, titles, limit=25)`` (default scorer
  ``WRatio``) over the same titles, timed in the same run on a sample of the same queries.
* Memory is the resident set size of a fresh process before generating the catalogue and after
  building the index over it (so it includes the entries the index holds).
* Accuracy is top-1 on ``tests/search_queries.toml`` over the starter catalogue ``data/films``.

This module also holds the loaders the quality test shares, so both report the same accuracy.
"""

from __future__ import annotations

import gc
import json
import random
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from rapidfuzz import process

from bot.catalogue.search import IndexEntry, SearchIndex
from bot.catalogue.search.normalise import fold

ROOT = Path(__file__).resolve().parent.parent
FILMS_DIR = ROOT / "data" / "films"
QUERIES_FILE = ROOT / "tests" / "search_queries.toml"

CATALOGUE_SIZE = 100_000
SEED = 20240607
LATENCY_QUERIES = 2_000
BASELINE_QUERIES = 150
RUNS = 3  # timing passes over the query mix; each query's best is kept

# -- starter catalogue and query set ---------------------------------------------------------


def _year(data: dict[str, Any]) -> int | None:
    """``year``, else the year of ``release_date`` (a TOML date or an ISO string)."""
    year = data.get("year")
    if isinstance(year, int):
        return year
    released = data.get("release_date")
    if isinstance(released, date):
        return released.year
    if isinstance(released, str) and released[:4].isdigit():
        return int(released[:4])
    return None


def load_starter_entries(directory: Path = FILMS_DIR) -> list[IndexEntry]:
    """One ``IndexEntry`` per ``*.toml`` film file, ids 1.. in file-name order."""
    entries: list[IndexEntry] = []
    for film_id, path in enumerate(sorted(directory.glob("*.toml")), start=1):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        title = str(data["title"])
        others: list[str] = []
        original = data.get("original_title")
        if isinstance(original, str) and original and original != title:
            others.append(original)
        others += [str(t) for t in data.get("alt_titles", ()) if t and t not in others]
        entries.append(IndexEntry(film_id, None, title, _year(data), tuple(others)))
    return entries


@dataclass(frozen=True, slots=True)
class QueryCase:
    """One line of the query set: what a user types and the film they mean."""

    query: str
    title: str
    year: int | None
    must_pass: bool = False


def load_query_set(path: Path = QUERIES_FILE) -> list[QueryCase]:
    """The ``[[query]]`` tables of the query set file."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return [
        QueryCase(
            str(row["q"]), str(row["title"]), row.get("year"), bool(row.get("must_pass", False))
        )
        for row in data["query"]
    ]


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one query of the set fared; ``got`` is the top hit as "Title (year)"."""

    case: QueryCase
    passed: bool
    got: str


@dataclass(frozen=True, slots=True)
class Accuracy:
    """Top-1 accuracy over the cases whose film is in the catalogue; the others are skipped."""

    outcomes: tuple[Outcome, ...]
    skipped: tuple[QueryCase, ...]

    @property
    def ratio(self) -> float:
        if not self.outcomes:
            return 0.0
        return sum(o.passed for o in self.outcomes) / len(self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed]


def _film_key(title: str, year: int | None) -> tuple[str, int | None]:
    return fold(title), year


def evaluate(entries: Sequence[IndexEntry], cases: Iterable[QueryCase]) -> Accuracy:
    """Search every case whose expected film exists; top-1 must be that film."""
    index = SearchIndex.build(entries)
    ids = {_film_key(e.title, e.year): e.film_id for e in entries}
    outcomes: list[Outcome] = []
    skipped: list[QueryCase] = []
    for case in cases:
        expected = ids.get(_film_key(case.title, case.year))
        if expected is None:
            skipped.append(case)
            continue
        hits = index.search(case.query, limit=5)
        got = f"{hits[0].title} ({hits[0].year})" if hits else "nothing"
        outcomes.append(Outcome(case, bool(hits) and hits[0].film_id == expected, got))
    return Accuracy(tuple(outcomes), tuple(skipped))


# -- generated catalogue ---------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


_ADJECTIVES = _words("""
black white red blue green golden silver dark bright silent hidden lost last first final
secret broken burning frozen wild quiet empty lonely little big great long short deep high
sweet bitter cold warm hot cruel gentle strange savage sacred eternal forgotten invisible
naked holy crimson scarlet violet pale endless distant ancient modern new old young dead
living dangerous perfect beautiful wicked brave proud foolish lucky hungry restless fallen
rising sleeping dying electric atomic lunar solar midnight morning evening summer winter
autumn spring northern southern eastern western iron glass paper stone velvet electric
american french italian english german mexican russian chinese royal imperial urban rural
""")

_NOUNS = _words("""
night day city river road house garden woman man girl boy child mother father brother sister
king queen prince princess knight soldier stranger killer hunter thief lover friend enemy
ghost angel devil monster dragon wolf tiger lion eagle horse dog cat bird snake spider shark
storm rain snow fire ice wind sea ocean island mountain valley desert forest jungle sky star
moon sun planet world earth heaven hell kingdom empire castle palace tower bridge train ship
station hotel hospital prison school church street alley harbour border frontier country town
village war peace love death life dream memory song dance game secret promise lie truth law
justice revenge fortune money gold diamond crown sword gun knife bullet letter message voice
face heart hand eye blood bone shadow mirror window door key clock time hour year summer
journey return escape chase hunt heist job deal trap affair scandal mystery murder crime case
legend story tale ballad symphony requiem
machine robot android signal code network game circus carnival party wedding funeral
""")

_NAMES = _words("""
amy anna bella carlos chloe daisy david diego elena emma frank grace hannah harry isabel
jack james jane jules julia kate leo lola lucy marco maria marie max mia nina oscar paul
pedro rosa ruby sam sofia tom victor vera walter zoe zelig amelie chihiro hector ingrid
""")

_PLACES = _words("""
paris rome london berlin tokyo vienna madrid lisbon cairo havana texas chicago brooklyn
manhattan harlem venice naples sicily casablanca shanghai bombay moscow vegas hollywood
alaska mexico dakota memphis montana tangier marseille istanbul athens dublin
""")

_VERBS = _words("""
chasing finding killing loving saving leaving losing hunting waiting running dancing
singing dreaming breaking burning catching crossing driving fighting flying kissing
""")

_FOREIGN = _words("""
café élan señor mañana garçon crème déjà vérité noël über straße fräulein tête rêve
amour mère père été hôtel château forêt cœur øresund smörgåsbord niño corazón
""")

_SYLLABLES = _words("""
ka lo ri ta mi ne so va zu be do fi gu ha jo ke la mo nu pi qu ro sa te vo wa xi yo ze
bar der gon kel mar nor pal ren sol tor vin wes zan
""")

_ROMAN = ["II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
_NUMBER_WORDS = ["Two", "Three", "Seven", "Eleven", "Twelve", "Nine", "Five", "Ten"]


def _invented(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


# How often each title template is used (punctuation-heavy titles are rare).
_TEMPLATE_WEIGHTS = (12, 10, 8, 6, 5, 5, 8, 6, 8, 3, 6, 3, 3, 1, 0.3, 6, 5, 3)


def _plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")


def _base_title(rng: random.Random) -> str:
    adj = rng.choice(_ADJECTIVES).capitalize()
    noun = rng.choice(_NOUNS).capitalize()
    noun2 = rng.choice(_NOUNS).capitalize()
    name = rng.choice(_NAMES).capitalize()
    place = rng.choice(_PLACES).capitalize()
    templates: list[Callable[[], str]] = [
        lambda: f"The {adj} {noun}",
        lambda: f"{noun} of the {noun2}",
        lambda: f"{adj} {_plural(noun)}",
        lambda: f"{name}'s {noun}",
        lambda: f"A {noun} in {place}",
        lambda: f"{rng.choice(_VERBS).capitalize()} {name}",
        lambda: f"{noun}: {adj} {noun2}",
        lambda: f"The {noun} {noun2}",
        lambda: _invented(rng),
        lambda: f"{noun} & {noun2}",
        lambda: f"{place} {noun}",
        lambda: f"{rng.choice(('Le', 'La', 'El', 'Der'))} {rng.choice(_FOREIGN).capitalize()}",
        lambda: f"{rng.choice(_NUMBER_WORDS)} {_plural(noun)}",
        lambda: f"{noun.upper()}·{rng.choice('EXZ')}",
        lambda: "*".join(rng.sample("MASHQTRX", 4)),
        lambda: f"The {adj} {noun} of {_invented(rng)}",
        lambda: f"{_invented(rng)} {_invented(rng)}",
        lambda: f"{adj} {noun} {rng.choice(_FOREIGN)}",
    ]
    (template,) = rng.choices(templates, weights=_TEMPLATE_WEIGHTS)
    return template()


def _sequel(rng: random.Random, base: str, number: int) -> str:
    roman = _ROMAN[min(number, len(_ROMAN) + 1) - 2]
    style = rng.randrange(5)
    if style == 0:
        return f"{base} {roman}"
    if style == 1:
        return f"{base} {number}"
    if style == 2:
        return f"{base} Part {roman}"
    if style == 3:
        return f"{base} {number}: {rng.choice(_ADJECTIVES).capitalize()} {rng.choice(_NOUNS)}"
    return f"{base}: {rng.choice(('Returns', 'Reloaded', 'Revenge', 'Resurrection'))}"


def generate_catalogue(size: int = CATALOGUE_SIZE, seed: int = SEED) -> list[IndexEntry]:
    """``size`` films with deterministic, realistic-looking titles."""
    rng = random.Random(seed)
    entries: list[IndexEntry] = []
    bases: list[tuple[str, int]] = []
    for film_id in range(1, size + 1):
        roll = rng.random()
        year = rng.randint(1920, 2024)
        if roll < 0.14 and bases:
            base, count = rng.choice(bases)
            title = _sequel(rng, base, count + 1)
            year = min(2024, year + 2)
        elif roll < 0.17 and entries:
            title = rng.choice(entries).title  # a remake
        else:
            title = _base_title(rng)
            bases.append((title, 1))
            if len(bases) > 5_000:
                bases.pop(rng.randrange(len(bases)))
        others: tuple[str, ...] = ()
        if rng.random() < 0.15:
            others = tuple(_base_title(rng) for _ in range(rng.randint(1, 2)))
        guild = rng.randint(1, 50) if rng.random() < 0.1 else None
        entries.append(IndexEntry(film_id, guild, title, year, others))
    return entries


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0:  # swap
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == 1:  # drop
        return text[:i] + text[i + 1 :]
    if kind == 2:  # double
        return text[:i] + text[i] + text[i:]
    return text[:i] + rng.choice("aeioustnrl") + text[i + 1 :]


_TO_ARABIC = {r: str(n) for n, r in enumerate(_ROMAN, start=2)}


class GeneratedQuery(NamedTuple):
    """A query made from a catalogue film: its text, the film meant, and how it was made."""

    text: str
    film_id: int
    kind: str


def generate_queries(
    entries: Sequence[IndexEntry], count: int, seed: int = SEED
) -> list[GeneratedQuery]:
    """A realistic autocomplete mix: prefixes, titles, typos, numerals, years."""
    rng = random.Random(seed + 1)
    numbered = [e for e in entries if any(w in _TO_ARABIC for w in e.title.split())]
    queries: list[GeneratedQuery] = []
    while len(queries) < count:
        roll = rng.random()
        entry = rng.choice(numbered if 0.75 <= roll < 0.85 else entries)
        title = entry.title
        if roll < 0.35:
            text, kind = title[: rng.randint(1, min(len(title), 14))].lower(), "prefix"
        elif roll < 0.5:
            text, kind = title.lower(), "title"
        elif roll < 0.75:
            text, kind = _typo(rng, title.lower()), "typo"
        elif roll < 0.85:
            text, kind = " ".join(_TO_ARABIC.get(w, w) for w in title.split()).lower(), "numeral"
        elif roll < 0.95:
            text, kind = f"{title} {entry.year}", "year"
        else:
            text, kind = f"{title} (1999)", "wrong year"
        queries.append(GeneratedQuery(text, entry.film_id, kind))
    return queries


def recall(
    index: SearchIndex, entries: Sequence[IndexEntry], queries: Iterable[GeneratedQuery]
) -> dict[str, tuple[float, float, int]]:
    """Per kind of query (prefixes aside): share with the film meant first, in the top 5, count.

    Searched as the film's own guild. Generated titles repeat (remakes, common words), so a
    query can fairly match several films equally well; top-5 is the figure to watch.
    """
    guilds = {e.film_id: e.guild_id for e in entries}
    tally: dict[str, list[int]] = {}
    for query in queries:
        if query.kind == "prefix":
            continue
        ids = [h.film_id for h in index.search(query.text, guild_id=guilds[query.film_id])]
        counts = tally.setdefault(query.kind, [0, 0, 0])
        counts[0] += bool(ids) and ids[0] == query.film_id
        counts[1] += query.film_id in ids[:5]
        counts[2] += 1
    return {kind: (first / n, five / n, n) for kind, (first, five, n) in sorted(tally.items())}


# -- measurements --------------------------------------------------------------------------


def _percentile(samples: Sequence[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _time_each(
    function: Callable[[str], object], queries: Sequence[str], runs: int = 1
) -> list[float]:
    """Milliseconds per query, the best of ``runs`` passes over all the queries.

    The best of a few runs discounts a moment when another process had the CPU; the index has
    no cache, so a repeated query is no cheaper. The garbage collector is off while timing.
    """
    best = [float("inf")] * len(queries)
    clock = time.perf_counter
    gc.disable()
    try:
        for _ in range(runs):
            for i, query in enumerate(queries):
                start = clock()
                function(query)
                best[i] = min(best[i], (clock() - start) * 1000)
    finally:
        gc.enable()
    return best


_RSS_SCRIPT = """
import json, sys
def rss():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) * 1024
    return 0
from benchmarks.search_bench import generate_catalogue
from bot.catalogue.search import SearchIndex
before = rss()
entries = generate_catalogue(int(sys.argv[1]))
generated = rss()
index = SearchIndex.build(entries)
after = rss()
print(json.dumps({"before": before, "entries": generated, "after": after, "films": len(index)}))
"""


def measure_rss(size: int = CATALOGUE_SIZE) -> dict[str, int]:
    """Resident memory (bytes) of a fresh process: at start, with ``size`` generated entries,
    and with the index of them built."""
    result = subprocess.run(
        [sys.executable, "-c", _RSS_SCRIPT, str(size)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, int] = json.loads(result.stdout)
    return data


def _mb(size: float) -> str:
    return f"{size / 1_048_576:.1f} MB"


def _latency_lines(index: SearchIndex, entries: list[IndexEntry], extra: list[str]) -> list[str]:
    """Our latency over the query mix, then the naive baseline on a sample of it."""
    generated = generate_queries(entries, LATENCY_QUERIES)
    queries = [q.text for q in generated] + extra
    for query in queries[:200]:  # warm-up
        index.search(query)
    ours = _time_each(index.search, queries, RUNS)
    short = _time_each(index.search, [q for q in queries if len(q.strip()) <= 2], RUNS)
    suggest = _time_each(index.suggest, queries[:500], RUNS)
    titles = [e.title for e in entries]
    sample = random.Random(SEED).sample(queries, BASELINE_QUERIES)
    naive = _time_each(lambda q: process.extract(q, titles, limit=25), sample)
    mine = _time_each(index.search, sample)
    n50, n99 = _percentile(naive, 50), _percentile(naive, 99)
    lines = [
        f"search, {len(queries):,} queries (prefixes, titles, typos, numerals, years), "
        f"best of {RUNS} runs each: "
        f"p50 {_percentile(ours, 50):.3f} ms, p99 {_percentile(ours, 99):.3f} ms, "
        f"max {max(ours):.2f} ms",
        f"  of which 1-2 characters ({len(short)}): p99 {_percentile(short, 99):.3f} ms",
        f"suggest, 500 of those queries: p50 {_percentile(suggest, 50):.3f} ms, "
        f"p99 {_percentile(suggest, 99):.3f} ms",
        f"naive process.extract(q, titles, limit=25) (WRatio), {len(sample)} of the queries, "
        "one run each: "
        f"p50 {n50:.2f} ms, p99 {n99:.2f} ms",
        f"speed-up over naive, same queries, one run each: p50 x{n50 / _percentile(mine, 50):.0f}, "
        f"p99 x{n99 / _percentile(mine, 99):.0f}, "
        f"mean x{statistics.fmean(naive) / statistics.fmean(mine):.0f}",
        "film meant found among generated queries (top-1 / top-5):",
    ]
    lines += [
        f"  {kind}: {first:.1%} / {five:.1%} of {n}"
        for kind, (first, five, n) in recall(index, entries, generated).items()
    ]
    return lines


def _accuracy_lines(cases: list[QueryCase]) -> list[str]:
    starter = load_starter_entries()
    if not starter or not cases:
        return ["top-1 accuracy: skipped (no starter films or no query set)"]
    accuracy = evaluate(starter, cases)
    passed = len(accuracy.outcomes) - len(accuracy.failures)
    lines = [
        f"top-1 accuracy on tests/search_queries.toml: {accuracy.ratio:.1%} "
        f"({passed}/{len(accuracy.outcomes)} over {len(starter)} starter films, "
        f"{len(accuracy.skipped)} skipped: film not in data/films)"
    ]
    lines += [
        f"  miss: {o.case.query!r} -> {o.got}; wanted {o.case.title} ({o.case.year})"
        for o in accuracy.failures
    ]
    return lines


def run() -> list[str]:
    """The benchmark protocol (see benchmarks/README.md): measure, return report lines."""
    entries = generate_catalogue()
    start = time.perf_counter()
    index = SearchIndex.build(entries)
    build = time.perf_counter() - start
    cases = load_query_set() if QUERIES_FILE.exists() else []
    lines = [
        f"catalogue: {len(index):,} generated films (seed {SEED})",
        f"index build: {build:.2f} s",
    ]
    lines += _latency_lines(index, entries, [c.query for c in cases])
    del index, entries
    gc.collect()
    rss = measure_rss()
    lines.append(
        f"resident memory of a fresh process: {_mb(rss['after'])} with the index built; "
        f"index {_mb(rss['after'] - rss['entries'])}, "
        f"index and its entries {_mb(rss['after'] - rss['before'])}"
    )
    lines += _accuracy_lines(cases)
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
