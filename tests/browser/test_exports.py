"""Exports in a real browser: map snapshots (PNG, SVG, JPEG in the browser; PDF from the server), data files
(CSV, Excel, GeoJSON, GeoParquet) and the shareable link, each checked by opening the downloaded file."""

from __future__ import annotations

import io
import json
import re
import struct
import xml.etree.ElementTree as ET

import geopandas as gpd
import openpyxl
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from callbacks import ids
from exports.files import jpeg_size
from tests.browser.conftest import GRAPH, choose, collect_console_errors, dropdown_text, selected_radio, wait_for_map

pytestmark = pytest.mark.browser

A4_LABEL = "A4 landscape, 300 dpi (3509 × 2481)"
SVG_NS = "{http://www.w3.org/2000/svg}"


def open_view(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_map(page)
    expect(page.locator(f"#{ids.STATUS_BAR}")).to_contain_text("regions with data")


def pick_radio(page: Page, radio_id: str, label: str) -> None:
    page.locator(f"#{radio_id} label", has_text=label).click()
    expect(page.locator(f"#{radio_id} label:has(input:checked)")).to_have_text(label)


def download(page: Page, button_id: str, tmp_path) -> bytes:
    with page.expect_download() as info:
        page.locator(f"#{button_id}").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path.name, path.read_bytes()


def test_map_snapshots_png_a4_jpeg_and_transparent_svg(atlas_page, live_server, tmp_path):
    errors = collect_console_errors(atlas_page)
    open_view(atlas_page, f"{live_server.url}/?sector=C29")
    choose(atlas_page, ids.EXPORT_WIDTH, A4_LABEL, search="A4 landscape")

    name, png = download(atlas_page, ids.EXPORT_MAP_BUTTON, tmp_path)
    assert name.endswith(".png") and png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (3509, 2481)
    expect(atlas_page.locator(f"#{ids.EXPORT_DONE}")).to_contain_text("PNG, 3509 × 2481")

    pick_radio(atlas_page, ids.EXPORT_FORMAT, "JPEG")
    name, jpeg = download(atlas_page, ids.EXPORT_MAP_BUTTON, tmp_path)
    assert name.endswith(".jpeg") and jpeg_size(jpeg) == (3509, 2481)  # SOF marker

    choose(atlas_page, ids.EXPORT_WIDTH, "Screen 1600 × 1000", search="Screen")
    pick_radio(atlas_page, ids.EXPORT_FORMAT, "SVG")
    pick_radio(atlas_page, ids.EXPORT_BACKGROUND, "Transparent")
    name, svg = download(atlas_page, ids.EXPORT_MAP_BUTTON, tmp_path)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg" and (root.get("width"), root.get("height")) == ("1600", "1000")
    text = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text")) + " ".join(
        t.text or "" for t in root.iter(f"{SVG_NS}tspan"))
    assert "C29" in text and "EuroGeographics" in text and "Exported" in text and "≥4" in text  # title, legend
    assert b"rgba(0, 0, 0, 0)" in svg or b"fill-opacity: 0" in svg  # transparent paper
    assert errors == []


def test_pdf_is_rendered_on_the_server_as_one_a4_page(atlas_page, live_server, tmp_path):
    errors = collect_console_errors(atlas_page)
    open_view(atlas_page, f"{live_server.url}/?sector=C20&lat=48&lon=10&zoom=4")
    choose(atlas_page, ids.EXPORT_WIDTH, A4_LABEL, search="A4 landscape")
    pick_radio(atlas_page, ids.EXPORT_FORMAT, "PDF")
    name, pdf = download(atlas_page, ids.EXPORT_MAP_BUTTON, tmp_path)
    reader = PdfReader(io.BytesIO(pdf))
    assert name == "cluster-atlas_C20_lq_2014_nuts2.pdf" and len(reader.pages) == 1
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 842, 596]
    expect(atlas_page.locator(f"#{ids.EXPORT_DONE}")).to_contain_text("Map exported (PDF")
    assert errors == []


def test_data_downloads_csv_excel_geojson_geoparquet(atlas_page, live_server, tmp_path):
    errors = collect_console_errors(atlas_page)
    open_view(atlas_page, f"{live_server.url}/?sector=C29&countries=DE,AT")
    files = {}
    for label in ("CSV", "Excel", "GeoJSON", "GeoParquet"):
        pick_radio(atlas_page, ids.EXPORT_DATA_FORMAT, label)
        files[label] = download(atlas_page, ids.EXPORT_TABLE_BUTTON, tmp_path)
    name, csv = files["CSV"]
    lines = csv.decode("utf-8").splitlines()
    assert name == "cluster-atlas_C29_lq_2014_nuts2.csv" and lines[0].startswith("# Source: Eurostat")
    header = next(line for line in lines if not line.startswith("#"))
    assert header.startswith("rank,nuts_id,name,country,nace,year,lq,employment,flag")
    book = openpyxl.load_workbook(io.BytesIO(files["Excel"][1]))
    rows = list(book["data"].values)
    assert rows[0][:3] == ("rank", "nuts_id", "name") and {r[3] for r in rows[1:]} == {"DE", "AT"}
    collection = json.loads(files["GeoJSON"][1])
    assert len(collection["features"]) == len(rows) - 1
    assert collection["features"][0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    frame = gpd.read_parquet(io.BytesIO(files["GeoParquet"][1]))
    assert len(frame) == len(rows) - 1 and frame.crs.to_epsg() == 4326 and "lq" in frame
    assert errors == []


def test_copied_link_reproduces_the_view_and_camera(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    atlas_page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    query = ("?sector=C24&indicator=focus&level=1&year=2012&countries=DE,FR&layers=outlines,marks"
             "&lat=49.5&lon=8&zoom=4.5")
    open_view(atlas_page, f"{live_server.url}/{query}")
    status = atlas_page.locator(f"#{ids.STATUS_BAR}")
    expect(status).to_contain_text("Focus · C24 · 2012 · NUTS 1")
    atlas_page.locator(f"#{ids.COPY_LINK_BUTTON}").click()
    expect(atlas_page.locator(f"#{ids.COPY_LINK_DONE}")).to_contain_text("Link copied:")
    link = atlas_page.evaluate("() => navigator.clipboard.readText()")
    assert link == atlas_page.url

    fresh = atlas_page.context.new_page()
    open_view(fresh, link)
    expect(fresh.locator(f"#{ids.STATUS_BAR}")).to_have_text(status.inner_text())
    for dropdown in (ids.SECTOR_SELECT, ids.INDICATOR_SELECT, ids.YEAR_SELECT):
        assert dropdown_text(fresh, dropdown) == dropdown_text(atlas_page, dropdown)
    assert selected_radio(fresh, ids.LEVEL_SELECT) == "NUTS 1"
    camera = "() => { const m = " + GRAPH + "._fullLayout.map; return [m.center.lat, m.center.lon, m.zoom]; }"
    assert fresh.evaluate(camera) == pytest.approx([49.5, 8.0, 4.5], abs=1e-3)
    assert re.search(r"countries=DE,FR", link) and re.search(r"layers=outlines,marks", link)
    assert errors == []
