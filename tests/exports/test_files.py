import io
import json

import geopandas as gpd
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from pypdf import PdfReader
from shapely.geometry import box

from exports.files import (
    jpeg_size,
    neutralise_formulas,
    write_csv,
    write_excel,
    write_geojson,
    write_geoparquet,
    write_pdf,
)

RISKY = pd.DataFrame({"name": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "Île-de-France", None],
                      "value": [-1.5, 2.0, 3.0, 4.0, 5.0, float("nan")]})
# The smallest baseline JPEG we need: SOI, an SOF0 segment for 3 x 2 pixels, EOI (enough for jpeg_size).
TINY_JPEG = b"\xff\xd8" + b"\xff\xc0\x00\x11\x08\x00\x02\x00\x03\x03" + bytes(9) + b"\xff\xd9"


def test_neutralise_formulas_prefixes_risky_text_and_keeps_numbers():
    out = neutralise_formulas(RISKY)
    assert out["name"].tolist()[:5] == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "Île-de-France"]
    assert pd.isna(out["name"].iloc[5])
    pd.testing.assert_series_equal(out["value"], RISKY["value"])
    assert RISKY["name"].iloc[0].startswith("=")  # input unchanged


def test_csv_has_notes_then_neutralised_table():
    lines = write_csv(RISKY, notes=["Source: Eurostat"]).decode("utf-8").splitlines()
    assert lines[:3] == ["# Source: Eurostat", "name,value", "\"'=HYPERLINK(\"\"x\"\")\",-1.5"]


def test_excel_cells_are_text_not_formulas():
    book = openpyxl.load_workbook(io.BytesIO(write_excel(RISKY, notes=["Source: Eurostat"])))
    cells = [row[0].value for row in book["data"].iter_rows(min_row=2)]
    assert cells[:4] == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)"]
    assert all(row[0].data_type != "f" for row in book["data"].iter_rows(min_row=2))
    assert book["about"]["A2"].value == "Source: Eurostat"


def test_geojson_and_geoparquet_round_trip_with_notes():
    frame = gpd.GeoDataFrame({"nuts_id": ["AT11", "AT12"], "lq": [1.5, None]},
                             geometry=[box(16, 47, 17, 48), box(15, 47, 16, 48)], crs="EPSG:4326")
    collection = json.loads(write_geojson(frame, notes=["Source: Eurostat"]))
    assert [f["properties"]["lq"] for f in collection["features"]] == [1.5, None]
    assert collection["metadata"]["notes"] == ["Source: Eurostat"]
    content = write_geoparquet(frame, notes=["Source: Eurostat"])
    back = gpd.read_parquet(io.BytesIO(content))
    assert back["nuts_id"].tolist() == ["AT11", "AT12"] and back.crs.to_epsg() == 4326
    assert json.loads(pq.read_schema(io.BytesIO(content)).metadata[b"cluster_atlas"])["notes"] == ["Source: Eurostat"]


def test_pdf_has_one_page_per_jpeg_at_the_page_size():
    assert jpeg_size(TINY_JPEG) == (3, 2)
    reader = PdfReader(io.BytesIO(write_pdf([TINY_JPEG, TINY_JPEG], page_size=(842.25, 595.5), title="Atlas – LQ")))
    assert len(reader.pages) == 2
    assert [float(v) for v in reader.pages[1].mediabox] == [0, 0, 842.25, 595.5]
    assert reader.metadata.title == "Atlas – LQ"


def test_jpeg_size_rejects_other_files():
    with pytest.raises(ValueError, match="not a JPEG"):
        jpeg_size(b"\x89PNG\r\n")
