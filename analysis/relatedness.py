"""Relatedness between sectors and relatedness density of regions (product space, smart specialisation).

Notation: M is the region × sector incidence matrix (1 where the region is specialised in the sector,
binary LQ ≥ 1, else 0), C = Mᵀ·M the sector × sector co-occurrence, sᵢ = Σⱼ Cᵢⱼ and T = Σᵢⱼ Cᵢⱼ.

NaN rules shared by this module:

* Regions (rows) and sectors (columns) without any known cell are dropped from the incidence
  matrix: no data is never read as "not specialised".
* A missing cell of a kept region and sector stays NaN in M; in the sums (co-occurrence, density
  numerator) it counts as no known specialisation, i.e. it adds nothing.
* Relatedness follows EconGeo's conventions (Balland 2017, ``relatedness``): the diagonal of the
  co-occurrence is set to 0 first, 0/0 gives 0 (not NaN) and the output diagonal is 0.
* Relatedness density is NaN for a sector related to no other sector (Σⱼ φⱼₖ = 0).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from analysis._checks import AlignmentError, InputError, check_choice, check_matrix

__all__ = ["METHODS", "co_occurrence", "density_of_matrix", "incidence", "relatedness", "relatedness_density"]

Method = Literal["association", "cosine", "jaccard", "probability"]
#: The relatedness methods, in menu order.
METHODS: tuple[str, ...] = ("probability", "association", "cosine", "jaccard")
_TOLERANCE = 1e-12  # LQ = 1 computed as 0.9999999999999999 still counts as ≥ 1


def incidence(m: pd.DataFrame, *, binary: bool = False) -> pd.DataFrame:
    """Return the region × sector incidence matrix M (1 specialised, 0 not, NaN unknown).

    Parameters
    ----------
    m : DataFrame
        Either a region × sector measure (e.g. persons employed; rows should sum to the region
        total) from which the location quotient is computed, or — with ``binary=True`` — values
        that are already LQs (or 0/1), thresholded at 1.
    binary : bool, default False
        True if ``m`` holds LQs (or a 0/1 matrix) rather than the measure.

    Returns
    -------
    DataFrame
        float64 0/1 with NaN for unknown cells; rows and columns without any known cell dropped.

    Notes
    -----
    Mᵣₛ = 1 if LQᵣₛ ≥ 1 else 0, LQᵣₛ = (Eᵣₛ / Eᵣ·) / (E·ₛ / E), computed in numpy with the NaN rules of
    :func:`analysis.specialisation.location_quotient` (same values; within 1e-12 below 1 counts as 1).

    Examples
    --------
    >>> m = pd.DataFrame({"A": [10.0, 30.0], "B": [30.0, 30.0]}, index=["R1", "R2"])
    >>> incidence(m)
          A    B
    R1  0.0  1.0
    R2  1.0  0.0
    """
    checked = check_matrix(m, name="m")
    values = checked.to_numpy() if binary else _lq(checked.to_numpy())
    out = pd.DataFrame(np.where(np.isnan(values), np.nan, (values >= 1 - _TOLERANCE).astype(float)),
                       index=checked.index, columns=checked.columns)
    return out.dropna(how="all", axis=0).dropna(how="all", axis=1)


def _lq(values: np.ndarray) -> np.ndarray:
    """LQ of a float array with the NaN rules of :func:`analysis.specialisation.location_quotient` (numpy only).

    E_r· = Σ of the known cells (NaN if none), E_·s = Σ_{r known} E_rs, E(s) = Σ_{r: E_rs known} E_r·;
    0/0 → NaN. Equal to ``location_quotient(m)`` without a reference (a property test checks it).
    """
    known = ~np.isnan(values)
    row = np.where(known.any(axis=1), np.nansum(values, axis=1), np.nan)
    sector = np.nansum(values, axis=0)
    overall = np.where(known, np.nan_to_num(row)[:, None], 0.0).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (values / row[:, None]) / (sector / overall)


def _binary(incidence: Any, name: str = "incidence") -> pd.DataFrame:
    """Check an incidence matrix: numeric, every known value 0 or 1."""
    checked = check_matrix(incidence, name=name)
    values = checked.to_numpy()
    bad = ~np.isnan(values) & (values != 0) & (values != 1)
    if bad.any():
        raise InputError(f"{name} must hold 0, 1 or NaN (binary specialisation), found {int(bad.sum())} other "
                         f"values, e.g. {values[bad][0]:g}; build it with analysis.incidence(m)")
    return checked


def co_occurrence(incidence: pd.DataFrame) -> pd.DataFrame:
    """Count, for each pair of sectors, the regions specialised in both.

    Parameters
    ----------
    incidence : DataFrame
        Region × sector 0/1 matrix M (NaN = unknown, counts as not specialised), e.g. from
        :func:`incidence`.

    Returns
    -------
    DataFrame
        Sector × sector counts Cᵢⱼ = Σᵣ Mᵣᵢ Mᵣⱼ (= Mᵀ·M), symmetric, integers ≥ 0 as float64;
        diagonal 0 (EconGeo ``co.occurrence(diagonal = FALSE)``).

    Examples
    --------
    >>> m = pd.DataFrame({"A": [1, 1, 0], "B": [1, 1, 1], "C": [0, 1, 1]}, index=["R1", "R2", "R3"])
    >>> co_occurrence(m)
         A    B    C
    A  0.0  2.0  1.0
    B  2.0  0.0  2.0
    C  1.0  2.0  0.0
    """
    m = np.nan_to_num(_binary(incidence).to_numpy())
    c = m.T @ m
    np.fill_diagonal(c, 0.0)
    return pd.DataFrame(c, index=incidence.columns.copy(), columns=incidence.columns.copy())


def _square(matrix: Any, name: str) -> pd.DataFrame:
    checked = check_matrix(matrix, name=name)
    if not checked.index.equals(checked.columns):
        raise AlignmentError(f"{name} must be sector × sector with the same labels on both axes, got "
                             f"{len(checked.index)} rows and {len(checked.columns)} columns that differ")
    if checked.isna().to_numpy().any():
        raise InputError(f"{name} has missing values; a co-occurrence or relatedness matrix is complete")
    return checked


def relatedness(co_occurrence: pd.DataFrame, method: Method = "probability") -> pd.DataFrame:
    """Normalise a co-occurrence matrix into relatedness φᵢⱼ between sectors.

    Parameters
    ----------
    co_occurrence : DataFrame
        Sector × sector counts (e.g. :func:`co_occurrence`), symmetric, ≥ 0; its diagonal is set
        to 0 before anything else.
    method : {"probability", "association", "cosine", "jaccard"}, default "probability"
        With sᵢ = Σⱼ Cᵢⱼ and T = Σᵢⱼ Cᵢⱼ (diagonal 0):

        * association: φᵢⱼ = Cᵢⱼ · T / (sᵢ sⱼ) — observed over expected co-occurrence, in [0, ∞),
          1 = as often as chance (van Eck & Waltman 2009);
        * cosine: φᵢⱼ = Cᵢⱼ / √(sᵢ sⱼ), in [0, 1];
        * jaccard: φᵢⱼ = Cᵢⱼ / (sᵢ + sⱼ − Cᵢⱼ), in [0, 1];
        * probability: φᵢⱼ = Cᵢⱼ / [(sᵢ sⱼ / 2) · (1/(T − sᵢ) + 1/(T − sⱼ))], in [0, ∞), 1 = chance,
          drawing pairs without repetition (Steijn 2017; EconGeo's default ``"prob"``).

    Returns
    -------
    DataFrame
        Sector × sector φ, symmetric, same labels; 0/0 (a sector without any co-occurrence) gives
        0 and the diagonal is 0, as in EconGeo ``relatedness``.

    References
    ----------
    .. [1] Hidalgo, C. A., Klinger, B., Barabási, A.-L., Hausmann, R. (2007). The product space
       conditions the development of nations. *Science* 317, 482–487.
    .. [2] Balland, P.-A. (2017). *EconGeo*, R package, ``relatedness``.

    Examples
    --------
    >>> c = pd.DataFrame([[0, 2, 1], [2, 0, 2], [1, 2, 0]], index=list("ABC"), columns=list("ABC"))
    >>> relatedness(c, "jaccard").round(3)
         A    B    C
    A  0.0  0.4  0.2
    B  0.4  0.0  0.4
    C  0.2  0.4  0.0
    """
    check_choice(method, name="method", allowed=METHODS)
    c = _square(co_occurrence, "co_occurrence").to_numpy(copy=True)
    np.fill_diagonal(c, 0.0)
    s = c.sum(axis=0)
    total = s.sum()
    si, sj = s[:, None], s[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "association":
            phi = c * total / (si * sj)
        elif method == "cosine":
            phi = c / np.sqrt(si * sj)
        elif method == "jaccard":
            phi = c / (si + sj - c)
        else:
            phi = c / ((si * sj / 2.0) * (1.0 / (total - si) + 1.0 / (total - sj)))
    phi = np.where(np.isfinite(phi), phi, 0.0)
    np.fill_diagonal(phi, 0.0)
    labels = co_occurrence.index
    return pd.DataFrame(phi, index=labels.copy(), columns=labels.copy())


def relatedness_density(incidence: pd.DataFrame, relatedness: pd.DataFrame) -> pd.DataFrame:
    """Share of the sectors related to each sector in which a region is already specialised.

    Parameters
    ----------
    incidence : DataFrame
        Region × sector 0/1 matrix M (NaN = unknown, adds nothing).
    relatedness : DataFrame
        Sector × sector φ (e.g. :func:`relatedness`) over the same sectors as ``incidence``.

    Returns
    -------
    DataFrame
        Region × sector density in percent, [0, 100]:
        RDᵣₖ = 100 · Σⱼ Mᵣⱼ φⱼₖ / Σⱼ φⱼₖ; NaN where sector k is related to no sector (Σⱼ φⱼₖ = 0).
        100: the region is specialised in every sector related to k.

    Raises
    ------
    AlignmentError
        If the sectors of the two inputs differ.

    References
    ----------
    .. [1] Boschma, R., Balland, P.-A., Kogler, D. F. (2015). Relatedness and technological change
       in cities. *Industrial and Corporate Change* 24(1), 223–250.
    .. [2] Balland, P.-A. (2017). *EconGeo*, ``relatedness.density`` (not rounded here).

    Examples
    --------
    >>> m = pd.DataFrame({"A": [1, 0], "B": [0, 1], "C": [0, 0]}, index=["R1", "R2"])
    >>> phi = pd.DataFrame([[0, 1, 3], [1, 0, 1], [3, 1, 0]], index=list("ABC"), columns=list("ABC"))
    >>> relatedness_density(m, phi)
           A     B     C
    R1   0.0  50.0  75.0
    R2  25.0   0.0  25.0
    """
    m = _binary(incidence)
    phi = _square(relatedness, "relatedness")
    if not phi.index.equals(m.columns):
        if set(phi.index) != set(m.columns):
            missing = sorted(set(m.columns) ^ set(phi.index))[:5]
            raise AlignmentError(f"relatedness and incidence cover different sectors, e.g. {missing}")
        phi = phi.loc[m.columns, m.columns]
    weights = phi.to_numpy()
    total = weights.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = 100.0 * (np.nan_to_num(m.to_numpy()) @ weights) / np.where(total > 0, total, np.nan)
    return pd.DataFrame(density, index=m.index.copy(), columns=m.columns.copy())


def density_of_matrix(m: pd.DataFrame, method: Method = "probability") -> pd.DataFrame:
    """Relatedness density straight from a region × sector measure (the registry's ``relatedness_density``).

    incidence(m) → co_occurrence → relatedness(method) → relatedness_density, reindexed to the labels of
    ``m`` (dropped rows and columns NaN). Percent, [0, 100]. The dashboard computes it on all divisions
    of all regions of the reference area (``views.sector_space``).
    """
    inc = incidence(m)
    if inc.empty:
        return pd.DataFrame(np.nan, index=m.index.copy(), columns=m.columns.copy())
    density = relatedness_density(inc, relatedness(co_occurrence(inc), method))
    return density.reindex(index=m.index, columns=m.columns)
