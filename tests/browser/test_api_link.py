"""The export panel offers the view's data-API address; following it gives the numbers of the data download."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from playwright.sync_api import expect

from callbacks import ids
from tests.browser.conftest import artefact, collect_console_errors, wait_for_map

pytestmark = pytest.mark.browser


def test_the_api_link_follows_the_view_and_gives_the_downloads_numbers(atlas_page, live_server, tmp_path):
    errors = collect_console_errors(atlas_page)
    atlas_page.goto(f"{live_server.url}/?sector=C29&countries=DE,AT")
    wait_for_map(atlas_page)
    link, csv_link = atlas_page.locator(f"#{ids.API_LINK}"), atlas_page.locator(f"#{ids.API_LINK_CSV}")
    expect(link).to_have_attribute("href", "/api/v1/values?dataset=sbs&sector=C29&indicator=lq&measure=employment"
                                           "&level=2&year=2014&version=2013&reference=eu&countries=DE,AT&format=json")
    atlas_page.locator(f"#{ids.EXPORT_MENU}").screenshot(path=artefact("api-link.png"))

    api = atlas_page.request.get(live_server.url + csv_link.get_attribute("href"))
    assert api.status == 200 and api.headers["content-type"].startswith("text/csv")
    with atlas_page.expect_download() as info:
        atlas_page.locator(f"#{ids.EXPORT_TABLE_BUTTON}").click()
    path = tmp_path / "download.csv"
    info.value.save_as(path)
    download = pd.read_csv(path, skiprows=1).rename(columns={"lq": "value", "employment": "measure_value"})
    pd.testing.assert_frame_equal(pd.read_csv(io.BytesIO(api.body())), download)

    body = atlas_page.request.get(live_server.url + link.get_attribute("href")).json()
    assert body["count"] == len(download) and {r["country"] for r in body["rows"]} == {"DE", "AT"}
    assert errors == []
