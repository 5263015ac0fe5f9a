"""Playback years and values (views/playback.py): the years a view steps through, one map per year."""

from dataclasses import replace

import pytest

from layers.map_view import value_update
from views.map_data import map_values
from views.playback import playback_values, playback_years
from views.state import View
from views.values import effective_view


def test_sbs_view_plays_the_eight_sbs_years(store):
    view = effective_view(store, View())  # LQ of C, NUTS 2, 2014
    assert playback_years(store, view) == tuple(range(2008, 2016))  # the SBS table: 2008-2015


def test_context_view_plays_only_years_with_enough_regions(store):
    view = effective_view(store, View(indicator="gdp_meur", level=3, version=2021, year=2019))
    years = playback_years(store, view)
    assert 2019 in years and years == tuple(sorted(years))
    for year in years:  # each year is shown as asked: no other year, no other field
        shown = effective_view(store, replace(view, year=year))
        assert shown.year == year and shown.level == 3
    left_out = set(store.dataset("context").years) - set(years)
    assert left_out, "the context table has years with too few NUTS 3 regions (e.g. the projections)"
    for year in left_out:
        assert effective_view(store, replace(view, year=year)).year != year


def test_frames_are_the_single_year_maps(store):
    view = effective_view(store, View(level=1))
    played = playback_values(store, view)
    assert played.years == tuple(range(2008, 2016))
    for year, frame in zip(played.years, played.frames, strict=True):
        single = map_values(store, replace(view, year=year))
        assert frame.values.equals(single.values)
        assert frame.values.index.equals(played.frames[0].values.index)
    # the LQ changes between years (a playback that shows the same map every year would pass nothing above)
    first, last = played.frames[0].values["value"], played.frames[-1].values["value"]
    assert (first - last).abs().max() > 0.01
    assert value_update(played.frames[3])["z"] == value_update(map_values(store, replace(view, year=2011)))["z"]


def test_a_subset_of_years_and_unknown_years(store):
    view = effective_view(store, View(level=1))
    assert playback_values(store, view, years=(2012, 2009)).years == (2009, 2012)
    with pytest.raises(ValueError, match=r"\[1999\]"):
        playback_values(store, view, years=(1999, 2010))
