"""Tests for analysis.clusters (ECO stars and US Cluster Mapping strong clusters)."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from analysis import (
    AlignmentError,
    StarComponents,
    cluster_stars,
    cluster_strength,
    star_components,
    strong_clusters,
)
from tests.analysis._matrices import ECONGEO


def test_stars_on_econgeo_example():
    """Check that stars on econgeo example."""
    stars = cluster_stars(ECONGEO)
    # top 10 % of 5 regions = 1 region per sector for size and focus; LQ >= 2
    assert stars.loc["R1", "I1"] == 3
    assert stars.loc["R2", "I4"] == 3
    assert stars.loc["R5", "I2"] == 3  # largest share and focus in I2, LQ = 2
    assert stars.loc["R4", "I5"] == 1  # LQ = 2 only; R3 has the larger share and focus
    assert str(stars.dtypes.iloc[0]) == "Int64"


def test_star_thresholds_are_parameters():
    """Check that star thresholds are parameters."""
    loose = star_components(
        ECONGEO, size_top=0.4, specialisation_min=1.0, focus_top=0.4
    )
    assert isinstance(loose, StarComponents)
    assert loose.size["I2"].sum() == 2  # R5 (40) and R4 (25)
    assert bool(loose.specialisation.loc["R3", "I2"])  # LQ exactly 1
    strict = star_components(ECONGEO, specialisation_min=3.0)
    assert (
        strict.specialisation.to_numpy(dtype=bool).sum() == 2
    )  # R1 I1 = 5, R2 I4 = 3.5


def test_stars_are_missing_not_zero_for_missing_cells():
    """Check that stars are missing not zero for missing cells."""
    m = ECONGEO.copy()
    m.loc["R3", "I5"] = np.nan
    assert cluster_stars(m).loc["R3", "I5"] is pd.NA


def test_star_fraction_out_of_range_is_rejected():
    """Check that star fraction out of range is rejected."""
    with pytest.raises(
        ValueError, match=r"size_top was 1.5; allowed: a number in \(0.0, 1.0\]"
    ):
        cluster_stars(ECONGEO, size_top=1.5)


def test_strong_clusters_small_example():
    """Check that strong clusters small example."""
    # One sector, 5 regions with employment; LQ from a two-sector matrix
    emp = pd.DataFrame(
        {"S": [80.0, 10, 40, 5, 30, 0], "other": [20.0, 90, 60, 95, 70, 50]},
        index=list("abcdef"),
    )
    units = pd.DataFrame({"S": [8.0, 1, 4, 1, 3, 0], "other": 5.0}, index=emp.index)
    strong = strong_clusters(emp, units)
    # LQ_S: a 2.84, b 0.35, c 1.42, d 0.18, e 1.06 (f has no employment)
    # Q75 of LQ over a..e (linear) = 1.42 -> a and c; Q25 emp = 10, Q25 units = 1
    assert strong["S"].tolist() == [True, False, True, False, False, False]
    assert strong.dtypes.eq(bool).all()


def test_cluster_strength_is_share_of_employment_in_strong_cells():
    """Check that cluster strength is share of employment in strong cells."""
    emp = pd.DataFrame(
        {"A": [30.0, 0.0, 5.0], "B": [10.0, 0.0, np.nan]}, index=list("xyz")
    )
    strong = pd.DataFrame(
        {"A": [True, False, True], "B": [True, False, False]}, index=list("xyz")
    )
    assert_allclose(cluster_strength(emp, strong), [1.0, np.nan, 1.0])


def test_strong_clusters_requires_matching_labels():
    """Check that strong clusters requires matching labels."""
    emp = ECONGEO
    with pytest.raises(
        AlignmentError, match="units and employment differ in their index"
    ):
        strong_clusters(emp, emp.drop(index="R1"))
