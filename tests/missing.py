"""What a test does when something it needs is absent from this machine (the seed article in
``../shared``, the starter films, PostgreSQL, ``pg_dump``, ``make``, ``setpriv``): on a
developer's machine it skips with the reason; in CI (``CI`` set) or with
``PROJECTIONIST_REQUIRE_POSTGRES=1`` it fails, so nothing the suite should have proved is
passed over silently there.

Deliberate skips, which no environment can satisfy, are not routed here: the pseudo-terminal
test on Windows (``test_sandbox_cli``); on the PostgreSQL pass, the SQLite file-lock test
(``e2e/test_database_concurrency``) and the one-bot-per-SQLite-file tests
(``e2e/test_one_sqlite_process``), which are SQLite's alone, and the two-process test
(``e2e/test_sharded_processes`` runs on its own PostgreSQL database in the first pass)."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def strict() -> bool:
    """Whether an absent requirement fails the test rather than skipping it."""
    ci = os.environ.get("CI", "").strip().lower()
    required = os.environ.get("PROJECTIONIST_REQUIRE_POSTGRES", "").strip() == "1"
    return required or ci not in ("", "0", "false", "no")


def missing(reason: str) -> NoReturn:
    """Skip for ``reason``, or fail for it where ``strict()``."""
    if strict():
        pytest.fail(
            f"{reason} (required here: CI or PROJECTIONIST_REQUIRE_POSTGRES=1 is set)",
            pytrace=False,
        )
    pytest.skip(reason)
