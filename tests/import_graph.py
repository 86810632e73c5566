"""The import graph of a package read from its source, and the cycles in it.

Every import counts, wherever it is written: at module level, inside a function, or under
``if TYPE_CHECKING:`` (a cycle hidden from the interpreter still ties the modules together).
``from pkg import name`` is an edge to ``pkg.name`` when that is a module of the package, else
to ``pkg``. Importing a submodule is not counted as importing its parent packages' ``__init__``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

Graph = dict[str, set[str]]


def module_name(path: Path, root: Path) -> str:
    """``root/discord_emulator/rest/app.py`` -> ``discord_emulator.rest.app``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imported_modules(path: Path, module: str, known: Iterable[str]) -> set[str]:
    """The modules of ``known`` that the file ``path`` (module ``module``) imports."""
    known = set(known)
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(node, module, is_package)
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                found.add(candidate if candidate in known else source)
    return {m for m in found if m in known and m != module}


def build_graph(root: Path, *packages: str) -> Graph:
    """Module -> the modules it imports among ``packages``, for every ``.py`` under
    ``root/<package>`` (several packages give one graph with the edges between them)."""
    files = {
        module_name(p, root): p
        for package in packages
        for p in sorted((root / package).rglob("*.py"))
    }
    return {name: imported_modules(path, name, files) for name, path in files.items()}


def collapse(graph: Mapping[str, Iterable[str]], group: Callable[[str], str]) -> Graph:
    """The graph between groups of modules (for example packages), without self-loops: a cycle
    in it is a cycle between packages even where no module-level cycle exists."""
    folded: Graph = {}
    for node, targets in graph.items():
        source = group(node)
        folded.setdefault(source, set()).update(
            target for t in targets if (target := group(t)) != source
        )
    return folded


def find_cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """One cycle (``[a, b, ..., a]``) per strongly connected group of mutually importing modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_through(group, graph) for group in groups]


def _cycle_through(group: list[str], graph: Mapping[str, Iterable[str]]) -> list[str]:
    """A readable cycle inside ``group``: breadth-first from its first module back to it."""
    members = set(group)
    start = group[0]
    paths: dict[str, list[str]] = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                return [*paths[node], start]
            if nxt in members and nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    return [*group, start]
