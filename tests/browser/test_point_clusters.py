"""Firm clusters in the browser: a seeded synthetic register with 3 planted groups among 20,000 scattered firms.

The register (``data.synthetic_clusters.planted_register``: 300 firms in each of three 20 km discs around
Stuttgart, Toulouse and Eindhoven, labelled synthetic) is uploaded through the page; the layer is switched on
with its checkbox; the planted groups must be drawn on the map (MapLibre renders a cluster polygon under each
centre) and listed in the table under the map; a click on a row zooms the map to that cluster.
"""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import expect
from shapely.geometry import Point, shape

from callbacks import ids
from data.synthetic_clusters import CENTRES, planted_register
from layers.map_contract import POINT_CLUSTERS_TRACE
from tests.browser.axe import assert_no_serious_violations
from tests.browser.conftest import GRAPH, artefact, collect_console_errors, map_pixel, wait_for_map

pytestmark = pytest.mark.browser

NAME = "planted-clusters"
VIEW = f"/?dataset={NAME}&indicator=herfindahl&level=2&version=2021&layers=outlines"
CLUSTERS_DRAWN = f"""() => {{
    const gd = {GRAPH};
    const t = gd && gd.data && gd.data[{POINT_CLUSTERS_TRACE}];
    return !!t && t.visible === true && t.locations.length >= 3;
}}"""


def _with_register(page, url: str) -> None:
    """Upload the planted register once per server session (the workspace keeps it)."""
    if NAME in json.loads(urllib.request.urlopen(url + "/health", timeout=10).read())["datasets"]:
        return
    csv = planted_register(20_000, groups=3, per_group=300, seed=0).to_csv(index=False).encode()
    page.goto(url + "/?level=2&version=2021")
    wait_for_map(page)
    page.locator(f"#{ids.UPLOAD_DATA} input[type=file]").set_input_files(
        {"name": f"{NAME}.csv", "mimeType": "text/csv", "buffer": csv})
    expect(page.locator("#upload-report")).to_contain_text("20,900 rows accepted", timeout=120_000)


def test_planted_clusters_are_found_on_the_map_and_in_the_table(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    _with_register(atlas_page, live_server.url)
    atlas_page.goto(live_server.url + VIEW)
    wait_for_map(atlas_page)
    atlas_page.get_by_text("Firm clusters (found from the firms' locations; registers)").click()
    atlas_page.wait_for_function(CLUSTERS_DRAWN, timeout=60_000)
    expect(atlas_page.locator(f"#{ids.CLUSTER_STATUS}")).to_contain_text("firm clusters (HDBSCAN")
    features = atlas_page.evaluate(f"() => {GRAPH}.data[{POINT_CLUSTERS_TRACE}].geojson.features")
    hulls = {f["id"]: shape(f["geometry"]) for f in features}
    atlas_page.wait_for_function(f"() => !{GRAPH}._fullLayout.map._subplot.map.isMoving()")
    for (lon, lat), _ in CENTRES[:3]:
        around = [cid for cid, hull in hulls.items() if hull.contains(Point(lon, lat))]
        assert len(around) == 1, (lon, lat, around)
        # on the map: MapLibre has rendered that cluster's polygon at the centre's pixel
        x, y = map_pixel(atlas_page, lon, lat)
        rendered = atlas_page.evaluate(f"""([x, y]) => {{
            const gd = {GRAPH};
            const map = gd._fullLayout.map._subplot.map;
            const box = map.getCanvas().getBoundingClientRect();
            const uid = gd._fullData[{POINT_CLUSTERS_TRACE}].uid;
            const layers = map.getStyle().layers.map(l => l.id).filter(i => i.startsWith('plotly-trace-layer-' + uid));
            return map.queryRenderedFeatures([x - box.left, y - box.top], {{layers}}).length;
        }}""", [x, y])
        assert rendered > 0, (lon, lat)
    atlas_page.locator("#map").screenshot(path=artefact("point_clusters_map.png"))
    # in the table: the planted groups are rows with ≥ 270 firms; a click zooms the map to the first one
    grid = atlas_page.locator(f"#{ids.CLUSTER_TABLE}")
    expect(grid.locator(".ag-row").first).to_be_visible()
    rows = grid.locator(".ag-center-cols-container .ag-row")
    firms = [int(t.replace(",", "")) for t in rows.locator("[col-id=firms]").all_inner_texts()]
    assert sum(f >= 270 for f in firms) >= 3, firms
    rows.first.locator("[col-id=cluster]").click()
    atlas_page.wait_for_function(f"() => {GRAPH}._fullLayout.map._subplot.map.getZoom() >= 6", timeout=15_000)
    centre = atlas_page.evaluate(f"() => {GRAPH}._fullLayout.map._subplot.map.getCenter().toArray()")
    first = hulls[rows.first.locator("[col-id=cluster]").inner_text().strip()]
    assert first.centroid.distance(Point(*centre)) < 1.0, centre
    atlas_page.locator("#map").screenshot(path=artefact("point_clusters_zoomed.png"))
    assert errors == []


def test_k_density_of_a_planted_sector_reads_as_localised(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    _with_register(atlas_page, live_server.url)
    atlas_page.goto(live_server.url + f"/?dataset={NAME}&indicator=lq&sector=C29&level=2&version=2021"
                                      "&layers=outlines,pointclusters")
    wait_for_map(atlas_page)
    expect(atlas_page.locator(f"#{ids.CLUSTER_STATUS}")).to_contain_text("firm clusters (HDBSCAN", timeout=60_000)
    expect(atlas_page.locator(f"#{ids.CLUSTER_TABLE} .ag-row").first).to_be_visible()
    atlas_page.get_by_role("button", name="Test localisation").click()
    sentence = atlas_page.locator(f"#{ids.K_DENSITY_PANEL} .k-density-sentence")
    expect(sentence).to_contain_text("Firms in C29 are localised between 0 and", timeout=60_000)
    expect(sentence).to_contain_text("Γ = ")
    expect(atlas_page.locator(f"#{ids.K_DENSITY_PANEL} .js-plotly-plot")).to_be_visible()
    atlas_page.locator(f"#{ids.K_DENSITY_PANEL}").screenshot(path=artefact("point_clusters_k_density.png"))
    assert_no_serious_violations(atlas_page, "firm_clusters")  # WCAG 2.1 A/AA: clusters table, K-density (issue 19)
    assert errors == []
