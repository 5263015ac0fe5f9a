"""Opportunities of one region in a real browser: table, opportunity chart, sector space, click, CSV."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from callbacks import ids
from tests.browser.axe import assert_no_serious_violations
from tests.browser.conftest import artefact, collect_console_errors, map_pixel, wait_for_map

pytestmark = pytest.mark.browser

STUTTGART = {"nuts_id": "DE11", "name": "Stuttgart", "lon": 9.18, "lat": 48.78}


def test_opportunities_of_a_clicked_region(atlas_page, live_server, tmp_path):
    errors = collect_console_errors(atlas_page)
    atlas_page.goto(f"{live_server.url}/?layers=outlines&sector=C29")
    wait_for_map(atlas_page)
    expect(atlas_page.locator(f"#{ids.STATUS_BAR}")).to_contain_text("regions with data")
    x, y = map_pixel(atlas_page, STUTTGART["lon"], STUTTGART["lat"])
    atlas_page.mouse.click(x, y)

    section = atlas_page.locator(f"#{ids.OPPORTUNITIES_PANEL}")
    expect(section).to_contain_text(f"{STUTTGART['name']} ({STUTTGART['nuts_id']})")
    table = atlas_page.locator(f"#{ids.OPPORTUNITIES_TABLE}")
    expect(table.locator("tbody tr")).to_have_count(15)
    expect(table.locator("tbody tr").first).to_contain_text("% of its related sectors are already strong here")
    expect(atlas_page.locator(f"#{ids.OPPORTUNITY_CHART} .main-svg").first).to_be_visible()
    expect(atlas_page.locator(f"#{ids.SECTOR_SPACE} .main-svg").first).to_be_visible()
    expect(atlas_page.locator(f"#{ids.OPPORTUNITY_CHART} .scatterlayer .point")).not_to_have_count(0)
    expect(atlas_page.locator(f"#{ids.SECTOR_SPACE} .scatterlayer .point")).to_have_count(68)
    section.scroll_into_view_if_needed()
    atlas_page.screenshot(path=artefact("opportunities.png"), full_page=True)
    assert_no_serious_violations(atlas_page, "opportunities")  # WCAG 2.1 A/AA (issue 19)

    with atlas_page.expect_download() as download_info:
        atlas_page.locator(f"#{ids.OPPORTUNITIES_CSV_BUTTON}").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    assert Path(path).name == "opportunities-DE11-2014.csv"
    title, methods, header, first, *rest = path.read_text(encoding="utf-8").splitlines()
    assert title == "# Opportunities of Stuttgart (DE11), 2014" and methods.startswith("# Relatedness:")
    assert header == "rank,nace,label,density,complexity,lq,reading" and first.startswith("1,") and len(rest) > 30

    # a click on the first opportunity's point maps that division
    code = table.locator("tbody tr").first.locator("td").nth(1).inner_text().split(" ")[0]
    point = atlas_page.locator(f"#{ids.SECTOR_SPACE} .scatterlayer .trace").last.locator(".point")
    index = atlas_page.evaluate(
        f"() => document.querySelector('#{ids.SECTOR_SPACE} .js-plotly-plot').data[1].text.indexOf('{code}')")
    box = point.nth(index).bounding_box()
    atlas_page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    atlas_page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(atlas_page.locator(f"#{ids.STATUS_BAR}")).to_contain_text(f"· {code} ·")
    assert errors == []
