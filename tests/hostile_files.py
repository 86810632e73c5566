"""Hostile import files shared by the loader, CLI and /manage import tests (issue 9, item 15)."""

from __future__ import annotations

DIGITS_5000 = "1" * 5000
SCENES_TOML = '\n[[scenes]]\ntitle = "A scene"\ndescription = "What happens."\n'

# name, content, a fragment of the problem reported, the line it names (None: no line)
HOSTILE: list[tuple[str, bytes, str, int | None]] = [
    (
        "datetime.toml",
        b'title = "Clock Film"\nrelease_date = 1985-11-21T10:00:00\n' + SCENES_TOML.encode(),
        "date without a time",
        None,
    ),
    (
        "offset-datetime.toml",
        b'title = "Clock Film"\nrelease_date = 1985-11-21T10:00:00+01:00\n' + SCENES_TOML.encode(),
        "date without a time",
        None,
    ),
    (
        "surrogate.json",
        b'[\n {"title": "Bad \\ud800 text",\n  "scenes": [{"title": "A"}]}\n]',
        "not valid text",
        2,
    ),
    (
        "surrogate-key.json",
        b'[{"title": "Fine", "\\udfff": 1, "scenes": [{"title": "A"}]}]',
        "not valid text",
        1,
    ),
    ("deep.json", b"\n" + b"[" * 100_000 + b"]" * 100_000, "nested too deeply", 2),
    ("deep.toml", b'title = "X"\nx = ' + b"[" * 100_000 + b"]" * 100_000, "nested too deeply", 2),
    (
        "long-number.json",
        b'{"title": "Big",\n "year": ' + DIGITS_5000.encode() + b"}",
        "too long",
        2,
    ),
    (
        "long-number.toml",
        b'title = "Big"\n\nyear = ' + DIGITS_5000.encode() + b"\n",
        "too long",
        3,
    ),
    (
        "big-runtime.json",
        b'{"title": "Long", "runtime": 99999999999999999999, "scenes": [{"title": "A"}]}',
        "runtime",
        None,
    ),
    (
        "big-owner.json",
        b'{"films": [{"title": "Owned", "guild_id": 99999999999999999999,'
        b' "scenes": [{"title": "A"}]}]}',
        "Discord server id",
        None,
    ),
]
