"""Projectionist: a self-hosted Discord bot for films and their best scenes."""

__version__ = "0.1.0"
