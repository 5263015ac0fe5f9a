"""Tests for analysis.concentration (golden values from EconGeo and REAT)."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from analysis import (
    AlignmentError,
    ellison_glaeser,
    ellison_glaeser_from_counts,
    gini,
    hoover_gini,
    hoover_index,
    locational_gini,
    maurel_sedillot,
    sector_herfindahl,
    theil,
)
from tests.analysis._matrices import ECONGEO

# REAT ellison.a man page (Farhauer & Kröll): firms in Wien, Linz and Graz
PLANTS = pd.DataFrame(
    {
        "region": ["Wien"] * 5 + ["Linz"] * 4 + ["Graz"],
        "sector": "X",
        "employees": [200, 650, 12000, 100, 50, 16000, 13000, 1500, 1500, 25000],
    }
)
TOTALS = pd.Series({"Wien": 500000.0, "Linz": 400000.0, "Graz": 100000.0})


def test_locational_gini_matches_econgeo():
    """Check that locational gini matches econgeo."""
    # EconGeo locational_gini (halved convention, max 0.5)
    assert_allclose(locational_gini(ECONGEO), [0.40, 0.18, 0.27, 0.31, 0.28], atol=1e-9)


def test_gini_per_sector_matches_econgeo():
    """Check that gini per sector matches econgeo."""
    # EconGeo gini per column of the 5×5 example
    values = [gini(ECONGEO[c]) for c in ECONGEO]
    assert_allclose(values, [0.80, 0.36, 0.54, 0.62, 0.56], atol=1e-9)
    assert_allclose(gini([0, 10, 10, 30, 50]), 0.48, atol=1e-12)


def test_hoover_index_matches_econgeo():
    """Check that hoover index matches econgeo."""
    # EconGeo hoover_index with row-total reference
    assert_allclose(hoover_index(ECONGEO), [80, 25, 45, 50, 50], atol=1e-9)


def test_hoover_examples_match_econgeo():
    """Check that hoover examples match econgeo."""
    # EconGeo Hoover.Gini / Hoover.index man pages: ind vs pop
    m = pd.DataFrame({"I": [0.0, 10, 10, 30, 50]}, index=list("abcde"))
    pop = pd.Series([10.0, 15, 20, 25, 30], index=list("abcde"))
    assert_allclose(hoover_gini(m, reference=pop)["I"], 0.31, atol=5e-4)
    assert_allclose(hoover_index(m, reference=pop)["I"], 25.0, atol=1e-9)


def test_hoover_gini_of_all_zero_sector_is_nan():
    """Check that hoover gini of all zero sector is nan."""
    m = pd.DataFrame({"I1": [0.0, 0, 0], "I2": [1.0, 2, 3]}, index=list("abc"))
    assert np.isnan(hoover_gini(m)["I1"]) and np.isnan(hoover_index(m)["I1"])


def test_theil_matches_reat():
    """Check that theil matches reat."""
    # REAT theil(c(10,10,10,20,50)) = 0.2326302 (Theil-L); Theil-T = 0.2502012
    assert_allclose(theil([10, 10, 10, 20, 50], kind="L"), 0.2326302, atol=5e-8)
    assert_allclose(theil([10, 10, 10, 20, 50]), 0.2502012, atol=5e-8)


def test_theil_rejects_unknown_kind():
    """Check that theil rejects unknown kind."""
    with pytest.raises(ValueError, match=r"kind was 'X'; expected one of \['T', 'L'\]"):
        theil([1, 2], kind="X")


def test_sector_herfindahl_matches_reat():
    """Check that sector herfindahl matches reat."""
    # REAT herf(c(20, 50, 20, 10)) = 0.34
    m = pd.DataFrame({"A": [20.0, 50, 20, 10]}, index=list("abcd"))
    assert_allclose(sector_herfindahl(m)["A"], 0.34, rtol=1e-12)


def test_ellison_glaeser_matches_reat_farhauer_kroell():
    """Check that ellison glaeser matches reat farhauer kroell."""
    # REAT ellison.a: H = 0.2446888, G = 0.1681633, gamma = 0.05990628
    out = ellison_glaeser(PLANTS, TOTALS).loc["X"]
    assert_allclose(out["H"], 0.2446888, atol=5e-8)
    assert_allclose(out["G"], 0.1681633, atol=5e-8)
    assert_allclose(out["gamma"], 0.05990628, atol=5e-9)


def test_maurel_sedillot_matches_formula_value():
    """Check that maurel sedillot matches formula value."""
    # research/anchors.md §3.2 D: G_MS = -0.0844476, gamma_MS = -0.4357626
    out = maurel_sedillot(PLANTS, TOTALS).loc["X"]
    assert_allclose(out["G"], -0.0844476, atol=5e-8)
    assert_allclose(out["gamma"], -0.4357626, atol=5e-8)


def test_ellison_glaeser_from_counts_equals_plants_of_equal_size():
    """Check that ellison glaeser from counts equals plants of equal size."""
    plants = pd.DataFrame(
        {"region": ["A", "A", "B", "C"], "sector": "S", "employees": [5.0, 5, 20, 7]}
    )
    totals = pd.Series({"A": 100.0, "B": 300.0, "C": 50.0})
    emp = pd.DataFrame({"S": [10.0, 20, 7]}, index=list("ABC"))
    units = pd.DataFrame({"S": [2.0, 1, 1]}, index=list("ABC"))
    pd.testing.assert_frame_equal(
        ellison_glaeser_from_counts(emp, units, totals), ellison_glaeser(plants, totals)
    )


def test_ellison_glaeser_from_counts_with_units_missing_gives_nan():
    """Check that ellison glaeser from counts with units missing gives nan."""
    emp = pd.DataFrame({"S": [10.0, 20, 7]}, index=list("ABC"))
    units = pd.DataFrame({"S": [2.0, 0, 1]}, index=list("ABC"))
    totals = pd.Series({"A": 100.0, "B": 300.0, "C": 50.0})
    assert np.isnan(ellison_glaeser_from_counts(emp, units, totals).loc["S", "gamma"])


def test_ellison_glaeser_errors_name_the_problem():
    """Check that ellison glaeser errors name the problem."""
    with pytest.raises(ValueError, match=r"lacks columns \['employees'\]"):
        ellison_glaeser(PLANTS.drop(columns="employees"), TOTALS)
    with pytest.raises(AlignmentError, match="no total in region_totals"):
        ellison_glaeser(PLANTS, TOTALS.drop("Graz"))


def test_vector_functions_reject_negative_values():
    """Check that vector functions reject negative values."""
    with pytest.raises(ValueError, match="negative or infinite"):
        gini([1.0, -1.0])
    with pytest.raises(TypeError, match="one-dimensional array-like"):
        gini("abc")
