"""Tests for analysis.point_clusters: agreement with scikit-learn, golden summary, invariances."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal
from shapely.geometry import box
from sklearn.cluster import DBSCAN, HDBSCAN
from sklearn.metrics import adjusted_rand_score

from analysis import cluster_summary, point_clusters
from data.errors import AlignmentError, InputError


def laea(x_km, y_km, index=None) -> gpd.GeoDataFrame:
    """Points given in EPSG:3035 kilometres."""
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(np.asarray(x_km) * 1000.0, np.asarray(y_km) * 1000.0),
                            crs=3035, index=index)


def planted(seed: int = 1, scattered: int = 2000, per_group: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Scattered firms over 1000 × 1000 km plus three groups in 20 km discs; returns km coordinates and truth."""
    rng = np.random.default_rng(seed)
    parts, truth = [rng.uniform(0, 1000, size=(scattered, 2))], [np.full(scattered, -1)]
    for g, (cx, cy) in enumerate([(200, 200), (500, 700), (800, 300)]):
        r, t = 20 * np.sqrt(rng.uniform(size=per_group)), rng.uniform(0, 2 * np.pi, per_group)
        parts.append(np.c_[cx + r * np.cos(t), cy + r * np.sin(t)])
        truth.append(np.full(per_group, g))
    return np.vstack(parts), np.concatenate(truth)


@pytest.fixture(scope="module")
def register():
    xy, truth = planted()
    return laea(xy[:, 0], xy[:, 1], index=pd.RangeIndex(10, 10 + len(xy))), xy * 1000.0, truth


def test_hdbscan_agrees_with_scikit_learn(register):
    points, xy_m, truth = register
    ours = point_clusters(points, min_cluster_size=25)
    assert ours.index.equals(points.index) and ours.name == "cluster"
    reference = HDBSCAN(min_cluster_size=25, copy=True).fit_predict(xy_m)
    assert adjusted_rand_score(reference, ours) > 0.99  # same up to relabelling and tie-breaking
    ours5 = point_clusters(points, min_cluster_size=25, min_samples=5)
    assert adjusted_rand_score(HDBSCAN(min_cluster_size=25, min_samples=5, copy=True).fit_predict(xy_m), ours5) > 0.98
    # the planted groups are found: each group is (mostly) one cluster
    for g in range(3):
        labels = ours.to_numpy()[truth == g]
        assert (labels == np.bincount(labels[labels >= 0]).argmax()).mean() > 0.9


def test_dbscan_equals_scikit_learn_up_to_relabelling(register):
    points, xy_m, _ = register
    ours = point_clusters(points, method="dbscan", min_cluster_size=20, eps_m=8000)
    reference = DBSCAN(eps=8000, min_samples=20).fit_predict(xy_m)
    assert adjusted_rand_score(reference, ours) == 1.0
    assert_array_equal(ours.to_numpy() == -1, reference == -1)
    sizes = ours[ours >= 0].value_counts().sort_index().to_numpy()
    assert (np.diff(sizes) <= 0).all()  # numbered from the largest down


def test_weights_of_one_are_unweighted(register):
    points, _, _ = register
    ones = pd.Series(1.0, index=points.index)
    assert_array_equal(point_clusters(points, method="dbscan", eps_m=8000, weights=ones),
                       point_clusters(points, method="dbscan", eps_m=8000))
    with pytest.raises(InputError, match="HDBSCAN takes no weights"):
        point_clusters(points, weights=ones)


def test_hdbscan_with_weights_raises_naming_dbscan_for_any_size(register):
    # documented behaviour: HDBSCAN has no sample_weight (scikit-learn) or no reliable one (fast-hdbscan), so
    # weights raise a ValueError that names DBSCAN as the weighted option, also for too few firms to cluster
    points, _, _ = register
    for few in (points, points.iloc[:5]):
        with pytest.raises(ValueError, match="method='dbscan'.*sample_weight"):
            point_clusters(few, method="hdbscan", min_cluster_size=25, weights=np.ones(len(few)))
    assert (point_clusters(points.iloc[:5], method="hdbscan", min_cluster_size=25) == -1).all()


def test_weights_change_dbscan_cores():
    # three firms 100 m apart: with min_samples 5 no core point unless one firm weighs 3
    points = laea([0, 0.1, 0.2], [0, 0, 0])
    assert point_clusters(points, method="dbscan", min_cluster_size=5, eps_m=150).tolist() == [-1, -1, -1]
    assert point_clusters(points, method="dbscan", min_cluster_size=5, eps_m=150,
                          weights=np.array([1.0, 3.0, 1.0])).tolist() == [0, 0, 0]


@settings(max_examples=10, deadline=None)
@given(st.floats(-2000, 2000), st.floats(-2000, 2000), st.floats(0, 2 * np.pi))
def test_translation_and_rotation_invariance(dx, dy, angle):
    xy, _ = planted(seed=5, scattered=300, per_group=60)
    c, s = np.cos(angle), np.sin(angle)
    moved = xy @ np.array([[c, s], [-s, c]]) + [dx, dy]
    for method in ("dbscan", "hdbscan"):
        base = point_clusters(laea(xy[:, 0], xy[:, 1]), method=method, min_cluster_size=15, eps_m=8000)
        other = point_clusters(laea(moved[:, 0], moved[:, 1]), method=method, min_cluster_size=15, eps_m=8000)
        assert adjusted_rand_score(base, other) > 0.99


def test_degrees_are_reprojected_not_clustered():
    # two pairs 1 km apart on the ground, at 60° N: 1 km east is 0.018°, 1 km north 0.009°.
    pts = pd.DataFrame({"lon": [10.0, 10.018, 30.0, 30.0], "lat": [60.0, 60.0, 50.0, 50.009]})
    labels = point_clusters(pts, method="dbscan", min_cluster_size=2, eps_m=1100)
    assert labels.tolist() == [1, 1, 0, 0] or labels.tolist() == [0, 0, 1, 1]
    with pytest.raises(InputError):
        point_clusters(pts, method="optics")
    with pytest.raises(InputError):
        point_clusters(pts.assign(lon=[np.nan, 1, 2, 3]))


def test_cluster_summary_golden():
    # cluster 0: a 1 km square (corners) in region R1 (3 firms) and R2 (1 firm); cluster 1: 3 firms in a line.
    points = laea([0, 1, 0, 1, 50, 50.5, 51, 90], [0, 0, 1, 1, 0, 0, 0, 90])
    points["nace"] = ["C29", "C29", "C28", "C29", "J62", "J62", "J62", "A01"]
    points["employees"] = [5.0, 300.0, np.nan, 20.0, 1.0, 2.0, 3.0, 7.0]
    labels = pd.Series([0, 0, 0, 0, 1, 1, 1, -1], index=points.index)
    nuts = gpd.GeoDataFrame({"nuts_id": ["R1", "R2", "R10", "R20"], "level": [2, 2, 3, 3]},
                            geometry=[box(-5e3, -5e3, 0.5e3, 5e3), box(0.5e3, -5e3, 100e3, 100e3),
                                      box(-5e3, -5e3, 0.5e3, 5e3), box(0.5e3, -5e3, 100e3, 100e3)], crs=3035)
    out = cluster_summary(points, labels, nuts=nuts, ratio=1.0)
    assert out.index.tolist() == [0, 1] and out.crs.to_epsg() == 4326
    assert out["firms"].tolist() == [4, 3]
    assert out["employees"].tolist() == [325.0, 6.0]
    assert out.loc[0, "sme_firm_share"] == pytest.approx(2 / 3)  # 5 and 20 < 250; one size unknown
    assert out.loc[0, "sme_employment_share"] == pytest.approx(25 / 325)
    assert out.loc[1, "sme_firm_share"] == 1.0
    assert out.loc[0, "nace"] == "C29 75% · C28 25%"
    assert out.loc[0, "area_km2"] == pytest.approx(1.0, rel=1e-9)  # the square's convex hull
    assert out.loc[1, "area_km2"] == 0.0  # collinear members: a line
    assert out.loc[0, "nuts2"] == "R1 50% · R2 50%"  # x = 0 west of 0.5 km: 2 of 4
    assert out.loc[1, "nuts3"] == "R20 100%"
    with pytest.raises(AlignmentError):
        cluster_summary(points, labels.iloc[:-1])


def test_cluster_summary_without_sizes_or_clusters():
    points = laea([0, 1, 2], [0, 0, 0])
    out = cluster_summary(points, pd.Series([-1, -1, -1], index=points.index))
    assert len(out) == 0
    out = cluster_summary(points, pd.Series([0, 0, 0], index=points.index))
    assert np.isnan(out.loc[0, "sme_firm_share"]) and np.isnan(out.loc[0, "employees"])
