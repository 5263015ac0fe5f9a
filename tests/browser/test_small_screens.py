"""Small screens (issue 19): the whole map in view on first load at 1366 × 768 and 1280 × 720, the status
line readable; on a phone (390 × 844) the controls are a drawer and the map fills the screen.

Screenshots of each size go to ``artefacts/browser/small_screen_<w>x<h>.png``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from callbacks import ids
from tests.browser.conftest import GRAPH, TIMEOUT_MS, artefact, collect_console_errors, wait_for_map

pytestmark = pytest.mark.browser

#: Points that must be on screen (lon, lat): Canary Islands, Cyprus, Lisbon, North Cape, Iceland, Crete.
EDGES = {"Gran Canaria": (-15.6, 28.0), "Nicosia": (33.4, 35.2), "Lisbon": (-9.1, 38.7),
         "North Cape": (25.8, 71.0), "Reykjavik": (-21.9, 64.1), "Crete": (24.9, 35.2)}


def _open(browser, live_server, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors = collect_console_errors(page)
    page.goto(live_server.url)
    wait_for_map(page)
    page.wait_for_function("() => location.search.includes('zoom=')")  # the fitted camera reached the URL
    wait_for_map(page)
    return context, page, errors


def _off_screen(page) -> list[str]:
    """Names of :data:`EDGES` outside the map canvas or outside the window."""
    return page.evaluate(f"""edges => {{
        const map = {GRAPH}._fullLayout.map._subplot.map;
        const box = map.getCanvas().getBoundingClientRect();
        return Object.entries(edges).filter(([name, [lon, lat]]) => {{
            const p = map.project([lon, lat]), x = box.left + p.x, y = box.top + p.y;
            return !(p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height
                     && x >= 0 && y >= 0 && x <= innerWidth && y <= innerHeight);
        }}).map(([name]) => name);
    }}""", EDGES)


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_whole_map_in_view_on_laptop_screens(atlas_browser, live_server, size):
    context, page, errors = _open(atlas_browser, live_server, *size)
    try:
        page.screenshot(path=artefact(f"small_screen_{size[0]}x{size[1]}.png"))
        assert _off_screen(page) == []
        status = page.locator(f"#{ids.STATUS_BAR}")
        expect(status).to_be_in_viewport()
        assert float(status.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 12
        assert errors == []
    finally:
        context.close()


def test_phone_shows_the_map_full_width_and_the_controls_in_a_drawer(atlas_browser, live_server):
    context, page, errors = _open(atlas_browser, live_server, 390, 844)
    try:
        page.screenshot(path=artefact("small_screen_390x844.png"))
        expect(page.locator(".sidebar")).to_be_hidden()
        box = page.locator(f"#{ids.MAP_REGION}").bounding_box()
        assert box["width"] >= 370 and box["height"] >= 0.6 * 844, box
        assert _off_screen(page) == []
        assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth + 1"), "page scrolls sideways"

        toggle = page.locator(f"#{ids.CONTROLS_TOGGLE}")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(page.locator(f"#{ids.SECTOR_SELECT}")).to_be_visible()
        page.screenshot(path=artefact("small_screen_390x844_controls.png"))
        toggle.click()
        expect(page.locator(".sidebar")).to_be_hidden()
        assert errors == []
    finally:
        context.close()
