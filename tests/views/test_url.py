"""The URL contract (views/url.py): parse with fallbacks and notices, encode, camera."""

import pytest

from views.state import CONTROLS, View
from views.url import CAMERA_LIMITS, PARAMETERS, camera_from_relayout, encode_query, parse_query


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


def test_every_parameter_is_read_once_and_unknown_ones_are_named_in_the_notice(store):
    assert PARAMETERS == (*CONTROLS, *CAMERA_LIMITS) and len(set(PARAMETERS)) == len(PARAMETERS)
    (notice,) = parse_query("?colour=red", store).notices
    assert notice.startswith("URL parameter 'colour'='red' ignored: unknown parameter; known: ")
    assert notice.endswith(", ".join(sorted(PARAMETERS)))


def test_a_repeated_parameter_keeps_its_last_value_and_a_list_keeps_its_first_occurrences(store):
    state = parse_query("?level=1&level=3&countries=DE,AT,DE,,FR", store)
    assert state.view.level == 3 and state.view.countries == ("DE", "AT", "FR") and state.notices == ()


def test_the_camera_needs_lat_and_lon_together_and_zoom_may_come_alone(store):
    assert parse_query("?lat=50&zoom=4", store).camera == {"zoom": 4.0}
    assert parse_query("?lat=50", store).camera == {}
    assert encode_query(View(), {"lat": 48.123456, "lon": 9.0, "zoom": 5.0}).endswith("&lat=48.1235&lon=9&zoom=5")


@pytest.mark.parametrize("relayout", [None, {}, {"map.center": "north"}, {"map.zoom": "far"}])
def test_a_relayout_without_a_camera_gives_none(relayout):
    assert camera_from_relayout(relayout) == {}


def test_lang_is_a_page_parameter_kept_by_the_writer(store):
    from views.url import keep_page_parameters

    assert parse_query("?lang=fr&sector=C29", store).notices == ()
    assert keep_page_parameters("?sector=C29", "?lang=fr&zoom=3") == "?sector=C29&lang=fr"
    assert keep_page_parameters("?sector=C29", "?zoom=3") == "?sector=C29"
