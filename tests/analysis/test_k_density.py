"""Tests for analysis.k_density: hand-computed golden values, exact vs binned paths, envelope, properties."""

import dataclasses
import importlib

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from analysis import KDensityEnvelope, k_density, k_density_envelope, silverman_bandwidth
from data.errors import CRSError, InputError

kd = importlib.import_module("analysis.k_density")  # the module (``analysis.k_density`` is also the function)


def laea(x_km, y_km) -> gpd.GeoDataFrame:
    """Points given in EPSG:3035 kilometres (so that distances are exactly what the test says)."""
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(np.asarray(x_km) * 1000.0, np.asarray(y_km) * 1000.0),
                            crs=3035)


def test_three_points_golden():
    # A 3-4-5 right triangle: distances 3, 4, 5 km. sd = 1; quartiles (type 7) 3.5 and 4.5, IQR/1.34 = 0.746269;
    # h = 0.9 · 0.746269 · 3^(−1/5) = 0.671642 · 0.802742 = 0.539155.
    # K(4) = [φ(0) + 2 φ(1/0.539155)] / (3h) = (0.398942 + 2 · 0.071434) / 1.617464 = 0.334974
    # (reflected terms φ((4 + d)/h) < 1e-20). K(0) = 2 Σ φ(d/h) / (3h) ≈ 9.33e-8.
    out = k_density(laea([0, 3, 0], [0, 0, 4]), distances_km=[0.0, 4.0])
    assert out.attrs["bandwidth_km"] == pytest.approx(0.539155, abs=1e-6)
    assert out.loc[4.0] == pytest.approx(0.334974, abs=1e-6)
    assert out.loc[0.0] == pytest.approx(9.3326e-8, rel=1e-3)
    assert silverman_bandwidth(np.array([3.0, 4.0, 5.0])) == pytest.approx(0.539155, abs=1e-6)


def test_square_lattice_golden():
    # Unit square (km): four distances of 1 and two of √2. Mean 1.138071; sd = √(0.228764/5) = 0.213899;
    # quartiles 1 and 1 + 0.75·(√2 − 1) = 1.310660, IQR/1.34 = 0.231836 > sd, so
    # h = 0.9 · 0.213899 · 6^(−1/5) = 0.192509 · 0.698827 = 0.134531.
    # K(1) = [4 φ(0) + 2 φ(0.414214/0.134528)] / (6h) = (1.595769 + 2 · 0.0034855) / 0.807186 = 1.985590.
    out = k_density(laea([0, 1, 0, 1], [0, 0, 1, 1]), distances_km=[1.0])
    assert out.attrs["bandwidth_km"] == pytest.approx(0.134531, abs=1e-6)
    assert out.iloc[0] == pytest.approx(1.985590, rel=1e-5)


def test_weighted_pairs_golden():
    # Weights 1, 1, 2 on the 3-4-5 triangle (firm 3 at (0, 4)): pairs (1,2) d=3 w=1, (1,3) d=4 w=2, (2,3) d=5 w=2.
    # Bandwidth from the unweighted distances (h = 0.539155). K(3) = [1·φ(0) + 2·φ(1/h) + 2·φ(2/h)] / (5h)
    # = (0.398942 + 0.142868 + 2 · 0.000404) / 2.695774 = 0.201285.
    out = k_density(laea([0, 3, 0], [0, 0, 4]), distances_km=[3.0], weights=np.array([1.0, 1.0, 2.0]))
    assert out.iloc[0] == pytest.approx(0.201285, rel=1e-4)


def test_integrates_to_one_and_binned_path_agrees():
    rng = np.random.default_rng(3)
    xy = rng.normal(size=(250, 2)) * 20.0
    d = np.linspace(0, 200, 401)
    exact, h_exact = kd._density(xy, None, d, kd._span(xy), exact=True)
    binned, h_binned = kd._density(xy, None, d, kd._span(xy), exact=False)
    assert np.trapezoid(exact, d) == pytest.approx(1.0, abs=2e-3)
    assert h_binned == pytest.approx(h_exact, rel=1e-4)
    assert np.abs(binned - exact).max() < 1e-4 * exact.max()
    w = rng.integers(1, 50, 250).astype(float)
    exact_w, _ = kd._density(xy, w, d, kd._span(xy), exact=True)
    binned_w, _ = kd._density(xy, w, d, kd._span(xy), exact=False)
    assert np.abs(binned_w - exact_w).max() < 1e-4 * exact_w.max()


def test_degrees_are_projected():
    # the same firms as lon/lat (EPSG:4326) and as reprojected geometries give the same density
    frame = pd.DataFrame({"lon": [10.0, 10.1, 10.3, 10.0], "lat": [50.0, 50.05, 50.0, 50.2]})
    geo = gpd.GeoDataFrame(geometry=gpd.points_from_xy(frame.lon, frame.lat), crs=4326).to_crs(3035)
    assert_allclose(k_density(frame, distances_km=[5, 10]), k_density(geo, distances_km=[5, 10]), rtol=1e-9)
    with pytest.raises(CRSError):
        k_density(gpd.GeoDataFrame(geometry=list(geo.geometry)), distances_km=[1])
    with pytest.raises(InputError):
        k_density(laea([0, 1], [0, 1]), distances_km=[1])


coords = st.lists(st.tuples(st.floats(-100, 100), st.floats(-100, 100)), min_size=3, max_size=25, unique=True)


@settings(max_examples=25, deadline=None)
@given(coords, st.floats(-500, 500), st.floats(-500, 500), st.floats(0, 2 * np.pi))
def test_translation_and_rotation_invariance(points, dx, dy, angle):
    xy = np.array(points)
    if kd._span(xy) < 1e-3:
        return
    d = np.array([0.0, 5.0, 20.0, 60.0])
    base = k_density(laea(xy[:, 0], xy[:, 1]), distances_km=d)
    c, s = np.cos(angle), np.sin(angle)
    moved = xy @ np.array([[c, s], [-s, c]]) + [dx, dy]
    other = k_density(laea(moved[:, 0], moved[:, 1]), distances_km=d)
    assert_allclose(other.to_numpy(), base.to_numpy(), rtol=1e-6, atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(coords)
def test_weights_of_one_are_unweighted(points):
    xy = np.array(points)
    g = laea(xy[:, 0], xy[:, 1])
    d = np.array([0.0, 3.0, 30.0])
    assert_allclose(k_density(g, distances_km=d, weights=np.ones(len(g))), k_density(g, distances_km=d),
                    rtol=1e-12)


def _register(seed: int = 0):
    rng = np.random.default_rng(seed)
    everyone = laea(rng.uniform(0, 600, 3000), rng.uniform(0, 600, 3000))
    centre = rng.uniform(100, 500, 2)
    r, t = 15 * np.sqrt(rng.uniform(size=150)), rng.uniform(0, 2 * np.pi, 150)
    sector = laea(centre[0] + r * np.cos(t), centre[1] + r * np.sin(t))
    return sector, pd.concat([everyone, sector], ignore_index=True)


def test_envelope_detects_a_planted_cluster_and_is_seeded():
    sector, register = _register()
    d = np.arange(0, 181.0)
    res = k_density_envelope(sector, register, distances_km=d, n_simulations=19, seed=4)
    assert isinstance(res, KDensityEnvelope)
    assert res.gamma > 0.1 and res.psi == 0.0
    assert res.localised[:20].all() and not res.localised[100:].any()  # within a 15 km disc: pairs ≤ 30 km
    assert (res.global_upper >= res.local_upper - 1e-15).all() and (res.global_lower <= res.local_lower + 1e-15).all()
    assert res.n_used == res.n_firms == 150 and not res.sampled
    again = k_density_envelope(sector, register, distances_km=d, n_simulations=19, seed=4)
    assert_allclose(again.global_upper, res.global_upper) and again.gamma == res.gamma
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.gamma = 0.0


def test_envelope_random_sector_is_not_localised():
    _, register = _register(1)
    sector = register.iloc[np.random.default_rng(9).choice(3000, 150, replace=False)]
    res = k_density_envelope(sector, register.iloc[:3000], distances_km=np.arange(0, 181.0), n_simulations=19)
    assert res.gamma < 0.01


def test_envelope_samples_above_the_limit(monkeypatch):
    monkeypatch.setattr(kd, "MAX_FIRMS", 100)
    sector, register = _register(2)
    res = k_density_envelope(sector, register, distances_km=[1.0, 10.0], n_simulations=5)
    assert res.n_firms == 150 and res.n_used == 100 and res.sampled


def test_global_bands_by_hand():
    # five simulations over two distances; α = 0.2 → 4 of 5 must stay inside the band everywhere.
    sims = np.array([[1.0, 5.0], [2.0, 4.0], [3.0, 3.0], [4.0, 2.0], [5.0, 1.0]])
    lower, upper = kd._global_bands(sims, 0.2)
    # highest rank per simulation: 4, 3, 2, 3, 4 → sorted [2, 3, 3, 4, 4]; the 4th (index 3) is 4: upper = max
    assert_allclose(upper, [5.0, 5.0])
    assert_allclose(lower, [1.0, 1.0])
    lower, upper = kd._global_bands(np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [4.0, 4.0], [5.0, 5.0]]), 0.2)
    assert_allclose(upper, [4.0, 4.0]) and assert_allclose(lower, [2.0, 2.0])


def test_histogram_quartiles_across_blocks_and_pair_order():
    # distances over 0–3,000 km fill ~73 search blocks of 4,096 ten-metre bins; the quartiles found in two
    # steps are within one bin (10 m) of the exact type-7 quartiles, and the pair histogram does not
    # depend on the order of the firms (it sorts them by x).
    rng = np.random.default_rng(11)
    dist = rng.gamma(2.0, 400.0, 200_001)
    dist = dist[dist < 3000.0]
    counts = np.bincount((dist / kd._FINE_KM).astype(np.int64), minlength=300_002).astype(np.int32)
    got = kd._hist_quantiles(counts, len(dist), (0.25, 0.5, 0.75))
    assert_allclose(got, np.quantile(dist, [0.25, 0.5, 0.75]), atol=kd._FINE_KM)
    xy = rng.uniform(0, 900, (400, 2))
    d = np.array([0.0, 40.0, 300.0])
    shuffled = rng.permutation(400)
    a, ha = kd._density(xy, None, d, kd._span(xy), exact=False)
    b, hb = kd._density(xy[shuffled], None, d, kd._span(xy), exact=False)
    assert ha == pytest.approx(hb, rel=1e-12)
    assert_allclose(a, b, rtol=1e-12)
