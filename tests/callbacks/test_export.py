import io
import json

import geopandas as gpd
import pytest
from pypdf import PdfReader

from callbacks.export import data_frame, data_notes, export_name, map_pdf, table_csv
from exports.files import write_geojson
from exports.render import BrowserNotFoundError
from layers.map_view import compute_values
from views.state import View
from views.values import effective_view


def test_data_frame_has_values_flags_names_and_ranks(store):
    view = effective_view(store, View(sector="C29"))
    frame = data_frame(store, view)
    assert list(frame.columns[:7]) == ["rank", "nuts_id", "name", "country", "nace", "year", "lq"]
    assert {"employment", "flag", "reason"} <= set(frame.columns)
    assert frame["rank"].iloc[0] == 1 and frame["lq"].iloc[0] == frame["lq"].max()


def test_geo_frame_joins_full_polygons_and_writes_geojson(store):
    view = effective_view(store, View(sector="C29", countries=("AT",)))
    frame = data_frame(store, view, geometry=True)
    assert isinstance(frame, gpd.GeoDataFrame) and frame.geometry.notna().all()
    collection = json.loads(write_geojson(frame, notes=data_notes(store, view)))
    assert {f["properties"]["nuts_id"] for f in collection["features"]} == set(frame["nuts_id"])
    assert "sector=C29" in " ".join(collection["metadata"]["notes"])


def test_table_csv_keeps_source_line_and_header(store):
    values, _ = compute_values(store, effective_view(store, View()))
    source, header, *_ = table_csv(values, "lq").splitlines()
    assert source.startswith("# Source: Eurostat") and header.startswith("rank,nuts_id,name,")


def test_export_name_says_what_the_file_shows():
    assert export_name(View(sector="C20", level=1, year=2012), "xlsx") == "cluster-atlas_C20_lq_2012_nuts1.xlsx"


def test_map_pdf_is_one_a4_page(store):
    view = effective_view(store, View(sector="C29"))
    content = map_pdf(store, view, {"lat": 50.0, "lon": 10.0, "zoom": 3.5}, size_key="a4-landscape",
                      background="white", day="2026-05-01")
    page = PdfReader(io.BytesIO(content)).pages[0]
    assert [round(float(v)) for v in page.mediabox] == [0, 0, 842, 596]


def test_map_pdf_without_browser_raises_a_clear_error(store, monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "missing"))
    with pytest.raises(BrowserNotFoundError, match="PNG, SVG and JPEG export from the dashboard work without it"):
        map_pdf(store, effective_view(store, View()), None, size_key="1600x1000", background="white", day="x")
