"""Sectoral concentration indices: one value per sector (or per vector).

Gini and Theil of a vector; locational Gini, Hoover index, Hoover–Gini and sectoral
Herfindahl of each column of a region × sector matrix; Ellison–Glaeser and
Maurel–Sédillot agglomeration indices from plant sizes or from unit counts.

NaN rules: missing cells (NaN) are excluded from a sector's totals and its reference
totals, never counted as 0; a sector whose known cells sum to 0 gives NaN (0/0 is never
0).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from analysis._checks import (
    align_to_index,
    check_choice,
    check_matrix,
    check_measure,
    check_vector,
)

# Re-exported so that ``analysis.concentration`` keeps the whole sector-view API.
from analysis.agglomeration import (
    ellison_glaeser,
    ellison_glaeser_from_counts,
    maurel_sedillot,
)

__all__ = [
    "ellison_glaeser",
    "ellison_glaeser_from_counts",
    "gini",
    "hoover_gini",
    "hoover_index",
    "locational_gini",
    "maurel_sedillot",
    "sector_herfindahl",
    "theil",
]


def gini(x: Any) -> float:
    """Compute the Gini coefficient of a vector of non-negative values.

    Parameters
    ----------
    x : array-like
        Values ≥ 0 (e.g. employees of one sector in each region); NaN values are
        dropped.

    Returns
    -------
    float
        Dimensionless, in [0, (n − 1)/n]; 0 = equal values. NaN if no value is known or
        all values are 0.

    Notes
    -----
    G = Σ_i (2i − n − 1) x_(i) / (n Σ_i x_i) for x sorted ascending, i = 1..n: twice the
    area between the Lorenz curve and the diagonal, without the n/(n − 1) correction
    (as EconGeo ``gini``).

    References
    ----------
    .. [1] Gini, C. (1921). Measurement of Inequality of Incomes. *The Economic Journal*
       31, 124–126.
    .. [2] Balland, P.-A. (2017). EconGeo, ``gini``.

    Examples
    --------
    >>> round(gini([0, 10, 10, 30, 50]), 6)
    0.48

    """
    values = np.sort(check_vector(x, name="x"))
    n = values.size
    total = values.sum()
    if n == 0 or total == 0:
        return float("nan")
    rank = np.arange(1, n + 1)
    return float(((2 * rank - n - 1) * values).sum() / (n * total))


def theil(x: Any, *, kind: Literal["T", "L"] = "T") -> float:
    """Compute the Theil index (T) or the mean log deviation (L) of a vector.

    Parameters
    ----------
    x : array-like
        Values ≥ 0 (e.g. income or employees per region); NaN values are dropped.
    kind : {"T", "L"}, default "T"
        "T" for Theil's T, GE(1); "L" for Theil's L, GE(0), the mean log deviation.

    Returns
    -------
    float
        Dimensionless (natural log), in [0, ln n]; 0 = equal values. NaN if no value is
        known or all are 0. For "L", +inf if some (but not all) values are 0.

    Notes
    -----
    T = (1/n) Σ_i (x_i/x̄) ln(x_i/x̄) with 0 · ln 0 = 0;
    L = (1/n) Σ_i ln(x̄/x_i). REAT ``theil`` computes L.

    References
    ----------
    .. [1] Theil, H. (1967). *Economics and Information Theory*, North-Holland.
    .. [2] Wieland, T. (2019). REAT: Regional Economic Analysis Toolbox, R package,
       ``theil``.

    Examples
    --------
    >>> round(theil([10, 10, 10, 20, 50], kind="L"), 7)
    0.2326302

    """
    check_choice(kind, name="kind", allowed=("T", "L"))
    values = check_vector(x, name="x")
    if values.size == 0 or values.sum() == 0:
        return float("nan")
    ratio = values / values.mean()
    with np.errstate(divide="ignore"):
        if kind == "T":
            terms = np.where(
                ratio > 0, ratio * np.log(np.where(ratio > 0, ratio, 1.0)), 0.0
            )
        else:
            terms = -np.log(ratio)
    return float(terms.mean())


def _reference_weights(m: pd.DataFrame, reference: Any) -> pd.DataFrame:
    """Return the reference measure R_r per cell, NaN where E_rs is missing.

    The default reference is the region total E_r· (sum of the region's known cells).
    """
    if reference is None:
        weights = m.sum(axis=1, min_count=1)
    else:
        aligned = align_to_index(
            reference, m.index, name="reference", target="the matrix index (regions)"
        )
        weights = pd.Series(check_measure(aligned, name="reference"), index=m.index)
    return pd.DataFrame(
        np.where(m.notna().to_numpy(), weights.to_numpy()[:, None], np.nan),
        index=m.index,
        columns=m.columns,
    )


def _hoover_gini_matrix(m: pd.DataFrame, weights: pd.DataFrame) -> pd.Series:
    """Compute the Lorenz-area Gini of each column of ``m`` against ``weights``."""
    known = m.notna().to_numpy() & weights.notna().to_numpy()
    ind = np.where(known, m.to_numpy(), 0.0)
    pop = np.where(known, weights.to_numpy(), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = ind / pop
        ratio = np.where(np.isnan(ratio), 0.0, ratio)  # 0/0 sorts first, as EconGeo
        order = np.argsort(ratio, axis=0, kind="stable")
        ind_sorted = np.take_along_axis(ind, order, axis=0)
        pop_sorted = np.take_along_axis(pop, order, axis=0)
        zeros = np.zeros((1, m.shape[1]))
        cind = np.vstack(
            [zeros, np.cumsum(ind_sorted, axis=0) / ind_sorted.sum(axis=0)]
        )
        cpop = np.vstack(
            [zeros, np.cumsum(pop_sorted, axis=0) / pop_sorted.sum(axis=0)]
        )
        area = (cind[1:] * cpop[:-1] - cind[:-1] * cpop[1:]).sum(axis=0)
    return pd.Series(area, index=m.columns, dtype="float64")


def hoover_gini(m: pd.DataFrame, *, reference: pd.Series | None = None) -> pd.Series:
    """Compute the Hoover–Gini (concentration Gini) of each sector against a reference.

    Parameters
    ----------
    m : DataFrame
        Region × sector measure (e.g. employees); index ``nuts_id``, columns NACE codes.
    reference : Series, optional
        Reference measure R_r per region (e.g. population), indexed like ``m.index``,
        ≥ 0. Default: the region totals E_r· (sum of each region's known cells).

    Returns
    -------
    Series
        One value per sector (index = columns of ``m``), dimensionless, in [0, 1];
        0 = distributed like the reference.

    Raises
    ------
    AlignmentError
        If ``reference`` lacks some region.

    Notes
    -----
    Regions are sorted by E_rs / R_r (0/0 sorts first); HG_s is twice the area between
    the diagonal and the curve of cumulated shares (Σ R_r / R, Σ E_rs / E_·s). Regions
    where E_rs or R_r is missing are left out of that sector. NaN if E_·s = 0. EconGeo
    rounds to 3 decimals; we do not.

    References
    ----------
    .. [1] Hoover, E. M. (1936). The Measurement of Industrial Localization. *Review of
       Economics and Statistics* 18(4), 162–171.
    .. [2] Balland, P.-A. (2017). EconGeo, ``hoover_gini``.

    Examples
    --------
    >>> m = pd.DataFrame({"I": [0.0, 10, 10, 30, 50]}, index=list("abcde"))
    >>> pop = pd.Series([10.0, 15, 20, 25, 30], index=list("abcde"))
    >>> hoover_gini(m, reference=pop).round(2)
    I    0.31
    dtype: float64

    """
    m = check_matrix(m, name="m")
    return _hoover_gini_matrix(m, _reference_weights(m, reference))


def locational_gini(m: pd.DataFrame) -> pd.Series:
    """Compute Krugman's locational Gini of each sector (EconGeo convention, max 0.5).

    Parameters
    ----------
    m : DataFrame
        Region × sector measure (e.g. employees); index ``nuts_id``, columns NACE codes.

    Returns
    -------
    Series
        One value per sector, dimensionless, in [0, 0.5); 0 = spread like total
        employment, the theoretical limit 0.5 = all in one small region.

    Notes
    -----
    LG_s = ½ · :func:`hoover_gini` against the region totals: regions are sorted by
    LQ_rs = σ_rs / x_r, and the area between the diagonal and the curve of cumulated
    (x_r, σ_rs) is taken, not twice the area (EconGeo ``locational_gini`` divides the
    shoelace sum by 2). Double it for the 0–1 scale. Same NaN rules as
    :func:`hoover_gini`.

    References
    ----------
    .. [1] Krugman, P. (1991). *Geography and Trade*, MIT Press, ch. 2, p. 56.
    .. [2] Balland, P.-A. (2017). EconGeo, ``locational_gini``.

    Examples
    --------
    >>> m = pd.DataFrame({"A": [10.0, 0.0], "B": [10.0, 20.0]}, index=["R1", "R2"])
    >>> locational_gini(m).round(4)
    A    0.2500
    B    0.0833
    dtype: float64

    """
    return hoover_gini(m) / 2.0


def hoover_index(m: pd.DataFrame, *, reference: pd.Series | None = None) -> pd.Series:
    """Compute the Hoover index of each sector against a reference distribution.

    Parameters
    ----------
    m : DataFrame
        Region × sector measure (e.g. employees); index ``nuts_id``, columns NACE codes.
    reference : Series, optional
        Reference measure R_r per region (e.g. population), indexed like ``m.index``,
        ≥ 0. Default: the region totals E_r·.

    Returns
    -------
    Series
        One value per sector, in percent, in [0, 100]: the share of the sector that
        would have to move to be distributed like the reference.

    Notes
    -----
    HI_s = 50 · Σ_r | E_rs / E_·s − R_r / R(s) |, where E_·s and R(s) sum over the
    regions where E_rs (and R_r) are known. NaN if E_·s = 0 or R(s) = 0.

    References
    ----------
    .. [1] Hoover, E. M. (1936). The Measurement of Industrial Localization.
    .. [2] Balland, P.-A. (2017). EconGeo, ``hoover_index``.

    Examples
    --------
    >>> m = pd.DataFrame({"I": [0.0, 10, 10, 30, 50]}, index=list("abcde"))
    >>> pop = pd.Series([10.0, 15, 20, 25, 30], index=list("abcde"))
    >>> hoover_index(m, reference=pop)
    I    25.0
    dtype: float64

    """
    m = check_matrix(m, name="m")
    weights = _reference_weights(m, reference)
    m = m.where(weights.notna())
    diff = m / m.sum(axis=0) - weights / weights.sum(axis=0)
    with np.errstate(invalid="ignore"):
        out = 50.0 * diff.abs().sum(axis=0, min_count=1)
    return out.where(m.sum(axis=0) > 0)


def sector_herfindahl(m: pd.DataFrame) -> pd.Series:
    """Compute the Herfindahl index of each sector across regions.

    Parameters
    ----------
    m : DataFrame
        Region × sector measure (e.g. employees); index ``nuts_id``, columns NACE codes.

    Returns
    -------
    Series
        One value per sector, dimensionless, in [1/n, 1] for n regions with data;
        1 = all in one region.

    Notes
    -----
    H_s = Σ_r σ_rs² with σ_rs = E_rs / E_·s over the known cells. NaN if E_·s = 0.

    References
    ----------
    .. [1] Wieland, T. (2019). REAT, ``herf``.

    Examples
    --------
    >>> m = pd.DataFrame({"A": [20.0, 50, 20, 10]}, index=list("abcd"))
    >>> sector_herfindahl(m).round(6)
    A    0.34
    dtype: float64

    """
    m = check_matrix(m, name="m")
    return ((m / m.sum(axis=0)) ** 2).sum(axis=0, min_count=1)
