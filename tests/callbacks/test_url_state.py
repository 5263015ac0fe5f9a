from dash import no_update

from callbacks import ids
from callbacks.url_state import (
    camera_from_relayout,
    control_values,
    encode_query,
    from_url,
    parse_query,
    to_url,
    view_from_controls,
)
from views.state import View


def test_a_link_round_trips_to_the_same_view_and_camera(store):
    view = View(sector="C29", indicator="focus", measure="local_units", level=1, year=2012, version=2021,
                countries=("DE", "AT"), reference="country", layers=("sites",))
    camera = {"lat": 48.5, "lon": 9.25, "zoom": 5.5}
    state = parse_query(encode_query(view, camera), store)
    assert state.view == view and state.camera == camera and state.notices == ()


def test_no_parameters_give_the_default_view(store):
    state = parse_query("", store)
    assert state.view == View() and state.camera == {} and state.notices == ()


def test_malformed_values_fall_back_to_defaults_with_a_notice_each(store):
    state = parse_query("?level=9&sector=XX&year=abc&countries=DE,ZZ&zoom=inf&lat=95&foo=1", store)
    assert state.view.level == 2 and state.view.sector == "C" and state.view.year == 2014
    assert state.view.countries == ("DE",)
    text = " ".join(state.notices)
    for name in ("'level'", "'sector'", "'year'", "'countries'", "'zoom'", "'lat'", "'foo'"):
        assert name in text
    assert state.camera == {}


def test_overlong_and_script_values_are_rejected(store):
    state = parse_query("?sector=" + "C" * 5000 + "&indicator=<script>", store)
    assert state.view.sector == "C" and state.view.indicator == "lq"
    assert any("'indicator'" in n for n in state.notices)


def test_page_load_sets_the_controls_from_the_url(store):
    controls = control_values(View())
    updates, camera, notices = from_url("?sector=C20&lat=50&lon=10&zoom=4", controls, store, page_load=True)
    assert updates[0] == "C20" and all(u is no_update for u in updates[1:])
    assert camera == {"lat": 50.0, "lon": 10.0, "zoom": 4.0} and notices == []


def test_a_later_url_change_corrects_controls_but_keeps_camera_and_notices(store):
    controls = control_values(View(indicator="population", level=3))  # version control still 2013
    url, notices = to_url(ids.INDICATOR_SELECT, "", controls, None, store)
    assert "version=2021" in url and any("NUTS 2021" in n for n in notices)
    updates, camera, later = from_url(url, controls, store, page_load=False)
    assert updates[7] == 2021 and camera is None and later is None


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


def test_controls_build_a_typed_view():
    view = view_from_controls("C10", "share", "employment", "1", "2010", None, "eu", "2013", ["sites"])
    assert view == View(sector="C10", indicator="share", level=1, year=2010, layers=("sites",))
