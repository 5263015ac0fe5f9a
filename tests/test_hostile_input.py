"""Hostile input: names from data stay text, exports never run formulas, limits hold before parsing,
archives and JSON cannot blow up, and bad values at the callback endpoint or in the URL fall back cleanly.

Complements tests/data/test_malformed.py (fixture corpus: long strings, nested GeoJSON, ``../``
zip members, member zip bombs), tests/callbacks/test_upload.py (upload size limit, folder-safe
names), tests/data/test_downloads.py and tests/callbacks/test_features.py (``= + - @`` in CSV and
Excel), tests/layers/test_map_view.py and tests/layers/test_firms.py (escaped site and firm hover)
and tests/callbacks/test_url_state.py (bad level, sector, year, countries, zoom, lat, unknown
parameter): only what those do not cover is here.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import re
import zipfile

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from dash import dcc, html

from app import create_app
from callbacks import ids
from callbacks.ranking import column_defs, panel, ranking_page, ranking_table
from callbacks.region_panel import profile_children
from callbacks.sector_panel import summary_children
from callbacks.upload import decode_upload
from data.errors import InputError, LimitError, SchemaError
from data.store import DataStore
from exports.files import write_csv, write_excel
from ingest.readers import check_json_depth, read_chunks, safe_members
from ingest.validation import Limits
from layers.choropleth import locations_update
from layers.profile import build_specialisation_bars, build_trend
from tests.dash_requests import ENDPOINT, Callbacks, map_body
from tests.ingest._ingest_helpers import FIRMS
from views.profile import RegionProfile
from views.state import View
from views.url import parse_query

SCRIPT = "<img src=x onerror=alert(1)><script>alert(2)</script>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;"


@pytest.fixture(scope="module")
def small_store() -> DataStore:
    """The default data without precomputation (matrices are built on first use)."""
    return DataStore()


# ---- names are text: hover, tables, profile ----------------------------------------------------
def test_region_names_with_html_are_escaped_in_map_hover():
    values = pd.DataFrame({"name": [SCRIPT, "Île-de-France & co"]}, index=["DE11", "FR10"])
    update = locations_update(values)
    assert update["text"] == [ESCAPED, "Île-de-France &amp; co"]


def test_sector_labels_and_measure_names_with_html_are_escaped_in_profile_charts():
    bars = build_specialisation_bars(pd.DataFrame({"nace": ["C29"], "label": ["<b>cars</b>"], "lq": [2.0],
                                                   "measure_value": [10.0]}), measure_label="<i>m</i>")
    assert list(bars.data[0].y) == ["C29 &lt;b&gt;cars&lt;/b&gt;"]
    assert "&lt;i&gt;m&lt;/i&gt;" in bars.data[0].hovertemplate and "<i>" not in bars.data[0].hovertemplate
    trend = build_trend(pd.DataFrame({"year": [2014], "measure_value": [1.0], "lq": [1.0]}), sector=SCRIPT,
                        measure_label="persons")
    assert trend.layout.title.text == f"{ESCAPED} over the years"


def test_ranking_grid_gets_names_as_plain_text_and_renders_no_html():
    values = pd.DataFrame({"name": [SCRIPT], "country": ["DE"], "value": [1.5], "measure_value": [10.0],
                           "flag": [""], "reason": [""]}, index=pd.Index(["DE11"], name="nuts_id"))
    values["nuts_id"] = values.index
    table = ranking_table(values)
    rows = ranking_page(table, {"startRow": 0, "endRow": 100})["rowData"]
    assert rows[0]["name"] == SCRIPT  # data, not markup: AG Grid puts it in the cell as text
    # markup and regex characters typed into a filter are matched as literal text
    for needle in (SCRIPT, "<img", ".*", "(", "[x"):
        contains = {"name": {"filterType": "text", "type": "contains", "filter": needle}}
        expected = 1 if needle in SCRIPT else 0
        assert ranking_page(table, {"startRow": 0, "endRow": 100, "filterModel": contains})["rowCount"] == expected
    risky = {"cellRenderer", "cellRendererSelector", "tooltipComponent", "cellRendererParams"}
    assert all(not risky & set(column) for column in column_defs(View()))
    grid = panel().children[1]
    assert not getattr(grid, "dangerously_allow_code", False)


def _components(tree):
    yield tree
    children = getattr(tree, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from _components(child)


def test_region_profile_shows_a_hostile_name_as_text():
    profile = RegionProfile(
        nuts_id="DE11", name=SCRIPT, country=SCRIPT, level=2, totals=pd.Series({"persons employed": 10.0}),
        specialisations=pd.DataFrame(), trend=pd.DataFrame({"year": [], "measure_value": [], "lq": []}),
        stars=pd.Series({"stars": 0}, dtype=object),
        portfolio=pd.DataFrame({"nace": ["C29"], "label": [SCRIPT], "stars": [1], "strong": [False]}),
        cluster_strength=float("nan"))
    children = profile_children(profile, SCRIPT, "persons employed")
    heading = children[0]
    assert isinstance(heading, html.H3) and heading.children == f"{SCRIPT} (DE11)"
    nodes = [node for child in children for node in _components(child)]
    assert not any(isinstance(n, dcc.Markdown | html.Iframe) for n in nodes)
    assert any(isinstance(n, html.Li) and n.children.startswith(f"C29 {SCRIPT}: ★") for n in nodes)


def test_sector_summary_shows_hostile_labels_as_text():
    summary = pd.DataFrame({"label": [SCRIPT], "value": [0.5], "unit": ["index"], "reading": [SCRIPT]})
    children = summary_children(summary, SCRIPT)
    row = children[2].children.children[0]
    assert [cell.children for cell in row.children][::2] == [SCRIPT, SCRIPT]
    assert children[1].children == SCRIPT


# ---- exports never run formulas ------------------------------------------------------------------
@pytest.mark.parametrize("cell", ["\t=1+1", "=1+1", "-2+3", "@SUM(A1:A9)", "+cmd|' /C calc'!A0"])
def test_csv_export_neutralises_every_formula_start(cell):
    # A lone carriage return inside a cell is left out here: write_csv does not quote it (see the report).
    frame = pd.DataFrame({"name": [cell], "value": [-1.0]})
    read_back = pd.read_csv(io.BytesIO(write_csv(frame)), dtype={"name": str}, keep_default_na=False)
    assert read_back.loc[0, "name"] == "'" + cell and read_back.loc[0, "value"] == -1.0


@pytest.mark.parametrize("cell", ["\t=1+1", "\r=1+1", "=1+1", "-2+3", "@SUM(A1:A9)", "+cmd|' /C calc'!A0"])
def test_excel_export_writes_formula_starts_as_text_on_both_sheets(cell):
    book = openpyxl.load_workbook(io.BytesIO(write_excel(pd.DataFrame({"name": [cell], "value": [-1.0]}),
                                                         notes=[cell])))
    for sheet in ("data", "about"):
        written = book[sheet]["A2"]  # XML stores a carriage return as a line feed
        assert written.value == "'" + cell.replace("\r", "\n") and written.data_type == "s"
    assert book["data"]["B2"].value == -1.0  # numbers stay numbers


# ---- upload limits before parsing ------------------------------------------------------------------
def test_upload_size_is_checked_before_base64_decoding(monkeypatch):
    def decode(*args, **kwargs):
        raise AssertionError("decoded before the size check")

    monkeypatch.setattr("callbacks.upload.base64.b64decode", decode)
    with pytest.raises(LimitError, match=r"file 'big.csv': 3.0 MB is over the upload limit of 1 MB"):
        decode_upload("data:text/csv;base64," + "A" * (4 << 20), "big.csv", Limits(max_bytes=1 << 20))


def test_upload_that_is_not_base64_is_refused():
    with pytest.raises(InputError, match=r"file 'x.csv': the upload is not valid base64"):
        decode_upload("data:text/csv;base64,@@@not-base64@@@", "x.csv", Limits())


def test_csv_rows_are_counted_before_pandas_parses(monkeypatch):
    def read_csv(*args, **kwargs):
        raise AssertionError("parsed before the row limit")

    monkeypatch.setattr("ingest.readers.pd.read_csv", read_csv)
    with pytest.raises(LimitError, match=r"file 'firms.csv': 8 rows is over the limit of 5 rows"):
        list(read_chunks(FIRMS.to_csv(index=False).encode(), filename="firms.csv", limits=Limits(max_rows=5)))


def test_too_many_columns_are_refused():
    wide = ",".join(f"c{i}" for i in range(201)) + "\n" + ",".join("1" * 201) + "\n"
    with pytest.raises(LimitError, match=r"file 'wide.csv': 201 columns is over the limit of 200"):
        list(read_chunks(wide.encode(), filename="wide.csv", limits=Limits()))


def _parquet(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("table", "limits", "pattern"), [
    (pa.table({"id": list(range(10))}), Limits(max_rows=5), r"file 'x.parquet': 10 rows is over the limit of 5"),
    (pa.table({f"c{i}": [1] for i in range(12)}), Limits(max_columns=10),
     r"file 'x.parquet': 12 columns is over the limit of 10"),
])
def test_parquet_rows_and_columns_are_checked_from_metadata_before_reading(monkeypatch, table, limits, pattern):
    def iter_batches(*args, **kwargs):
        raise AssertionError("read before the limits")

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", iter_batches)
    with pytest.raises(LimitError, match=pattern):
        list(read_chunks(_parquet(table), filename="x.parquet", limits=limits))


def test_long_string_in_a_parquet_cell_is_refused_with_its_place():
    table = pa.table({"id": ["a", "b"], "name": ["ok", "x" * 1001]})
    with pytest.raises(LimitError, match=r"file 'x.parquet', row 2, column 'name': 1,001 characters is over the "
                                         r"limit of 1,000"):
        list(read_chunks(_parquet(table), filename="x.parquet", limits=Limits()))


# ---- archives: traversal names, bombs ----------------------------------------------------------------
def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["/etc/passwd", "..\\..\\evil.shp", "C:\\Windows\\evil.shp", "a/../../evil.dbf",
                                  "C:evil.shp"])
def test_zip_members_with_absolute_or_climbing_paths_are_refused(name):
    with pytest.raises(SchemaError, match=r"file 'x.zip', column 'zip member': unsafe path in the archive"):
        safe_members(_zip({name: b"x"}), "x.zip", Limits())


def test_zip_whose_members_expand_over_the_total_limit_is_refused():
    data = _zip({f"part{i}.dbf": bytes(range(256)) * 4096 for i in range(3)})  # 3 x 1 MB, barely compressible
    with pytest.raises(LimitError, match=r"file 'x.zip': archive expands to 3,145,728 bytes, over the limit of "
                                         r"2,000,000"):
        safe_members(data, "x.zip", Limits(max_expanded_bytes=2_000_000))


def test_not_a_zip_is_refused():
    with pytest.raises(SchemaError, match=r"file 'x.zip': not a readable zip archive"):
        safe_members(b"PK\x03\x04 this is no archive", "x.zip", Limits())


def test_excel_workbook_with_a_traversal_member_is_refused_before_openpyxl_reads_it():
    with pytest.raises(SchemaError, match=r"file 'evil.xlsx', column 'zip member': unsafe path"):
        list(read_chunks(_zip({"../../xl/workbook.xml": b"<x/>"}), filename="evil.xlsx", limits=Limits()))


def test_gzip_bomb_is_refused_without_inflating_it_whole():
    bomb = gzip.compress(b"a,b\n" + b"1,2\n" * (2 << 20))  # 8 MB of text in a few kB
    with pytest.raises(LimitError, match=r"file 'x.csv.gz': expands to more than 1,000,000 bytes"):
        list(read_chunks(bomb, filename="x.csv.gz", limits=Limits(max_expanded_bytes=1_000_000)))


def test_very_deep_json_is_refused_by_counting_not_recursion():
    deep = b"[" * 200_000 + b"]" * 200_000  # far beyond Python's recursion limit
    with pytest.raises(LimitError, match=r"file 'x.geojson', row 1: JSON nested more than 64 levels deep "
                                         r"\(at byte 64\)"):
        check_json_depth(deep, filename="x.geojson", limit=64)


# ---- the callback endpoint under hostile bodies ----------------------------------------------------
@pytest.fixture(scope="module")
def app(small_store):
    return create_app(small_store)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="module")
def callbacks(app) -> Callbacks:
    return Callbacks.from_app(app)


def test_very_long_or_scripted_control_values_fall_back_to_a_valid_sector(client, callbacks, small_store):
    for sector in ("C" * 100_000, SCRIPT):
        response = client.post(ENDPOINT, json=map_body(callbacks, View(), sector=sector))
        assert response.status_code == 200
        text = response.get_json()["response"][ids.MAP_STATUS_STORE]["data"]
        shown = re.match(r"Location quotient · ([A-Z][0-9.]*) · 2014 · NUTS 2 ", text)
        assert shown and shown.group(1) in set(small_store.sector_codes("sbs")) and "<" not in text


@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000, b'{"output": ' * 5_000, b"\xff\xfe{not json"])
def test_malformed_or_deeply_nested_bodies_get_an_error_without_a_traceback(client, callbacks, body):
    response = client.post(ENDPOINT, data=body, content_type="application/json")
    assert response.status_code in (400, 500)  # 400 would be right for all; see the serving report
    page = response.get_data(as_text=True)
    assert "Traceback" not in page and "File \"" not in page
    assert client.post(ENDPOINT, json=map_body(callbacks, View())).status_code == 200  # and the app keeps serving


# ---- URL state: values not covered by tests/callbacks/test_url_state.py ---------------------------
@pytest.mark.parametrize(("query", "field", "notice"), [
    ("indicator=javascript:alert(1)", "indicator", r"'indicator'='javascript:alert\(1\)' ignored: one of \["),
    ("measure=__class__", "measure", r"'measure'='__class__' ignored: one of \['employment'"),
    ("reference=world", "reference", r"'reference'='world' ignored: one of \['eu', 'country'\]"),
    ("dataset=../../etc/passwd", "dataset", r"'dataset'='../../etc/passwd' ignored: one of \['context', 'sbs'\]"),
    ("version=2016", "version", r"'version'='2016' ignored: one of \[2013, 2021\]"),
    ("version=-2013", "version", r"'version'='-2013' ignored: one of \[2013, 2021\]"),
    ("level=1.0", "level", r"'level'='1.0' ignored: one of \[0, 1, 2, 3\]"),
    ("year=%202014", "year", r"'year'=' 2014' ignored: one of \[2000, "),
    ("layers=sites,%3Cscript%3E", "layers", r"'layers'='<script>' ignored: unknown layers"),
    ("alpha=0.5", "alpha", r"'alpha'='0.5' ignored: one of \['0.05', '0.01', '0.001'\]"),
])
def test_each_malformed_url_value_falls_back_to_its_default_with_a_notice(small_store, query, field, notice):
    state = parse_query("?" + query, small_store)
    default = View()
    expected = ("sites",) if field == "layers" else getattr(default, field)
    assert getattr(state.view, field) == expected
    assert len(state.notices) == 1 and re.search(notice, state.notices[0])


@pytest.mark.parametrize("query", ["lon=1e999", "lon=-nan", "lat=48&lon=abc", "zoom=-1"])
def test_malformed_camera_values_are_dropped_with_a_notice(small_store, query):
    state = parse_query("?" + query, small_store)
    assert state.camera == {} and len(state.notices) == 1
    assert re.search(r"URL parameter '(lon|zoom)'=.* ignored: a number from", state.notices[0])


def test_a_huge_url_is_cut_in_its_notices_and_keeps_the_default_view(small_store):
    junk = "&".join(f"p{i}=" + "x" * 300 for i in range(200))
    state = parse_query("?" + junk, small_store)
    assert state.view == View() and len(state.notices) == 200
    assert all(len(n) < 400 for n in state.notices)  # values shown cut to 40 characters
    assert re.fullmatch(r"URL parameter 'p0'='x{40}' ignored: unknown parameter; known: .*", state.notices[0])


def test_an_upload_body_is_never_echoed_as_html():
    payload = base64.b64encode(SCRIPT.encode()).decode()
    with pytest.raises(InputError, match=r"file '<b>x</b>.csv': the upload is not valid base64"):
        decode_upload(f"data:text/csv;base64,{payload}!", "<b>x</b>.csv", Limits())
    json.dumps(str(InputError("x")))  # messages are plain strings, shown by Dash as text
