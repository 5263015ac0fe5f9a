"""The one description of the controls (views/state.py): View fields, component ids and URL parameters agree."""

from dataclasses import fields, replace

import pytest

from callbacks.ids import CONTROL_IDS
from views.state import CONTROLS, KINDS, View, control_values, view_from_controls
from views.url import encode_query, parse_query

#: Views with every control away from its default at least once (all valid in the test store).
SAMPLE = [
    View(),
    View(dataset="context", sector="C29", indicator="focus", measure="local_units", level=1, year=2012,
         version=2021, countries=("DE", "AT"), reference="country", layers=("sites", "marks"), alpha=0.01,
         start=2009, compare=("DE11", "FR10")),
    View(sector="J62", indicator="gdp_meur", measure="wages_meur", level=3, year=2019, version=2021,
         countries=(), layers=(), alpha=0.001),
    View(sector="C10", indicator="share", level=0, year=2008, countries=("FR",), layers=("lisa", "gi", "firms")),
    View(layers=("pointclusters",), cluster_method="dbscan", cluster_size=100),
    View(sector="C29", palette="cividis"),
]


def test_every_control_sets_a_view_field_and_has_a_component_id_and_a_url_parameter():
    view_fields = {f.name for f in fields(View)}
    assert set(CONTROLS) <= view_fields and view_fields - set(CONTROLS) == {"notices"}
    assert set(CONTROL_IDS) == set(CONTROLS) and len(set(CONTROL_IDS.values())) == len(CONTROL_IDS)
    query = encode_query(View())
    for name, control in CONTROLS.items():
        assert control.field == name and control.kind in KINDS
        assert f"?{name}=" in query or f"&{name}=" in query or getattr(View(), name) is None  # None: omitted


def test_the_sample_changes_every_control():
    assert {name for name in CONTROLS if any(getattr(v, name) != getattr(View(), name) for v in SAMPLE)} == set(
        CONTROLS)


@pytest.mark.parametrize("view", SAMPLE)
def test_view_to_url_to_view_is_identity(store, view):
    state = parse_query(encode_query(view), store)
    assert state.view == view and state.notices == ()


@pytest.mark.parametrize("view", SAMPLE)
def test_view_to_control_values_to_view_is_identity(view):
    values = control_values(view)
    assert set(values) == set(CONTROLS) and view_from_controls(values) == view
    assert view_from_controls(**values) == view


def test_controls_build_a_typed_view():
    view = view_from_controls(sector="C10", indicator="share", measure="employment", level="1", year="2010",
                              countries=None, reference="eu", version="2013", layers=["sites"])
    assert view == View(sector="C10", indicator="share", level=1, year=2010, layers=("sites",))
    assert view_from_controls(dataset=None) == View() and view_from_controls(dataset="") == View()


def test_absent_controls_keep_their_default_and_unknown_names_are_refused():
    assert view_from_controls(level=3) == replace(View(), level=3)
    with pytest.raises(TypeError, match="not a control: \\['colour'\\]"):
        view_from_controls(colour="red")


def test_control_values_of_some_fields_are_those_fields_only():
    assert control_values(View(layers=("sites",)), ["layers", "level"]) == {"layers": ["sites"], "level": 2}


def test_a_list_control_keeps_its_allowed_items_and_names_the_others(store):
    value, rejected, allowed = CONTROLS["layers"].parse("sites,moon,,sites,gi", store)
    assert value == ("sites", "gi") and rejected == "moon" and allowed == "unknown layers"
