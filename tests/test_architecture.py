"""Boundaries the design depends on, enforced by reading the source."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.import_graph import Graph, build_graph, collapse, find_cycles

ROOT = Path(__file__).resolve().parents[1]
FEATURES = ("catalogue", "polls", "community", "guilds", "suggestions")
CORE = [
    *(ROOT / "bot" / feature for feature in FEATURES),
    ROOT / "bot" / "storage",
    ROOT / "bot" / "tmdb",
    ROOT / "bot" / "errors.py",
    ROOT / "bot" / "settings.py",
    ROOT / "bot" / "services.py",
    ROOT / "bot" / "impact.py",
]
# What every service may lean on besides its own feature package and other features' models.
SHARED_CORE = ("bot.errors", "bot.polls.voting", "bot.catalogue.search")
# Import edges that close cycles in the Discord-facing layer (cogs, bot.ui). Untangling it is
# another change in flight (issue 10: ids -> rendering -> actions -> components -> commands);
# until it lands these known edges are tolerated, and only these. Remove an entry once its edge
# is gone (the test below says so).
KNOWN_CYCLE_EDGES = {
    ("cogs.polls.lifecycle", "cogs.polls.buttons"),  # ballot -> lifecycle -> buttons -> ballot
    ("cogs.polls.ballot", "cogs.polls.lifecycle"),  # a function-level import back
    ("cogs.films.components", "cogs.polls.buttons"),  # the film card's Vote button class
    ("cogs.manage.films", "cogs.films.components"),  # films -> polls -> manage -> films
    ("cogs.films.components", "cogs.films.matches"),  # a function-level import back
    # Type-only, but it ties bot.ui to bot.client (which imports bot.ui): goes with the shared
    # Interaction alias of the Discord-facing rework.
    ("bot.ui.autocomplete", "bot.client"),
}
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


# -- the product: no import cycle, services and storage keep to their imports -----------------


def _project_graph() -> Graph:
    return build_graph(ROOT, "bot", "cogs")


def _package(module: str) -> str:
    """``bot.polls.service`` -> ``bot.polls``; top-level modules (``bot.client``) stay."""
    return ".".join(module.split(".")[:2])


def _without_known_cycle_edges(graph: Graph) -> Graph:
    return {
        node: targets - {t for s, t in KNOWN_CYCLE_EDGES if s == node}
        for node, targets in graph.items()
    }


def test_no_import_cycle_between_modules_or_packages() -> None:
    graph = _without_known_cycle_edges(_project_graph())
    assert find_cycles(graph) == []
    assert find_cycles(collapse(graph, _package)) == []


def test_the_known_cycle_edges_still_exist() -> None:
    graph = _project_graph()
    gone = sorted(edge for edge in KNOWN_CYCLE_EDGES if edge[1] not in graph.get(edge[0], set()))
    assert gone == [], f"these edges are gone: drop them from KNOWN_CYCLE_EDGES: {gone}"


def test_the_package_level_check_sees_a_cycle_between_packages(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "inner").mkdir(parents=True)
    for init in (package / "__init__.py", package / "inner" / "__init__.py"):
        init.write_text("")
    (package / "a.py").write_text("from pkg.inner import d\n")
    (package / "b.py").write_text("import pkg.inner.e\n")
    (package / "inner" / "d.py").write_text("")
    (package / "inner" / "e.py").write_text("from pkg.a import thing\n")
    graph = build_graph(tmp_path, "pkg")
    assert find_cycles(graph) == []  # modules: b -> e -> a -> d, no way back
    folded = collapse(graph, lambda m: ".".join(m.split(".")[:2]))
    assert find_cycles(folded) == [["pkg.a", "pkg.inner", "pkg.a"]]  # but pkg.a <-> pkg.inner


def test_the_project_graph_sees_real_edges() -> None:
    graph = _project_graph()
    assert "bot.polls.store" in graph["bot.polls.service"]
    assert "bot.storage.sqlite.database" in graph["bot.storage.sqlite.polls"]
    assert "bot.client" in graph["cogs.favourites"]


def test_services_import_only_their_feature_models_and_the_shared_core() -> None:
    graph = _project_graph()
    for feature in FEATURES:
        own = f"bot.{feature}"
        allowed = (own + ".", *SHARED_CORE, *(f"bot.{f}.models" for f in FEATURES))
        bad = sorted(m for m in graph[f"{own}.service"] if not (m + ".").startswith(allowed))
        assert bad == [], f"{own}.service imports {bad}"


def test_storage_imports_only_models_and_errors() -> None:
    graph = _project_graph()
    allowed = ("bot.storage", "bot.errors", *(f"bot.{f}.models" for f in FEATURES))
    for module, targets in graph.items():
        if module.startswith("bot.storage"):
            bad = sorted(t for t in targets if not t.startswith(allowed))
            assert bad == [], f"{module} imports {bad}"


def test_only_the_services_builder_opens_storage() -> None:
    graph = _project_graph()
    users = {m for m, targets in graph.items() for t in targets if t.startswith("bot.storage")}
    assert {m for m in users if not m.startswith("bot.storage")} == {"bot.services"}


def test_no_driver_above_storage() -> None:
    drivers = {"sqlite3", "aiosqlite"}
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] in drivers
        )
        for path in _python_files(ROOT / "bot", ROOT / "cogs")
        if ROOT / "bot" / "storage" not in path.parents
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    storage = _python_files(ROOT / "bot" / "storage")
    assert any("aiosqlite" in _imported_modules(path) for path in storage)
