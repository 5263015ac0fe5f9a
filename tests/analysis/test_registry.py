"""Tests for analysis.registry: every registered index runs and respects its bounds."""

import numpy as np
import pandas as pd
import pytest

from analysis import INDICATORS, SECTOR_INDICES, STAR_RULES, Indicator
from tests.analysis._matrices import ECONGEO

MATRIX_SCOPES = ("sector", "region", "concentration")  # func(m) on the matrix alone
REGION_KEYS = {
    "lq",
    "lq_binary",
    "share",
    "focus",
    "herfindahl",
    "entropy",
    "krugman",
    "specialisation_coefficient",
    "average_lq",
    "hachman",
}


def test_registry_covers_the_contract():
    """Check that registry covers the contract."""
    assert REGION_KEYS <= set(INDICATORS)
    assert set(SECTOR_INDICES) == {
        "locational_gini",
        "hoover_index",
        "hoover_gini",
        "sector_herfindahl",
    }
    assert {"size", "specialisation", "focus", "strong_cluster"} <= set(STAR_RULES)
    assert "10%" in STAR_RULES["size"] and "≥ 2" in STAR_RULES["specialisation"]


@pytest.mark.parametrize(
    "indicator",
    [
        i
        for i in (*INDICATORS.values(), *SECTOR_INDICES.values())
        if i.scope in MATRIX_SCOPES and not i.inputs  # SME share: func(*inputs), test_sme.py
    ],
    ids=lambda i: i.key,
)
def test_every_indicator_runs_within_its_bounds(indicator: Indicator):
    """Check that every indicator runs within its bounds."""
    out = indicator.func(ECONGEO)
    expected_type = pd.DataFrame if indicator.scope == "sector" else pd.Series
    assert isinstance(out, expected_type)
    expected_index = (
        ECONGEO.columns if indicator.scope == "concentration" else ECONGEO.index
    )
    pd.testing.assert_index_equal(out.index, expected_index)
    values = np.asarray(out, dtype=float)
    low, high = indicator.bounds
    assert np.nanmin(values) >= low - 1e-12 and np.nanmax(values) <= high + 1e-12
    assert indicator.formula and indicator.reading and indicator.label


@pytest.mark.parametrize(
    "indicator",
    [i for i in INDICATORS.values() if i.uses_reference and i.scope in MATRIX_SCOPES],
    ids=lambda i: i.key,
)
def test_reference_flag_means_func_accepts_reference(indicator: Indicator):
    """Check that reference flag means func accepts reference."""
    country = pd.Series(["AT", "AT", "DE", "DE", "DE"], index=ECONGEO.index)
    assert indicator.func(ECONGEO, reference=country).shape == ECONGEO.shape


def test_indicator_is_frozen():
    """Check that indicator is frozen."""
    with pytest.raises(AttributeError):
        INDICATORS["lq"].label = "x"  # type: ignore[misc]


def test_every_indicator_names_its_reference_and_formula():
    from analysis.registry import INDICATORS, SECTOR_INDICES

    for key, spec in {**INDICATORS, **SECTOR_INDICES}.items():
        assert spec.reference and spec.formula and spec.reading, key
