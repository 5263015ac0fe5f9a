"""The layer rule: data → analysis → layers → callbacks → app; nothing imports to its right."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["data", "analysis", "layers", "callbacks", "app"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_no_module_imports_from_a_layer_to_its_right():
    bad = []
    for rank, package in enumerate(ORDER[:-1]):
        for path in (ROOT / package).rglob("*.py"):
            for name in _imports(path) & set(ORDER):
                if ORDER.index(name) > rank:
                    bad.append(f"{path.relative_to(ROOT)} imports {name}")
    assert bad == []


def test_data_and_analysis_do_not_use_dash_or_plotly():
    for package in ("data", "analysis"):
        for path in (ROOT / package).rglob("*.py"):
            assert not _imports(path) & {"dash", "plotly"}, path


def test_modules_stay_small():
    for package in ORDER[:-1]:
        for path in (ROOT / package).rglob("*.py"):
            assert len(path.read_text(encoding="utf-8").splitlines()) <= 450, path
