"""The region profile's change section (issue 14): growth against the reference area, shift-share by sector.

For one region and an effective view, between t₀ (the view's start year, else the dataset's first year) and
t₁ (the view's year):

* ``trend``: the chosen sector's measure in the region and in the reference area (the shown regions), both
  as an index (t₀ = 100, reference over the regions known in t₀ and that year), and the region's LQ, every year;
* ``waterfall``: the classical shift-share (:func:`analysis.change.shift_share`, reference area = shown
  regions) of the region's change summed over its NACE divisions: national, industry mix, competitive, total;
* ``sectors``: the divisions with their actual change, the expected change E⁰ᵢᵣ · gᵢ (the start value grown at
  the division's reference-area rate, as US Cluster Mapping shows it) and the competitive shift (actual −
  expected), ranked by competitive shift.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.change import shift_share
from analysis.specialisation import location_quotient
from data.store import DataStore
from views.state import View
from views.values import sector_matrix, sectoral_view, view_measure

WATERFALL_PARTS = ("national", "industry_mix", "competitive")
WATERFALL_LABELS = {"national": "National growth", "industry_mix": "Industry mix", "competitive": "Competitive",
                    "total": "Total change"}


@dataclass(frozen=True, eq=False)
class ChangeProfile:
    """Change of one region between ``start`` and ``end`` (see the module docstring); ``None`` parts: no data."""

    nuts_id: str
    start: int
    end: int
    trend: pd.DataFrame  # year, region_index, reference_index, lq
    waterfall: pd.Series | None  # national, industry_mix, competitive, total (units of the measure)
    sectors: pd.DataFrame  # nace, label, start_value, end_value, actual, expected, competitive (sorted)


def change_years(store: DataStore, view: View) -> tuple[int, int] | None:
    """(t₀, t₁) of a view's change profile: its start year, else the dataset's first year; None if t₀ ≥ t₁."""
    years = sorted(store.dataset(sectoral_view(store, view).dataset).years)
    start = view.start if view.start is not None else (years[0] if years else view.year)
    return (start, view.year) if start < view.year else None


def _divisions(store: DataStore, view: View, year: int) -> pd.DataFrame:
    """Division matrix of the shown regions in one year (NaN = missing)."""
    m = store.matrix(view.dataset, view.version, view.measure, year, view.level,
                     store.codes_at_level(view.dataset, 2))
    return m[m.index.str[:2].isin(view.countries)] if view.countries else m


def _trend(store: DataStore, view: View, nuts_id: str, start: int, years: list[int]) -> pd.DataFrame:
    """Index (t₀ = 100) of the region's and the reference area's sector measure, and the region's LQ, per year."""
    base = sector_matrix(store, view, view.sector, start)[view.sector]
    rows = []
    for year in years:  # a loop over the table's years (eight for the SBS table)
        m = sector_matrix(store, view, view.sector, year)
        now = m[view.sector]
        both = base.notna() & now.notna()
        reference = now[both].sum() / base[both].sum() * 100.0 if base[both].sum() > 0 else np.nan
        region = now.get(nuts_id, np.nan) / base.get(nuts_id, np.nan) * 100.0 if base.get(nuts_id, 0) > 0 else np.nan
        rows.append((year, region, reference, location_quotient(m)[view.sector].get(nuts_id, np.nan)))
    return pd.DataFrame(rows, columns=["year", "region_index", "reference_index", "lq"])


def change_profile(store: DataStore, view: View, nuts_id: str) -> ChangeProfile | None:
    """Change profile of one region of an effective view; None without two years or sectors to compare."""
    view = sectoral_view(store, view)
    years = change_years(store, view)
    if years is None or not view_measure(store, view).summable:
        return None
    start, end = years
    trend = _trend(store, view, nuts_id, start, [y for y in sorted(store.dataset(view.dataset).years)
                                                 if start <= y <= end])
    m0, m1 = _divisions(store, view, start), _divisions(store, view, end)
    if nuts_id not in m0.index or m0.empty or m0.shape[1] == 0:
        return ChangeProfile(nuts_id, start, end, trend, None, _empty_sectors())
    parts = shift_share(m0, m1)
    row = {name: getattr(parts, name).loc[nuts_id] for name in WATERFALL_PARTS}
    known = row["national"].notna()
    if not known.any():
        return ChangeProfile(nuts_id, start, end, trend, None, _empty_sectors())
    waterfall = pd.Series({name: float(part[known].sum()) for name, part in row.items()})
    waterfall["total"] = float(waterfall.sum())
    codes = known.index[known]
    expected = row["national"][codes] + row["industry_mix"][codes]
    sectors = pd.DataFrame({
        "nace": codes, "label": store.tree.loc[codes, "label"].to_numpy(),
        "start_value": m0.loc[nuts_id, codes].to_numpy(), "end_value": m1.loc[nuts_id, codes].to_numpy(),
        "actual": (m1.loc[nuts_id, codes] - m0.loc[nuts_id, codes]).to_numpy(), "expected": expected.to_numpy(),
        "competitive": row["competitive"][codes].to_numpy(),
    }).sort_values("competitive", ascending=False, ignore_index=True)
    return ChangeProfile(nuts_id, start, end, trend, waterfall, sectors)


def top_gains_and_losses(sectors: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Return the ``n`` divisions with the largest competitive gains and the ``n`` with the largest losses."""
    gains = sectors[sectors["competitive"] > 0].head(n)
    losses = sectors[sectors["competitive"] < 0].tail(n)
    return pd.concat([gains, losses], ignore_index=True)


def _empty_sectors() -> pd.DataFrame:
    return pd.DataFrame(columns=["nace", "label", "start_value", "end_value", "actual", "expected", "competitive"])


__all__ = ["ChangeProfile", "change_profile", "change_years", "top_gains_and_losses"]
