"""The layer rule: every package imports only the packages it is allowed to, and nothing imports in a circle.

``ALLOWED`` is the dependency graph of docs/ARCHITECTURE.md: a package may import itself and the
packages listed for it, nothing else of the project. The module-level import graph has no cycle.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALLOWED: dict[str, set[str]] = {
    "data": set(),
    "ingest": {"data"},
    "default_build": {"data", "ingest"},
    "analysis": {"data"},
    "views": {"data", "analysis"},
    "layers": {"data", "analysis", "views"},
    "exports": {"data", "analysis", "views", "layers"},
    "callbacks": {"data", "ingest", "analysis", "views", "layers", "exports"},
    "app": {"data", "ingest", "analysis", "views", "layers", "exports", "callbacks"},
    "cli": {"data", "ingest", "analysis", "views", "layers", "exports", "app"},
    "api": {"data", "ingest", "analysis", "views", "layers", "exports"},
}
ALLOWED["app"] |= {"api"}  # the data API's blueprint is registered on the app's server
PACKAGES = set(ALLOWED)
#: Packages that must not import Dash or Plotly (figures live in layers/, Dash wiring in callbacks/).
NO_DASH = ("data", "ingest", "default_build", "analysis", "views")


def _modules() -> dict[str, Path]:
    """Every project module by dotted name (``app`` is the module app.py)."""
    found = {"app": ROOT / "app.py"}
    for package in PACKAGES - {"app"}:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _is_script_guard(node: ast.AST) -> bool:
    """``if __name__ == "__main__":``: the script's entry point, not part of the module's imports."""
    test = getattr(node, "test", None)
    return (isinstance(node, ast.If) and isinstance(test, ast.Compare) and isinstance(test.left, ast.Name)
            and test.left.id == "__name__")


def _walk(tree: ast.AST):
    for node in ast.iter_child_nodes(tree):
        if not _is_script_guard(node):
            yield node
            yield from _walk(node)


def _imports(path: Path, module: str) -> set[str]:
    """Dotted names imported by a module (``from x import y`` gives ``x.y`` when that is a module, else ``x``).

    Imports inside functions count (a lazy import still ties two modules); the script guard does not.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in _walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return found


def _graph() -> dict[str, set[str]]:
    return {m: {i for i in _imports(p, m) if i.split(".")[0] in PACKAGES} for m, p in MODULES.items()}


def test_every_top_level_package_is_in_the_graph():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "benchmarks", "tools"}
    assert packages <= PACKAGES, f"add {sorted(packages - PACKAGES)} to ALLOWED"


def test_no_module_imports_a_package_it_is_not_allowed_to():
    bad = [f"{m} imports {i}" for m, deps in _graph().items() for i in deps
           if (root := i.split(".")[0]) != m.split(".")[0] and root not in ALLOWED[m.split(".")[0]]]
    assert bad == []


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            nxt = nxt if nxt in graph else nxt.rpartition(".")[0]
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*path[path.index(nxt):], nxt]) if nxt in path else f"{node} → {nxt}")
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []


@pytest.mark.parametrize("package", NO_DASH)
def test_lower_packages_do_not_use_dash_or_plotly(package):
    used = [m for m, p in MODULES.items() if m.split(".")[0] == package
            and {i.split(".")[0] for i in _imports(p, m)} & {"dash", "plotly", "dash_ag_grid"}]
    assert used == []


def test_analysis_is_pure_and_reads_no_store():
    assert [m for m, deps in _graph().items() if m.startswith("analysis") and any(
        d.startswith("data.") and d != "data.errors" for d in deps)] == []


def test_modules_stay_small():
    long = [f"{m}: {n}" for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450]
    assert long == []
