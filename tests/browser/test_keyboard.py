"""Keyboard only (issue 19): skip link, a region picked in the ranking, moved to the next, a map exported.

Every step is a key press; the mouse is never used. Tab is pressed until the wanted element has the focus
(bounded, so a lost focus fails the test instead of looping).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from callbacks import ids
from tests.browser.conftest import artefact, collect_console_errors, wait_for_map, wait_for_outline
from tests.browser.test_dashboard import ranking_row

pytestmark = pytest.mark.browser

MAX_TABS = 250


def tab_until(page: Page, condition: str) -> int:
    """Press Tab until the JS predicate ``condition(document.activeElement)`` holds; return the presses."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({condition}); }}"):
            return presses
    raise AssertionError(f"focus never reached {condition} in {MAX_TABS} Tab presses")


def test_skip_link_is_first_and_jumps_to_the_map(atlas_page, live_server):
    atlas_page.goto(live_server.url)
    wait_for_map(atlas_page)
    atlas_page.keyboard.press("Tab")
    skip = atlas_page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link is not on screen"
    outline = atlas_page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is not visible"
    atlas_page.keyboard.press("Enter")
    expect(atlas_page.locator(f"#{ids.MAP_REGION}")).to_be_focused()


def test_keyboard_selects_a_region_moves_to_the_next_and_exports_the_map(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    atlas_page.goto(live_server.url)
    wait_for_map(atlas_page)
    first, second = ranking_row(atlas_page, 0), ranking_row(atlas_page, 1)
    expect(first.locator("[col-id=nuts_id]")).to_have_text(re.compile(r"[A-Z]{2}[0-9A-Z]{2}"))
    first_id = first.locator("[col-id=nuts_id]").inner_text().strip()
    first_name = first.locator("[col-id=name]").inner_text().strip()
    second_id = second.locator("[col-id=nuts_id]").inner_text().strip()

    # into the ranking (its header first), down to the first row, Enter picks it
    tab_until(atlas_page, f"!!el.closest('#{ids.RANKING_TABLE}')")
    atlas_page.keyboard.press("ArrowDown")
    atlas_page.wait_for_function("() => { const row = document.activeElement.closest('[role=row]'); "
                                 "return !!row && row.getAttribute('row-index') === '0'; }")
    atlas_page.keyboard.press("Enter")
    panel = atlas_page.locator(f"#{ids.REGION_PANEL}")
    expect(panel.locator("h3")).to_have_text(f"{first_name} ({first_id})")
    wait_for_outline(atlas_page, first_id)

    # the profile's "Next" button moves to the second region of the ranking and keeps the focus
    tab_until(atlas_page, f"el.id === '{ids.PROFILE_NEXT}'")
    atlas_page.keyboard.press("Enter")
    expect(panel.locator("h3")).to_contain_text(f"({second_id})")
    wait_for_outline(atlas_page, second_id)
    expect(atlas_page.locator(f"#{ids.PROFILE_NEXT}")).to_be_focused()
    atlas_page.keyboard.press("Shift+Tab")
    expect(atlas_page.locator(f"#{ids.PROFILE_PREVIOUS}")).to_be_focused()
    atlas_page.keyboard.press("Space")
    expect(panel.locator("h3")).to_contain_text(f"({first_id})")
    atlas_page.screenshot(path=artefact("keyboard_profile.png"))

    # export the map: Tab to "Download map", Enter
    tab_until(atlas_page, f"el.id === '{ids.EXPORT_MAP_BUTTON}'")
    with atlas_page.expect_download() as download:
        atlas_page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".png")
    assert errors == []
