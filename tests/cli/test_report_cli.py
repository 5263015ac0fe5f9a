"""``python app.py report``: one page per region, exit code 2 on bad input, no Dash imported."""

import argparse
import io

from pypdf import PdfReader

from cli.report import run
from tests.test_cli_imports import dash_modules, run_app


def _args(tmp_path, **given) -> argparse.Namespace:
    values = {"region": "DE11", "year": 2014, "sector": "C", "version": 2013, "out": tmp_path / "r.pdf",
              "data": None, **given}
    return argparse.Namespace(**values)


def test_report_command_writes_one_page_per_region(store, tmp_path):
    args = _args(tmp_path, region="DE11,DE12", sector="C29", year=2013)
    assert run(args, store) == 0
    reader = PdfReader(io.BytesIO(args.out.read_bytes()))
    assert len(reader.pages) == 2
    assert "Stuttgart (DE11)" in reader.pages[0].extract_text()
    assert "Karlsruhe (DE12)" in reader.pages[1].extract_text()
    assert "C29 Manufacture of motor vehicles" in reader.pages[0].extract_text()


def test_bad_region_sector_or_year_exit_2(store, tmp_path, capsys):
    assert run(_args(tmp_path, region="XX11"), store) == 2
    assert "XX11" in capsys.readouterr().err
    assert run(_args(tmp_path, sector="Z99"), store) == 2
    assert run(_args(tmp_path, year=1990), store) == 2
    assert run(_args(tmp_path, region="DE11,DE111"), store) == 2
    assert not (tmp_path / "r.pdf").exists()


def test_report_help_imports_no_dash():
    out, modules = run_app("report", "--help")
    assert "--region" in out and "cli.main" in modules
    assert dash_modules(modules) == set()
