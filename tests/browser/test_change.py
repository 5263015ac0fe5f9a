"""Change over time in a real browser (issue 14): the start-year control, a change map, the profile waterfall.

One app server for the session (``live_server``), a fresh page per test; every test ends with an empty console.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from analysis import TRAJECTORIES
from callbacks import ids
from layers.map_contract import VALUE_TRACE
from tests.browser.axe import assert_no_serious_violations
from tests.browser.conftest import (
    artefact,
    choose,
    collect_console_errors,
    dropdown_text,
    map_pixel,
    value_z,
    wait_for_map,
)

pytestmark = pytest.mark.browser

STUTTGART = {"nuts_id": "DE11", "name": "Stuttgart", "lon": 9.18, "lat": 48.78}
LQ_CHANGE = "Change of the location quotient — change since the start year"


def status(page: Page):
    return page.locator(f"#{ids.STATUS_BAR}")


def colour_bar_title(page: Page) -> str:
    return page.evaluate(f"() => document.querySelector('#map .js-plotly-plot').data[{VALUE_TRACE}]"
                         ".colorbar.title.text")


def test_the_start_year_offers_the_change_indicators_and_paints_a_change_map(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    atlas_page.goto(f"{live_server.url}/?sector=C&level=2&year=2014&layers=outlines")
    wait_for_map(atlas_page)
    atlas_page.locator(f"#{ids.INDICATOR_SELECT}").click()  # without a start year: change indicators disabled
    # a single-choice menu is a radio group of native radios (assets/a11y.js, issue 19)
    option = atlas_page.locator(".dash-dropdown-content").get_by_role("radio", name=LQ_CHANGE)
    expect(option).to_be_visible()
    expect(option).to_be_disabled()
    atlas_page.keyboard.press("Escape")
    before = value_z(atlas_page)

    choose(atlas_page, ids.START_YEAR_SELECT, "2009", search="2009")
    choose(atlas_page, ids.INDICATOR_SELECT, LQ_CHANGE, search="Change of the loc")

    expect(status(atlas_page)).to_contain_text("Change of the location quotient · C · 2009–2014 · NUTS 2")
    expect(atlas_page).to_have_url(re.compile(r"[?&]indicator=lq_change&.*start=2009"))
    atlas_page.wait_for_function(
        "before => JSON.stringify(Array.from(document.querySelector('#map .js-plotly-plot').data[1].z))"
        " !== JSON.stringify(before)", arg=before)
    z = [v for v in value_z(atlas_page) if v is not None]
    assert len(z) > 150 and min(z) < 0 < max(z)  # changes both ways, on a scale centred on 0
    zmin, zmax = atlas_page.evaluate(f"() => {{ const t = document.querySelector('#map .js-plotly-plot')"
                                     f".data[{VALUE_TRACE}]; return [t.zmin, t.zmax]; }}")
    assert zmin == pytest.approx(-zmax)
    assert colour_bar_title(atlas_page).endswith("2009–2014")
    # the grid draws the columns in view only: ask its API for the column definitions and a row's trend
    atlas_page.wait_for_function(
        """grid => { const api = dash_ag_grid.getApi(grid); const defs = api && api.getColumnDefs();
                     return !!defs && defs.some(d => d.field === 'trend' && d.headerName === 'Trend')
                         && defs.some(d => d.field === 'start_value' && d.headerName.endsWith('2009'));
        }""", arg=ids.RANKING_TABLE)
    trend = atlas_page.evaluate("""grid => { const row = dash_ag_grid.getApi(grid).getDisplayedRowAtIndex(0);
                                              return [row.data.trend, row.data.change, row.data.value]; }""",
                                ids.RANKING_TABLE)
    assert trend[0] == 1 and trend[1] == pytest.approx(trend[2], abs=1e-3)  # the top LQ gain is rising
    atlas_page.screenshot(path=artefact("change_lq_map.png"))
    assert errors == []


def test_a_trajectory_link_and_the_region_profile_waterfall(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    atlas_page.goto(f"{live_server.url}/?sector=C&indicator=trajectory&start=2009&year=2014&level=2&layers=outlines")
    wait_for_map(atlas_page)
    expect(status(atlas_page)).to_contain_text("Specialisation trajectory · C · 2009–2014")
    assert dropdown_text(atlas_page, ids.START_YEAR_SELECT) == "2009"
    labels = atlas_page.evaluate(f"() => document.querySelector('#map .js-plotly-plot').data[{VALUE_TRACE}]"
                                 ".colorbar.ticktext")
    assert labels == list(TRAJECTORIES)[::-1]  # fading (0) at the bottom … emerging (4) at the top
    x, y = map_pixel(atlas_page, STUTTGART["lon"], STUTTGART["lat"])
    atlas_page.mouse.move(x, y)
    expect(atlas_page.locator("#map .hoverlayer")).to_contain_text(re.compile("|".join(TRAJECTORIES)))
    atlas_page.mouse.click(x, y)

    panel = atlas_page.locator(f"#{ids.REGION_PANEL}")
    expect(panel).to_contain_text(f"{STUTTGART['name']} ({STUTTGART['nuts_id']})")
    expect(panel).to_contain_text("Change 2009–2014")
    waterfall = panel.locator(f"#{ids.REGION_WATERFALL}")
    expect(waterfall.locator(".main-svg").first).to_be_visible()
    for label in ("National growth", "Industry mix", "Competitive", "Total change"):
        expect(waterfall).to_contain_text(label)
    expect(panel.locator(f"#{ids.REGION_COMPETITIVE} .main-svg").first).to_be_visible()
    expect(panel.locator(f"#{ids.REGION_CHANGE_TREND} .main-svg").first).to_be_visible()
    waterfall.scroll_into_view_if_needed()
    atlas_page.screenshot(path=artefact("change_trajectory_profile.png"), full_page=True)
    assert_no_serious_violations(atlas_page, "change")  # WCAG 2.1 A/AA: change view, profile waterfall (issue 19)
    assert errors == []
