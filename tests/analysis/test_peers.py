"""Tests for analysis.peers: structural peers (Krugman, cosine) and the rule-based comparison sets."""

from math import sqrt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from libpysal.graph import Graph
from numpy.testing import assert_allclose

from analysis import neighbours, sharing_strong_clusters, similar_regions, similar_size
from data.errors import InputError
from tests.analysis._matrices import ECONGEO, matrices


def test_krugman_peers_of_r2_on_econgeo():
    """Shares of R2 = (0, .15, .05, .70, .10) (row total 100, as every row of ECONGEO).

    R3 (0, .20, .10, .20, .50): |0|+.05+.05+.50+.40 = 1.0
    R4 (0, .25, .30, .05, .40): .10+.25+.65+.30 = 1.3
    R5 (0, .40, .55, .05, 0):   .25+.50+.65+.10 = 1.5
    R1 (1, 0, 0, 0, 0):         1 + .15+.05+.70+.10 = 2.0 (no sector in common: the maximum)
    """
    peers = similar_regions(ECONGEO, "R2")
    assert list(peers.index) == ["R3", "R4", "R5", "R1"]
    assert_allclose(peers.to_numpy(), [1.0, 1.3, 1.5, 2.0])
    assert peers.name == "distance"


def test_cosine_peers_of_r2_on_econgeo():
    """Every row and column of ECONGEO sums to 100 (total 500), so LQ = 5 · share and the cosine of LQ
    vectors is the cosine of the rows. R2 = (0, 15, 5, 70, 10), |R2|² = 5250:

    R3 (0, 20, 10, 20, 50): dot 2250, |R3|² 3400 → 1 − 2250/√(5250·3400) = 0.467446
    R4 (0, 25, 30, 5, 40):  dot 1275, |R4|² 3150 → 1 − 1275/√(5250·3150) = 0.686473
    R5 (0, 40, 55, 5, 0):   dot 1225, |R5|² 4650 → 1 − 1225/√(5250·4650) = 0.752069
    R1 (100, 0, 0, 0, 0):   dot 0 → 1
    """
    peers = similar_regions(ECONGEO, "R2", metric="cosine")
    assert list(peers.index) == ["R3", "R4", "R5", "R1"]
    expected = [1 - 2250 / sqrt(5250 * 3400), 1 - 1275 / sqrt(5250 * 3150), 1 - 1225 / sqrt(5250 * 4650), 1.0]
    assert_allclose(peers.to_numpy(), expected, rtol=1e-12)
    assert_allclose(peers.to_numpy()[:3], [0.467446, 0.686473, 0.752069], atol=1e-6)


def test_k_limits_and_region_is_excluded():
    peers = similar_regions(ECONGEO, "R2", k=2)
    assert list(peers.index) == ["R3", "R4"]
    assert "R2" not in similar_regions(ECONGEO, "R2", k=10).index


def test_ties_are_broken_by_id():
    m = pd.DataFrame({"A": [1.0, 3, 3, 3], "B": [1.0, 1, 1, 1]}, index=["x", "c", "a", "b"])
    assert list(similar_regions(m, "x").index) == ["a", "b", "c"]
    assert list(similar_regions(m, "x", metric="cosine").index) == ["a", "b", "c"]


def test_missing_cells_use_sectors_known_in_both_rows():
    """R2 misses I4: shares over its known cells (0, 15, 5, –, 10)/30; R3 keeps its own shares.

    Krugman over I1, I2, I3, I5: |0−0| + |.5−.2| + |1/6−.1| + |1/3−.5| = .3 + 1/15 + 1/6 = 0.5333…
    """
    m = ECONGEO.copy()
    m.loc["R2", "I4"] = np.nan
    peers = similar_regions(m, "R2")
    assert_allclose(peers.loc["R3"], 0.3 + 1 / 15 + 1 / 6)


def test_regions_without_a_distance_are_left_out():
    m = ECONGEO.copy()
    m.loc["R5"] = 0.0  # row total 0 → shares 0/0 → no distance
    m.loc["R4"] = np.nan
    assert list(similar_regions(m, "R2").index) == ["R3", "R1"]
    assert list(similar_regions(m, "R2", metric="cosine").index) == ["R3", "R1"]


@pytest.mark.parametrize("bad", [{"region": "R9"}, {"region": "R2", "k": 0}, {"region": "R2", "k": 2.0},
                                 {"region": "R2", "metric": "euclid"}])
def test_bad_arguments_raise_input_error(bad):
    with pytest.raises(InputError):
        similar_regions(ECONGEO, **bad)


def test_input_is_not_changed():
    before = ECONGEO.copy()
    similar_regions(ECONGEO, "R2", metric="cosine")
    pd.testing.assert_frame_equal(ECONGEO, before)


@settings(max_examples=60, deadline=None)
@given(matrices(min_regions=2, max_regions=8), st.sampled_from(["krugman", "cosine"]), st.integers(1, 10))
def test_property_range_order_and_length(m, metric, k):
    region = m.index[0]
    peers = similar_regions(m, region, k=k, metric=metric)
    high = 2.0 if metric == "krugman" else 1.0
    assert len(peers) == min(k, len(m) - 1)
    assert region not in peers.index
    assert ((peers >= -1e-12) & (peers <= high + 1e-12)).all()
    assert peers.is_monotonic_increasing


@settings(max_examples=60, deadline=None)
@given(matrices(min_regions=3, max_regions=6), st.floats(0.1, 100.0))
def test_property_scale_invariance_and_symmetry(m, factor):
    """Scaling the region's own row leaves its shares (so its Krugman distances) unchanged; D(r, l) = D(l, r)."""
    r, l_ = m.index[0], m.index[1]
    scaled = m.copy()
    scaled.loc[r] *= factor
    assert_allclose(similar_regions(scaled, r, k=100).sort_index(), similar_regions(m, r, k=100).sort_index(),
                    atol=1e-9)
    for metric in ("krugman", "cosine"):
        assert_allclose(similar_regions(m, r, k=100, metric=metric)[l_],
                        similar_regions(m, l_, k=100, metric=metric)[r], atol=1e-9)


def test_identical_structure_is_distance_zero():
    m = pd.DataFrame({"A": [10.0, 20, 5], "B": [30.0, 60, 1]}, index=["p", "q", "r"])
    assert_allclose(similar_regions(m, "p").loc["q"], 0.0, atol=1e-15)
    assert_allclose(similar_regions(m, "p", metric="cosine").loc["q"], 0.0, atol=1e-12)


def test_similar_size_golden():
    """|ln(E_l / E_p)| with E_p = 100: q 180 → ln 1.8 = 0.587787; r 60 → ln(5/3) = 0.510826; s 0 left out."""
    sizes = pd.Series({"p": 100.0, "q": 180.0, "r": 60.0, "s": 0.0, "t": np.nan})
    peers = similar_size(sizes, "p")
    assert list(peers.index) == ["r", "q"]
    assert_allclose(peers.to_numpy(), [np.log(5 / 3), np.log(1.8)])
    with pytest.raises(InputError):
        similar_size(sizes, "s")


def test_sharing_strong_clusters_golden():
    strong = pd.DataFrame({"A": [True, True, False, True], "B": [True, True, True, False],
                           "C": [False, True, True, pd.NA]}, index=["p", "q", "r", "s"]).astype("boolean")
    out = sharing_strong_clusters(strong, "p")
    assert list(out.index) == ["q", "r", "s"]  # q shares A and B; r and s one each, by id
    assert out["shared"].tolist() == [2, 1, 1]
    assert out["sectors"].tolist() == [("A", "B"), ("B",), ("A",)]
    assert sharing_strong_clusters(strong.assign(A=False, B=False), "p").empty


def test_neighbours_from_a_graph():
    g = Graph.from_arrays(["a", "b", "b", "c", "d"], ["b", "a", "c", "b", "d"], [1, 1, 1, 1, 0])
    assert list(neighbours(g, "b")) == ["a", "c"]
    assert list(neighbours(g, "a")) == ["b"]
    with pytest.raises(InputError):
        neighbours(g, "z")


def test_sharing_strong_clusters_without_sectors_is_empty():
    strong = pd.DataFrame(index=["p", "q"], columns=[], dtype=bool)
    assert sharing_strong_clusters(strong, "p").empty
