"""Uploading a register in the browser: report, new dataset on the map, failed uploads change nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from callbacks import ids
from tests.browser.conftest import GRAPH, artefact, collect_console_errors, dropdown_text, value_z, wait_for_map

pytestmark = pytest.mark.browser

REGISTER = """id;name;lat;lon;nace;employees
1;Bosch Feuerbach;48,8155;9,1653;29.32;1200
2;Porsche Zuffenhausen;48,8353;9,1527;2910;9000
3;<img src=x onerror=alert(1)>;48,8199;9,0939;C28.41;4000
4;Café Wien;48,2082;16,3738;56.10;12
5;BMW München;48,1770;11,5562;29.1;30000
6;Bakery Graz;47,0707;15,4395;10.71;8
"""


def _upload(page, name: str, content: bytes) -> None:
    page.locator(f"#{ids.UPLOAD_DATA} input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content})


def test_uploaded_register_is_reported_selected_and_mapped(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    atlas_page.goto(live_server.url + "/?level=2&version=2021")
    wait_for_map(atlas_page)
    _upload(atlas_page, "my-firms.csv", REGISTER.encode("utf-8"))
    expect(atlas_page.locator("#upload-report")).to_contain_text("6 rows accepted", timeout=30_000)
    status = atlas_page.locator(f"#{ids.STATUS_BAR}")
    expect(status).to_contain_text("dataset my-firms")
    expect(status).to_contain_text("· 2024 · NUTS 2 (version 2021) · 4 of 334 regions with data")
    # Wien (AT13) has firms but none in manufacturing: LQ 0, not missing
    assert "my-firms" in dropdown_text(atlas_page, ids.DATASET_SELECT)
    atlas_page.wait_for_function("() => location.search.includes('dataset=my-firms')")
    assert sum(z is not None for z in value_z(atlas_page)) >= 3
    assert atlas_page.locator("img[src=x]").count() == 0  # a name is text, never markup
    atlas_page.screenshot(path=artefact("upload_register.png"))
    assert errors == []


def test_every_measure_of_an_uploaded_register_maps_and_a_link_may_name_one(atlas_page, live_server):
    # before the measure registry: "Error: Something went wrong (KeyError)" and a refused link (issue 13 item 1)
    errors = collect_console_errors(atlas_page)
    atlas_page.goto(live_server.url + "/?level=2&version=2021")
    wait_for_map(atlas_page)
    _upload(atlas_page, "sized-firms.csv", REGISTER.encode("utf-8"))
    status = atlas_page.locator(f"#{ids.STATUS_BAR}")
    expect(status).to_contain_text("dataset sized-firms", timeout=30_000)
    measures = atlas_page.locator(f"#{ids.MEASURE_SELECT}")
    for label, query in (("Enterprises", "measure=enterprises&"), ("Persons employed: large", "employment%3Alarge")):
        measures.get_by_text(label, exact=True).click()
        atlas_page.wait_for_function(f"() => location.search.includes({query!r})")
        wait_for_map(atlas_page)
        expect(status).not_to_contain_text("Error")
        assert label.lower() in atlas_page.evaluate(f"() => {GRAPH}.layout.title.text")
    atlas_page.goto(live_server.url + "/?dataset=sized-firms&measure=enterprises&level=2&version=2021")
    wait_for_map(atlas_page)
    expect(status).to_contain_text("dataset sized-firms")
    expect(status).not_to_contain_text("ignored")
    assert "enterprises," in atlas_page.evaluate(f"() => {GRAPH}.layout.title.text")
    assert errors == []


def test_a_broken_upload_is_explained_and_changes_nothing(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    atlas_page.goto(live_server.url)
    wait_for_map(atlas_page)
    before = value_z(atlas_page)
    _upload(atlas_page, "broken.csv", b"id;name;lat;lon\n1;A;north;9.1\n2;B;48.8;east\n")
    report = atlas_page.locator("#upload-report")
    expect(report).to_contain_text("Not loaded", timeout=30_000)
    expect(report).to_contain_text("broken.csv")
    expect(report).to_contain_text("Nothing was changed")
    assert "broken" not in dropdown_text(atlas_page, ids.DATASET_SELECT)
    assert value_z(atlas_page) == before
    assert errors == []
