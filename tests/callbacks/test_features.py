import json

from dash import no_update

from app import build_layout, create_app
from callbacks import ids
from callbacks.map import update_map
from callbacks.ranking import BLOCK_SIZE, ranking_page, ranking_rows, ranking_table
from callbacks.region_panel import profile_children
from callbacks.status import status_children
from layers import basemap
from layers.choropleth import BLANK_STYLE, ONLINE_STYLE
from layers.map_contract import VALUE_TRACE
from layers.map_view import compute_values
from tests.dash_requests import ENDPOINT, Callbacks, map_body
from views.profile import region_profile
from views.state import View
from views.values import effective_view


def test_first_update_builds_the_figure_then_sector_changes_restyle(store):
    view = effective_view(store, View())
    figure, changes, keys, status = update_map(store, view, None, None, False)
    assert json.loads(figure.layout.meta)["geometry"] == keys["geometry"] and changes is no_update
    assert "273 of 320 regions with data" in status
    figure, changes, same_keys, status = update_map(store, effective_view(store, View(sector="C29")), keys, None,
                                                    False)
    assert figure is no_update and changes["geometry"] == keys["geometry"] and "C29" in status
    assert VALUE_TRACE in changes["traces"] and "geojson" not in json.dumps(changes)


def test_level_change_rebuilds_the_figure_with_that_levels_geometry(store):
    _, _, keys, _ = update_map(store, effective_view(store, View()), None, None, False)
    figure, changes, new_keys, _ = update_map(store, effective_view(store, View(level=1)), keys, None, False)
    assert changes is no_update and figure.data[1].geojson == "/geometry/2013/1.geojson"
    assert new_keys["geometry"] != keys["geometry"]


def test_level_change_keeps_the_camera_the_page_shows_unless_a_link_asks_for_one(store):
    _, _, keys, _ = update_map(store, effective_view(store, View()), None, None, False)
    shown = {"lat": 49.8, "lon": 15.5, "zoom": 6.25}  # the address after the user's pan
    figure, *_ = update_map(store, effective_view(store, View(level=1)), keys, None, False, "en", shown)
    assert (figure.layout.map.center.lat, figure.layout.map.center.lon, figure.layout.map.zoom) == (49.8, 15.5, 6.25)
    asked = {"lat": 40.0, "lon": -3.7, "zoom": 5.0}  # back/forward or a link: the camera store is the trigger
    figure, *_ = update_map(store, effective_view(store, View(level=0)), keys, asked, True, "en", shown)
    assert (figure.layout.map.center.lat, figure.layout.map.center.lon, figure.layout.map.zoom) == (40.0, -3.7, 5.0)


def test_geometry_route_serves_cacheable_polygons_once(store):
    client = create_app(store).server.test_client()
    first = client.get("/geometry/2013/2.geojson")
    assert first.status_code == 200 and len(first.get_json()["features"]) == 320
    assert "max-age" in first.headers["Cache-Control"]
    again = client.get("/geometry/2013/2.geojson", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert client.get("/geometry/2013/9.geojson").status_code == 404


def test_camera_from_the_url_is_applied_as_a_relayout(store):
    view = effective_view(store, View())
    _, _, keys, _ = update_map(store, view, None, None, False)
    _, changes, _, _ = update_map(store, view, keys, {"lat": 48.0, "lon": 9.0, "zoom": 6.0}, True)
    assert changes["layout"]["map.zoom"] == 6.0 and changes["layout"]["map.center.lat"] == 48.0


def test_region_pick_and_outline_run_in_the_browser(store):
    """A click or a ranking row picks the region and outlines it without a server round trip."""
    app = create_app(store)
    inputs = {key: [f"{i['id']}.{i['property']}" for i in spec["inputs"]] for key, spec in app.callback_map.items()}
    picked = f"{ids.SELECTED_REGION}.data"
    assert inputs[picked] == [f"{ids.MAP}.clickData", f"{ids.RANKING_TABLE}.selectedRows"]
    outlined = [key for key, spec in inputs.items() if spec == [picked] and "map-selected" in key]
    assert outlined, "the selected region must drive the map outline"
    assert app.callback_map[picked].get("callback") is None  # clientside: no server function
    assert app.callback_map[outlined[0]].get("callback") is None
    # a map click on another region deselects the ranking's row, so that clicking the row again picks it
    released = f"{ids.RANKING_TABLE}.deselectAll"
    assert inputs[released] == [f"{ids.MAP}.clickData"] and app.callback_map[released].get("callback") is None


def test_online_basemap_offline_keeps_the_map_and_says_so(store, monkeypatch):
    view = effective_view(store, View())
    _, _, keys, _ = update_map(store, view, None, None, False)
    with_basemap = effective_view(store, View(layers=("outlines", "basemap")))
    monkeypatch.setattr(basemap, "_last", (basemap.time.monotonic(), False))  # probed: unreachable
    figure, changes, new_keys, status = update_map(store, with_basemap, keys, None, False)
    assert figure is no_update and new_keys is no_update and status.endswith(basemap.OFFLINE_NOTE)
    figure, _, _, status = update_map(store, with_basemap, None, None, False)
    assert figure.layout.map.style == BLANK_STYLE and basemap.OFFLINE_NOTE in status
    monkeypatch.setattr(basemap, "_last", (basemap.time.monotonic(), True))  # probed: reachable
    figure, _, new_keys, status = update_map(store, with_basemap, keys, None, False)
    assert figure.layout.map.style == ONLINE_STYLE and new_keys["geometry"] != keys["geometry"]
    assert basemap.OFFLINE_NOTE not in status


def test_profile_shows_name_stars_and_charts(store):
    profile = region_profile(store, View(sector="C29"), "DE11")
    children = profile_children(profile, "C29 Manufacture of motor vehicles", "persons employed")
    text = str(children)
    assert "Stuttgart (DE11)" in text and "★★★" in text
    assert ids.REGION_BARS in text and ids.REGION_TREND in text


def test_ranking_blocks_are_json_ready_and_ranked(store):
    values, _ = compute_values(store, View(sector="C29"))
    table = ranking_table(values)
    first = ranking_page(table, {"startRow": 0, "endRow": BLOCK_SIZE})
    rows = first["rowData"]
    assert first["rowCount"] == len(values) == 320 and len(rows) == BLOCK_SIZE
    assert rows[0]["rank"] == 1 and rows[0]["value"] >= rows[1]["value"]
    assert json.loads(json.dumps(first)) == first  # plain JSON types: no NaN, numpy or pandas scalars
    last = ranking_page(table, {"startRow": 300, "endRow": 400})["rowData"]
    assert len(last) == 20 and last == ranking_rows(values)[300:]
    assert last[-1]["value"] is None and last[-1]["rank"] is None and last[-1]["reason"]


def test_status_lists_notices():
    children = status_children("LQ · C", ["URL parameter 'level'='9' ignored"])
    assert "Notice: URL parameter" in str(children)


def test_app_factory_registers_every_contract_id(store):
    app = create_app(store)
    layout = str(build_layout(store))
    for name in ("SECTOR_SELECT", "INDICATOR_SELECT", "LEVEL_SELECT", "YEAR_SELECT", "COUNTRY_SELECT",
                 "REFERENCE_SELECT", "CLASSIFICATION_SELECT", "LAYER_TOGGLES", "MAP", "REGION_PANEL",
                 "RANKING_TABLE", "EXPORT_MENU", "STATUS_BAR"):
        assert f"'{getattr(ids, name)}'" in layout, name
    client = app.server.test_client()
    assert client.get("/health").get_json()["status"] == "ok"
    assert len(app.callback_map) >= 8


def test_a_failing_callback_shows_a_message_not_a_traceback(store):
    app = create_app(store)
    client = app.server.test_client()
    body = map_body(Callbacks.from_app(app), View(), ids.LEVEL_SELECT, level="x")
    response = client.post(ENDPOINT, json=body)
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "Something went wrong (ValueError)" in text


def test_geometry_revalidates_with_the_compressed_etag(store):
    client = create_app(store).server.test_client()
    first = client.get("/geometry/2013/1.geojson", headers={"Accept-Encoding": "gzip"})
    assert first.headers.get("Content-Encoding") == "gzip"
    again = client.get("/geometry/2013/1.geojson", headers={"If-None-Match": first.headers["ETag"],
                                                            "Accept-Encoding": "gzip"})
    assert again.status_code == 304
