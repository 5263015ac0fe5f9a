"""Enterprise points in the browser: drawn as one image (``assets/points.js``), seen on screen, hovered."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from callbacks import ids
from tests.browser.conftest import GRAPH, collect_console_errors, map_pixel, screen_pixel, wait_for_map

pytestmark = pytest.mark.browser

FIRMS_TRACE = 7  # layers/choropleth.py
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
    one, two, edge = atlas_page.evaluate("""() => {
        const r = window.atlasPoints.rasterise;
        const single = r([3], [3], 7, 7, 1, [27, 120, 55], 0.5);
        const double = r([3, 3], [3, 3], 7, 7, 1, [27, 120, 55], 0.5);
        const at = (px, x, y) => Array.from(px.slice((y * 7 + x) * 4, (y * 7 + x) * 4 + 4));
        return [at(single, 3, 3), at(double, 3, 3), at(single, 5, 5)];
    }""")
    assert one == [27, 120, 55, 128]  # 255 * 0.5
    assert two == [27, 120, 55, 191]  # 255 * (1 - 0.5²)
    assert edge == [0, 0, 0, 0]  # outside the disc


def test_register_points_are_drawn_as_an_image_and_answer_hover(atlas_page, live_server):
    errors = collect_console_errors(atlas_page)
    atlas_page.goto(live_server.url + "/?level=2&version=2021")
    wait_for_map(atlas_page)
    atlas_page.locator(f"#{ids.UPLOAD_DATA} input[type=file]").set_input_files(
        {"name": "points-firms.csv", "mimeType": "text/csv", "buffer": REGISTER.encode("utf-8")})
    expect(atlas_page.locator("#upload-report")).to_contain_text("4 rows accepted", timeout=30_000)
    atlas_page.goto(live_server.url + "/?dataset=points-firms&indicator=lq&sector=C&level=2&version=2021"
                    "&layers=outlines,firms")
    wait_for_map(atlas_page)
    atlas_page.wait_for_function(f"""() => {{
        const gd = {GRAPH};
        return !!gd._atlas && !!gd._atlas.points && gd._atlas.points.lat === gd._fullData[{FIRMS_TRACE}].lat;
    }}""")
    drawn = atlas_page.evaluate(f"""() => {{
        const gd = {GRAPH};
        const map = gd._fullLayout.map._subplot.map;
        const uid = gd._fullData[{FIRMS_TRACE}].uid;
        const own = map.getStyle().layers.filter(l => l.id.startsWith('plotly-trace-layer-' + uid + '-'));
        return {{count: gd._atlas.points.count, image: !!map.getLayer(window.atlasPoints.layer),
                 hidden: own.every(l => map.getLayoutProperty(l.id, 'visibility') === 'none')}};
    }}""")
    assert drawn == {"count": 4, "image": True, "hidden": True}

    # On screen: the firm's pixel is green (#1b7837 at 0.7 over whatever region colour is below).
    x, y = map_pixel(atlas_page, 11.58, 48.14)
    r, g, b = screen_pixel(atlas_page, x, y)
    assert g > r + 10 and g > b + 10, f"pixel at the firm is {(r, g, b)}, not the firms' green"

    # Plotly's hidden circles still answer hover with the firm's name.
    atlas_page.mouse.move(x, y)
    expect(atlas_page.locator("#map .hoverlayer")).to_contain_text("Werk Süd")
    assert errors == []
