"""Tests for analysis.diversity (golden values from EconGeo and REAT)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from numpy.testing import assert_allclose

from analysis import (
    AlignmentError,
    entropy,
    herfindahl,
    related_variety,
    unrelated_variety,
)
from tests.analysis._matrices import ECONGEO, matrices

TREE = pd.Series({"I1": "D1", "I2": "D1", "I3": "D2", "I4": "D2", "I5": "D3"})


def test_herfindahl_matches_econgeo():
    """Check that herfindahl matches econgeo."""
    # EconGeo herfindahl on the 5×5 example
    assert_allclose(herfindahl(ECONGEO), [1, 0.525, 0.34, 0.315, 0.465], rtol=1e-9)


def test_herfindahl_matches_reat_sales_example():
    """Check that herfindahl matches reat sales example."""
    # REAT herf(c(20, 50, 20, 10)) = 0.34
    m = pd.DataFrame([[20.0, 50.0, 20.0, 10.0]], index=["firm_set"])
    assert_allclose(herfindahl(m).iloc[0], 0.34, rtol=1e-9)


def test_entropy_matches_econgeo_to_published_decimals():
    """Check that entropy matches econgeo to published decimals."""
    # EconGeo entropy (3 decimals as published; EconGeo adds 1e-9 inside the log)
    assert_allclose(entropy(ECONGEO), [0, 1.319, 1.761, 1.766, 1.219], atol=5e-4)


def test_entropy_is_related_plus_unrelated_variety():
    """Check that entropy is related plus unrelated variety."""
    total = related_variety(ECONGEO, TREE) + unrelated_variety(ECONGEO, TREE)
    assert_allclose(total, entropy(ECONGEO), rtol=1e-12, atol=1e-12)


def test_variety_hand_computed():
    """Check that variety hand computed."""
    # R: shares 1/4, 1/4 in division C10 and 1/2 in C20 -> UV = 1 bit, RV = ½ · 1 bit
    m = pd.DataFrame({"a": [1.0], "b": [1.0], "c": [2.0]}, index=["R"])
    tree = pd.Series({"a": "C10", "b": "C10", "c": "C20"})
    assert_allclose(unrelated_variety(m, tree), [1.0], rtol=1e-12)
    assert_allclose(related_variety(m, tree), [0.5], rtol=1e-12)


def test_zero_region_gives_nan_and_missing_cells_are_skipped():
    """Check that zero region gives nan and missing cells are skipped."""
    m = ECONGEO.copy()
    m.loc["R1"] = 0.0
    m.loc["R2", "I4"] = np.nan
    assert np.isnan(herfindahl(m)["R1"]) and np.isnan(entropy(m)["R1"])
    assert_allclose(herfindahl(m)["R2"], (15**2 + 5**2 + 10**2) / 30**2, rtol=1e-12)


def test_tree_missing_a_sector_raises():
    """Check that tree missing a sector raises."""
    with pytest.raises(AlignmentError, match="missing from tree"):
        related_variety(ECONGEO, TREE.drop("I5"))


@settings(max_examples=50, deadline=None)
@given(matrices())
def test_entropy_is_at_most_log2_of_sector_count(m):
    """Check that entropy is at most log2 of sector count."""
    assert (entropy(m) <= np.log2(m.shape[1]) + 1e-12).all()
    assert (herfindahl(m) >= 1 / m.shape[1] - 1e-12).all()
