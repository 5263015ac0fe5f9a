"""The map by keyboard and a first view fitted to the regions shown (issue 19).

* Keyboard: Tab reaches the map (MapLibre's canvas, named from the catalogue), the arrows pan and + zooms, and
  the camera reaches the URL like a drag; Home fits the regions shown again.
* Fit: a link with a country filter opens on that country at 1366 × 768, closer than the all-Europe view; a
  later country change refits only while the user has not moved the map; a link's own camera is kept.

Screenshots go to ``artefacts/browser/map_keys_*.png`` and ``country_fit_*.png``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from callbacks import ids
from data.i18n import text
from tests.browser.conftest import GRAPH, TIMEOUT_MS, artefact, collect_console_errors, wait_for_map

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
#: Hand-checked boxes (west, south, east, north) in degrees of two countries: Czechia spans 12.09–18.86 °E,
#: 48.55–51.06 °N; Luxembourg 5.73–6.53 °E, 49.44–50.19 °N (national extreme points).
CZ = (12.09, 48.55, 18.86, 51.06)
LU = (5.73, 49.44, 6.53, 50.19)
SLACK = 0.05  # degrees: the display polygons are simplified
CANVAS = "#map canvas.maplibregl-canvas"


def url_camera(page: Page) -> dict[str, float]:
    """The camera written in the page's URL (``lat``, ``lon``, ``zoom``); empty before the first write."""
    return page.evaluate("""() => {
        const q = new URLSearchParams(location.search);
        return Object.fromEntries(['lat', 'lon', 'zoom'].filter(k => q.has(k)).map(k => [k, Number(q.get(k))]));
    }""")


def wait_for_url_camera(page: Page, condition: str, before: dict | None = None) -> dict[str, float]:
    """Wait until the URL's camera ``c`` satisfies the JS ``condition`` (``b`` is ``before``); return it."""
    page.wait_for_function(f"""b => {{
        const q = new URLSearchParams(location.search);
        if (!q.has('zoom')) return false;
        const c = {{lat: Number(q.get('lat')), lon: Number(q.get('lon')), zoom: Number(q.get('zoom'))}};
        return {condition};
    }}""", arg=before or {})
    return url_camera(page)


def open_page(browser, url: str) -> tuple:
    """A laptop-sized page on ``url``, its map drawn and its first fit done (or declined); (context, page, errors)."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors = collect_console_errors(page)
    page.goto(url)
    wait_for_map(page)
    page.wait_for_function("() => !!window.atlasFit.state.last")  # assets/fit.js: the first box came and was handled
    wait_for_url_camera(page, "true")
    wait_for_map(page)
    return context, page, errors


def inside(camera: dict, box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = box
    return west <= camera["lon"] <= east and south <= camera["lat"] <= north


def box_on_screen(page: Page, box: tuple[float, float, float, float]) -> bool:
    """Whether the four corners of a box (less :data:`SLACK`) project inside the map's canvas."""
    west, south, east, north = box
    corners = [[west + SLACK, south + SLACK], [east - SLACK, north - SLACK]]
    return page.evaluate(f"""corners => {{
        const map = {GRAPH}._fullLayout.map._subplot.map, canvas = map.getCanvas().getBoundingClientRect();
        return corners.every(([lon, lat]) => {{
            const p = map.project([lon, lat]);
            return p.x >= 0 && p.y >= 0 && p.x <= canvas.width && p.y <= canvas.height;
        }});
    }}""", corners)


def choose_country(page: Page, code: str) -> None:
    """Tick one country (by code) in the countries' multi dropdown (its options are labelled native checkboxes)."""
    trigger = page.locator(f"#{ids.COUNTRY_SELECT}")
    trigger.click()
    popover = page.locator(".dash-dropdown-content")
    popover.locator("input.dash-dropdown-search").fill(code)
    option = page.get_by_role("checkbox", name=re.compile(rf"^{code} "))
    popover.locator("label.dash-options-list-option").filter(has=option).click()
    page.keyboard.press("Escape")
    expect(trigger).to_have_attribute("aria-expanded", "false")


def test_tab_reaches_the_map_arrows_pan_plus_zooms_home_refits_and_the_url_follows(atlas_browser, live_server):
    context, page, errors = open_page(atlas_browser, live_server.url)
    try:
        fitted = url_camera(page)
        # the skip link, then one Tab: the map's canvas, named with its keys from the catalogue
        page.keyboard.press("Tab")
        expect(page.locator(".skip-link")).to_be_focused()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        canvas = page.locator(CANVAS)
        expect(canvas).to_be_focused()
        expect(canvas).to_have_attribute("aria-label", text("map_keys", "en"))
        expect(canvas).to_have_attribute("role", "region")
        assert canvas.evaluate("el => getComputedStyle(el).outlineStyle") != "none", "focus on the map is not visible"

        page.keyboard.press("ArrowRight")
        panned = wait_for_url_camera(page, "c.lon > b.lon + 1", fitted)
        assert panned["zoom"] == pytest.approx(fitted["zoom"]) and panned["lat"] == pytest.approx(fitted["lat"])
        page.keyboard.press("+")
        zoomed = wait_for_url_camera(page, "c.zoom > b.zoom + 0.5", panned)
        assert zoomed["lon"] == pytest.approx(panned["lon"], abs=1e-3)
        wait_for_map(page)
        page.screenshot(path=artefact("map_keys_panned_zoomed.png"))
        page.keyboard.press("-")
        wait_for_url_camera(page, "c.zoom < b.zoom - 0.5", zoomed)
        page.keyboard.press("Shift+ArrowLeft")  # rotation is off: a north-up map, as the URL has no bearing
        page.keyboard.press("Home")
        home = wait_for_url_camera(page, "Math.abs(c.lon - b.lon) < 1e-3 && Math.abs(c.zoom - b.zoom) < 1e-3", fitted)
        assert home["lat"] == pytest.approx(fitted["lat"], abs=1e-3)
        assert page.evaluate(f"() => {GRAPH}._fullLayout.map._subplot.map.getBearing()") == 0
        expect(canvas).to_be_focused()
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize(("country", "box"), [("CZ", CZ), ("LU", LU)], ids=["CZ", "LU"])
def test_country_link_opens_on_that_country(atlas_browser, live_server, country, box):
    context, page, errors = open_page(atlas_browser, live_server.url)
    europe = url_camera(page)
    context.close()
    context, page, errors = open_page(atlas_browser, f"{live_server.url}/?countries={country}")
    try:
        camera = url_camera(page)
        page.screenshot(path=artefact(f"country_fit_{country}_1366x768.png"))
        assert inside(camera, box), (camera, box)
        assert camera["zoom"] > europe["zoom"] + 2, (camera, europe)
        assert box_on_screen(page, box), "the country is not wholly in view"
        assert errors == []
    finally:
        context.close()


def test_a_linked_camera_is_kept(atlas_browser, live_server):
    context, page, errors = open_page(atlas_browser, f"{live_server.url}/?countries=CZ&lat=45&lon=2&zoom=3")
    try:
        assert page.evaluate("() => window.atlasFit.state.last.fitted") is False
        assert url_camera(page) == {"lat": 45, "lon": 2, "zoom": 3}
        assert errors == []
    finally:
        context.close()


def test_a_country_change_refits_until_the_user_moves_the_map(atlas_browser, live_server):
    context, page, errors = open_page(atlas_browser, live_server.url)
    try:
        europe = url_camera(page)
        choose_country(page, "CZ")
        on_cz = wait_for_url_camera(page, "c.zoom > b.zoom + 2", europe)
        assert inside(on_cz, CZ), on_cz

        page.locator(CANVAS).focus()  # the user moves the map: from then on the camera is theirs
        page.keyboard.press("ArrowLeft")
        moved = wait_for_url_camera(page, "c.lon < b.lon - 0.1", on_cz)
        wait_for_map(page)
        choose_country(page, "LU")
        page.wait_for_function("() => { const last = window.atlasFit.state.last; "
                               "return !!last && last.fitted === false && last.reason === 'moved'; }")
        wait_for_map(page)
        assert url_camera(page) == moved
        page.screenshot(path=artefact("country_fit_kept_after_move.png"))

        page.locator(CANVAS).focus()  # Home: the regions shown (Czechia and Luxembourg) again
        page.keyboard.press("Home")
        both = wait_for_url_camera(page, "c.zoom < b.zoom - 0.5", moved)
        assert inside(both, (LU[0], LU[1], CZ[2], CZ[3])), both
        assert box_on_screen(page, CZ) and box_on_screen(page, LU)
        assert errors == []
    finally:
        context.close()


def test_a_level_change_keeps_the_camera_the_user_chose(atlas_browser, live_server):
    context, page, errors = open_page(atlas_browser, f"{live_server.url}/?countries=CZ")
    try:
        page.locator(CANVAS).focus()
        page.keyboard.press("ArrowLeft")
        moved = wait_for_url_camera(page, "c.lon < b.lon - 0.1", url_camera(page))
        wait_for_map(page)
        page.locator(f"#{ids.LEVEL_SELECT} label.dash-options-list-option", has_text="NUTS 1").click()
        page.wait_for_function("() => new URLSearchParams(location.search).get('level') === '1'")
        wait_for_map(page)
        shown = page.evaluate(f"""() => {{ const m = {GRAPH}._fullLayout.map._subplot.map;
            return {{lat: m.getCenter().lat, lon: m.getCenter().lng, zoom: m.getZoom()}}; }}""")
        assert shown["lon"] == pytest.approx(moved["lon"], abs=1e-3) and shown["zoom"] == pytest.approx(moved["zoom"],
                                                                                                       abs=1e-3)
        assert shown["lat"] == pytest.approx(moved["lat"], abs=1e-3)
        assert url_camera(page) == moved
        page.screenshot(path=artefact("level_change_keeps_camera.png"))
        assert errors == []
    finally:
        context.close()
