"""Sector-level concentration of the chosen sector across the shown regions, with a reading."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from analysis.agglomeration import ellison_glaeser_from_counts
from analysis.registry import SECTOR_INDICES
from data.store import DataStore
from views.state import View
from views.values import sector_matrix, units_measure

#: Ellison & Glaeser (1997, p. 914): γ > 0.05 highly, 0.02–0.05 moderately, < 0.02 not very localised.
EG_THRESHOLDS = (0.02, 0.05)
SHOWN = ("locational_gini", "hoover_index", "sector_herfindahl")


def eg_reading(gamma: float) -> str:
    """Ellison–Glaeser's own reading of γ."""
    if not np.isfinite(gamma):
        return "not computable (missing units or employment)"
    low, high = EG_THRESHOLDS
    if gamma > high:
        return "highly localised (γ > 0.05)"
    if gamma >= low:
        return "moderately localised (0.02 ≤ γ ≤ 0.05)"
    return "not very localised (γ < 0.02)"


def sector_summary(store: DataStore, view: View) -> pd.DataFrame:
    """Locational Gini, Hoover index, sectoral Herfindahl and Ellison–Glaeser γ of the chosen sector.

    Computed over the shown regions with a value, against the business-economy total of each
    region; γ uses persons employed and local units (equal-size-units approximation of H).

    Returns
    -------
    DataFrame
        Index = index key; columns ``label``, ``value``, ``unit``, ``reading``. Empty for indicators
        that are not about one sector.
    """
    columns = ["label", "value", "unit", "reading"]
    if view.spec.scope not in {"sector", "measure", "change"}:
        return pd.DataFrame(columns=columns)
    m = sector_matrix(store, view, view.sector).dropna()
    rows = {key: (SECTOR_INDICES[key].label, float(SECTOR_INDICES[key].func(m)[view.sector]),
                  SECTOR_INDICES[key].unit, SECTOR_INDICES[key].reading) for key in SHOWN}
    rows["ellison_glaeser"] = ("Ellison–Glaeser γ", (gamma := _eg_gamma(store, view)), "index", eg_reading(gamma))
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def _eg_gamma(store: DataStore, view: View) -> float:
    """γ from employment and unit counts (NaN when the dataset lacks either)."""
    units_name = units_measure(store, view.dataset)
    if units_name is None or "employment" not in store.dataset(view.dataset).measures:
        return float("nan")
    employment = sector_matrix(store, replace(view, measure="employment"), view.sector)
    units = sector_matrix(store, replace(view, measure=units_name), view.sector)
    known = employment[view.sector].notna() & units[view.sector].notna()
    if not known.any():
        return float("nan")
    eg = ellison_glaeser_from_counts(employment.loc[known, [view.sector]], units.loc[known, [view.sector]],
                                     employment.loc[known].sum(axis=1))
    return float(eg.loc[view.sector, "gamma"])
