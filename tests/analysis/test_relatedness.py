"""Relatedness, relatedness density and complexity: golden values on the EconGeo 5×5 matrix, identities.

By hand on ECONGEO (every row and column sums to 100, total 500, so LQᵣₛ = Eᵣₛ / 20 and Mᵣₛ = 1 ⇔ Eᵣₛ ≥ 20):
M = R1: I1 · R2: I4 · R3: I2 I4 I5 · R4: I2 I3 I5 · R5: I2 I3.
C = MᵀM (diagonal 0): I2–I3 = 2 (R4, R5), I2–I4 = 1 (R3), I2–I5 = 2 (R3, R4), I3–I5 = 1 (R4), I4–I5 = 1 (R3),
I1 and I3–I4: 0. s = (0, 5, 3, 2, 4), T = 14.
"""

from __future__ import annotations

from math import sqrt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import co_occurrence, complexity, incidence, relatedness, relatedness_density
from analysis.relatedness import METHODS
from data.errors import AlignmentError, InputError
from tests.analysis._matrices import ECONGEO, matrices

S = ["I1", "I2", "I3", "I4", "I5"]
M_HAND = pd.DataFrame([[1, 0, 0, 0, 0], [0, 0, 0, 1, 0], [0, 1, 0, 1, 1], [0, 1, 1, 0, 1], [0, 1, 1, 0, 0]],
                      index=ECONGEO.index, columns=S, dtype=float)
C_HAND = pd.DataFrame([[0, 0, 0, 0, 0], [0, 0, 2, 1, 2], [0, 2, 0, 0, 1], [0, 1, 0, 0, 1], [0, 2, 1, 1, 0]],
                      index=S, columns=S, dtype=float)


def test_incidence_golden() -> None:
    pd.testing.assert_frame_equal(incidence(ECONGEO), M_HAND)


def test_incidence_drops_rows_and_columns_without_data_keeps_unknown_cells() -> None:
    m = ECONGEO.copy()
    m.loc["R6"] = np.nan
    m["I6"] = np.nan
    m.loc["R3", "I2"] = np.nan
    out = incidence(m)
    assert list(out.index) == list(ECONGEO.index) and list(out.columns) == S
    assert np.isnan(out.loc["R3", "I2"])  # unknown, never 0


def test_co_occurrence_golden() -> None:
    pd.testing.assert_frame_equal(co_occurrence(M_HAND), C_HAND)


def test_co_occurrence_unknown_cell_adds_nothing() -> None:
    m = M_HAND.copy()
    m.loc["R3", "I2"] = np.nan
    c = co_occurrence(m)
    assert c.loc["I2", "I4"] == 0 and c.loc["I2", "I5"] == 1 and c.loc["I4", "I5"] == 1


# Hand values (s = 0, 5, 3, 2, 4; T = 14):
GOLDEN = {
    "association": {("I2", "I3"): 2 * 14 / 15, ("I2", "I4"): 14 / 10, ("I4", "I5"): 14 / 8, ("I3", "I5"): 14 / 12},
    "cosine": {("I2", "I3"): 2 / sqrt(15), ("I2", "I4"): 1 / sqrt(10), ("I4", "I5"): 1 / sqrt(8)},
    "jaccard": {("I2", "I3"): 2 / 6, ("I2", "I5"): 2 / 7, ("I4", "I5"): 1 / 5},
    # 2 / [(15/2)(1/9 + 1/11)] = 198/150; 1 / [(8/2)(1/12 + 1/10)] = 15/11
    "probability": {("I2", "I3"): 198 / 150, ("I4", "I5"): 15 / 11, ("I3", "I4"): 0.0},
}


@pytest.mark.parametrize("method", METHODS)
def test_relatedness_golden(method: str) -> None:
    phi = relatedness(C_HAND, method)
    for (a, b), expected in GOLDEN[method].items():
        assert phi.loc[a, b] == pytest.approx(expected, rel=1e-12)
        assert phi.loc[b, a] == pytest.approx(expected, rel=1e-12)
    assert (phi.loc["I1"] == 0).all() and (phi["I1"] == 0).all()  # 0/0 → 0 (EconGeo)
    assert (np.diag(phi) == 0).all()


def test_relatedness_sets_input_diagonal_to_zero() -> None:
    c = C_HAND + np.eye(5) * 7.0
    pd.testing.assert_frame_equal(relatedness(c, "cosine"), relatedness(C_HAND, "cosine"))


def test_relatedness_rejects_unknown_method_and_non_square() -> None:
    with pytest.raises(InputError, match="method"):
        relatedness(C_HAND, "pearson")
    with pytest.raises(AlignmentError):
        relatedness(C_HAND.iloc[:, :4], "cosine")


def test_relatedness_density_golden() -> None:
    phi = relatedness(C_HAND, "association")
    rd = relatedness_density(M_HAND, phi)
    # R5 (I2, I3) for I5: 100 (1.4 + 14/12) / (1.4 + 14/12 + 1.75)
    assert rd.loc["R5", "I5"] == pytest.approx(100 * (1.4 + 14 / 12) / (1.4 + 14 / 12 + 1.75))
    # R2 (I4) for I2: 100 · 1.4 / (28/15 + 1.4 + 1.4)
    assert rd.loc["R2", "I2"] == pytest.approx(100 * 1.4 / (28 / 15 + 2.8))
    assert rd.loc["R3", "I3"] == pytest.approx(100.0)  # I3 is related to I2 and I5 only; R3 has both
    assert rd["I1"].isna().all()  # I1 is related to no sector


def test_relatedness_density_aligns_sector_order_and_rejects_other_sectors() -> None:
    phi = relatedness(C_HAND, "cosine")
    shuffled = phi.loc[S[::-1], S[::-1]]
    pd.testing.assert_frame_equal(relatedness_density(M_HAND, shuffled), relatedness_density(M_HAND, phi))
    with pytest.raises(AlignmentError):
        relatedness_density(M_HAND, phi.iloc[:4, :4])


def test_incidence_must_be_binary() -> None:
    with pytest.raises(InputError, match="0, 1 or NaN"):
        co_occurrence(ECONGEO)


@settings(max_examples=40, deadline=None)
@given(matrices(min_regions=3, max_regions=8, min_sectors=3, max_sectors=7), st.sampled_from(METHODS))
def test_relatedness_properties(m: pd.DataFrame, method: str) -> None:
    inc = incidence(m)
    assert set(np.unique(inc.to_numpy())) <= {0.0, 1.0}
    c = co_occurrence(inc)
    assert np.allclose(c, c.T) and (np.diag(c) == 0).all()
    phi = relatedness(c, method)
    values = phi.to_numpy()
    assert np.allclose(values, values.T) and np.isfinite(values).all() and (values >= 0).all()
    assert (np.diag(values) == 0).all()
    if method in ("cosine", "jaccard"):
        assert (values <= 1 + 1e-12).all()
    assert ((values > 0) == (c.to_numpy() > 0)).all()  # related exactly where sectors co-occur
    rd = relatedness_density(inc, phi).to_numpy()
    known = rd[~np.isnan(rd)]
    assert ((known >= -1e-9) & (known <= 100 + 1e-9)).all()
    assert np.isnan(rd).any(axis=0).tolist() == (values.sum(axis=0) == 0).tolist()


# Complexity. Without R1 and I1 (a separate component), M = R2: I4 · R3: I2 I4 I5 · R4: I2 I3 I5 · R5: I2 I3;
# diversity (R2..R5) = 1, 3, 3, 2; ubiquity (I2..I5) = 3, 2, 2, 2.
SUB = M_HAND.loc["R2":, "I2":]


def test_complexity_disconnected_graph_is_a_clear_error() -> None:
    for method in ("reflections", "eigenvector"):
        with pytest.raises(InputError, match="separate groups"):
            complexity(M_HAND, method)


def test_reflections_golden() -> None:
    step0 = complexity(SUB, "reflections", steps=0)
    assert step0.regions.tolist() == [1, 3, 3, 2] and step0.sectors.tolist() == [3, 2, 2, 2]
    step1 = complexity(SUB, "reflections", steps=1)
    # regions: mean ubiquity of their sectors; sectors: mean diversity of their regions
    assert step1.regions.tolist() == pytest.approx([2, 7 / 3, 7 / 3, 2.5])
    assert step1.sectors.tolist() == pytest.approx([8 / 3, 2.5, 2, 3])
    step2 = complexity(SUB, "reflections", steps=2)
    assert step2.regions["R2"] == pytest.approx(2)  # I4 only: 2
    assert step2.regions["R3"] == pytest.approx((8 / 3 + 2 + 3) / 3)
    assert step2.sectors["I3"] == pytest.approx((7 / 3 + 2.5) / 2)  # R4, R5


def test_reflections_hidalgo_hausmann_figure_s4() -> None:
    """Hidalgo & Hausmann (2009) Fig. S4, the example of EconGeo ``MORc``: C1 P1–P4, C2 P2, C3 P3 P4, C4 P4."""
    m = pd.DataFrame([[1, 1, 1, 1], [0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 1]],
                     index=["C1", "C2", "C3", "C4"], columns=["P1", "P2", "P3", "P4"], dtype=float)
    step2 = complexity(m, "reflections", steps=2)
    # step 1 sectors: P1 4, P2 2.5, P3 3, P4 7/3
    assert step2.regions.tolist() == pytest.approx([(4 + 2.5 + 3 + 7 / 3) / 4, 2.5, (3 + 7 / 3) / 2, 7 / 3])
    # step 2 sectors (mean of step-1 regions 2, 2, 2.5, 3): 2, 2, 2.25, 2.5; step 3 regions before rescaling
    # C1 (2 + 2 + 2.25 + 2.5)/4 = 2.1875, C2 2, C3 2.375, C4 2.5 → rescaled (x − 2)/0.5 · 100
    step3 = complexity(m, "reflections", steps=3)
    assert complexity(m, "reflections", steps=2).sectors.tolist() == pytest.approx([2, 2, 2.25, 2.5])
    assert step3.regions.tolist() == pytest.approx([37.5, 0, 75, 100])
    step20 = complexity(m, "reflections", steps=20)
    assert step20.regions.min() == pytest.approx(0) and step20.regions.max() == pytest.approx(100)


def test_eigenvector_matches_the_transition_matrix() -> None:
    """Independent check: the second eigenvector of M̃ = D⁻¹MU⁻¹Mᵀ computed with numpy's eig."""
    result = complexity(SUB, "eigenvector")
    m = SUB.to_numpy()
    d, u = m.sum(axis=1), m.sum(axis=0)
    for mat, got in (((m / d[:, None]) @ (m.T / u[:, None]), result.regions),
                     ((m.T / u[:, None]) @ (m / d[:, None]), result.sectors)):
        w, v = np.linalg.eig(mat)
        order = np.argsort(-w.real)
        second = v[:, order[1]].real
        assert abs(np.corrcoef(second, got)[0, 1]) == pytest.approx(1.0)
        assert result.eigenvalue == pytest.approx(w.real[order[1]])
    assert result.regions.mean() == pytest.approx(0) and result.regions.std() == pytest.approx(1)
    # the two sign rules disagree on this matrix (corr with diversity +0.64, sectors with ubiquity +0.28):
    # the common sign maximising corr(ECI, diversity) − corr(PCI, ubiquity) is kept
    assert np.corrcoef(result.regions, d)[0, 1] == pytest.approx(0.6449, abs=1e-4)
    assert np.corrcoef(result.sectors, u)[0, 1] == pytest.approx(0.2807, abs=1e-4)
    assert result.regions.idxmin() == "R2" and result.sectors.idxmin() == "I4"  # R2 holds I4 only


@settings(max_examples=30, deadline=None)
@given(matrices(min_regions=4, max_regions=9, min_sectors=3, max_sectors=7))
def test_eigenvector_regions_and_sectors_agree(m: pd.DataFrame) -> None:
    """A region's ECI has the sign of the mean PCI of its sectors (both from one SVD); the sign rule's score ≥ 0."""
    inc = incidence(m)
    try:
        result = complexity(inc, "eigenvector")
    except InputError:
        return  # disconnected or too small: no ranking
    kept = inc.fillna(0).loc[result.regions.dropna().index, result.sectors.dropna().index]
    d, u = kept.sum(axis=1).to_numpy(), kept.sum(axis=0).to_numpy()
    mean_of_sectors = kept.to_numpy() @ result.sectors.dropna().to_numpy() / d
    regions = result.regions.dropna().to_numpy()
    if np.std(mean_of_sectors) > 1e-9 and np.std(regions) > 1e-9:
        assert np.corrcoef(regions, mean_of_sectors)[0, 1] == pytest.approx(1.0, abs=1e-6)

    def corr(x, y):
        return 0.0 if np.std(x) == 0 or np.std(y) == 0 else np.corrcoef(x, y)[0, 1]

    assert corr(regions, d) - corr(result.sectors.dropna().to_numpy(), u) >= -1e-12


def test_complexity_drops_empty_rows_and_needs_two_by_two() -> None:
    m = SUB.copy()
    m.loc["R9"] = 0.0
    result = complexity(m, "eigenvector")
    assert np.isnan(result.regions["R9"]) and result.regions.drop("R9").notna().all()
    with pytest.raises(InputError, match="at least 2"):
        complexity(SUB.iloc[:1], "reflections")
    with pytest.raises(InputError, match="steps"):
        complexity(SUB, "reflections", steps=-1)


def test_complexity_result_is_frozen() -> None:
    result = complexity(SUB)
    with pytest.raises(AttributeError):
        result.method = "x"  # type: ignore[misc]


def test_registry_wrappers_keep_the_labels_of_the_matrix() -> None:
    from analysis.complexity import region_complexity
    from analysis.relatedness import density_of_matrix

    density = density_of_matrix(ECONGEO)
    assert density.index.equals(ECONGEO.index) and density.columns.equals(ECONGEO.columns)
    pd.testing.assert_frame_equal(density, relatedness_density(M_HAND, relatedness(C_HAND, "probability")))
    eci = region_complexity(ECONGEO)  # R1 (with I1) stands apart: no value; the others as on SUB
    assert np.isnan(eci["R1"])
    pd.testing.assert_series_equal(eci.drop("R1"), complexity(SUB).regions, check_names=False)
    assert region_complexity(ECONGEO.iloc[:2]).isna().all()  # too small: NaN, not an error


def test_incidence_of_lqs_thresholds_at_one() -> None:
    lq = pd.DataFrame({"A": [0.5, 1.0, np.nan], "B": [1 - 1e-13, 3.0, np.nan]}, index=["R1", "R2", "R3"])
    out = incidence(lq, binary=True)
    assert out.to_dict() == {"A": {"R1": 0.0, "R2": 1.0}, "B": {"R1": 1.0, "R2": 1.0}}  # R3 dropped


@settings(max_examples=60, deadline=None)
@given(matrices(min_regions=2, max_regions=8, min_sectors=2, max_sectors=6), st.data())
def test_incidence_equals_the_binary_location_quotient(m: pd.DataFrame, data) -> None:
    """The numpy LQ of ``incidence`` follows ``location_quotient``'s NaN rules (missing cells, zero rows)."""
    from analysis.specialisation import location_quotient

    mask = np.array(data.draw(st.lists(st.booleans(), min_size=m.size, max_size=m.size))).reshape(m.shape)
    m = m.mask(mask)
    if data.draw(st.booleans()):
        m.iloc[0] = 0.0  # a region whose cells are all 0: no LQ
    expected = location_quotient(m, binary=True).dropna(how="all").dropna(how="all", axis=1)
    pd.testing.assert_frame_equal(incidence(m), expected)
