"""Change over time: growth, shift-share decompositions and specialisation trajectories.

Notation: E⁰ᵢᵣ and E¹ᵢᵣ are the measure (e.g. persons employed) of sector i in region r in the
start and the end year. Every function takes two region × sector matrices (index ``nuts_id``,
columns NACE codes, float ≥ 0, NaN = missing or confidential) with the same labels, and returns
labelled results in the same shape.

NaN rules shared by this module:

* A cell unknown in either year is NaN in every result.
* Growth rates are taken over the cells known in both years only: the reference-area growth
  g = ΣE¹/ΣE⁰ − 1 and the sector growth gᵢ = Σ_r E¹ᵢᵣ / Σ_r E⁰ᵢᵣ − 1 sum the same cells in
  both years, so a region missing in one year does not count as a loss or a gain.
* A cell with E⁰ᵢᵣ = 0 has no growth rate gᵢᵣ: its percent growth and CAGR are NaN, its
  national and industry-mix shares are 0 and its competitive share keeps the shift-share
  identity (it equals E¹ᵢᵣ); its Esteban-Marquillas parts are NaN.
* 0/0 gives NaN, never 0.

References
----------
Dunn, E. S. (1960). A statistical and analytical technique for regional analysis. *Papers of the
Regional Science Association* 6, 97–112.
Esteban-Marquillas, J. M. (1972). A reinterpretation of shift-share analysis. *Regional and Urban
Economics* 2(3), 249–255.
Barff, R. A. & Knight, P. L. (1988). Dynamic shift-share analysis. *Growth and Change* 19(2), 1–10.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from analysis._checks import AlignmentError, InputError, check_choice, check_matrix
from analysis.specialisation import location_quotient, share_of_sector

__all__ = [
    "TRAJECTORIES",
    "ShiftShare",
    "cagr_percent",
    "competitive_shift",
    "dynamic_shift_share",
    "growth",
    "lq_change",
    "lq_trajectory",
    "share_change",
    "shift_share",
    "trajectory",
]

#: Trajectory classes, from the best to the worst (display order of legends).
TRAJECTORIES = ("emerging", "strengthening", "stable", "weakening", "fading")
#: LQ at which a region counts as specialised (emerging / fading cross it).
SPECIALISATION_THRESHOLD = 1.0
#: Relative LQ change below which a trajectory is "stable" (±5 %).
STABLE_TOLERANCE = 0.05


def _pair(start: Any, end: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate two matrices and align ``end`` to ``start`` by label; raise if the labels differ."""
    s, e = check_matrix(start, name="start"), check_matrix(end, name="end")
    for axis, a, b in (("regions", s.index, e.index), ("sectors", s.columns, e.columns)):
        only = a.symmetric_difference(b)
        if len(only):
            raise AlignmentError(f"start and end have different {axis}: {list(only[:5])} in one only; "
                                 "pass both years on the same regions and sectors (NaN for missing cells)")
    return s, e.reindex(index=s.index, columns=s.columns)


def growth(start: pd.DataFrame, end: pd.DataFrame, *, years: float | None = None,
           kind: Literal["absolute", "percent", "cagr"] = "absolute") -> pd.DataFrame:
    """Growth of every cell between two years.

    ``absolute``: E¹ − E⁰ (units of the measure); ``percent``: 100 · (E¹/E⁰ − 1);
    ``cagr``: (E¹/E⁰)^(1/years) − 1 (compound annual growth rate, a fraction per year).

    Parameters
    ----------
    start, end : DataFrame
        Region × sector matrices of the start and end year, same labels.
    years : float, optional
        Years between start and end (> 0); required for ``kind="cagr"``.
    kind : {"absolute", "percent", "cagr"}

    Returns
    -------
    DataFrame
        Same labels. NaN where either value is missing; percent and CAGR also where E⁰ ≤ 0.
        Range: absolute (−∞, ∞); percent [−100, ∞); CAGR [−1, ∞).

    Examples
    --------
    >>> s = pd.DataFrame({"C": [100.0, 0.0]}, index=["A", "B"])
    >>> e = pd.DataFrame({"C": [121.0, 5.0]}, index=["A", "B"])
    >>> growth(s, e, kind="cagr", years=2)["C"].round(6).tolist()
    [0.1, nan]
    """
    check_choice(kind, name="kind", allowed=("absolute", "percent", "cagr"))
    s, e = _pair(start, end)
    if kind == "absolute":
        return e - s
    ratio = e / s.where(s > 0)
    if kind == "percent":
        return (ratio - 1.0) * 100.0
    if years is None or isinstance(years, bool) or not float(years) > 0:
        raise InputError(f"years was {years!r}; CAGR needs the number of years between start and end (> 0)")
    return ratio ** (1.0 / float(years)) - 1.0


@dataclass(frozen=True, eq=False)
class ShiftShare:
    """A shift-share decomposition of E¹ − E⁰, cell by cell (region × sector DataFrames).

    ``national + industry_mix + competitive = E¹ − E⁰`` on every cell known in both years;
    for Esteban-Marquillas ``net_competitive + allocation = competitive`` where E⁰ > 0.
    ``net_competitive`` and ``allocation`` are ``None`` for the classical method.
    """

    national: pd.DataFrame
    industry_mix: pd.DataFrame
    competitive: pd.DataFrame
    method: str
    net_competitive: pd.DataFrame | None = None
    allocation: pd.DataFrame | None = None

    @property
    def total(self) -> pd.DataFrame:
        """E¹ − E⁰ = national + industry mix + competitive."""
        return self.national + self.industry_mix + self.competitive


def shift_share(start: pd.DataFrame, end: pd.DataFrame, *,
                method: Literal["classical", "esteban_marquillas"] = "classical") -> ShiftShare:
    """Decompose the change of every region × sector cell into national, industry-mix and competitive parts.

    The reference area is all rows passed. Over the cells known in both years
    g = ΣE¹/ΣE⁰ − 1, gᵢ = Σ_r E¹ᵢᵣ / Σ_r E⁰ᵢᵣ − 1 and gᵢᵣ = E¹ᵢᵣ/E⁰ᵢᵣ − 1:

    * national = E⁰ᵢᵣ · g (the change had the cell grown like the reference area)
    * industry_mix = E⁰ᵢᵣ · (gᵢ − g) (its sector grew faster or slower than the whole)
    * competitive = E⁰ᵢᵣ · (gᵢᵣ − gᵢ) (the region did better or worse than its sector)

    Esteban-Marquillas (1972) splits the competitive part with the homothetic employment
    Êᵢᵣ = E⁰ᵣ · E⁰ᵢ / E⁰ (totals over the same cells): net_competitive = Êᵢᵣ · (gᵢᵣ − gᵢ),
    allocation = (E⁰ᵢᵣ − Êᵢᵣ) · (gᵢᵣ − gᵢ) (positive when the region is specialised in a sector
    where it is competitive).

    Parameters
    ----------
    start, end : DataFrame
        Region × sector matrices (same labels), values ≥ 0, NaN for missing cells.
    method : {"classical", "esteban_marquillas"}

    Returns
    -------
    ShiftShare
        Frozen result; every part in units of the measure, NaN on cells unknown in either year.

    Notes
    -----
    A cell with E⁰ᵢᵣ = 0 has no gᵢᵣ: national = industry_mix = 0 and competitive = E¹ᵢᵣ (the
    identity holds); its Esteban-Marquillas parts are NaN. References: Dunn (1960),
    Esteban-Marquillas (1972).

    Examples
    --------
    >>> s = pd.DataFrame({"s1": [100.0, 200.0], "s2": [50.0, 150.0]}, index=["A", "B"])
    >>> e = pd.DataFrame({"s1": [120.0, 210.0], "s2": [45.0, 180.0]}, index=["A", "B"])
    >>> shift_share(s, e).competitive.loc["A"].round(6).tolist()
    [10.0, -11.25]
    """
    check_choice(method, name="method", allowed=("classical", "esteban_marquillas"))
    s, e = _pair(start, end)
    known = s.notna() & e.notna()
    e0, e1 = s.where(known), e.where(known)
    total0 = float(np.nansum(e0.to_numpy()))
    g = float(np.nansum(e1.to_numpy())) / total0 - 1.0 if total0 > 0 else np.nan
    sector0 = e0.sum(axis=0)
    g_i = e1.sum(axis=0) / sector0.where(sector0 > 0) - 1.0
    zero = e0.eq(0)
    national = (e0 * g).mask(zero, 0.0).where(known)
    industry_mix = e0.mul(g_i - g, axis=1).mask(zero, 0.0).where(known)
    competitive = (e1 - e0) - national - industry_mix
    if method == "classical":
        return ShiftShare(national, industry_mix, competitive, method)
    g_ir = e1 / e0.where(e0 > 0) - 1.0
    gap = g_ir.sub(g_i, axis=1)
    region0 = e0.sum(axis=1, min_count=1)
    homothetic = pd.DataFrame(np.outer(region0.to_numpy(), sector0.to_numpy()) / total0,
                              index=s.index, columns=s.columns).where(known)
    return ShiftShare(national, industry_mix, competitive, method,
                      net_competitive=homothetic * gap, allocation=(e0 - homothetic) * gap)


def dynamic_shift_share(panel: Mapping[int, pd.DataFrame]) -> ShiftShare:
    """Dynamic shift-share (Barff & Knight 1988): the classical decomposition year by year, summed.

    For consecutive years t → t+1 of ``panel`` (sorted), each part is computed with that year
    pair's growth rates (g, gᵢ, gᵢᵣ of t → t+1) and the parts are summed over the pairs.

    Parameters
    ----------
    panel : Mapping of int to DataFrame
        Year → region × sector matrix (at least two years, same labels).

    Returns
    -------
    ShiftShare
        Classical fields (``method="dynamic"``). A cell unknown in any year is NaN; elsewhere
        national + industry_mix + competitive = E(last) − E(first).
    """
    years = sorted(panel)
    if len(years) < 2:
        raise InputError(f"panel has {len(years)} year(s); a dynamic shift-share needs at least two")
    parts = [shift_share(panel[a], panel[b]) for a, b in zip(years[:-1], years[1:], strict=True)]
    summed = [sum((getattr(p, name) for p in parts[1:]), getattr(parts[0], name))
              for name in ("national", "industry_mix", "competitive")]
    return ShiftShare(*summed, method="dynamic")


def competitive_shift(start: pd.DataFrame, end: pd.DataFrame, *, percent: bool = False) -> pd.DataFrame:
    """Competitive (regional) shift E⁰ᵢᵣ · (gᵢᵣ − gᵢ) of the classical shift-share (Dunn 1960).

    = actual change − expected change, where expected = E⁰ᵢᵣ · gᵢ (the region's start value
    grown at the sector's reference-area rate, "expected" in US Cluster Mapping). With
    ``percent=True``, as a percent of E⁰ᵢᵣ: 100 · (gᵢᵣ − gᵢ) (NaN where E⁰ᵢᵣ ≤ 0).
    """
    part = shift_share(start, end).competitive
    if not percent:
        return part
    s = check_matrix(start, name="start")
    return part / s.where(s > 0) * 100.0


def lq_change(start: pd.DataFrame, end: pd.DataFrame, *, reference: pd.Series | None = None) -> pd.DataFrame:
    """LQ¹ − LQ⁰: change of the location quotient, each year against its own reference totals.

    Range (−∞, ∞); NaN where either LQ is missing. ``reference``: reference-area label per
    region (as for :func:`analysis.specialisation.location_quotient`).
    """
    s, e = _pair(start, end)
    return location_quotient(e, reference=reference) - location_quotient(s, reference=reference)


def share_change(start: pd.DataFrame, end: pd.DataFrame, *, reference: pd.Series | None = None) -> pd.DataFrame:
    """100 · (σ¹ᵢᵣ − σ⁰ᵢᵣ): change of the region's share of the sector, in percentage points.

    σᵢᵣ = Eᵢᵣ / E·ᵢ (the reference area's sector total); range [−100, 100].
    """
    s, e = _pair(start, end)
    return (share_of_sector(e, reference=reference) - share_of_sector(s, reference=reference)) * 100.0


def trajectory(lq_start: pd.DataFrame, lq_end: pd.DataFrame, *, threshold: float = SPECIALISATION_THRESHOLD,
               tolerance: float = STABLE_TOLERANCE) -> pd.DataFrame:
    """Classify each cell's specialisation path from its LQ in the start and the end year.

    * emerging: LQ⁰ < threshold ≤ LQ¹; fading: LQ⁰ ≥ threshold > LQ¹;
    * otherwise by the relative change LQ¹/LQ⁰ − 1: strengthening ≥ +tolerance,
      weakening ≤ −tolerance, stable in between (LQ⁰ = 0: strengthening if LQ¹ > 0, else stable).

    Parameters
    ----------
    lq_start, lq_end : DataFrame
        Location quotients (≥ 0) of the two years, same labels.
    threshold : float, default 1.0
        LQ that counts as specialised.
    tolerance : float, default 0.05
        Relative LQ change still called stable (0.05 = ±5 %).

    Returns
    -------
    DataFrame
        Labels of :data:`TRAJECTORIES` (object dtype); NaN where either LQ is missing.

    Examples
    --------
    >>> a = pd.DataFrame({"C": [0.8, 1.2, 1.0, 2.0, 0.5]})
    >>> b = pd.DataFrame({"C": [1.1, 0.9, 1.02, 2.4, 0.4]})
    >>> trajectory(a, b)["C"].tolist()
    ['emerging', 'fading', 'stable', 'strengthening', 'weakening']
    """
    if not tolerance >= 0 or not threshold > 0:
        raise InputError(f"threshold was {threshold!r} and tolerance {tolerance!r}; "
                         "allowed: threshold > 0, tolerance ≥ 0")
    a, b = _pair(lq_start, lq_end)
    x, y = a.to_numpy(), b.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(x > 0, y / x - 1.0, np.where(y > 0, np.inf, 0.0))
    labels = np.select(
        [np.isnan(x) | np.isnan(y), (x < threshold) & (y >= threshold), (x >= threshold) & (y < threshold),
         relative >= tolerance, relative <= -tolerance],
        ["", "emerging", "fading", "strengthening", "weakening"], default="stable")
    return pd.DataFrame(labels.astype(object), index=a.index, columns=a.columns).where(~(a.isna() | b.isna()))


def lq_trajectory(start: pd.DataFrame, end: pd.DataFrame, *, reference: pd.Series | None = None,
                  threshold: float = SPECIALISATION_THRESHOLD, tolerance: float = STABLE_TOLERANCE) -> pd.DataFrame:
    """:func:`trajectory` of the LQs computed from two measure matrices (see :func:`lq_change`)."""
    s, e = _pair(start, end)
    return trajectory(location_quotient(s, reference=reference), location_quotient(e, reference=reference),
                      threshold=threshold, tolerance=tolerance)


def cagr_percent(start: pd.DataFrame, end: pd.DataFrame, *, years: float) -> pd.DataFrame:
    """Compound annual growth rate in percent per year: 100 · ((E¹/E⁰)^(1/years) − 1); see :func:`growth`."""
    return growth(start, end, years=years, kind="cagr") * 100.0
