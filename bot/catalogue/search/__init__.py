"""Discord-free, in-memory fuzzy film search for autocomplete and "did you mean".

    index = SearchIndex.build(IndexEntry(id, guild_id, title, year, other_titles) for ...)
    index.search("rocky 4", guild_id=guild)   # -> [SearchHit(..., title="Rocky IV", ...)]
    index.suggest("gdfthr")                   # looser, for "did you mean"
    index.upsert(entry); index.remove(film_id)

Scores are 0..100 in bands: 100 exact (99 when only the leading article differs), 90..99 a
title starting with the query, 80..90 every query word in the title, below 80 fuzzy (one
typo in a one-word title scores about 65..75). A year in the query ("dune 1984") picks the
film of that year.

Modules: ``normalise`` (text folding, pure), ``store`` (keys and lookup structures), ``stages``
(matching and scoring), ``index`` (``SearchIndex``), ``model`` (the dataclasses).
"""

from bot.catalogue.search.index import MAX_LIMIT, SearchIndex
from bot.catalogue.search.model import IndexEntry, SearchHit

__all__ = ["MAX_LIMIT", "IndexEntry", "SearchHit", "SearchIndex"]
