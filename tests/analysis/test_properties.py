"""Property tests of the index functions over the shapes real regional tables have.

Eurostat region × sector tables have zeros, confidential (NaN) cells, whole NaN or zero rows and
columns, a single region (a country filter) or a single sector, values from a few persons to 1e12
EUR, and now and then a negative value. For every index function of :mod:`analysis`: no exception
other than the documented ones, outputs in the documented range or NaN (never ±inf), labels kept,
inputs unchanged, and a negative or infinite cell refused with an :class:`InputError` that names the
count and an example cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from math import log, log2

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from analysis import (
    INDICATORS,
    SECTOR_INDICES,
    average_location_quotient,
    cluster_stars,
    cluster_strength,
    ellison_glaeser,
    ellison_glaeser_from_counts,
    entropy,
    focus,
    gini,
    hachman,
    herfindahl,
    hoover_gini,
    hoover_index,
    krugman_index,
    location_quotient,
    locational_gini,
    maurel_sedillot,
    related_variety,
    sector_herfindahl,
    share_of_sector,
    specialisation_coefficient,
    strong_clusters,
    theil,
    unrelated_variety,
)
from data.errors import InputError

PROPERTIES = settings(max_examples=20, deadline=None, derandomize=True,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
#: For tests parametrised over every index function (about 25 of them): fewer examples each.
EACH = settings(PROPERTIES, max_examples=10)
TOL = 1e-9
REGIONS = ["NO06", "DE11", "FR101", "EL30", "AT13", "PL21", "ITC4"]
SECTORS = ["B06.1", "C29.1", "C29.2", "C10.1", "G46.1"]
TREE = pd.Series({code: code[:3] for code in SECTORS})  # class → division
COUNTRY = {code: code[:2] for code in REGIONS}

#: Missing cells let the reference shares of Krugman's index sum to almost 3: K ≈ 3.0 for PL21.
KRUGMAN_OVER_TWO = pd.DataFrame({"C29.1": [np.nan, 1e6, 0.0], "C10.1": [np.nan, 0.0, 1.0], "G46.1": [1e6, np.nan, 0.0]},
                                index=pd.Index(["NO06", "DE11", "PL21"], name="nuts_id")).rename_axis(columns="nace")
#: Cells as in Eurostat tables: 0, confidential (NaN), persons or units, EUR up to 1e12.
KNOWN_CELLS = st.one_of(st.just(0.0), st.floats(1e-3, 1e4), st.floats(1e9, 1e12))
CELLS = st.one_of(st.just(np.nan), KNOWN_CELLS)


@st.composite
def tables(draw, *, min_regions: int = 1, max_regions: int = 6, min_sectors: int = 1,
           max_sectors: int = 5, complete: bool = False) -> pd.DataFrame:
    """Draw a region × sector table with NaN and zero cells, rows and columns, and shuffled NUTS-like labels.

    ``complete`` tables have no NaN cell (zeros and zero rows and columns still).
    """
    n = draw(st.integers(min_regions, max_regions))
    s = draw(st.integers(min_sectors, max_sectors))
    values = draw(arrays(np.float64, (n, s), elements=KNOWN_CELLS if complete else CELLS))
    for fill in (0.0,) if complete else (np.nan, 0.0):
        values[draw(st.lists(st.integers(0, n - 1), max_size=1)), :] = fill  # a whole row
        values[:, draw(st.lists(st.integers(0, s - 1), max_size=1))] = fill  # a whole column
    regions = draw(st.permutations(REGIONS))[:n]
    sectors = draw(st.permutations(SECTORS))[:s]
    return pd.DataFrame(values, index=pd.Index(regions, name="nuts_id"), columns=pd.Index(sectors, name="nace"))


def _country(m: pd.DataFrame) -> pd.Series:
    return pd.Series([COUNTRY[r] for r in m.index], index=m.index)


def _totals(m: pd.DataFrame) -> pd.Series:
    return m.sum(axis=1)  # 0 for a region without a known cell


def _plants(m: pd.DataFrame) -> pd.DataFrame:
    """One plant per known cell with positive employment (region, sector, employees)."""
    cells = m.stack().rename("employees").reset_index()
    cells = cells[cells["employees"] > 0]
    return pd.DataFrame({"region": cells["nuts_id"], "sector": cells["nace"], "employees": cells["employees"]})


def _n_columns(m: pd.DataFrame) -> pd.Series:
    return pd.Series(float(len(m.columns)), index=m.index)


def _n_sectors(m: pd.DataFrame) -> pd.Series:
    """Number of known cells of each region (S for the bounds of Herfindahl and entropy)."""
    return m.notna().sum(axis=1).clip(lower=1)


# name → (function of the table, shape of the result: "cells", "regions" or "sectors", bounds (low, high)
#         where high may be a function of the table giving one bound per result label)
Bounds = tuple[float, float | Callable[[pd.DataFrame], pd.Series]]
INDEX_FUNCTIONS: dict[str, tuple[Callable[[pd.DataFrame], pd.DataFrame | pd.Series], str, Bounds]] = {
    "location_quotient": (location_quotient, "cells", (0.0, np.inf)),
    "location_quotient, country reference": (lambda m: location_quotient(m, reference=_country(m)), "cells",
                                             (0.0, np.inf)),
    "binary location_quotient": (lambda m: location_quotient(m, binary=True), "cells", (0.0, 1.0)),
    "share_of_sector": (share_of_sector, "cells", (0.0, 1.0)),
    "share_of_sector, country reference": (lambda m: share_of_sector(m, reference=_country(m)), "cells",
                                           (0.0, 1.0)),
    "focus": (focus, "cells", (0.0, 1.0)),
    "herfindahl": (herfindahl, "regions", (0.0, 1.0)),
    "entropy": (entropy, "regions", (0.0, lambda m: np.log2(_n_sectors(m)))),
    # [0, 2] and [0, 1] as documented on complete tables (test below); with NaN cells the reference
    # shares E_·s / E(s) are taken over different regions per sector and may sum to more than 1, so
    # K_r ≤ 1 + Σ_s E_·s / E(s) ≤ 1 + S only (K = 3.0 for the third region of ``KRUGMAN_OVER_TWO``)
    "krugman_index": (krugman_index, "regions", (0.0, lambda m: 1.0 + _n_columns(m))),
    "specialisation_coefficient": (specialisation_coefficient, "regions",
                                   (0.0, lambda m: (1.0 + _n_columns(m)) / 2)),
    "average_location_quotient": (average_location_quotient, "regions", (0.0, np.inf)),
    "hachman": (hachman, "regions", (0.0, np.inf)),
    "unrelated_variety": (lambda m: unrelated_variety(m, TREE), "regions",
                          (0.0, lambda m: pd.Series(log2(max(TREE[m.columns].nunique(), 1)), index=m.index))),
    "related_variety": (lambda m: related_variety(m, TREE), "regions", (0.0, lambda m: entropy(m).fillna(0.0))),
    "locational_gini": (locational_gini, "sectors", (0.0, 0.5)),
    "hoover_index": (hoover_index, "sectors", (0.0, 100.0)),
    "hoover_gini": (hoover_gini, "sectors", (0.0, 1.0)),
    "hoover_gini, population reference": (lambda m: hoover_gini(m, reference=_totals(m) + 1.0), "sectors",
                                          (0.0, 1.0)),
    "sector_herfindahl": (sector_herfindahl, "sectors", (0.0, 1.0)),
    "cluster_stars": (cluster_stars, "cells", (0.0, 3.0)),
    "strong_clusters": (lambda m: strong_clusters(m, m / 10.0), "cells", (0.0, 1.0)),
    "cluster_strength": (lambda m: cluster_strength(m, strong_clusters(m, m / 10.0)), "regions", (0.0, 1.0)),
    "ellison_glaeser_from_counts": (lambda m: ellison_glaeser_from_counts(m, m.clip(upper=1.0).fillna(1.0) * 3,
                                                                          _totals(m))["G"], "sectors", (0.0, 2.0)),
    "ellison_glaeser_from_counts H": (lambda m: ellison_glaeser_from_counts(m, m.clip(upper=1.0).fillna(1.0) * 3,
                                                                            _totals(m))["H"], "sectors", (0.0, 1.0)),
}
NAMES = sorted(INDEX_FUNCTIONS)


def _labels_kept(result: pd.DataFrame | pd.Series, m: pd.DataFrame, shape: str) -> None:
    if shape == "cells":
        pd.testing.assert_index_equal(result.index, m.index)
        pd.testing.assert_index_equal(result.columns, m.columns)
    else:
        expected = m.index if shape == "regions" else m.columns
        assert isinstance(result, pd.Series)
        pd.testing.assert_index_equal(result.index, expected, check_names=False)


def _in_bounds(result: pd.DataFrame | pd.Series, m: pd.DataFrame, bounds: Bounds) -> None:
    values = pd.DataFrame(result).astype("float64").to_numpy()  # <NA> of Int64/boolean → NaN
    assert not np.isinf(values).any(), "an index is NaN where undefined, never ±inf"
    low, high = bounds
    high = high(m).to_numpy(dtype=float)[:, None] if callable(high) else high
    known = ~np.isnan(values)
    scale = np.maximum(1.0, np.abs(np.where(np.isfinite(high), high, 1.0)))
    assert (values[known] >= low - TOL).all()
    assert (np.broadcast_to(values <= high + TOL * scale, values.shape)[known]).all()


@pytest.mark.parametrize("name", NAMES)
@EACH
@given(m=tables())
@example(m=KRUGMAN_OVER_TWO)
def test_index_functions_keep_labels_stay_in_range_and_leave_the_input_alone(name, m):
    func, shape, bounds = INDEX_FUNCTIONS[name]
    before = m.copy()
    result = func(m)
    pd.testing.assert_frame_equal(m, before)
    _labels_kept(result, m, shape)
    _in_bounds(result, m, bounds)


@settings(PROPERTIES, max_examples=40)
@given(name=st.sampled_from(NAMES), m=tables(), data=st.data())
def test_negative_cells_are_refused_with_their_count_and_an_example(name, m, data):
    cells = data.draw(st.sets(st.tuples(st.integers(0, len(m.index) - 1), st.integers(0, len(m.columns) - 1)),
                              min_size=1, max_size=3))
    bad = m.copy()
    for row, col in cells:  # ≤ 3 cells
        bad.iloc[row, col] = -data.draw(st.floats(1e-6, 1e12))
    first = min(cells)  # the first in row-major order
    example = f"region {bad.index[first[0]]!r}, sector {bad.columns[first[1]]!r}: {bad.iloc[first]:g}"
    with pytest.raises(InputError, match=rf"{len(cells)} negative values?, e\.g\. {re.escape(example)}"):
        INDEX_FUNCTIONS[name][0](bad)


@pytest.mark.parametrize("name", ["location_quotient", "herfindahl", "locational_gini", "cluster_stars"])
def test_infinite_cells_are_refused_with_an_example(name):
    m = pd.DataFrame({"C29.1": [1.0, np.inf], "C10.1": [2.0, 3.0]}, index=["DE11", "NO06"])
    with pytest.raises(InputError, match=r"1 infinite value, e\.g\. region 'NO06', sector 'C29\.1': inf"):
        INDEX_FUNCTIONS[name][0](m)


@PROPERTIES
@given(m=tables(max_regions=1))
def test_a_single_region_is_its_own_reference(m):
    lq = location_quotient(m).to_numpy()
    assert np.allclose(lq[~np.isnan(lq)], 1.0, rtol=TOL)
    assert np.allclose(krugman_index(m).dropna(), 0.0, atol=TOL)
    shares = share_of_sector(m).to_numpy()
    assert np.allclose(shares[~np.isnan(shares)], 1.0, rtol=TOL)


@PROPERTIES
@given(m=tables(max_sectors=1))
def test_a_single_sector_region_is_fully_focused(m):
    known = m.iloc[:, 0].gt(0)
    assert np.allclose(focus(m).iloc[:, 0][known], 1.0, rtol=TOL)
    assert np.allclose(herfindahl(m)[known], 1.0, rtol=TOL)
    assert np.allclose(entropy(m)[known], 0.0, atol=TOL)
    assert np.allclose(location_quotient(m).iloc[:, 0][known], 1.0, rtol=TOL)


@PROPERTIES
@given(m=tables(min_regions=2))
def test_the_weighted_mean_lq_is_one_and_entropy_decomposes(m):
    """Invariants on the known cells: Σ_r E_r(s)·LQ_rs / Σ_r E_r(s) = 1, entropy = UV + RV."""
    lq = location_quotient(m)
    weights = pd.DataFrame(np.where(m.notna(), m.sum(axis=1, min_count=1).to_numpy()[:, None], np.nan),
                           index=m.index, columns=m.columns)
    mean = (lq * weights).sum() / weights.where(lq.notna()).sum()
    assert np.allclose(mean[lq.notna().any()], 1.0, rtol=1e-7)
    both = entropy(m).notna()
    np.testing.assert_allclose((unrelated_variety(m, TREE) + related_variety(m, TREE))[both], entropy(m)[both],
                               rtol=1e-7, atol=1e-9)


@settings(PROPERTIES, max_examples=12)
@given(m=tables(min_regions=2))
def test_plant_based_agglomeration_indices_are_defined_or_nan(m):
    plants = _plants(m)
    totals = _totals(m) + 1.0
    for func in (ellison_glaeser, maurel_sedillot):
        out = func(plants, totals)
        assert set(out.index) == set(plants["sector"]) and not np.isinf(out.to_numpy(dtype=float)).any()
        assert (out["H"].dropna().between(0.0, 1.0 + TOL)).all() and (out["G"].dropna() <= 2.0 + TOL).all()
    assert (ellison_glaeser(plants, totals)["G"].dropna() >= -TOL).all()  # a sum of squares; G_MS can be < 0
    if len(plants):
        negative = plants.assign(employees=plants["employees"].where(plants.index != plants.index[0], -1.0))
        with pytest.raises(InputError, match=r"plants\['employees'\] has 1 negative or infinite values"):
            ellison_glaeser(negative, totals)


@PROPERTIES
@given(x=arrays(np.float64, st.integers(0, 8), elements=CELLS))
def test_vector_inequality_indices_are_in_range(x):
    n = int((~np.isnan(x)).sum())
    g, t = gini(x), theil(x)
    assert np.isnan(g) or -TOL <= g <= (n - 1) / n + TOL
    assert np.isnan(t) or -TOL <= t <= log(n) + TOL
    if n:
        with pytest.raises(InputError, match="1 negative or infinite values"):
            gini(np.append(x, -1.0))


@settings(PROPERTIES, max_examples=12)
@given(m=tables(min_regions=2, complete=True))
def test_the_registry_ranges_hold_on_complete_tables(m):
    """The ranges of the registry (menus, legends, methodology) on tables without a missing cell."""
    for spec in [*INDICATORS.values(), *SECTOR_INDICES.values()]:
        if spec.scope in {"sector", "region", "concentration"} and not spec.inputs:  # SME share: size classes
            _in_bounds(spec.func(m), m, spec.bounds)
