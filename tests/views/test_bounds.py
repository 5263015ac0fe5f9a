"""The box of the regions a view shows (views/bounds.py), on the embedded data."""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import pytest
import shapely

from data.store import load_store
from views.bounds import FRAME, clipped_bounds, view_bounds
from views.state import View


@pytest.fixture(scope="module")
def store():
    return load_store()


def test_prague_box_matches_its_extreme_points(store):
    # Prague (CZ01): 14°13′–14°42′ E, 49°57′–50°11′ N (the city's extreme points), within 0.01°
    west, south, east, north = clipped_bounds(store.regions(2013, 2, display=True).loc[["CZ01"]].geometry)
    assert (west, south, east, north) == pytest.approx((14.22, 49.95, 14.70, 50.18), abs=0.01)


def test_a_country_filter_gives_that_countrys_box(store):
    # Czechia: 12.09–18.86 °E, 48.55–51.06 °N; Luxembourg: 5.73–6.53 °E, 49.44–50.19 °N (simplified display polygons)
    assert view_bounds(store, replace(View(), countries=("CZ",))) == pytest.approx((12.09, 48.55, 18.86, 51.06),
                                                                                   abs=0.05)
    assert view_bounds(store, replace(View(), countries=("LU",))) == pytest.approx((5.73, 49.44, 6.53, 50.19),
                                                                                   abs=0.05)


def test_overseas_regions_do_not_stretch_the_box(store):
    west, south, east, north = view_bounds(store, replace(View(), countries=("FR",)))
    assert west > -6 and south > 41 and east < 10 and north < 52  # Metropolitan France and Corsica only
    assert view_bounds(store, replace(View(), countries=("CZ", "LU")))[0] == pytest.approx(5.73, abs=0.05)


def test_all_regions_fill_the_frame_and_never_leave_it(store):
    west, south, east, north = view_bounds(store, View())
    assert FRAME[0] <= west < -20 and FRAME[1] <= south < 28.5 and 44 < east <= FRAME[2] and 70 < north <= FRAME[3]


def test_nothing_inside_the_frame_gives_the_frame():
    reunion = gpd.GeoSeries([shapely.box(55.2, -21.4, 55.8, -20.9)])
    assert clipped_bounds(reunion) == FRAME
