"""``python app.py export … --start 2009 --year 2014`` (issue 14): change maps in the batch atlas and the files."""

from __future__ import annotations

import io

from pypdf import PdfReader

from cli import export
from cli.main import build_parser
from exports.figures import atlas_page, methodology_note
from exports.map_export import data_frame, export_name
from exports.options import EXPORT_SIZES
from layers.map_view import map_text
from views.url import parse_query
from views.values import effective_view


def parse(argv: list[str]) -> object:
    return build_parser("export").parse_args(["export", *argv])


def test_the_batch_atlas_exports_a_change_map_with_both_years(store, tmp_path):
    out = tmp_path / "pages"
    args = parse(["--sectors", "C29", "--indicator", "lq_change", "--start", "2009", "--year", "2014",
                  "--format", "png", "--size", "1200x1200", "--scale", "0.5", "--out", str(out)])
    [view] = export.views_from_args(store, args)
    assert (view.indicator, view.start, view.year) == ("lq_change", 2009, 2014)
    assert export.run(args, store=store) == 0
    assert [f.name for f in out.iterdir()] == ["cluster-atlas_C29_lq_change_2009-2014_nuts2.png"]


def test_a_pdf_page_names_both_years(store, tmp_path):
    out = tmp_path / "atlas.pdf"
    args = parse(["--sectors", "C20", "--indicator", "growth", "--start", "2010", "--year", "2014", "--scale", "1",
                  "--out", str(out)])
    assert export.run(args, store=store) == 0
    assert len(PdfReader(io.BytesIO(out.read_bytes())).pages) == 1  # the page is an image: check its figure
    [view] = export.views_from_args(store, args)
    page = atlas_page(store, view, date="2026-01-01", size=EXPORT_SIZES["a4-landscape"])
    assert "2010–2014" in page.layout.title.text and "Growth" in page.layout.title.text


def test_a_start_year_after_the_year_is_reported_and_cleared(store, capsys):
    args = parse(["--sectors", "C20", "--indicator", "lq_change", "--start", "2014", "--year", "2012",
                  "--out", "x.pdf"])
    [view] = export.views_from_args(store, args)
    assert view.start is None and view.indicator == "lq"


def test_change_exports_carry_both_years(store):
    view = effective_view(store, parse_query("?sector=C&indicator=share_change&start=2009&year=2014", store).view)
    text = map_text(store, view)
    assert text.title.endswith("2009–2014") and "2009–2014" in text.subtitle
    assert export_name(view, "csv") == "cluster-atlas_C_share_change_2009-2014_nuts2.csv"
    frame = data_frame(store, view)
    assert {"start_year", "year", "start_value", "end_value"} <= set(frame.columns)
    assert (frame["start_year"] == 2009).all() and "2009–2014" in methodology_note(view)
