"""Boundaries the design depends on, enforced by reading the source."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.import_graph import build_graph, find_cycles

ROOT = Path(__file__).resolve().parents[1]
CORE = [
    ROOT / "bot" / "catalogue",
    ROOT / "bot" / "storage",
    ROOT / "bot" / "search",
    ROOT / "bot" / "voting",
    ROOT / "bot" / "polls",
    ROOT / "bot" / "tmdb",
    ROOT / "bot" / "models.py",
    ROOT / "bot" / "errors.py",
    ROOT / "bot" / "settings.py",
]
# SQL is written in upper case throughout the project, which keeps prose ("select menus lettered
# from A") from matching.
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET)\b")


def _python_files(*roots: Path) -> list[Path]:
    files: list[Path] = []
    for root in roots:
        files.extend([root] if root.is_file() else sorted(root.rglob("*.py")))
    return files


def _imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_the_core_never_imports_discord() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] == "discord"
        )
        for path in _python_files(*CORE)
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) >= 10, "the core should have been found"


def test_the_core_never_imports_the_discord_facing_layers() -> None:
    banned = ("bot.client", "bot.ui", "discord_emulator", "bot.sandbox", "cogs")
    for path in _python_files(*CORE):
        bad = [m for m in _imported_modules(path) if m.startswith(banned)]
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_sql_lives_only_in_storage_modules() -> None:
    allowed = ROOT / "bot" / "storage"
    offenders = []
    for path in _python_files(ROOT / "bot", ROOT / "cogs"):
        if allowed in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and SQL.search(node.value):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_the_sql_detector_sees_sql() -> None:
    assert SQL.search("SELECT id FROM films WHERE x = ?")
    assert SQL.search("UPDATE polls SET status = ?")
    assert not SQL.search("select menus lettered from A")


def test_the_checker_sees_a_discord_import() -> None:
    sample = ROOT / "bot" / "client.py"
    assert "discord" in {m.split(".")[0] for m in _imported_modules(sample)}


# -- the Discord emulator: independent of the product, no import cycles --------------------------

EMULATOR = ROOT / "discord_emulator"


def test_the_emulator_never_imports_the_product() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] in ("bot", "cogs", "tests")
        )
        for path in _python_files(EMULATOR)
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) >= 30, "the emulator package should have been found"


def test_the_emulator_has_no_import_cycle() -> None:
    graph = build_graph(ROOT, "discord_emulator")
    assert len(graph) >= 30 and "discord_emulator.server" in graph
    assert find_cycles(graph) == []


def test_the_cycle_detector_catches_a_deliberate_cycle(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from pkg.sub.b import B\n")
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..c import C\nB = 1\n"
    )
    (package / "c.py").write_text("def f():\n    import pkg.a\n")
    (package / "d.py").write_text("import pkg.a\n")  # imports into the cycle, not part of it
    graph = build_graph(tmp_path, "pkg")
    assert graph["pkg.a"] == {"pkg.sub.b"}
    assert find_cycles(graph) == [["pkg.a", "pkg.sub.b", "pkg.c", "pkg.a"]]
    (package / "c.py").write_text("def f():\n    import json\n")
    assert find_cycles(build_graph(tmp_path, "pkg")) == []
