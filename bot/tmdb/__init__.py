"""TMDB (The Movie Database) as an optional source of film facts.

Nothing here imports ``discord``. The package import stays light (no aiohttp) so that
``bot.settings`` can check the shape of ``TMDB_API_KEY`` through ``bot.tmdb.credentials``;
import the client from ``bot.tmdb.client``.
"""
