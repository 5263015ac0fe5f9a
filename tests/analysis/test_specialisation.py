"""Tests for analysis.specialisation (golden values from EconGeo and REAT)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from numpy.testing import assert_allclose

from analysis import (
    AlignmentError,
    average_location_quotient,
    focus,
    hachman,
    krugman_index,
    location_quotient,
    share_of_sector,
    specialisation_coefficient,
)
from tests.analysis._matrices import ECONGEO, matrices

RTOL = 1e-9


def test_lq_matches_hand_computed_two_by_two():
    """Check that lq matches hand computed two by two."""
    # hand-computed: R1 = (A 10, B 30), R2 = (A 30, B 30); LQ_R1,A = (10/40)/(40/100)
    m = pd.DataFrame({"A": [10.0, 30.0], "B": [30.0, 30.0]}, index=["R1", "R2"])
    assert_allclose(location_quotient(m)["A"], [0.625, 1.25], rtol=RTOL)


def test_lq_matches_econgeo_example():
    """Check that lq matches econgeo example."""
    # EconGeo location_quotient man page (research/anchors.md §3.2 A)
    lq = location_quotient(ECONGEO)
    assert_allclose(lq.loc["R2"], [0, 0.75, 0.25, 3.5, 0.5], rtol=RTOL)
    assert_allclose(lq.loc["R3"], [0, 1, 0.5, 1, 2.5], rtol=RTOL)


def test_binary_lq_matches_econgeo_and_keeps_exact_one():
    """Check that binary lq matches econgeo and keeps exact one."""
    # EconGeo binary LQ: R3 has LQ exactly 1 for I2 and I4 -> 1
    binary = location_quotient(ECONGEO, binary=True)
    assert_allclose(binary.loc["R3"], [0, 1, 0, 1, 1], rtol=0)


def test_lq_matches_reat_farhauer_kroell():
    """Check that lq matches reat farhauer kroell."""
    # REAT locq(1714, 79006, 879213, 15593224) = 0.3847623 (Farhauer & Kröll)
    e_rs, e_r, e_s, e = 1714.0, 79006.0, 879213.0, 15593224.0
    m = pd.DataFrame(
        [[e_rs, e_r - e_rs], [e_s - e_rs, e - e_r - e_s + e_rs]],
        index=["r", "rest"],
        columns=["s", "other"],
    )
    assert_allclose(location_quotient(m).loc["r", "s"], 0.3847623, rtol=1e-6)


def test_average_lq_and_hachman_match_econgeo():
    """Check that average lq and hachman match econgeo."""
    # EconGeo location_quotient_avg and hachman on the 5×5 example
    assert_allclose(
        average_location_quotient(ECONGEO), [5, 2.625, 1.7, 1.575, 2.325], rtol=RTOL
    )
    expected = [0.2, 0.3809524, 0.5882353, 0.6349206, 0.4301075]
    assert_allclose(hachman(ECONGEO), expected, atol=5e-8)


def test_krugman_and_specialisation_coefficient_match_econgeo():
    """Check that krugman and specialisation coefficient match econgeo."""
    # EconGeo krugman_index and spec_coeff on the 5×5 example
    assert_allclose(krugman_index(ECONGEO), [1.6, 1.0, 0.6, 0.7, 1.1], rtol=RTOL)
    assert_allclose(
        specialisation_coefficient(ECONGEO), [0.8, 0.5, 0.3, 0.35, 0.55], rtol=RTOL
    )


def test_region_of_zeros_gives_nan_not_zero():
    """Check that region of zeros gives nan not zero."""
    m = ECONGEO.copy()
    m.loc["R1"] = 0.0
    for result in (location_quotient(m), focus(m)):
        assert result.loc["R1"].isna().all()
    assert np.isnan(krugman_index(m)["R1"])
    assert np.isnan(hachman(m)["R1"])


def test_missing_cell_stays_nan_and_is_left_out_of_reference_totals():
    """Check that missing cell stays nan and is left out of reference totals."""
    m = ECONGEO.copy()
    m.loc["R2", "I2"] = np.nan
    lq = location_quotient(m)
    assert np.isnan(lq.loc["R2", "I2"])
    # I2 known in R1, R3, R4, R5: E_.s = 0 + 20 + 25 + 40 = 85, E(s) = 4 × 100 = 400
    # R3 total = 100 -> LQ = (20/100) / (85/400)
    assert_allclose(lq.loc["R3", "I2"], 0.2 / (85 / 400), rtol=RTOL)
    # R2 total is over its known cells: 5 + 70 + 10 = 85
    assert_allclose(focus(m).loc["R2", "I4"], 70 / 85, rtol=RTOL)


def test_row_of_missing_cells_gives_nan():
    """Check that row of missing cells gives nan."""
    m = ECONGEO.copy()
    m.loc["R5"] = np.nan
    assert location_quotient(m).loc["R5"].isna().all()
    assert np.isnan(krugman_index(m)["R5"])


def test_inputs_are_not_modified():
    """Check that inputs are not modified."""
    m = ECONGEO.copy()
    m.iloc[0, 1] = np.nan
    before = m.copy()
    location_quotient(m, binary=True)
    krugman_index(m)
    hachman(m)
    pd.testing.assert_frame_equal(m, before)


def test_reference_by_country_equals_computing_each_country_separately():
    """Check that reference by country equals computing each country separately."""
    m = ECONGEO.copy()
    country = pd.Series(["AT", "AT", "DE", "DE", "DE"], index=m.index)
    within = location_quotient(m, reference=country)
    separate = pd.concat(
        [
            location_quotient(m.loc[["R1", "R2"]]),
            location_quotient(m.loc[["R3", "R4", "R5"]]),
        ]
    )
    pd.testing.assert_frame_equal(within, separate)
    shares = share_of_sector(m, reference=country)
    assert_allclose(shares.loc[["R3", "R4", "R5"], "I2"].sum(), 1.0, rtol=RTOL)


def test_reference_missing_region_raises_alignment_error():
    """Check that reference missing region raises alignment error."""
    country = pd.Series(["AT", "AT"], index=["R1", "R2"])
    with pytest.raises(AlignmentError, match=r"3 labels .* missing from reference"):
        location_quotient(ECONGEO, reference=country)


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ([[1.0, 2.0]], TypeError, "must be a pandas DataFrame"),
        (pd.DataFrame({"A": ["x", "y"]}), TypeError, "non-numeric columns"),
        (
            pd.DataFrame({"A": [1.0, -2.0]}, index=["R1", "R2"]),
            ValueError,
            "1 negative",
        ),
        (pd.DataFrame({"A": [1.0, np.inf]}), ValueError, "infinite values"),
        (pd.DataFrame([[1.0], [2.0]], index=["R1", "R1"]), ValueError, "duplicated"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(bad, error, message):
    """Check that bad input is rejected with a clear message."""
    with pytest.raises(error, match=message):
        location_quotient(bad)


@settings(max_examples=50, deadline=None)
@given(matrices(), __import__("hypothesis").strategies.floats(0.01, 1000.0))
def test_lq_is_invariant_to_scaling(m, factor):
    """Check that lq is invariant to scaling."""
    assert_allclose(location_quotient(m * factor), location_quotient(m), rtol=1e-9)


@settings(max_examples=50, deadline=None)
@given(matrices())
def test_krugman_is_between_zero_and_two(m):
    """Check that krugman is between zero and two."""
    k = krugman_index(m)
    assert ((k >= -1e-12) & (k <= 2 + 1e-12)).all()


@settings(max_examples=50, deadline=None)
@given(matrices())
def test_employment_weighted_mean_lq_is_one(m):
    """Check that employment weighted mean lq is one."""
    weights = m.sum(axis=1) / m.to_numpy().sum()
    assert_allclose(location_quotient(m).mul(weights, axis=0).sum(), 1.0, rtol=1e-9)


@settings(max_examples=50, deadline=None)
@given(matrices(), __import__("hypothesis").strategies.randoms())
def test_permuting_regions_permutes_results(m, rnd):
    """Check that permuting regions permutes results."""
    order = list(m.index)
    rnd.shuffle(order)
    shuffled = m.loc[order]
    pd.testing.assert_frame_equal(
        location_quotient(shuffled), location_quotient(m).loc[order], rtol=1e-12
    )
    pd.testing.assert_series_equal(
        krugman_index(shuffled), krugman_index(m).loc[order], rtol=1e-12
    )
