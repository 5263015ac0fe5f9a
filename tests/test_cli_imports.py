"""The command line starts without the dashboard: ``ingest`` and ``export`` never import Dash.

Each command runs in a fresh interpreter with ``-X importtime``, which lists every module imported
on stderr (``import time: self [us] | cumulative | package``).
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_app(*argv: str) -> tuple[str, set[str]]:
    """Run ``python -X importtime app.py *argv``; return its output and the names of the modules it imported.

    ``importlib.import_module`` (how cli/main.py loads a subcommand) is not listed itself, but every
    ``import`` statement below it is.
    """
    done = subprocess.run([sys.executable, "-X", "importtime", "app.py", *argv], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    rows = [line.split("|") for line in done.stderr.splitlines() if line.startswith("import time:")]
    return done.stdout, {row[-1].strip() for row in rows[1:]}  # rows[0] is the header


def top_level(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def dash_modules(modules: set[str]) -> set[str]:
    """Dash and its component packages (``dash_ag_grid``, …) among the imported modules."""
    return {m for m in top_level(modules) if m == "dash" or m.startswith("dash_")}


@pytest.mark.parametrize(("command", "option"), [("ingest", "--chunk-rows"), ("export", "--sectors")])
def test_help_of_ingest_and_export_imports_no_dash(command, option):
    out, modules = run_app(command, "--help")
    assert option in out and "cli.main" in modules  # the subcommand's parser was built; the list is complete
    assert dash_modules(modules) == set()


def test_help_of_ingest_imports_neither_plotly_nor_the_data_stack():
    out, imported = run_app("ingest", "--help")
    modules = top_level(imported)
    assert "--chunk-rows" in out and "cli" in modules
    assert modules & {"plotly", "geopandas", "pandas", "analysis", "layers", "views", "exports"} == set()


def test_ingest_runs_without_dash(tmp_path):
    source = tmp_path / "firms.csv"
    source.write_text("id,nace,lat,lon,employees\nA,C10.11,48.2,16.37,12\nB,C29.10,48.21,16.38,40\n")
    out, modules = run_app("ingest", str(source), "--name", "firms", "--workspace", str(tmp_path / "ws"),
                           "--year", "2022")
    assert "2 of 2 rows accepted" in out and (tmp_path / "ws" / "firms" / "meta.json").is_file()
    assert "ingest.workspace" in modules
    assert dash_modules(modules) == set() and "plotly" not in top_level(modules)
