"""Tests for analysis.batch: one vectorised call equals the per-year index functions."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from analysis import (
    REGIONAL_COLUMNS,
    AlignmentError,
    RegionalIndices,
    average_location_quotient,
    entropy,
    focus,
    hachman,
    herfindahl,
    krugman_index,
    location_quotient,
    regional_indices,
    share_of_sector,
    specialisation_coefficient,
)

TOL = 1e-12  # the brief: same numbers as the per-year calls to 1e-12
RTOL = 1e-9  # hand-computed values (STYLE §9)
NAMES = ["year", "nuts_id"]

REGIONAL_FUNCTIONS = {
    "herfindahl": herfindahl,
    "entropy": entropy,
    "krugman": krugman_index,
    "specialisation_coefficient": specialisation_coefficient,
    "average_lq": average_location_quotient,
    "hachman": hachman,
}


def _stack(frames: dict) -> pd.DataFrame:
    return pd.concat(frames, names=NAMES)


def _per_group(panel: pd.DataFrame, groups: pd.Series) -> tuple[dict, pd.DataFrame]:
    """Call the existing per-matrix functions on each group's sub-matrix and stack them."""
    cells = {"lq": [], "share": [], "focus": []}
    regional = []
    for _, rows in panel.groupby(groups, sort=False):
        cells["lq"].append(location_quotient(rows))
        cells["share"].append(share_of_sector(rows))
        cells["focus"].append(focus(rows))
        regional.append(pd.DataFrame({k: f(rows) for k, f in REGIONAL_FUNCTIONS.items()}))
    order = panel.index
    return (
        {k: pd.concat(v).reindex(order) for k, v in cells.items()},
        pd.concat(regional).reindex(order),
    )


def _assert_same(out: RegionalIndices, cells: dict, regional: pd.DataFrame) -> None:
    for name, expected in cells.items():
        pd.testing.assert_frame_equal(getattr(out, name), expected, check_exact=False, rtol=TOL, atol=TOL)
    pd.testing.assert_frame_equal(out.regional, regional, check_exact=False, rtol=TOL, atol=TOL)


@pytest.fixture(scope="module")
def sections_panel(store) -> pd.DataFrame:
    codes = store.codes_at_level("sbs", 1)
    years = store.dataset("sbs").years
    return _stack({y: store.matrix("sbs", 2013, "employment", y, 2, codes) for y in years})


@pytest.fixture()
def two_years() -> pd.DataFrame:
    # 2014: R1 = (A 10, B 30), R2 = (A 30, B 30); 2015: R1 = (20, 20), R2 = (20, 60)
    index = pd.MultiIndex.from_product([[2014, 2015], ["R1", "R2"]], names=NAMES)
    return pd.DataFrame({"A": [10.0, 30.0, 20.0, 20.0], "B": [30.0, 30.0, 20.0, 60.0]}, index=index)


def test_panel_of_default_data_matches_per_year_calls(sections_panel):
    """Check every field against the per-year functions on all years of the default data."""
    out = regional_indices(sections_panel)
    years = sections_panel.index.get_level_values("year")
    cells, regional = _per_group(sections_panel, pd.Series(years, index=sections_panel.index))
    _assert_same(out, cells, regional)
    assert list(out.regional.columns) == list(REGIONAL_COLUMNS)
    assert out.regional.notna().sum().min() > 1500  # real numbers, not an all-NaN pass


def test_country_reference_matches_per_year_and_country_calls(store, sections_panel):
    """Check that reference= takes every reference total within year × country."""
    country = store.regions(2013, 2)["country"]
    out = regional_indices(sections_panel, reference=country)
    rows = sections_panel.index
    groups = pd.Series(
        [f"{y}-{c}" for y, c in zip(rows.get_level_values("year"), country.reindex(rows.get_level_values("nuts_id")),
                                    strict=True)],
        index=rows,
    )
    cells, regional = _per_group(sections_panel, groups)
    _assert_same(out, cells, regional)
    # the reference= option of location_quotient year by year gives the same LQ
    for year in (2008, 2014):
        expected = location_quotient(sections_panel.loc[year], reference=country)
        assert_allclose(out.lq.loc[year].to_numpy(), expected.to_numpy(), rtol=TOL, atol=TOL)


def test_reference_on_panel_rows_equals_reference_on_nuts_id(store, sections_panel):
    """Check that a reference indexed like the panel gives the same as one per nuts_id."""
    country = store.regions(2013, 2)["country"]
    rows = sections_panel.index
    per_row = pd.Series(country.reindex(rows.get_level_values("nuts_id")).to_numpy(), index=rows)
    a = regional_indices(sections_panel, reference=country)
    b = regional_indices(sections_panel, reference=per_row)
    pd.testing.assert_frame_equal(a.lq, b.lq)
    pd.testing.assert_frame_equal(a.regional, b.regional)


def test_two_year_example_matches_hand_computed_values(two_years):
    """Check the cell and region values of a 2-year example computed by hand."""
    out = regional_indices(two_years)
    # 2014: E = 100, reference (A 0.4, B 0.6); LQ_R1,A = 0.25 / 0.4 = 0.625
    # 2015: E = 120, reference (A 1/3, B 2/3); LQ_R1,A = 0.5 / (1/3) = 1.5
    assert_allclose(out.lq["A"], [0.625, 1.25, 1.5, 0.75], rtol=RTOL)
    assert_allclose(out.lq["B"], [1.25, 5 / 6, 0.75, 1.125], rtol=RTOL)
    assert_allclose(out.share["A"], [0.25, 0.75, 0.5, 0.5], rtol=RTOL)
    assert_allclose(out.focus["B"], [0.75, 0.5, 0.5, 0.75], rtol=RTOL)
    r = out.regional
    assert_allclose(r["herfindahl"], [0.625, 0.5, 0.5, 0.625], rtol=RTOL)
    h = -(0.25 * np.log2(0.25) + 0.75 * np.log2(0.75))  # 0.8113 bits
    assert_allclose(r["entropy"], [h, 1.0, 1.0, h], rtol=RTOL)
    # K_R1,2014 = |0.25 - 0.4| + |0.75 - 0.6| = 0.3; K_R2,2015 = 2 |0.25 - 1/3| = 1/6
    assert_allclose(r["krugman"], [0.3, 0.2, 1 / 3, 1 / 6], rtol=RTOL)
    assert_allclose(r["specialisation_coefficient"], [0.15, 0.1, 1 / 6, 1 / 12], rtol=RTOL)
    # LQ̄_R1,2014 = 0.25 · 0.625 + 0.75 · 1.25 = 1.09375; LQ̄_R2,2015 = 0.25 · 0.75 + 0.75 · 1.125
    avg = [1.09375, 0.5 * 1.25 + 0.5 * 5 / 6, 1.125, 1.03125]
    assert_allclose(r["average_lq"], avg, rtol=RTOL)
    assert_allclose(r["hachman"], 1 / np.array(avg), rtol=RTOL)


def test_years_do_not_share_reference_totals(two_years):
    """Check that a year's values do not change when another year is stacked on."""
    both = regional_indices(two_years)
    alone = regional_indices(two_years.loc[[2015]])
    pd.testing.assert_frame_equal(both.lq.loc[[2015]], alone.lq)
    pd.testing.assert_frame_equal(both.regional.loc[[2015]], alone.regional)


def test_missing_cells_stay_nan_and_are_never_zero(two_years):
    """Check the NaN rules: missing cells skipped, 0/0 and unknown regions give NaN."""
    panel = two_years.copy()
    panel.loc[(2014, "R1"), "A"] = np.nan  # confidential cell
    panel.loc[(2015, "R2"), :] = 0.0  # region with a zero total
    panel.loc[(2015, "R3"), :] = np.nan  # region without any known cell
    before = panel.copy()
    out = regional_indices(panel)
    pd.testing.assert_frame_equal(panel, before)  # input not modified
    assert np.isnan(out.lq.loc[(2014, "R1"), "A"]) and np.isnan(out.share.loc[(2014, "R1"), "A"])
    # R1 2014 has only B known: focus 1; E_·A = 30 over R2 only, E(A) = 60 -> LQ_R2,A = 0.5 / 0.5
    assert out.focus.loc[(2014, "R1"), "B"] == 1.0
    assert_allclose(out.lq.loc[(2014, "R2"), "A"], 1.0, rtol=RTOL)
    for row in [(2015, "R2"), (2015, "R3")]:
        assert out.lq.loc[row].isna().all() and out.focus.loc[row].isna().all()
        assert out.regional.loc[row].isna().all()
    # a missing cell counted as 0 would give H = 0.25² + 0.75² for R1 2014; skipped it is 1
    assert out.regional.loc[(2014, "R1"), "herfindahl"] == 1.0
    # same as the per-year functions
    years = pd.Series(panel.index.get_level_values("year"), index=panel.index)
    _assert_same(out, *_per_group(panel, years))


def test_shuffled_rows_permute_the_output(sections_panel):
    """Check that the result follows the labels, not the row order."""
    order = np.random.default_rng(0).permutation(len(sections_panel))
    shuffled = regional_indices(sections_panel.iloc[order])
    out = regional_indices(sections_panel)
    pd.testing.assert_frame_equal(
        shuffled.regional, out.regional.iloc[order], check_exact=False, rtol=TOL, atol=TOL
    )
    pd.testing.assert_frame_equal(shuffled.lq, out.lq.iloc[order], check_exact=False, rtol=TOL, atol=TOL)


def test_panel_without_year_level_is_rejected(two_years):
    """Check that a single-year matrix is refused with a message naming the levels."""
    with pytest.raises(ValueError, match="levels 'year' and 'nuts_id'"):
        regional_indices(two_years.loc[2014])


def test_reference_missing_a_region_is_an_alignment_error(two_years):
    """Check that a reference lacking a region raises AlignmentError naming it."""
    with pytest.raises(AlignmentError, match="missing from reference.*'R2'"):
        regional_indices(two_years, reference=pd.Series({"R1": "AT"}))
    with pytest.raises(AlignmentError, match="no area label for 2 panel rows"):
        regional_indices(two_years, reference=pd.Series({"R1": "AT", "R2": None}))
    with pytest.raises(TypeError, match="reference must be a pandas Series"):
        regional_indices(two_years, reference={"R1": "AT", "R2": "AT"})
