import pytest

from views.map_data import map_data, map_values
from views.values import View, effective_view


def test_map_data_computes_only_the_parts_asked_for(store):
    view = effective_view(store, View(sector="C24", layers=("sites", "lisa", "marks")))
    bare = map_data(store, view)
    assert (bare.sites, bare.overlays, bare.firms) == (None, None, None)
    full = map_data(store, view, sites=True, overlays=True, camera={})
    assert len(full.sites) and set(full.sites["nace"].str[:3]) == {"C24"}
    assert full.overlays.spots.kind == "lisa" and full.overlays.categories == ("HH", "LH", "LL", "HL")
    assert full.overlays.marks["stars"].between(0, 3).all() and len(full.overlays.region_points) == 320
    assert full.firms.selected is None  # the SBS dataset has no enterprise register


def test_map_values_are_shared_while_cached_and_carry_the_colour_scale_input(store):
    view = effective_view(store, View(sector="C29"))
    first, again = map_values(store, view), map_values(store, view)
    assert first is again  # one computation for the map, the ranking and the exports of a change
    assert (first.centre, first.binary, first.with_measure) == (1.0, False, True)
    assert first.title == view.spec.label and first.values["value"].notna().sum() > 200
    context = map_values(store, effective_view(store, View(indicator="population", version=2021, level=3,
                                                           year=2019)))
    assert not context.with_measure and context.centre is None
    with pytest.raises(AttributeError):
        first.unit = "€"  # frozen: callers must not change what others share
