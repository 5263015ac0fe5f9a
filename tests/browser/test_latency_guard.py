"""The NUTS-3 map keeps redrawing its values when the indicator or the year changes (functional guard).

The timing side lives in ``benchmarks/browser_latency.py`` (printed, never asserted, STYLE §10); this
test only fails when the drawn map stops following the controls at NUTS 3: after each change the value
trace (``gd.data[VALUE_TRACE]``) must hold, for each of the 1 514 NUTS-3 regions, exactly the value the
server's figure builder gives it for the new view, and every region must be painted (``assets/map.js`` feature
state) in the colour that Plotly's colour scale gives its value, or grey without one. Synchronisation is
on conditions only (``expect``, ``wait_for_function``), never on a sleep.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect
from plotly.colors import sample_colorscale, unlabel_rgb

from analysis.registry import INDICATORS
from callbacks import ids
from callbacks.filters import indicator_options
from layers.map_contract import COVERED_ROLES, SITES_TRACE, TRACE
from layers.map_view import build_figure
from tests.browser.conftest import (
    GRAPH,
    VALUE_TRACE,
    choose,
    collect_console_errors,
    drawn_regions,
    value_z,
    wait_for_map,
)
from views.state import View
from views.values import effective_view

pytestmark = pytest.mark.browser

NUTS3_QUERY = "/?indicator=gdp_meur&level=3&version=2021&year=2019"
NUTS3_REGIONS = 1514  # NUTS 2021 level 3 display polygons of the store
INDICATOR_LABELS = {option["value"]: option["label"] for option in indicator_options()}
COVERED = tuple(TRACE[role] for role in COVERED_ROLES)  # region traces under the browser's own layers


def wait_for_new_values(page: Page, before: list, what: str) -> list:
    """Wait until the value trace's z differs from ``before`` with one entry per NUTS-3 region."""
    try:
        page.wait_for_function(
            f"""([before, n]) => {{
                const gd = {GRAPH};
                const z = gd && gd.data && gd.data[{VALUE_TRACE}] && gd.data[{VALUE_TRACE}].z;
                return !!z && z.length === n && JSON.stringify(Array.from(z)) !== JSON.stringify(before);
            }}""", arg=[before, NUTS3_REGIONS])
    except PlaywrightError as error:
        now = value_z(page)
        pytest.fail(f"the NUTS-3 map did not redraw its values after {what}: z has {len(now)} entries, "
                    f"{'unchanged' if now == before else 'changed'} ({error.message.splitlines()[0]})")
    return value_z(page)


def server_values(store, **view) -> dict[str, float | None]:
    """Region → ``z`` of the value trace as the server builds the map of the view (same store as the app)."""
    figure = build_figure(store, effective_view(store, View(level=3, version=2021, **view)), None).figure
    trace = figure.data[VALUE_TRACE]
    return dict(zip(trace.locations, trace.z, strict=True))


def drawn_values(page: Page) -> dict[str, float | None]:
    """Region → ``z`` of the value trace drawn in the browser."""
    drawn = drawn_regions(page)
    return dict(zip(drawn["locations"], drawn["z"], strict=True))


def rgba(text: str) -> tuple[float, ...]:
    """``rgb(…)``/``rgba(…)``/``#rrggbb`` → (r, g, b, a)."""
    if text.startswith("#"):
        return (*(int(text[i:i + 2], 16) for i in (1, 3, 5)), 1.0)
    parts = [float(p) for p in text[text.index("(") + 1:text.index(")")].split(",")]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def assert_painted_as_data(page: Page) -> None:
    """Every shown region is painted in its value's colour (Plotly's scale, ±1 per channel) or grey."""
    drawn = drawn_regions(page)
    span = (drawn["zmax"] - drawn["zmin"]) or 1.0
    valued = [i for i, z in enumerate(drawn["z"]) if z is not None]
    positions = [min(max((drawn["z"][i] - drawn["zmin"]) / span, 0.0), 1.0) for i in valued]
    expected = sample_colorscale(drawn["colorscale"], positions, colortype="rgb")
    assert all(c is not None for c in drawn["colours"]), "a shown region is not painted"
    for i, colour in zip(valued, expected, strict=True):
        got, want = rgba(drawn["colours"][i]), (*unlabel_rgb(colour), drawn["opacity"])
        close = all(abs(g - w) <= 1.01 for g, w in zip(got[:3], want[:3], strict=True)) and abs(got[3] - want[3]) < 0.01
        assert close, f"{drawn['locations'][i]} painted {drawn['colours'][i]}; its value {drawn['z'][i]} means {colour}"
    grey = rgba(drawn["no_data"])
    assert all(rgba(drawn["colours"][i]) == grey for i, z in enumerate(drawn["z"]) if z is None)


def test_nuts3_map_redraws_values_after_indicator_and_year_changes(atlas_page, live_server, store):
    errors = collect_console_errors(atlas_page)
    status = atlas_page.locator(f"#{ids.STATUS_BAR}")
    atlas_page.goto(live_server.url + NUTS3_QUERY)
    wait_for_map(atlas_page)
    expect(status).to_contain_text(f"{INDICATORS['gdp_meur'].label} · all sectors · 2019 · NUTS 3 (version 2021)")
    z = value_z(atlas_page)
    assert len(z) == NUTS3_REGIONS
    assert drawn_values(atlas_page) == server_values(store, indicator="gdp_meur", year=2019)
    assert_painted_as_data(atlas_page)

    changes = (
        (ids.INDICATOR_SELECT, INDICATOR_LABELS["population"], f"{INDICATORS['population'].label} · ",
         {"indicator": "population", "year": 2019}),
        (ids.INDICATOR_SELECT, INDICATOR_LABELS["gdp_per_capita"], f"{INDICATORS['gdp_per_capita'].label} · ",
         {"indicator": "gdp_per_capita", "year": 2019}),
        (ids.YEAR_SELECT, "2016", " · 2016 · NUTS 3", {"indicator": "gdp_per_capita", "year": 2016}),
    )
    for control, option, shown, view in changes:
        choose(atlas_page, control, option)
        expect(status).to_contain_text(shown)
        z = wait_for_new_values(atlas_page, z, f"choosing {option!r} in #{control}")
        assert any(v is not None for v in z), f"no region has a value after choosing {option!r}"
        # the wait saw z change; this checks it changed to the right numbers, region by region
        assert drawn_values(atlas_page) == server_values(store, **view), f"wrong values after choosing {option!r}"
        wait_for_map(atlas_page)
        assert_painted_as_data(atlas_page)
    assert errors == []


#: Counts, from now on, the polygon (re)loads of Plotly's choropleth sources: a GeoJSON ``setData`` fires
#: ``dataloading`` without a tile (a tile load for a newly visible area carries one and is not counted).
COUNT_SOURCE_RELOADS = f"""() => {{
    const map = {GRAPH}._fullLayout.map._subplot.map;
    window.__reloads = [];
    map.on('dataloading', e => {{
        if (e.dataType === 'source' && !e.tile && String(e.sourceId).startsWith('source-')) {{
            window.__reloads.push(e.sourceId);
        }}
    }});
}}"""


def test_panning_keeps_the_values_and_does_not_redraw_the_polygons(atlas_page, live_server):
    """After a change applied in the browser, a pan neither reverts the values nor re-tiles the polygons.

    Dash re-plots the figure with a copy of its layout after every pan or zoom; a layout with a template or an
    object-valued ``meta`` made plotly.js redraw (and re-tile) every choropleth, ~0.5-0.9 s at NUTS 3.
    """
    errors = collect_console_errors(atlas_page)
    status = atlas_page.locator(f"#{ids.STATUS_BAR}")
    atlas_page.goto(live_server.url + NUTS3_QUERY)
    wait_for_map(atlas_page)
    before = value_z(atlas_page)
    choose(atlas_page, ids.INDICATOR_SELECT, INDICATOR_LABELS["population"])
    expect(status).to_contain_text(f"{INDICATORS['population'].label} · ")
    changed = wait_for_new_values(atlas_page, before, "choosing population")
    wait_for_map(atlas_page)
    atlas_page.evaluate(COUNT_SOURCE_RELOADS)
    search = atlas_page.evaluate("() => location.search")
    box = atlas_page.locator("#map .js-plotly-plot").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    atlas_page.mouse.move(x, y)
    atlas_page.mouse.down()
    atlas_page.mouse.move(x + 180, y + 60, steps=8)
    atlas_page.mouse.up()
    # the pan reached Dash (the URL carries the new camera) and the map settled again
    atlas_page.wait_for_function("s => location.search !== s && location.search.includes('lon=')", arg=search)
    wait_for_map(atlas_page)
    assert value_z(atlas_page) == changed, "the pan reverted the values of the last change"
    assert_painted_as_data(atlas_page)
    assert atlas_page.evaluate("() => window.__reloads") == [], "the pan reloaded Plotly's polygon sources"
    assert errors == []


def test_toggling_a_point_layer_does_not_reload_the_region_polygons(atlas_page, live_server):
    """Plotly hands every trace's GeoJSON to MapLibre on every redraw; the covered region traces ignore it."""
    errors = collect_console_errors(atlas_page)
    atlas_page.goto(live_server.url + NUTS3_QUERY + "&layers=outlines")
    wait_for_map(atlas_page)
    covered = atlas_page.evaluate(f"() => {list(COVERED)}.map(i => 'source-' + {GRAPH}._fullData[i].uid)")
    atlas_page.evaluate(COUNT_SOURCE_RELOADS)
    atlas_page.locator(f"#{ids.LAYER_TOGGLES} label", has_text="Industrial sites").click()
    atlas_page.wait_for_function(f"() => {GRAPH}.data[{SITES_TRACE}].visible === true "
                                 f"&& {GRAPH}.data[{SITES_TRACE}].lat.length > 0")
    wait_for_map(atlas_page)
    assert_painted_as_data(atlas_page)
    reloaded = atlas_page.evaluate("() => window.__reloads")
    assert not set(reloaded) & set(covered), f"region polygons reloaded: {reloaded}"
    assert errors == []
