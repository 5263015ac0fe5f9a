"""Sector-level concentration of the chosen sector across the shown regions, with a reading."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from analysis.agglomeration import ellison_glaeser_from_counts
from analysis.registry import SECTOR_INDICES
from analysis.views import View, sector_matrix
from data.store import DataStore

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
    if view.spec.scope not in {"sector", "measure"}:
        return pd.DataFrame(columns=columns)
    m = sector_matrix(store, view, view.sector).dropna()
    rows = {key: (SECTOR_INDICES[key].label, float(SECTOR_INDICES[key].func(m)[view.sector]),
                  SECTOR_INDICES[key].unit, SECTOR_INDICES[key].reading) for key in SHOWN}
    employment = sector_matrix(store, replace(view, measure="employment"), view.sector)
    units = sector_matrix(store, replace(view, measure="local_units"), view.sector)
    known = employment[view.sector].notna() & units[view.sector].notna()
    eg = ellison_glaeser_from_counts(employment.loc[known, [view.sector]], units.loc[known, [view.sector]],
                                     employment.loc[known].sum(axis=1)).loc[view.sector]
    rows["ellison_glaeser"] = ("Ellison–Glaeser γ", float(eg["gamma"]), "index", eg_reading(float(eg["gamma"])))
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)
