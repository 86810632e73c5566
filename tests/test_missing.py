"""An absent requirement skips on a developer's machine and fails in CI (``tests.missing``)."""

from __future__ import annotations

import pytest

from tests.missing import missing, strict


@pytest.mark.parametrize(
    ("ci", "require_postgres", "fails"),
    [
        (None, None, False),
        ("", "0", False),
        ("false", None, False),
        ("true", None, True),
        ("1", None, True),
        (None, "1", True),
    ],
)
def test_an_absent_requirement_fails_only_where_it_is_required(
    monkeypatch: pytest.MonkeyPatch, ci: str | None, require_postgres: str | None, fails: bool
) -> None:
    for name, value in (("CI", ci), ("PROJECTIONIST_REQUIRE_POSTGRES", require_postgres)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert strict() is fails
    expected = pytest.fail.Exception if fails else pytest.skip.Exception
    with pytest.raises(expected, match="pg_dump is not on PATH"):
        missing("pg_dump is not on PATH")
