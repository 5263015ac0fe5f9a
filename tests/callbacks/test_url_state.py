from dash import no_update

from callbacks import ids
from callbacks.url_state import from_url, to_url
from views.state import View, control_values
from views.url import camera_from_relayout


def test_page_load_sets_the_controls_from_the_url(store):
    controls = control_values(View())
    updates, camera, notices = from_url("?sector=C20&lat=50&lon=10&zoom=4", controls, store, page_load=True)
    assert updates.pop("sector") == "C20" and all(u is no_update for u in updates.values())
    assert camera == {"lat": 50.0, "lon": 10.0, "zoom": 4.0} and notices == []


def test_a_later_url_change_corrects_controls_but_keeps_camera_and_notices(store):
    controls = control_values(View(indicator="population", level=3))  # version control still 2013
    url, notices = to_url(ids.INDICATOR_SELECT, "", controls, None, store)
    assert "version=2021" in url and any("NUTS 2021" in n for n in notices)
    updates, camera, later = from_url(url, controls, store, page_load=False)
    assert updates["version"] == 2021 and camera is None and later is None


def test_a_control_change_writes_the_url_and_keeps_the_camera(store):
    controls = control_values(View(sector="C29"))
    url, notices = to_url(ids.SECTOR_SELECT, "?sector=C&lat=50&lon=10&zoom=4", controls, None, store)
    assert "sector=C29" in url and "zoom=4" in url and notices == []


def test_pan_and_zoom_update_only_the_camera_in_the_url(store):
    relayout = {"map.center": {"lat": 45.0, "lon": 7.5}, "map.zoom": 6}
    url, notices = to_url(ids.MAP, "?sector=C29", control_values(View()), relayout, store)
    assert "sector=C29" in url and "lat=45" in url and "zoom=6" in url
    assert notices is None  # a pan keeps the notices shown
    assert camera_from_relayout({"autosize": True}) == {}



def test_url_writer_reads_its_own_location_not_the_stale_reader(store):
    """The reader ``URL.search`` does not follow our writes (Dash 4): the writer reads ``URL_WRITER.search``."""
    from dash import Dash

    from callbacks import url_state

    dash_app = Dash(__name__)
    url_state.register(dash_app, store)
    writer = next(c for key, c in dash_app.callback_map.items() if ids.URL_WRITER in key)
    assert {"id": ids.URL_WRITER, "property": "search"} in writer["state"]
    assert {"id": ids.URL, "property": "search"} not in writer["state"]
