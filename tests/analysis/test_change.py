"""Change over time: golden values (hand-computed in issue 14) and properties of growth and shift-share."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import (
    TRAJECTORIES,
    AlignmentError,
    competitive_shift,
    dynamic_shift_share,
    growth,
    location_quotient,
    lq_change,
    lq_trajectory,
    share_change,
    shift_share,
    trajectory,
)
from data.errors import InputError
from tests.analysis._matrices import matrices

PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = pd.DataFrame({"s1": [100.0, 200.0], "s2": [50.0, 150.0]}, index=["A", "B"])
END = pd.DataFrame({"s1": [120.0, 210.0], "s2": [45.0, 180.0]}, index=["A", "B"])


def frame(rows: list[list[float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, index=["A", "B"], columns=["s1", "s2"])


def test_classical_shift_share_golden():
    # E0 = 500, E1 = 555 → g = 0.11; g_s1 = 330/300 − 1 = 0.10; g_s2 = 225/200 − 1 = 0.125
    r = shift_share(START, END)
    pd.testing.assert_frame_equal(r.national, frame([[11.0, 5.5], [22.0, 16.5]]))
    pd.testing.assert_frame_equal(r.industry_mix, frame([[-1.0, 0.75], [-2.0, 2.25]]))
    pd.testing.assert_frame_equal(r.competitive, frame([[10.0, -11.25], [-10.0, 11.25]]))
    assert r.net_competitive is None and r.allocation is None and r.method == "classical"


def test_esteban_marquillas_golden():
    # Ê_A,s1 = 150·300/500 = 90 → net 90·(0.2 − 0.1) = 9, allocation (100 − 90)·0.1 = 1
    r = shift_share(START, END, method="esteban_marquillas")
    pd.testing.assert_frame_equal(r.net_competitive, frame([[9.0, -13.5], [-10.5, 10.5]]))
    pd.testing.assert_frame_equal(r.allocation, frame([[1.0, 2.25], [0.5, 0.75]]))
    pd.testing.assert_frame_equal(r.competitive, frame([[10.0, -11.25], [-10.0, 11.25]]))


def test_growth_golden():
    pd.testing.assert_frame_equal(growth(START, END), frame([[20.0, -5.0], [10.0, 30.0]]))
    pd.testing.assert_frame_equal(growth(START, END, kind="percent"), frame([[20.0, -10.0], [5.0, 20.0]]))
    # (120/100)^(1/2) − 1 = 0.095445; (45/50)^(1/2) − 1 = −0.051317
    cagr = growth(START, END, kind="cagr", years=2)
    assert cagr.loc["A", "s1"] == pytest.approx(0.0954451150)
    assert cagr.loc["A", "s2"] == pytest.approx(-0.0513167019)


def test_growth_nan_rules():
    s = frame([[0.0, np.nan], [10.0, 5.0]])
    e = frame([[5.0, 3.0], [np.nan, 5.0]])
    pct = growth(s, e, kind="percent")
    assert np.isnan(pct.loc["A", "s1"]) and np.isnan(pct.loc["A", "s2"]) and np.isnan(pct.loc["B", "s1"])
    assert pct.loc["B", "s2"] == 0.0
    assert growth(s, e).loc["A", "s1"] == 5.0
    with pytest.raises(InputError, match="CAGR"):
        growth(s, e, kind="cagr")
    with pytest.raises(InputError, match="kind"):
        growth(s, e, kind="log")


def test_unknown_cells_and_zero_start():
    # A,s2 unknown at the end: excluded from every growth rate and NaN in every part.
    s = pd.DataFrame({"s1": [100.0, 200.0, 0.0], "s2": [50.0, 150.0, 10.0]}, index=["A", "B", "C"])
    e = pd.DataFrame({"s1": [120.0, 210.0, 7.0], "s2": [np.nan, 180.0, 10.0]}, index=["A", "B", "C"])
    r = shift_share(s, e, method="esteban_marquillas")
    assert r.national.loc["A", "s2"] != r.national.loc["A", "s2"]  # NaN
    # known cells: E0 = 100+200+0+150+10 = 460, E1 = 120+210+7+180+10 = 527 → g = 67/460
    g = 67 / 460
    assert r.national.loc["A", "s1"] == pytest.approx(100 * g)
    # g_s2 over B and C only: 190/160 − 1
    assert r.industry_mix.loc["B", "s2"] == pytest.approx(150 * (190 / 160 - 1 - g))
    # E0 = 0: national = mix = 0, competitive = E1 (identity), EM parts NaN
    assert r.national.loc["C", "s1"] == 0 and r.industry_mix.loc["C", "s1"] == 0
    assert r.competitive.loc["C", "s1"] == pytest.approx(7.0)
    assert np.isnan(r.net_competitive.loc["C", "s1"]) and np.isnan(r.allocation.loc["C", "s1"])


def test_labels_must_match():
    with pytest.raises(AlignmentError, match="regions"):
        shift_share(START, END.rename(index={"B": "Z"}))


def test_dynamic_shift_share_sums_the_year_pairs():
    mid = frame([[110.0, 48.0], [205.0, 160.0]])
    d = dynamic_shift_share({2011: END, 2009: START, 2010: mid})
    a, b = shift_share(START, mid), shift_share(mid, END)
    pd.testing.assert_frame_equal(d.competitive, a.competitive + b.competitive)
    pd.testing.assert_frame_equal(d.total, END - START)
    # two years: the classical decomposition
    pd.testing.assert_frame_equal(dynamic_shift_share({1: START, 2: END}).industry_mix, frame([[-1.0, 0.75],
                                                                                               [-2.0, 2.25]]))
    with pytest.raises(InputError, match="two"):
        dynamic_shift_share({2009: START})


def test_change_indices_golden():
    # LQ A,s1: 2009 (100/150)/(300/500) = 1.1111; 2014 (120/165)/(330/555) = 1.2231
    assert lq_change(START, END).loc["A", "s1"] == pytest.approx(120 / 165 / (330 / 555) - 100 / 150 / (300 / 500))
    # share A,s1: 100/300 → 120/330: +3.0303 pp
    assert share_change(START, END).loc["A", "s1"] == pytest.approx(100 * (120 / 330 - 100 / 300))
    pct = competitive_shift(START, END, percent=True)
    assert pct.loc["A", "s1"] == pytest.approx(10.0) and pct.loc["A", "s2"] == pytest.approx(-22.5)
    # LQ A,s1 1.1111 → 1.2231 (+10 %): strengthening; A,s2: 0.8333 → 0.6727 (−19 %): weakening;
    # B,s1: 0.9524 → 0.9056 (−4.9 %, inside ±5 %): stable; B,s2: 1.0714 → 1.1385 (+6.3 %): strengthening
    assert lq_trajectory(START, END).to_numpy().tolist() == [["strengthening", "weakening"],
                                                             ["stable", "strengthening"]]
    assert lq_trajectory(START, END, tolerance=0.04).loc["B", "s1"] == "weakening"


def test_trajectory_classes_and_thresholds():
    a = pd.DataFrame({"C": [0.8, 1.2, 1.0, 2.0, 0.5, np.nan, 0.0]})
    b = pd.DataFrame({"C": [1.1, 0.9, 1.02, 2.4, 0.4, 1.0, 0.3]})
    assert trajectory(a, b)["C"].tolist()[:5] == ["emerging", "fading", "stable", "strengthening", "weakening"]
    out = trajectory(a, b)["C"]
    assert pd.isna(out.iloc[5]) and out.iloc[6] == "strengthening"
    # a wider stable band and a lower specialisation threshold
    assert trajectory(a, b, tolerance=0.5)["C"].iloc[3] == "stable"
    assert trajectory(a, b, threshold=0.85)["C"].iloc[1] == "weakening"  # 1.2 → 0.9 stays above 0.85
    assert trajectory(a, b, threshold=0.7)["C"].iloc[0] == "strengthening"
    assert set(trajectory(a, b)["C"].dropna()) <= set(TRAJECTORIES)


# ---- properties -------------------------------------------------------------------------------------------------
@st.composite
def pairs(draw):
    s = draw(matrices())
    factor = draw(st.lists(st.floats(0.0, 3.0), min_size=s.size, max_size=s.size))
    e = s * np.asarray(factor).reshape(s.shape)
    holes = draw(st.lists(st.booleans(), min_size=s.size, max_size=s.size))
    e = e.mask(np.asarray(holes).reshape(s.shape) & (np.arange(s.size).reshape(s.shape) % 3 == 0))
    return s, e


@PROPS
@given(pairs())
def test_identities(pair):
    s, e = pair
    r = shift_share(s, e, method="esteban_marquillas")
    known = s.notna() & e.notna()
    np.testing.assert_allclose(r.total.where(known).to_numpy(), (e - s).where(known).to_numpy(), rtol=1e-9,
                               atol=1e-6)
    assert r.total.where(~known).isna().all().all()
    positive = known & (s > 0)
    np.testing.assert_allclose((r.net_competitive + r.allocation).where(positive).to_numpy(),
                               r.competitive.where(positive).to_numpy(), rtol=1e-9, atol=1e-6)
    # the national and industry-mix parts sum to the sectors' growth, the competitive parts of a sector to 0
    np.testing.assert_allclose(r.competitive.where(known).sum().to_numpy(), 0.0, atol=1e-6)


@PROPS
@given(pairs(), st.floats(0.01, 1e3))
def test_scaling_both_years_scales_every_part(pair, k):
    s, e = pair
    a, b = shift_share(s, e, method="esteban_marquillas"), shift_share(s * k, e * k, method="esteban_marquillas")
    for name in ("national", "industry_mix", "competitive", "net_competitive", "allocation"):
        np.testing.assert_allclose(getattr(b, name).to_numpy(), getattr(a, name).to_numpy() * k, rtol=1e-7,
                                   atol=1e-6 * k)
    pd.testing.assert_frame_equal(growth(s * k, e * k, kind="percent"), growth(s, e, kind="percent"), rtol=1e-9)


@PROPS
@given(pairs(), st.randoms(use_true_random=False))
def test_label_permutation_changes_nothing(pair, rnd):
    s, e = pair
    rows, cols = list(s.index), list(s.columns)
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    r = shift_share(s, e)
    p = shift_share(s.loc[rows, cols], e.loc[list(reversed(rows)), cols])  # end in another order: aligned by label
    pd.testing.assert_frame_equal(p.competitive.loc[s.index, s.columns], r.competitive, rtol=1e-9)
    pd.testing.assert_frame_equal(lq_change(s.loc[rows, cols], e).loc[s.index, s.columns], lq_change(s, e),
                                  rtol=1e-9)


@PROPS
@given(matrices())
def test_no_change_means_zero_change(m):
    r = shift_share(m, m)
    assert np.allclose(r.total.to_numpy(), 0.0) and np.allclose(r.competitive.to_numpy(), 0.0)
    assert np.allclose(lq_change(m, m).to_numpy(), 0.0)
    assert (lq_trajectory(m, m).to_numpy() == "stable").all()
    np.testing.assert_allclose(lq_change(m, m * 2).to_numpy(), 0.0, atol=1e-12)
    np.testing.assert_allclose((location_quotient(m * 2) - location_quotient(m)).to_numpy(), 0.0, atol=1e-12)
    np.testing.assert_allclose(growth(m, m * 1.21, kind="cagr", years=2).to_numpy(), 0.1, rtol=1e-9)
