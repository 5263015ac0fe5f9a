"""The ranking, the map and the profile agree on the picked region; the online basemap offline (issue 13, 10–11).

The test machine has no internet: switching the online basemap on sees exactly the offline case.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from callbacks import ids
from tests.browser.conftest import GRAPH, collect_console_errors, map_pixel, wait_for_map, wait_for_outline

pytestmark = pytest.mark.browser

STUTTGART = {"nuts_id": "DE11", "name": "Stuttgart", "lon": 9.18, "lat": 48.78}
MUNICH = {"nuts_id": "DE21", "name": "Oberbayern", "lon": 11.58, "lat": 48.14}
OFFLINE_NOTE = "Online basemap unavailable (no connection): map shown without it"


def status(page: Page):
    return page.locator(f"#{ids.STATUS_BAR}")


def ranking_row(page: Page, index: int):
    """The row at ``index`` of the ranking grid (by row index, not DOM order)."""
    return page.locator(f"#{ids.RANKING_TABLE} .ag-center-cols-container [role=row][row-index='{index}']")


def row_region(page: Page, index: int) -> tuple[str, str]:
    """NUTS id and name of the ranking row at ``index`` (once its block has arrived)."""
    row = ranking_row(page, index)
    expect(row.locator("[col-id=nuts_id]")).to_have_text(re.compile(r"[A-Z]{2}[0-9A-Z]{2}"))
    return row.locator("[col-id=nuts_id]").inner_text().strip(), row.locator("[col-id=name]").inner_text().strip()


def test_ranking_row_clicked_again_after_a_map_click_shows_its_profile(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    # Sites off: a site marker on top of the region would take the click.
    atlas_page.goto(f"{live_server.url}/?layers=outlines")
    wait_for_map(atlas_page)
    expect(status(atlas_page)).to_contain_text("regions with data")
    panel = atlas_page.locator(f"#{ids.REGION_PANEL}")
    nuts_id, name = row_region(atlas_page, 1)
    on_map = MUNICH if nuts_id == STUTTGART["nuts_id"] else STUTTGART

    ranking_row(atlas_page, 1).click()
    expect(panel).to_contain_text(f"{name} ({nuts_id})")
    wait_for_outline(atlas_page, nuts_id)

    x, y = map_pixel(atlas_page, on_map["lon"], on_map["lat"])
    atlas_page.mouse.click(x, y)
    expect(panel).to_contain_text(f"{on_map['name']} ({on_map['nuts_id']})")
    wait_for_outline(atlas_page, on_map["nuts_id"])
    # the grid no longer shows a row that is not the picked region
    expect(atlas_page.locator(f"#{ids.RANKING_TABLE} .ag-row-selected")).to_have_count(0)

    ranking_row(atlas_page, 1).click()
    expect(panel).to_contain_text(f"{name} ({nuts_id})")
    wait_for_outline(atlas_page, nuts_id)
    expect(ranking_row(atlas_page, 1)).to_have_class(re.compile(r"\bag-row-selected\b"))

    # the keyboard path: the next row selected by keyboard picks its region
    next_id, next_name = row_region(atlas_page, 2)
    atlas_page.keyboard.press("ArrowDown")
    atlas_page.keyboard.press("Space")
    expect(panel).to_contain_text(f"{next_name} ({next_id})")
    wait_for_outline(atlas_page, next_id)
    assert errors == []


def map_style(page: Page) -> str:
    return page.evaluate(f"() => {GRAPH}._fullLayout.map.style")


def test_online_basemap_offline_says_so_and_leaves_the_map_as_it_was(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    atlas_page.goto(f"{live_server.url}/?layers=outlines")
    wait_for_map(atlas_page)
    expect(status(atlas_page)).to_contain_text("regions with data")
    style = map_style(atlas_page)
    toggle = atlas_page.locator(f"#{ids.LAYER_TOGGLES} label", has_text="Online basemap")

    toggle.click()
    expect(status(atlas_page)).to_contain_text(OFFLINE_NOTE)
    expect(status(atlas_page)).not_to_contain_text("Error")
    wait_for_map(atlas_page)
    assert map_style(atlas_page) == style

    toggle.click()
    expect(status(atlas_page)).not_to_contain_text(OFFLINE_NOTE)
    expect(status(atlas_page)).to_contain_text("regions with data")
    wait_for_map(atlas_page)
    assert map_style(atlas_page) == style
    assert errors == []
