"""Boundaries the design depends on, enforced by reading the source."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

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


EMULATORS = {"discord_emulator": 30, "tmdb_emulator": 4}  # package -> at least this many modules


@pytest.mark.parametrize("package", sorted(EMULATORS))
def test_the_emulators_never_import_the_product(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] in ("bot", "cogs", "tests")
        )
        for path in _python_files(ROOT / package)
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) >= EMULATORS[package], "the package should have been found"


@pytest.mark.parametrize("package", sorted(EMULATORS))
def test_the_emulators_have_no_import_cycle(package: str) -> None:
    graph = build_graph(ROOT, package)
    assert len(graph) >= EMULATORS[package] and f"{package}.server" in graph
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


def test_no_import_cycle_between_modules_or_packages() -> None:
    graph = _project_graph()
    assert find_cycles(graph) == []
    assert find_cycles(collapse(graph, _package)) == []


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


def test_features_import_only_their_own_package_other_models_and_the_shared_core() -> None:
    """Every module of a feature package (its service, outbox, search...), not only service.py:
    its own storage interface and code, other features' models, the shared core."""
    graph = _project_graph()
    for feature in FEATURES:
        own = f"bot.{feature}"
        allowed = (own + ".", *SHARED_CORE, *(f"bot.{f}.models" for f in FEATURES))
        modules = [m for m in graph if m == own or m.startswith(own + ".")]
        assert f"{own}.service" in modules
        for module in modules:
            bad = sorted(m for m in graph[module] if not (m + ".").startswith(allowed))
            assert bad == [], f"{module} imports {bad}"


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
    drivers = {"sqlite3", "aiosqlite", "asyncpg"}
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] in drivers
        )
        for path in _python_files(ROOT / "bot", ROOT / "cogs")
        if ROOT / "bot" / "storage" not in path.parents
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    storage = _python_files(ROOT / "bot" / "storage")
    for driver in drivers - {"sqlite3"}:  # the check sees each driver where it belongs
        assert any(driver in _imported_modules(path) for path in storage), driver


# -- the Discord-facing layer: features apart, custom ids in ids modules -------------------------


def _feature(module: str) -> str | None:
    """``cogs.polls.ballot`` and ``cogs.scenes`` -> their feature (``polls``, ``scenes``)."""
    parts = module.split(".")
    return parts[1] if parts[0] == "cogs" and len(parts) > 1 else None


def foreign_imports(graph: Graph) -> list[tuple[str, str]]:
    """Edges from one feature's Discord code into another feature's, other than to its ids."""
    bad = []
    for module, targets in graph.items():
        own = _feature(module)
        for target in targets:
            other = _feature(target)
            if own and other and other != own and target != f"cogs.{other}.ids":
                bad.append((module, target))
    return sorted(bad)


def test_no_feature_imports_another_features_internals() -> None:
    graph = _project_graph()
    assert "cogs.polls.ids" in graph["cogs.films.actions"]  # the film card's Vote button
    assert foreign_imports(graph) == []


def test_the_feature_check_sees_a_foreign_import(tmp_path: Path) -> None:
    cogs = tmp_path / "cogs"
    for package in (cogs, cogs / "films", cogs / "polls"):
        package.mkdir()
        (package / "__init__.py").write_text("")
    (cogs / "polls" / "ids.py").write_text("VOTE = 'x'\n")
    (cogs / "polls" / "buttons.py").write_text("from cogs.polls import ids\n")
    (cogs / "films" / "card.py").write_text("from cogs.polls import ids\n")
    (cogs / "scenes.py").write_text("def f():\n    from cogs.films.card import g\n")
    assert foreign_imports(build_graph(tmp_path, "cogs")) == [("cogs.scenes", "cogs.films.card")]
    (cogs / "films" / "card.py").write_text("from cogs.polls.buttons import VoteButton\n")
    assert ("cogs.films.card", "cogs.polls.buttons") in foreign_imports(
        build_graph(tmp_path, "cogs")
    )


def proj_literals(path: Path) -> list[int]:
    """Lines of ``path`` whose code (not a docstring) holds custom-id text (``proj:...``)."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and "proj:" in node.value
        and id(node) not in docstrings
    )


def test_the_custom_id_check_sees_proj_text_but_not_docstrings(tmp_path: Path) -> None:
    sample = tmp_path / "buttons.py"
    sample.write_text('"""Ids like ``proj:x:<id>``."""\nX = f"proj:poll:{1}:vote"\nY = "proj:"\n')
    assert proj_literals(sample) == [2, 3]


def test_custom_ids_live_only_in_ids_modules() -> None:
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in _python_files(ROOT / "bot", ROOT / "cogs", ROOT / "tests" / "e2e")
        if path.name != "ids.py" and (lines := proj_literals(path))
    }
    assert offenders == {}


def test_the_interaction_alias_is_defined_once() -> None:
    """``Interaction`` (discord.Interaction of our bot) lives in bot/ui/types.py; a module that
    redefines it drifts from it the day the bot's class changes."""
    alias = re.compile(r"^\w+\s*(?::[^=]+)?=\s*discord\.Interaction\[", re.MULTILINE)
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files(ROOT / "bot", ROOT / "cogs")
        if alias.search(path.read_text("utf-8"))
    ]
    assert offenders == ["bot/ui/types.py"]


def test_no_background_wait_uses_asyncio_wait_for() -> None:
    """On Python 3.11 ``asyncio.wait_for`` drops a cancellation that arrives just after what it
    waits for finished, so a loop stopped by cancelling its task can run on and hang the bot's
    close. The bot's loops sleep under ``asyncio.timeout`` instead."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files(ROOT / "bot", ROOT / "cogs")
        if "asyncio.wait_for(" in path.read_text("utf-8")
    ]
    assert offenders == []
