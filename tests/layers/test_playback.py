"""Playback frames (layers/playback.py): one colour scale for all years, fast-path changes, year in the title."""

from dataclasses import replace

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from layers.map_contract import VALUE_KEYS, VALUE_TRACE
from layers.map_view import value_update
from layers.playback import FRAME_KEYS, playback_frames
from views.map_data import MapValues, map_values
from views.playback import PlaybackValues, playback_values
from views.state import View
from views.values import effective_view

REGIONS = ["AT1", "AT2", "AT3"]


def _values(numbers) -> pd.DataFrame:
    return pd.DataFrame({"name": ["Ost", "Süd", "West"], "value": numbers, "measure_value": [10.0, 20.0, 30.0],
                         "flag": [None, None, None], "reason": [None, None, None]},
                        index=pd.Index(REGIONS, name="nuts_id"))


def _played(store, per_year: dict[int, list], *, centre=None) -> PlaybackValues:
    view = effective_view(store, View(indicator="employment", level=1))
    frames = tuple(MapValues(_values(v), "persons", centre, False, "Persons employed", True) for v in per_year.values())
    return PlaybackValues(view, tuple(per_year), frames)


def test_golden_sequential_scale_is_pooled_over_all_years(store):
    # pooled finite values 1..5 (the NaN left out): 2nd percentile = 1 + 0.02 * 4 = 1.08,
    # 98th = 1 + 0.98 * 4 = 4.92 (linear interpolation); a scale per year would give 1.04 … 2.96 and 4.02 … 4.98
    frames = playback_frames(store, _played(store, {2010: [1.0, 2.0, 3.0], 2011: [4.0, 5.0, np.nan]}))
    assert frames.years == (2010, 2011)
    assert frames.shared["zmin"] == 1.08 and frames.shared["zmax"] == 4.92
    assert frames.frames[0]["z"] == [1.0, 2.0, 3.0]
    assert frames.frames[1]["z"] == [4.0, 5.0, None]  # no value: not drawn (grey)
    assert frames.frames[1]["customdata"][2][0].startswith("none")
    assert frames.locations == REGIONS


def test_golden_centred_scale_is_log2_clipped(store):
    # LQ 0.5 → −1, 1 → 0, 8 → clipped at 2 (LQ 4); LQ 2 → 1, 0.25 → −2, 1 → 0
    frames = playback_frames(store, _played(store, {2008: [0.5, 1.0, 8.0], 2015: [2.0, 0.25, 1.0]}, centre=1.0))
    assert frames.frames[0]["z"] == [-1.0, 0.0, 2.0] and frames.frames[1]["z"] == [1.0, -2.0, 0.0]
    assert (frames.shared["zmin"], frames.shared["zmax"]) == (-2.0, 2.0)


def test_changes_stay_on_the_fast_path_and_title_names_the_year(store):
    played = playback_values(store, effective_view(store, View(level=1)))
    frames = playback_frames(store, played)
    assert set(frames.shared) | set(FRAME_KEYS) <= set(VALUE_KEYS)
    for index, year in enumerate(frames.years):
        changes = frames.changes(index, with_shared=index == 0).to_json()
        assert list(changes["traces"]) == [VALUE_TRACE] and set(changes["traces"][VALUE_TRACE]) <= set(VALUE_KEYS)
        assert f"Location quotient · {year}</b>" in changes["layout"]["title.text"]
        assert f", {year}, NUTS 1" in changes["layout"]["title.text"]
    # the LQ scale is fixed, so each frame is exactly the single-year map's colours
    single = value_update(map_values(store, replace(played.view, year=2012)))
    assert frames.frames[frames.years.index(2012)]["z"] == single["z"]
    assert frames.to_json()["geometry"] == [2013, 1, True, False]


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(finite, min_size=3, max_size=3), min_size=2, max_size=5), st.randoms(use_true_random=False))
def test_property_one_scale_whatever_the_order_of_years(store, years_values, rnd):
    per_year = {2000 + i: v for i, v in enumerate(years_values)}
    frames = playback_frames(store, _played(store, per_year))
    order = list(per_year)
    rnd.shuffle(order)
    shuffled = playback_frames(store, _played(store, {y: per_year[y] for y in order}))
    assert shuffled.shared == frames.shared  # the scale depends on the values, not on the order of the frames
    by_year = {f["year"]: f["z"] for f in frames.frames}
    assert all(by_year[f["year"]] == f["z"] for f in shuffled.frames)
    # one value, one colour: equal values get equal colour-axis values in every frame
    pairs = [(v, z) for f, vals in zip(frames.frames, years_values, strict=True) for v, z in zip(vals, f["z"],
                                                                                                   strict=True)]
    for v, z in pairs:
        assert all(z2 == z for v2, z2 in pairs if v2 == v)
