"""The matching stages of a search; each offers (key, score) pairs to a ``Collector``.

Scores are bands, so a better kind of match always outranks a worse one:

=========  ===========  ==========================================================
exact      100          a normalised form of the query equals a key ("godfather");
                        99 if the query's leading article differs ("the godfather")
initials   90           the query is a title's initials ("eeaao"), under any prefix match
prefix     90..99       a key starts with the query; the closer to whole, the higher
tokens     80..89.9     every query token is in the title; fewer extra words, higher
fuzzy      below 80     misspelt, missing or extra words (token similarity; a scan
                        similarity counts 0.9 of that)
=========  ===========  ==========================================================
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from operator import itemgetter
from typing import NamedTuple

from rapidfuzz import fuzz, process

from bot.catalogue.search.normalise import ARTICLES, TitleForms
from bot.catalogue.search.store import KIND_CANONICAL, KIND_FULL, KIND_PLAIN, KeyStore

__all__ = [
    "FUZZY_SCALE",
    "LOOSE",
    "PREFIX_BASE",
    "SCORE_EXACT",
    "SCORE_EXACT_OTHER_ARTICLE",
    "SCORE_INITIALS",
    "STRICT",
    "TOKENS_BASE",
    "Collector",
    "Scope",
    "Tuning",
    "match_exact_and_prefix",
    "match_scan",
    "match_tokens",
]

SCORE_EXACT = 100.0
SCORE_EXACT_OTHER_ARTICLE = 99.0
SCORE_INITIALS = 90.0
PREFIX_BASE = 90.0
TOKENS_BASE = 80.0
FUZZY_SCALE = 0.79  # fuzzy similarities (0..100) are scaled below TOKENS_BASE

_SIM_EXACT = 100.0
_SIM_PREFIX = 99.0  # a completion of the last query token counts as present
_SIM_FUZZY_MAX = 98.0

_PREFIX_TEXTS = 128  # the shortest texts read per prefix lookup
_COMPLETIONS = 24  # completions of the last query token
_CORRECTIONS = 6  # close spellings per query token
_POSTINGS_BUDGET = 15_000  # posting entries read per query to find candidate keys
_CANDIDATES = 200  # candidate keys scored per query
_WHOLE_SHARE = 0.25  # weight of the whole-text similarity in a fuzzy token score
_SCAN_SHARE = 0.9  # a scan match counts for less than a token match as good
_GLUED_ARTICLES = sorted((a for a in ARTICLES if len(a) > 1), key=len, reverse=True)


class Tuning:
    """Cut-offs: ``STRICT`` for search, ``LOOSE`` for "did you mean"."""

    __slots__ = (
        "correct_known",
        "length_slack",
        "loose",
        "min_fuzzy",
        "scan_cutoff",
        "spelling_slack",
    )

    def __init__(self, *, loose: bool) -> None:
        self.loose = loose  # every stage runs, whatever was found already
        self.length_slack = 3 if loose else 2  # letters more or fewer than the query's
        self.min_fuzzy = 40.0 if loose else 55.0  # least fuzzy similarity offered
        self.scan_cutoff = 62.0 if loose else 75.0
        self.spelling_slack = 10.0 if loose else 0.0  # lowers the token-correction cut-off
        self.correct_known = loose  # also look for other spellings of indexed tokens


STRICT = Tuning(loose=False)
LOOSE = Tuning(loose=True)


class Scope(NamedTuple):
    """One store a query reads, and the films of it the asking guild must not see (shadowed
    shared films). Stages drop those before they truncate anything."""

    store: KeyStore
    hidden: frozenset[int]


class Collector:
    """The best (score, variant) per film, over the scopes a query reads one after another."""

    __slots__ = ("best", "hidden", "key_film", "key_variant", "store")

    def __init__(self) -> None:
        self.best: dict[int, tuple[float, int]] = {}
        self.store = KeyStore()
        self.hidden: frozenset[int] = frozenset()
        self.key_film = self.store.film
        self.key_variant = self.store.variant

    def bind(self, scope: Scope) -> Collector:
        """Read ``scope`` next: key ids offered from now on are of its store."""
        self.store, self.hidden = scope
        self.key_film = scope.store.film
        self.key_variant = scope.store.variant
        return self

    def visible(self, key: int) -> bool:
        return self.key_film[key] not in self.hidden

    def offer(self, key: int, score: float) -> None:
        film_id = self.key_film[key]
        if film_id in self.hidden:
            return
        variant = self.key_variant[key]
        current = self.best.get(film_id)
        if current is None or score > current[0] or (score == current[0] and variant < current[1]):
            self.best[film_id] = (score, variant)

    def top_score(self) -> float:
        return max((score for score, _ in self.best.values()), default=0.0)


def match_exact_and_prefix(collector: Collector, forms: TitleForms) -> None:
    """Exact, initials and prefix matches of the query's forms.

    When the query starts with an article, a title with that same article scores 100 and a
    title with another article or none 99: "der forêt" prefers "Der Forêt" to "Le Forêt".
    Prefix texts whose films are all hidden do not count towards the texts read.
    """
    store = collector.store
    keep = _any_visible(collector) if collector.hidden else None
    matchable = forms.matchable()
    exact = SCORE_EXACT
    if forms.full:
        for key in store.exact.get(forms.full, ()):
            collector.offer(key, SCORE_EXACT)
        exact = SCORE_EXACT_OTHER_ARTICLE
    for form in matchable:
        for key in store.exact.get(form, ()):
            collector.offer(key, exact)
    if len(forms.plain) >= 3 and " " not in forms.plain:
        for key in store.initials.get(forms.plain, ()):
            collector.offer(key, SCORE_INITIALS)
    for form in matchable:
        typed = len(form) - form.count(" ")
        for text in store.prefixed(form, _PREFIX_TEXTS, keep):
            score = PREFIX_BASE + 9.0 * typed / (len(text) - text.count(" "))
            for key in store.exact[text]:
                collector.offer(key, score)


def _any_visible(collector: Collector) -> Callable[[str], bool]:
    exact = collector.store.exact
    visible = collector.visible
    return lambda text: any(visible(key) for key in exact[text])


def match_tokens(collector: Collector, forms: TitleForms, tuning: Tuning, *, literal: bool) -> None:
    """Token matches; unless ``literal``, misspelt tokens are corrected first.

    A ``literal`` match only offers keys holding every query token (or a completion of the
    last one), with no spelling corrections.

    Each query token stands for a set of indexed tokens with a similarity: itself (100), for the
    last token its completions (99), and corrections (their ``fuzz.ratio``). Candidate keys are
    those holding the most of these; each is scored by how well its tokens cover the query.
    """
    store = collector.store
    plain = forms.plain.split()
    canonical = forms.canonical.split()
    if len(plain) == len(canonical):
        positions = [{p, c} for p, c in zip(plain, canonical, strict=True)]
    else:
        positions = [{c} for c in canonical]
    last = len(positions) - 1
    sims = [_known(store, alts, i == last) for i, alts in enumerate(positions)]
    if not literal:
        for alts, position in zip(positions, sims, strict=True):
            if tuning.correct_known or not position:
                _correct(store, alts, position, tuning)
    found = sum(1 for position in sims if position)
    if found == 0 or 100.0 * found / len(sims) < (100.0 if literal else tuning.min_fuzzy):
        return  # even a perfect match of the tokens found would score too low
    _score_candidates(collector, forms, sims, tuning, complete_only=literal)


def _known(store: KeyStore, alternatives: set[str], last: bool) -> dict[str, float]:
    """Indexed tokens a query token stands for: itself and, if last, its completions."""
    sims: dict[str, float] = {}
    for token in alternatives:
        if token in store.postings:
            sims[token] = _SIM_EXACT
        if last and len(token) >= 2:
            vocab = store.vocab
            start = bisect_left(vocab, token)
            for other in vocab[start : start + _COMPLETIONS]:
                if not other.startswith(token):
                    break
                sims.setdefault(other, _SIM_PREFIX)
    return sims


def _correct(
    store: KeyStore, alternatives: set[str], sims: dict[str, float], tuning: Tuning
) -> None:
    """Add indexed tokens spelt like a query token and about as long.

    Strictly, tokens starting with the query token's first or second letter are read first,
    and all of them only if none of those is close enough; loosely, all of them at once.
    """
    for token in alternatives:
        size = len(token)
        if size < 2 or token.isdigit():
            continue
        if size == 2:  # one letter missing only: "te" -> "the"
            cutoff, lengths = 80.0, range(2, 4)
        else:
            cutoff = (66.0 if size <= 4 else 70.0) - tuning.spelling_slack
            slack = tuning.length_slack
            lengths = range(max(1, size - slack), size + slack + 1)
        everything = [store.vocab_by_len.get(length) for length in lengths]
        if tuning.correct_known:
            found = _closest(token, everything, cutoff)
        else:
            starts = dict.fromkeys(token[:2])
            alike = [store.vocab_by_start.get((c, n)) for c in starts for n in lengths]
            found = _closest(token, alike, cutoff) or _closest(token, everything, cutoff)
        for match, score in found:
            sims.setdefault(match, min(score, _SIM_FUZZY_MAX))


def _closest(token: str, buckets: list[list[str] | None], cutoff: float) -> list[tuple[str, float]]:
    """The ``_CORRECTIONS`` tokens of ``buckets`` closest to ``token`` (``fuzz.ratio``)."""
    found: list[tuple[str, float]] = []
    for bucket in buckets:
        if bucket:
            matches = process.extract(
                token,
                bucket,
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=cutoff,
                limit=_CORRECTIONS,
            )
            found.extend((match, score) for match, score, _ in matches)
    return heapq.nlargest(_CORRECTIONS, found, key=itemgetter(1))


def _candidates(collector: Collector, sims: list[dict[str, float]], required: int) -> list[int]:
    """Keys that may match at least ``required`` query positions, most matched first.

    Such a key holds a token of one of the ``len(sims) - required + 1`` rarest positions, so
    candidates come from their postings only: a two-word query with one misspelt word reads the
    postings of the corrected word. Positions are read rarest first, at most
    ``_POSTINGS_BUDGET`` posting entries in all; when there are too many candidates, those
    holding the most positions read are kept, among the keys of films the guild can see.
    """
    postings = collector.store.postings
    visible = collector.visible if collector.hidden else None
    sizes = [sum(len(postings[token]) for token in position) for position in sims]
    order = sorted(range(len(sims)), key=sizes.__getitem__)
    rarest = len(sims) - required + 1
    budget = _POSTINGS_BUDGET
    read: list[set[int]] = []
    for i in order:
        if sizes[i] > budget:
            break
        budget -= sizes[i]
        keys: set[int] = set()
        for token in sims[i]:
            keys.update(postings[token])
        read.append(keys if visible is None else set(filter(visible, keys)))
    pool = set().union(*read[:rarest])
    if len(pool) <= _CANDIDATES:
        return list(pool)
    counts: Counter[int] = Counter()
    for rank, keys in enumerate(read):
        counts.update(keys if rank < rarest else pool.intersection(keys))
    return [key for key, _ in counts.most_common(_CANDIDATES)]


def _score_candidates(
    collector: Collector,
    forms: TitleForms,
    sims: list[dict[str, float]],
    tuning: Tuning,
    *,
    complete_only: bool,
) -> None:
    """Score candidate keys by token coverage; offer those good enough.

    A key holding every query token (or the last one's completion) scores in the tokens band,
    higher with fewer other words. Any other key needs ``tuning.min_fuzzy`` on its token
    similarity (mean over query tokens of the best similarity of a title token, lowered a
    little for extra title words); its fuzzy score blends that with ``fuzz.ratio`` of the
    whole texts, which tells "sister sister" from "glass sister" for "sister sisteer".
    """
    store = collector.store
    alive = store.alive
    texts = store.text
    kinds = store.kind
    query_texts = {
        KIND_PLAIN: forms.plain,
        KIND_CANONICAL: forms.canonical,
        KIND_FULL: forms.full or forms.plain,
    }
    wanted = len(sims)
    required = wanted if complete_only else max(1, math.ceil(tuning.min_fuzzy * wanted / 100))
    # token -> its similarity to each query position
    vectors: dict[str, list[float]] = {}
    for i, position in enumerate(sims):
        for token, sim in position.items():
            vectors.setdefault(token, [0.0] * wanted)[i] = sim
    for key in _candidates(collector, sims, required):
        if not alive[key]:
            continue
        tokens = texts[key].split()
        matched = [vectors[token] for token in tokens if token in vectors]
        if not matched:
            continue
        if len(matched) == 1:
            best = matched[0]
        else:
            best = [max(column) for column in zip(*matched, strict=True)]
        total = sum(best)
        complete = min(best) >= _SIM_PREFIX
        cover = min(1.0, wanted / len(tokens))
        if complete:
            collector.offer(key, TOKENS_BASE + 9.9 * cover)
            continue
        if complete_only:
            continue
        words = total / wanted * (0.85 + 0.15 * cover)
        if words < tuning.min_fuzzy:
            continue
        whole = fuzz.ratio(query_texts[kinds[key]], texts[key])
        similarity = (1.0 - _WHOLE_SHARE) * words + _WHOLE_SHARE * whole
        if similarity >= tuning.min_fuzzy:
            collector.offer(key, similarity * FUZZY_SCALE)


def match_scan(collector: Collector, squashed: str, limit: int, tuning: Tuning) -> None:
    """Last resort: ``fuzz.ratio`` of the space-free query against space-free titles.

    Only titles starting with the query's first or second letter and of about its length are
    read, which catches run-together words ("toystroy") and a lost or swapped first letter.
    A leading article glued to the next word ("theancient river") is tried without it too.
    Each bucket yields ``limit`` matches more than the hidden films have keys, and hidden
    keys are dropped before the best ``limit`` are kept.
    """
    store = collector.store
    extra = sum(len(store.film_keys.get(f, ())) for f in collector.hidden)
    found: list[tuple[float, int]] = []
    for text in _without_glued_article(squashed):
        size = len(text)
        spread = tuning.length_slack + size // 8
        for first in dict.fromkeys(text[:2]):
            for length in range(max(1, size - spread), size + spread + 1):
                bucket = store.scan.get((first, length))
                if bucket is None:
                    continue
                matches = process.extract(
                    text,
                    bucket.texts,
                    scorer=fuzz.ratio,
                    processor=None,
                    score_cutoff=tuning.scan_cutoff,
                    limit=limit + extra,
                )
                found.extend((score, bucket.keys[position]) for _, score, position in matches)
    alive = store.alive
    found = [(score, key) for score, key in found if alive[key] and collector.visible(key)]
    for score, key in heapq.nlargest(limit, found):
        collector.offer(key, score * _SCAN_SHARE * FUZZY_SCALE)


def _without_glued_article(squashed: str) -> list[str]:
    """``squashed``, and without a leading article of two letters or more if one is there."""
    for article in _GLUED_ARTICLES:
        if squashed.startswith(article) and len(squashed) - len(article) >= 4:
            return [squashed, squashed[len(article) :]]
    return [squashed]
