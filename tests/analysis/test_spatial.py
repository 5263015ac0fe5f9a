"""Tests for analysis.spatial (golden values from esda's own tests)."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from libpysal.graph import Graph
from numpy.testing import assert_allclose
from shapely.geometry import Point, box

from analysis import (
    AlignmentError,
    GlobalMoran,
    getis_ord,
    local_moran,
    moran,
    spatial_weights,
)


@pytest.fixture(scope="module")
def lattice():
    """3×3 rook lattice (as libpysal lat2W(3, 3)) built from shapely boxes."""
    cells = gpd.GeoDataFrame(
        {"nuts_id": [f"X{i}" for i in range(9)]},
        geometry=[box(c, -r, c + 1, -r + 1) for r in range(3) for c in range(3)],
    )
    graph = Graph.build_contiguity(cells.set_index("nuts_id").geometry, rook=True)
    values = pd.Series(np.arange(1.0, 10.0), index=cells["nuts_id"])
    return graph, values


def test_global_moran_matches_esda_lattice(lattice):
    """Check that global moran matches esda lattice."""
    # esda tests/test_moran.py: lat2W(3,3), y = 1..9, binary: I = 0.5,
    # VI_norm = 0.053125, VI_rand = 0.0596875; row-standardised I = 0.5555556
    graph, y = lattice
    result = moran(y, graph, transform="b", permutations=0)
    assert isinstance(result, GlobalMoran)
    assert_allclose(result.i, 0.5, rtol=1e-9)
    assert_allclose(result.variance_norm, 0.053125, rtol=1e-9)
    assert_allclose(result.variance_rand, 0.0596875, rtol=1e-9)
    assert np.isnan(result.p_sim)
    assert_allclose(moran(y, graph).i, 0.5555556, atol=5e-8)


def test_moran_permutations_are_reproducible_and_do_not_touch_weights(lattice):
    """Check that moran permutations are reproducible and do not touch weights."""
    graph, y = lattice
    before = graph.adjacency.copy()
    a, b = moran(y, graph, seed=3), moran(y, graph, seed=3)
    assert a == b and 0 < a.p_sim < 0.05
    pd.testing.assert_series_equal(graph.adjacency, before)


def test_values_are_aligned_by_label_not_position(lattice):
    """Check that values are aligned by label not position."""
    graph, y = lattice
    shuffled = y.sample(frac=1.0, random_state=1)
    assert_allclose(
        moran(shuffled, graph, permutations=0).i, moran(y, graph, permutations=0).i
    )


def test_missing_region_raises_alignment_error(lattice):
    """Check that missing region raises alignment error."""
    graph, y = lattice
    with pytest.raises(
        AlignmentError, match=r"1 regions in the weights have no value.*'X4'"
    ):
        moran(y.drop("X4"), graph)


def test_nan_values_are_dropped(lattice):
    """Check that nan values are dropped."""
    graph, y = lattice
    y = y.copy()
    y["X0"] = np.nan
    out = local_moran(y, graph, permutations=99)
    assert np.isnan(out.loc["X0", "lisa"]) and not out.loc["X0", "significant"]
    assert moran(y, graph, permutations=0).n == 8


def test_local_moran_matches_esda_and_is_indexed_like_input(lattice):
    """Check that local moran matches esda and is indexed like input."""
    # research/anchors.md §3.2 E: row-standardised local I on the lattice
    graph, y = lattice
    out = local_moran(y, graph, permutations=99, seed=0)
    pd.testing.assert_index_equal(out.index, y.index)
    expected = [1.0667, 0.8, 0.2667, 0.0889, 0.0, 0.0889, 0.2667, 0.8, 1.0667]
    assert_allclose(out["lisa"], expected, atol=5e-5)
    assert out.loc["X0", "quadrant"] == "LL" and out.loc["X8", "quadrant"] == "HH"
    again = local_moran(y, graph, permutations=99, seed=0)
    pd.testing.assert_frame_equal(out, again)
    assert not out.loc["X4", "significant"]  # I_i = 0 is never significant


def test_getis_ord_star_matches_esda_distance_band():
    """Check that getis ord star matches esda distance band."""
    # esda tests/test_getisord.py: six points, DistanceBand 15, binary Gi* z
    pts = gpd.GeoSeries(
        [Point(p) for p in [(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)]]
    )
    graph = Graph.build_distance_band(pts, 15)
    y = pd.Series([2, 3, 3.2, 5, 8, 7.0])
    out = getis_ord(y, graph, transform="b", permutations=99)
    expected = [-1.39727626, -0.2891776, 0.6506496, -0.2891776, 1.2345209, 2.0242433]
    assert_allclose(out["z"], expected, atol=5e-7)
    plain = getis_ord(y, graph, transform="b", star=False, permutations=0)
    assert_allclose(plain["z"].iloc[0], -1.0136729, atol=5e-7)
    assert set(out["label"]) <= {"hot", "cold", "not significant"}


def test_spatial_weights_join_islands_to_nearest_neighbour():
    """Check that spatial weights join islands to nearest neighbour."""
    gdf = gpd.GeoDataFrame(
        {"nuts_id": ["A", "B", "C", "D"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(5, 0, 6, 1), box(0, 1, 1, 2)],
        crs=3035,
    )
    weights = spatial_weights(gdf)
    assert weights.islands == ("C",)
    assert list(weights.graph.neighbors["C"]) == ["B"]
    assert "C" in list(weights.graph.neighbors["B"])
    assert list(weights.graph.unique_ids) == ["A", "B", "C", "D"]
    assert len(weights.graph.isolates) == 0


def test_spatial_weights_errors():
    """Check that spatial weights errors."""
    with pytest.raises(TypeError, match="must be a GeoDataFrame"):
        spatial_weights([1, 2])
    gdf = gpd.GeoDataFrame({"id": ["A"]}, geometry=[box(0, 0, 1, 1)])
    with pytest.raises(ValueError, match="no column 'nuts_id'"):
        spatial_weights(gdf)
