"""Enterprise points in the browser: drawn as one image (``assets/points.js``), seen on screen, hovered."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from callbacks import ids
from layers.map_contract import FIRMS_TRACE
from tests.browser.axe import assert_no_serious_violations
from tests.browser.conftest import GRAPH, artefact, collect_console_errors, map_pixel, screen_pixel, wait_for_map

pytestmark = pytest.mark.browser

REGISTER = """id;name;lat;lon;nace;employees
1;Werk Nord;53,55;10,00;29.10;500
2;Werk Süd;48,14;11,58;29.10;800
3;Werk West;50,94;6,96;29.32;300
4;Werk Ost;52,52;13,40;28.41;120
"""


def test_rasterise_composes_overlapping_points_like_alpha_blending(atlas_page, live_server):
    atlas_page.goto(live_server.url + "/?level=0")
    wait_for_map(atlas_page)
    # Radius 1 px: the centre pixel is fully covered; two discs on it compose to 1 - (1 - a)^2.
    one, two, outside, corner, far = atlas_page.evaluate("""() => {
        const r = window.atlasPoints.rasterise;
        const single = r([3], [3], 7, 7, 1, [27, 120, 55], 0.5);
        const double = r([3, 3], [3, 3], 7, 7, 1, [27, 120, 55], 0.5);
        const edge = r([0], [0], 7, 7, 1, [27, 120, 55], 0.5);  // a disc cut by the image's edge
        const at = (px, x, y) => Array.from(px.slice((y * 7 + x) * 4, (y * 7 + x) * 4 + 4));
        return [at(single, 3, 3), at(double, 3, 3), at(single, 5, 5), at(edge, 0, 0), at(edge, 6, 6)];
    }""")
    assert one == corner == [27, 120, 55, 128]  # 255 * 0.5
    assert two == [27, 120, 55, 191]  # 255 * (1 - 0.5²)
    assert outside == far == [0, 0, 0, 0]  # beyond the disc


VIEW = "/?dataset=points-firms&indicator=lq&sector=C&level=2&version=2021&layers=outlines,firms"
POINTS_DRAWN = f"""() => {{
    const gd = {GRAPH};
    return !!gd._atlas && !!gd._atlas.points && gd._atlas.points.lat === gd.data[{FIRMS_TRACE}].lat;
}}"""


def _with_register(page, url: str) -> None:
    """Upload the register once per server session (the workspace keeps it)."""
    if "points-firms" in json.loads(urllib.request.urlopen(url + "/health", timeout=10).read())["datasets"]:
        return
    page.goto(url + "/?level=2&version=2021")
    wait_for_map(page)
    page.locator(f"#{ids.UPLOAD_DATA} input[type=file]").set_input_files(
        {"name": "points-firms.csv", "mimeType": "text/csv", "buffer": REGISTER.encode("utf-8")})
    expect(page.locator("#upload-report")).to_contain_text("4 rows accepted", timeout=30_000)


def _drag(page, dx: float, dy: float) -> None:
    box = page.locator("#map .js-plotly-plot").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y + dy, steps=10)
    page.mouse.up()


def test_register_points_are_drawn_as_an_image_and_answer_hover(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    _with_register(atlas_page, live_server.url)
    atlas_page.goto(live_server.url + VIEW)
    wait_for_map(atlas_page)
    atlas_page.wait_for_function(POINTS_DRAWN)
    drawn = atlas_page.evaluate(f"""() => {{
        const gd = {GRAPH};
        const map = gd._fullLayout.map._subplot.map;
        const uid = gd._fullData[{FIRMS_TRACE}].uid;
        const own = map.getStyle().layers.filter(l => l.id.startsWith('plotly-trace-layer-' + uid + '-'));
        return {{count: gd._atlas.points.count, image: !!map.getLayer(window.atlasPoints.layer),
                 hidden: own.every(l => map.getLayoutProperty(l.id, 'visibility') === 'none')}};
    }}""")
    assert drawn == {"count": 4, "image": True, "hidden": True}
    assert_no_serious_violations(atlas_page, "points")  # WCAG 2.1 A/AA with the points layer (issue 19)

    # On screen: the firm's pixel is green (#1b7837 at 0.7 over whatever region colour is below).
    x, y = map_pixel(atlas_page, 11.58, 48.14)
    r, g, b = screen_pixel(atlas_page, x, y)
    assert g > r + 10 and g > b + 10, f"pixel at the firm is {(r, g, b)}, not the firms' green"

    # Plotly's hidden circles still answer hover with the firm's name.
    atlas_page.mouse.move(x, y)
    expect(atlas_page.locator("#map .hoverlayer")).to_contain_text("Werk Süd")

    # The size-class colouring brings its legend under the map (micro … large, unknown); off, it goes away.
    legend = atlas_page.locator(f"#{ids.SIZE_LEGEND}")
    expect(legend).to_be_hidden()
    toggle = atlas_page.get_by_text("Colour enterprise points by size class (micro, small, medium, large)")
    toggle.click()
    expect(legend).to_be_visible()
    expect(legend.locator("li")).to_have_text(["micro (< 10)", "small (10–49)", "medium (50–249)",
                                               "large (≥ 250)", "size unknown"])
    atlas_page.wait_for_function(f"() => Array.isArray({GRAPH}.data[{FIRMS_TRACE}].marker.color)")
    legend.screenshot(path=artefact("size_legend.png"))
    toggle.click()
    expect(legend).to_be_hidden()
    assert errors == []


def test_zoomed_in_pans_ask_for_points_only_when_the_view_leaves_the_drawn_box(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    _with_register(atlas_page, live_server.url)
    asked: list[str] = []  # Dash requests triggered by the view the browser sent for new points

    def on_request(request) -> None:
        if "_dash-update-component" in request.url and "firms-viewport.data" in json.loads(
                request.post_data or "{}").get("changedPropIds", []):
            asked.append(request.url)

    atlas_page.on("request", on_request)
    atlas_page.goto(live_server.url + VIEW + "&lat=48.14&lon=11.58&zoom=7")
    wait_for_map(atlas_page)
    atlas_page.wait_for_function(POINTS_DRAWN)
    covers = atlas_page.evaluate(f"() => {GRAPH}.data[{FIRMS_TRACE}].meta.covers")
    assert covers is not None and covers[0] < 11.58 < covers[2] and covers[1] < 48.14 < covers[3]

    search = atlas_page.evaluate("() => location.search")
    _drag(atlas_page, 120, 40)  # stays inside the box (half a view beyond each edge)
    atlas_page.wait_for_function("s => location.search !== s", arg=search)  # the pan reached Dash
    wait_for_map(atlas_page)
    assert asked == [], "a pan inside the drawn box asked for points"

    # Eastwards until the view leaves the box (the first box is estimated for a 1400 x 900 map: wider);
    # each drag ends inside the map (MapLibre misses a mouseup outside it until the next mouse move).
    for _ in range(6):
        search = atlas_page.evaluate("() => location.search")
        _drag(atlas_page, -400, 0)
        atlas_page.wait_for_function("s => location.search !== s", arg=search)
        if asked:
            break
    atlas_page.wait_for_function(f"c => JSON.stringify({GRAPH}.data[{FIRMS_TRACE}].meta.covers) !== JSON.stringify(c)",
                                 arg=covers)
    wait_for_map(atlas_page)
    assert len(asked) == 1
    # No firm of the register lies that far east: the image of the earlier points is gone too.
    assert atlas_page.evaluate(f"() => [{GRAPH}.data[{FIRMS_TRACE}].lat.length, {GRAPH}._atlas.points]") == [0, None]
    inside = atlas_page.evaluate(f"""() => {{
        const gd = {GRAPH};
        const b = gd._fullLayout.map._subplot.map.getBounds(), c = gd.data[{FIRMS_TRACE}].meta.covers;
        return c[0] <= b.getWest() && c[1] <= b.getSouth() && b.getEast() <= c[2] && b.getNorth() <= c[3];
    }}""")
    assert inside, "the new points do not cover the view"
    assert errors == []
