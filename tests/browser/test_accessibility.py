"""WCAG 2.1 A/AA in the browser: axe-core finds no serious or critical violation in any page state.

States (issue 19): the hot-spot layers, the export and upload panels (with an upload report shown),
compare mode (with the picker open), the French page and playback running are checked here. The states
other browser tests reach anyway are checked there, on the same page load
(``tests.browser.axe.assert_no_serious_violations``): the default page (test_dashboard, first view), a region
profile open (test_dashboard, ranking row), a register dataset with the points layer (test_points), the
change view with the profile's waterfall (test_change), the profile's opportunities section
(test_opportunities), the firm clusters layer with its table and the K-density panel (test_point_clusters).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from callbacks import ids
from layers.map_contract import VALUE_TRACE
from tests.browser.axe import assert_no_serious_violations
from tests.browser.conftest import artefact, wait_for_map

pytestmark = pytest.mark.browser


def _open(page: Page, url: str, timeout: float | None = None) -> None:
    page.goto(url)
    wait_for_map(page, timeout)
    expect(page.locator(f"#{ids.STATUS_BAR}")).to_contain_text("regions with data", timeout=timeout)


def test_hot_spot_layers_have_no_serious_axe_violation(atlas_page, live_server):
    # the server's first hot-spot request compiles esda's numba code (about 30 s on a busy 2-core machine)
    _open(atlas_page, live_server.url + "/?layers=lisa,gi,marks,outlines", timeout=120_000)
    assert_no_serious_violations(atlas_page, "hotspots")


def test_export_and_upload_panels_have_no_serious_axe_violation(atlas_page, live_server):
    _open(atlas_page, live_server.url)
    atlas_page.locator(f"#{ids.UPLOAD_DATA} input[type=file]").set_input_files(
        {"name": "broken.csv", "mimeType": "text/csv", "buffer": b"id;name\n1;x\n"})
    expect(atlas_page.locator(f"#{ids.UPLOAD_REPORT}")).not_to_be_empty(timeout=30_000)
    atlas_page.locator(f"#{ids.EXPORT_WIDTH}").click()  # the size menu open
    assert_no_serious_violations(atlas_page, "export_upload")


def test_french_page_by_url_has_french_controls_status_and_lang(atlas_page, live_server):
    atlas_page.goto(live_server.url + "/?lang=fr")
    wait_for_map(atlas_page)
    expect(atlas_page.locator(f"#{ids.STATUS_BAR}")).to_contain_text("régions sur")
    assert atlas_page.evaluate("() => document.documentElement.lang") == "fr"
    expect(atlas_page.locator(f"label[for={ids.SECTOR_SELECT}]")).to_have_text("Secteur (NACE Rév. 2)")
    expect(atlas_page.locator(f"#{ids.MAP_SUMMARY}")).to_contain_text("sans données")
    expect(atlas_page.locator(f"#{ids.STATUS_BAR}")).to_contain_text("Quotient de localisation · C ·")
    assert atlas_page.evaluate(f"() => document.querySelector('#map .js-plotly-plot').data[{VALUE_TRACE}]"
                               ".colorbar.title.text") == "Quotient de localisation"  # the legend
    expect(atlas_page.locator(f"label[for={ids.START_YEAR_SELECT}]")).to_have_text(
        "Comparer avec une année de départ (aucune = une seule année)")
    expect(atlas_page.get_by_role("button", name="Lire les années")).to_be_visible()
    expect(atlas_page.get_by_role("region", name="Carte de l’indicateur par région")).to_be_attached()
    atlas_page.screenshot(path=artefact("french_page.png"))
    atlas_page.wait_for_function("() => location.search.includes('sector=C') && location.search.includes('lang=fr')")
    assert_no_serious_violations(atlas_page, "french")


def test_french_page_has_french_indicator_menu_map_title_and_export_panel(atlas_page, live_server):
    """After the page's callbacks have run (they rebuild the menus' options), menus, title and export stay French."""
    atlas_page.goto(live_server.url + "/?lang=fr&sector=C&start=2009&indicator=lq")
    wait_for_map(atlas_page)
    expect(atlas_page.locator(f"#{ids.STATUS_BAR}")).to_contain_text("régions sur")
    assert atlas_page.evaluate("() => document.documentElement.lang") == "fr"
    expect(atlas_page.locator(f"#{ids.INDICATOR_SELECT}-value")).to_have_text(
        "Quotient de localisation — indice sectoriel")
    title = atlas_page.evaluate("() => document.querySelector('#map .js-plotly-plot').layout.title.text")
    assert "C Manufacturing — Quotient de localisation" in title and "personnes occupées, 2014" in title, title
    expect(atlas_page.locator(f"label[for={ids.EXPORT_WIDTH}]")).to_have_text("Taille de la carte")
    expect(atlas_page.get_by_role("button", name="Télécharger la carte")).to_be_visible()
    expect(atlas_page.get_by_role("button", name="Copier le lien")).to_be_visible()
    expect(atlas_page.locator(f"#{ids.INDICATOR_READING}")).to_contain_text("deux fois plus concentré")
    atlas_page.locator(f"#{ids.INDICATOR_SELECT}").click()  # the menu open: options with a start year, in French
    menu = atlas_page.locator(".dash-dropdown-content")
    expect(menu.get_by_role("radio", name="Variation du quotient de localisation — évolution depuis l’année de "
                                          "départ")).to_be_attached()
    expect(menu.get_by_role("radio", name="Indice de Herfindahl — indice régional")).to_be_attached()
    expect(menu.get_by_role("radio", name=re.compile("sector index|regional index"))).to_have_count(0)
    atlas_page.screenshot(path=artefact("french_menus_title_export.png"))
    atlas_page.keyboard.press("Escape")
    atlas_page.locator(f"#{ids.EXPORT_MAP_BUTTON}").scroll_into_view_if_needed()
    atlas_page.locator(f"#{ids.COPY_LINK_BUTTON}").click()  # a message of assets/export.js, from data-messages
    expect(atlas_page.locator(f"#{ids.COPY_LINK_DONE}")).to_contain_text(re.compile("^(Lien copié|Copiez ce lien) : "))
    atlas_page.screenshot(path=artefact("french_export_panel.png"))
    assert_no_serious_violations(atlas_page, "french_menus")


def test_browser_preference_chooses_the_language(atlas_browser, live_server):
    context = atlas_browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 768})
    try:
        page = context.new_page()
        page.goto(live_server.url)
        wait_for_map(page)
        assert page.evaluate("() => document.documentElement.lang") == "fr"
        expect(page.locator(".skip-link")).to_have_text("Aller à la carte")
    finally:
        context.close()


def test_compare_mode_has_no_serious_axe_violation(atlas_page, live_server):
    _open(atlas_page, live_server.url + "/?compare=DE11,FR10,ITC4")
    panel = atlas_page.locator(f"#{ids.COMPARE_PANEL}")
    expect(panel).to_contain_text("Lombardia (ITC4)")
    expect(panel.locator(f"#{ids.COMPARE_HEATMAP} .main-svg").first).to_be_visible()
    panel.scroll_into_view_if_needed()
    atlas_page.screenshot(path=artefact("axe_compare_view.png"))
    assert_no_serious_violations(atlas_page, "compare")
    atlas_page.locator(f"#{ids.COMPARE_SELECT}").click()  # the picker's list open
    expect(atlas_page.locator(".dash-dropdown-content")).to_be_visible()
    assert_no_serious_violations(atlas_page, "compare_picker_open")


def test_playback_has_no_serious_axe_violation(atlas_page, live_server):
    _open(atlas_page, live_server.url + "/?sector=C&level=2")
    atlas_page.get_by_role("button", name="Play years").click()
    pause = atlas_page.get_by_role("button", name="Pause")
    expect(pause).to_be_visible(timeout=30_000)
    assert_no_serious_violations(atlas_page, "playback")
    pause.click()
    expect(atlas_page.get_by_role("button", name="Play years")).to_be_visible(timeout=30_000)
