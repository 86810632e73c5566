"""Discord-free, in-memory fuzzy film search (see ``bot.search.index``)."""

from bot.search.index import MAX_LIMIT, SearchIndex
from bot.search.model import IndexEntry, SearchHit

__all__ = ["MAX_LIMIT", "IndexEntry", "SearchHit", "SearchIndex"]
