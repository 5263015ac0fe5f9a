"""Compare mode in the browser (issue 15): a link with ``compare=`` fills the panel and outlines the regions; a
fourth region added with the picker reaches the panel, the map and the URL."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from callbacks import ids
from data.store import load_store
from layers.compare import COMPARE_COLOURS
from layers.map_contract import COMPARE_TRACE
from tests.browser.conftest import artefact, collect_console_errors, trace_property, wait_for_map

pytestmark = pytest.mark.browser

REGIONS = {"DE11": "Stuttgart", "FR10": "Île de France", "ITC4": "Lombardia"}


def test_compare_link_panel_map_and_a_fourth_region_through_the_picker(atlas_page, live_server):
    store = load_store()
    totals = store.business_total("sbs", 2013, "employment", 2014, 2)
    errors = collect_console_errors(atlas_page)
    atlas_page.goto(f"{live_server.url}/?compare=DE11,FR10,ITC4")
    wait_for_map(atlas_page)
    panel = atlas_page.locator(f"#{ids.COMPARE_PANEL}")
    for nuts_id, name in REGIONS.items():
        expect(panel).to_contain_text(f"{name} ({nuts_id})")
        expect(panel).to_contain_text(f"{totals[nuts_id]:,.0f}")  # persons employed, business economy 2014
    expect(panel).to_contain_text("Persons employed, business economy 2014")
    expect(panel.locator(f"#{ids.COMPARE_HEATMAP}")).to_be_visible()
    atlas_page.wait_for_function(f"() => {{ const t = document.querySelector('#map .js-plotly-plot')"
                                 f".data[{COMPARE_TRACE}]; return t && t.locations.length === 3; }}")
    assert trace_property(atlas_page, COMPARE_TRACE, "locations") == list(REGIONS)
    colours = atlas_page.evaluate(f"() => document.querySelector('#map .js-plotly-plot')"
                                  f".data[{COMPARE_TRACE}].marker.line.color")
    assert colours == list(COMPARE_COLOURS[:3])

    picker = atlas_page.locator(f"#{ids.COMPARE_SELECT}")
    picker.click()
    popover = atlas_page.locator(".dash-dropdown-content")
    popover.locator("input.dash-dropdown-search").fill("Oberbayern")
    popover.get_by_role("checkbox", name="Oberbayern (DE21)").click()  # a11y.js: native checkboxes
    atlas_page.keyboard.press("Escape")
    expect(panel).to_contain_text("Oberbayern (DE21)")
    expect(panel).to_contain_text(f"{totals['DE21']:,.0f}")
    atlas_page.wait_for_function("() => window.location.search.includes('compare=DE11,FR10,ITC4,DE21')")
    atlas_page.wait_for_function(f"() => document.querySelector('#map .js-plotly-plot')"
                                 f".data[{COMPARE_TRACE}].locations.length === 4")
    panel.screenshot(path=artefact("compare-panel.png"))
    atlas_page.screenshot(path=artefact("compare-page.png"), full_page=False)
    assert errors == []


def test_profile_compare_button_peer_set_and_ranking_marks(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    atlas_page.goto(f"{live_server.url}/?layers=outlines")
    wait_for_map(atlas_page)
    row = atlas_page.locator(f"#{ids.RANKING_TABLE} .ag-center-cols-container [role=row][row-index='0']")
    expect(row.locator("[col-id=nuts_id]")).to_have_text(re.compile(r"[A-Z]{2}[0-9A-Z]{2}"))
    nuts_id = row.locator("[col-id=nuts_id]").inner_text().strip()
    row.click()
    profile = atlas_page.locator(f"#{ids.REGION_PANEL}")
    expect(profile).to_contain_text("Regions like this one")
    expect(profile).to_contain_text("Krugman distance")
    profile.get_by_role("button", name="Compare", exact=True).click()
    panel = atlas_page.locator(f"#{ids.COMPARE_PANEL}")
    expect(panel).to_contain_text(f"({nuts_id})")
    atlas_page.wait_for_function("id => window.location.search.includes('compare=' + id)", arg=nuts_id)
    expect(atlas_page.locator(f"#{ids.RANKING_TABLE} .compared-row")).to_have_count(1)
    # a peer set replaces the comparison with the region and its structurally closest peers (once the profile,
    # re-drawn after the comparison changed, has settled: a click on the replaced button would be lost)
    atlas_page.wait_for_load_state("networkidle")
    profile.get_by_role("button", name="Compare these").first.click()
    atlas_page.wait_for_function(
        "id => { const p = new URLSearchParams(window.location.search).get('compare');"
        " return !!p && p.split(',')[0] === id && p.split(',').length >= 3; }", arg=nuts_id)
    peers = atlas_page.evaluate("() => new URLSearchParams(window.location.search).get('compare').split(',')")
    for peer in peers:
        expect(panel).to_contain_text(f"({peer})")
    atlas_page.screenshot(path=artefact("compare-from-profile.png"), full_page=False)
    assert errors == []
