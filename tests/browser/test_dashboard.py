"""The dashboard in a real browser: first view, filters, URL state, region selection, exports, traffic.

One app server for the session (``live_server``), a fresh page per test (``atlas_page``). Every test
ends with an empty console (as Dash's integration tests assert ``dash_duo.get_logs() == []``).
"""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from callbacks import ids
from layers.map_contract import VALUE_TRACE, contract
from tests.browser.axe import assert_no_serious_violations
from tests.browser.conftest import (
    artefact,
    choose,
    collect_console_errors,
    dropdown_text,
    map_pixel,
    outlined_region,
    record_dash_traffic,
    selected_radio,
    value_z,
    wait_for_map,
    wait_for_outline,
)

pytestmark = pytest.mark.browser

DEFAULT_STATUS = "Location quotient · C · 2014 · NUTS 2"
C29 = "C29 Manufacture of motor vehicles, trailers and semi-trailers"
STUTTGART = {"nuts_id": "DE11", "name": "Stuttgart", "lon": 9.18, "lat": 48.78}  # Stuttgart city, inside DE11
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"
NO_GEOMETRY_PATCH_LIMIT = 40_000  # bytes; the NUTS 2 polygons alone are about 340 kB


def status(page: Page):
    return page.locator(f"#{ids.STATUS_BAR}")


def open_dashboard(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_map(page)
    expect(status(page)).to_contain_text("regions with data")


def non_null(values: list) -> int:
    return sum(v is not None for v in values)


def test_first_view_shows_default_lq_map_with_status_and_clean_console(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    open_dashboard(atlas_page, live_server.url)

    expect(status(atlas_page)).to_contain_text(DEFAULT_STATUS)
    z = value_z(atlas_page)
    assert non_null(z) > 200, f"only {non_null(z)} of {len(z)} regions have a value"
    atlas_page.screenshot(path=artefact("first_view.png"))
    assert_no_serious_violations(atlas_page, "default")  # WCAG 2.1 A/AA on the first view (issue 19)
    assert errors == []


def test_page_serves_the_map_contract_of_the_python_side(atlas_page, live_server):
    open_dashboard(atlas_page, live_server.url)
    served = atlas_page.evaluate("() => window.atlasContract")
    assert served == contract()  # assets/atlas_contract.js as loaded, layers/map_contract.py as run
    bridge = atlas_page.evaluate(f"""() => {{
        const P = window.atlasPlotly, gd = P.graphDiv();
        return [P.index('value'), P.trace(gd, 'value') === gd.data[{VALUE_TRACE}], !!P.mapOf(gd)];
    }}""")
    assert bridge == [VALUE_TRACE, True, True]


def test_sector_choice_recolours_map_and_updates_url(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    open_dashboard(atlas_page, live_server.url)
    expect(status(atlas_page)).to_contain_text("· C ·")
    before = value_z(atlas_page)

    choose(atlas_page, ids.SECTOR_SELECT, C29, search="C29")

    expect(status(atlas_page)).to_contain_text("· C29 ·")
    atlas_page.wait_for_function(
        "before => JSON.stringify(Array.from(document.querySelector('#map .js-plotly-plot').data[1].z))"
        " !== JSON.stringify(before)", arg=before)
    after = value_z(atlas_page)
    assert after != before
    assert non_null(after) > 200
    expect(atlas_page).to_have_url(re.compile(r"[?&]sector=C29(&|$)"))
    atlas_page.screenshot(path=artefact("sector_c29.png"))
    assert errors == []


def test_url_query_reproduces_the_view(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    open_dashboard(atlas_page, f"{live_server.url}/?sector=C20&indicator=focus&level=1&year=2012")

    expect(status(atlas_page)).to_contain_text("Focus · C20 · 2012 · NUTS 1")
    expect(status(atlas_page)).not_to_contain_text("Notice:")
    assert dropdown_text(atlas_page, ids.SECTOR_SELECT).startswith("C20 ")
    assert dropdown_text(atlas_page, ids.INDICATOR_SELECT).startswith("Focus")
    assert dropdown_text(atlas_page, ids.YEAR_SELECT) == "2012"
    assert selected_radio(atlas_page, ids.LEVEL_SELECT) == "NUTS 1"
    expect(atlas_page).to_have_url(re.compile(r"[?&]indicator=focus&.*level=1&year=2012"))
    assert errors == []


def test_malformed_url_falls_back_to_defaults_with_notice(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    open_dashboard(atlas_page, f"{live_server.url}/?level=9&sector=XX")

    expect(status(atlas_page)).to_contain_text(DEFAULT_STATUS)
    expect(status(atlas_page)).to_contain_text("Notice:")
    expect(status(atlas_page)).to_contain_text("'level'")
    expect(status(atlas_page)).to_contain_text("'sector'")
    assert dropdown_text(atlas_page, ids.SECTOR_SELECT) == "C Manufacturing"
    assert selected_radio(atlas_page, ids.LEVEL_SELECT) == "NUTS 2"
    expect(atlas_page).to_have_url(re.compile(r"[?&]sector=C&.*level=2&"))
    assert errors == []


def test_map_click_on_region_shows_its_profile_and_highlight(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    # Sites off: a site marker on top of the region would take the click.
    open_dashboard(atlas_page, f"{live_server.url}/?layers=outlines")
    x, y = map_pixel(atlas_page, STUTTGART["lon"], STUTTGART["lat"])

    atlas_page.mouse.move(x, y)
    expect(atlas_page.locator("#map .hoverlayer")).to_contain_text(f"({STUTTGART['nuts_id']})")
    atlas_page.mouse.click(x, y)

    panel = atlas_page.locator(f"#{ids.REGION_PANEL}")
    expect(panel).to_contain_text(f"{STUTTGART['name']} ({STUTTGART['nuts_id']})")
    expect(panel.locator(f"#{ids.REGION_BARS} .main-svg").first).to_be_visible()
    wait_for_outline(atlas_page, STUTTGART["nuts_id"])
    atlas_page.screenshot(path=artefact("region_click.png"))
    assert errors == []


def test_url_and_panels_follow_a_filter_change_once_the_map_shows_it(atlas_page, live_server):
    """A filter change asks for the map first; the URL, the profile and the sector panel follow it."""
    errors = collect_console_errors(atlas_page)
    open_dashboard(atlas_page, f"{live_server.url}/?layers=outlines")
    x, y = map_pixel(atlas_page, STUTTGART["lon"], STUTTGART["lat"])
    atlas_page.mouse.click(x, y)
    expect(atlas_page.locator(f"#{ids.REGION_PANEL}")).to_contain_text(f"{STUTTGART['name']}")
    expect(atlas_page.locator(f"#{ids.SECTOR_PANEL}")).to_contain_text("Manufacturing, 2014, NUTS 2")
    events: list[tuple[str, str]] = []  # ("sent" | "answered", output) of each Dash request, in order

    def output(request) -> str:
        return json.loads(request.post_data or "{}").get("output", "")

    atlas_page.on("request", lambda r: events.append(("sent", output(r))) if "_dash-update" in r.url else None)
    atlas_page.on("requestfinished",
                  lambda r: events.append(("answered", output(r))) if "_dash-update" in r.url else None)

    choose(atlas_page, ids.SECTOR_SELECT, C29, search="C29")

    expect(status(atlas_page)).to_contain_text("Location quotient · C29 · 2014")
    expect(atlas_page.locator(f"#{ids.SECTOR_PANEL}")).to_contain_text("Manufacture of motor vehicles")
    expect(atlas_page.locator(f"#{ids.REGION_PANEL}")).to_contain_text("C29")
    expect(atlas_page).to_have_url(re.compile(r"[?&]sector=C29&"))
    first_map = next(i for i, (kind, out) in enumerate(events) if kind == "answered" and f"{ids.MAP}.figure" in out)
    later = [out for kind, out in events[:first_map] if kind == "sent"]
    assert not any(ids.SECTOR_PANEL in out or ids.REGION_PANEL in out or ids.URL_WRITER in out for out in later), later
    assert errors == []


def ranking_row(page: Page, index: int):
    """The row at ``index`` of the ranking grid (by row index, not DOM order)."""
    return page.locator(f"#{ids.RANKING_TABLE} .ag-center-cols-container [role=row][row-index='{index}']")


def is_rows_response(response) -> bool:
    return "/_dash-update-component" in response.url and "getRowsResponse" in (response.request.post_data or "")


def test_ranking_row_selection_shows_profile_and_highlights_region(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    open_dashboard(atlas_page, live_server.url)
    row = ranking_row(atlas_page, 1)
    # infinite row model: the rows come with the first block, a moment after the grid is drawn
    expect(row.locator("[col-id=nuts_id]")).to_have_text(re.compile(r"[A-Z]{2}[0-9A-Z]{2}"))
    nuts_id = row.locator("[col-id=nuts_id]").inner_text().strip()
    name = row.locator("[col-id=name]").inner_text().strip()
    assert re.fullmatch(r"[A-Z]{2}[0-9A-Z]{2}", nuts_id), nuts_id

    row.click()

    expect(atlas_page.locator(f"#{ids.REGION_PANEL}")).to_contain_text(f"{name} ({nuts_id})")
    wait_for_outline(atlas_page, nuts_id)
    assert outlined_region(atlas_page) == nuts_id
    expect(atlas_page.locator(f"#{ids.REGION_PANEL} #{ids.REGION_BARS} .main-svg").first).to_be_visible()
    assert_no_serious_violations(atlas_page, "profile")  # WCAG 2.1 A/AA with a region profile open (issue 19)

    # a view change: the grid drops its blocks, asks again from the top and gets one block of the new view
    with atlas_page.expect_response(is_rows_response) as answer:
        choose(atlas_page, ids.INDICATOR_SELECT, "Share of the sector — sector index", search="Share")
    request = json.loads(answer.value.request.post_data)
    assert {"id": ids.INDICATOR_SELECT, "property": "value", "value": "share"} in request["state"]
    assert request["inputs"][0]["value"]["startRow"] == 0
    block = answer.value.json()["response"][ids.RANKING_TABLE]["getRowsResponse"]
    assert len(block["rowData"]) <= 100 and block["rowCount"] == 320
    expect(atlas_page.locator(f"#{ids.RANKING_TABLE} .ag-header-cell[col-id=value]")).to_have_text(
        "Share of the sector")
    expect(ranking_row(atlas_page, 0).locator("[col-id=nuts_id]")).to_have_text(block["rowData"][0]["nuts_id"])
    expect(ranking_row(atlas_page, 0).locator("[col-id=rank]")).to_have_text("1")
    assert errors == []


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (signature, length, b"IHDR", width, height)."""
    assert data[:8] == PNG_SIGNATURE, data[:8]
    assert data[12:16] == b"IHDR", data[12:16]
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("image_format", ["png", "svg"])
def test_map_export_downloads_1600_by_1000_image(atlas_page, live_server, tmp_path, image_format):
    errors = collect_console_errors(atlas_page)
    open_dashboard(atlas_page, live_server.url)
    atlas_page.locator(f"#{ids.EXPORT_FORMAT} label", has_text=image_format.upper()).click()
    expect(atlas_page.locator(f"#{ids.EXPORT_FORMAT} label:has(input:checked)")).to_have_text(
        image_format.upper())

    with atlas_page.expect_download() as download_info:
        atlas_page.locator(f"#{ids.EXPORT_MAP_BUTTON}").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    assert path.suffix == f".{image_format}"
    if image_format == "png":
        assert png_size(path.read_bytes()) == (1600, 1000)
    else:
        root = ET.parse(path).getroot()
        assert root.tag == f"{SVG_NS}svg"
        assert (root.get("width"), root.get("height")) == ("1600", "1000")
    expect(atlas_page.locator(f"#{ids.EXPORT_DONE}")).to_contain_text(f"{image_format.upper()}, 1600 × 1000")
    assert errors == []


def test_table_export_downloads_csv_with_source_line_and_header(atlas_page, live_server, tmp_path):
    errors = collect_console_errors(atlas_page)
    open_dashboard(atlas_page, live_server.url)

    with atlas_page.expect_download() as download_info:
        atlas_page.locator(f"#{ids.EXPORT_TABLE_BUTTON}").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    assert Path(download.suggested_filename).suffix == ".csv"
    source, header, first, *rest = path.read_text(encoding="utf-8").splitlines()
    assert source.startswith("# Source: Eurostat")
    assert header.startswith("rank,nuts_id,name,")
    assert first.startswith("1,"), first
    assert len(rest) > 200
    assert errors == []


def test_sector_change_patches_values_without_resending_geometry(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    traffic = record_dash_traffic(atlas_page)
    geometry = []
    atlas_page.on("response", lambda r: geometry.append(r.url) if "/geometry/" in r.url else None)
    open_dashboard(atlas_page, live_server.url)
    # The map callback's output string starts with the map figure (the highlight callback's is "map.figure@…").
    (first,) = traffic.bodies("..map.figure...")
    traces = json.loads(first)["response"]["map"]["figure"]["data"]
    assert {t.get("geojson") for t in traces[:3]} == {"/geometry/2013/2.geojson"}  # polygons by URL
    assert sum(url.endswith("/geometry/2013/2.geojson") for url in geometry) == 1
    traffic.clear()

    choose(atlas_page, ids.SECTOR_SELECT, C29, search="C29")
    expect(status(atlas_page)).to_contain_text("· C29 ·")

    (patch,) = traffic.bodies("..map.figure...")
    assert b'"geojson"' not in patch
    assert len(patch) < NO_GEOMETRY_PATCH_LIMIT, f"value patch is {len(patch)} bytes"
    assert all(b'"geojson"' not in body for body in traffic.bodies(""))
    assert sum(url.endswith("/geometry/2013/2.geojson") for url in geometry) == 1  # not fetched again
    assert errors == []
