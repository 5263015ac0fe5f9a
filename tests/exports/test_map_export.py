import io
import json

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pytest
from pypdf import PdfReader

from data.store import ATTRIBUTION
from exports.files import write_geojson
from exports.map_export import atlas_files, data_frame, data_notes, export_name, map_pdf, table_bytes, table_file
from exports.options import EXPORT_SIZES
from exports.render import BrowserNotFoundError
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
    collection = json.loads(write_geojson(frame, notes=data_notes(store, view, query="?sector=C29")))
    assert {f["properties"]["nuts_id"] for f in collection["features"]} == set(frame["nuts_id"])
    assert "sector=C29" in " ".join(collection["metadata"]["notes"])


def test_csv_table_keeps_source_line_and_header(store):
    frame = data_frame(store, effective_view(store, View()))
    source, header, *_ = table_bytes(frame, "csv", notes=["Source: Eurostat", "View: ?sector=C"]).decode().splitlines()
    assert source == "# Source: Eurostat. View: ?sector=C" and header.startswith("rank,nuts_id,name,")


def _notes(fmt: str, content: bytes) -> list[str]:
    """The notes a file carries: CSV comment line, Excel ``about`` sheet, GeoJSON/GeoParquet metadata."""
    if fmt == "csv":
        return content.decode().splitlines()[0].removeprefix("# ").split(". ")
    if fmt == "xlsx":
        return pd.read_excel(io.BytesIO(content), sheet_name="about")["about"].tolist()
    if fmt == "geojson":
        return json.loads(content)["metadata"]["notes"]
    return json.loads(pq.read_schema(io.BytesIO(content)).metadata[b"cluster_atlas"])["notes"]


@pytest.mark.parametrize(("fmt", "mime"), [
    ("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("geojson", "application/geo+json"), ("parquet", "application/vnd.apache.parquet"),
])
def test_table_file_writes_each_format_with_its_name_type_and_notes(store, fmt, mime):
    view = effective_view(store, View(sector="C29", countries=("AT",)))
    file = table_file(store, view, fmt, query="?sector=C29&countries=AT")
    assert (file.filename, file.mime) == (f"cluster-atlas_C29_lq_2014_nuts2.{fmt}", mime)
    notes = _notes(fmt, file.content)
    assert notes[0].startswith("Source: Eurostat") and "View: ?sector=C29&countries=AT" in notes
    if fmt in {"geojson", "parquet"}:
        regions = gpd.read_parquet(io.BytesIO(file.content)) if fmt == "parquet" else gpd.read_file(
            io.BytesIO(file.content))
        assert sorted(regions["nuts_id"]) == sorted(data_frame(store, view)["nuts_id"])
        assert regions.geometry.notna().all()


def test_table_bytes_refuses_an_unknown_format():
    with pytest.raises(ValueError, match="expected one of"):
        table_bytes(pd.DataFrame({"a": [1]}), "docx")


def test_csv_export_has_source_line_and_neutralised_formulas(store):
    frame = data_frame(store, View(sector="C29"))
    frame.loc[frame["nuts_id"] == "DE11", "name"] = "=HYPERLINK(\"http://x\")"
    text = table_bytes(frame, "csv", notes=[ATTRIBUTION]).decode()
    assert text.startswith("# Source: Eurostat")
    table = pd.read_csv(io.StringIO(text), comment=None, skiprows=1)
    assert list(table.columns[:4]) == ["rank", "nuts_id", "name", "country"]
    assert table.loc[table["nuts_id"] == "DE11", "name"].iloc[0].startswith("'=")


def test_export_name_says_what_the_file_shows():
    assert export_name(View(sector="C20", level=1, year=2012), "xlsx") == "cluster-atlas_C20_lq_2012_nuts1.xlsx"


def test_map_pdf_is_one_a4_page(store):
    view = effective_view(store, View(sector="C29"))
    file = map_pdf(store, view, {"lat": 50.0, "lon": 10.0, "zoom": 3.5}, size=EXPORT_SIZES["a4-landscape"],
                   background="white", day="2026-05-01")
    page = PdfReader(io.BytesIO(file.content)).pages[0]
    assert [round(float(v)) for v in page.mediabox] == [0, 0, 842, 596]
    assert (file.filename, file.mime) == ("cluster-atlas_C29_lq_2014_nuts2.pdf", "application/pdf")


def test_map_pdf_without_browser_raises_a_clear_error(store, monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "missing"))
    with pytest.raises(BrowserNotFoundError, match="PNG, SVG and JPEG export from the dashboard work without it"):
        map_pdf(store, effective_view(store, View()), None, size=EXPORT_SIZES["1600x1000"], day="x")


def test_atlas_files_refuses_an_unknown_format(store):
    with pytest.raises(ValueError, match="expected one of"):
        atlas_files(store, [effective_view(store, View())], fmt="gif", size=EXPORT_SIZES["a4-landscape"], day="x")


def test_a_measure_shown_as_the_indicator_downloads_with_distinct_columns(store):
    # found by the crawler: indicator 'employment' with measure 'employment' made two columns of one name
    view = effective_view(store, View(indicator="employment", measure="employment"))
    frame = data_frame(store, view)
    assert frame.columns.is_unique and {"employment", "employment_measure"} <= set(frame.columns)
    assert table_file(store, view, "csv", query="?indicator=employment").content.startswith(b"#")
