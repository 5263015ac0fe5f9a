"""Regional specialisation indices: location quotient, shares, focus, Krugman, Hachman.

Notation (DESIGN.md §4): E_rs is the measure (e.g. employees) of sector s in region r,
E_r· the region total, E_·s the sector total. All functions take the region × sector
matrix (index ``nuts_id``, columns NACE codes, float ≥ 0, NaN = missing or confidential)
and keep its labels.

NaN rules shared by this module:

* 0/0 gives NaN, never 0 (e.g. a region whose cells are all 0).
* Missing cells stay NaN and never count as 0. The region total E_r· is the sum over its
  known cells; a region with no known cell has E_r· = NaN.
* Reference totals for sector s are taken over the regions where E_rs is known:
  E_·s = Σ_{r: E_rs known} E_rs and E(s) = Σ_{r: E_rs known} E_r·. With a complete
  matrix these are the textbook totals.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis._checks import AlignmentError, align_to_index, check_matrix

_TOLERANCE = 1e-12  # LQ = 1 computed as 0.9999999999999999 still counts as ≥ 1

__all__ = [
    "average_location_quotient",
    "focus",
    "hachman",
    "krugman_index",
    "location_quotient",
    "share_of_sector",
    "specialisation_coefficient",
]


def _row_totals(m: pd.DataFrame) -> pd.Series:
    """Return E_r· = sum of the known cells of each row (NaN if none is known)."""
    return m.sum(axis=1, min_count=1)


def _group_labels(m: pd.DataFrame, reference: Any) -> pd.Series:
    """Align a reference-area label per region to ``m.index`` and check it."""
    labels = align_to_index(
        reference, m.index, name="reference", target="the matrix index (regions)"
    )
    if labels.isna().any():
        missing = list(labels.index[labels.isna()][:5])
        raise AlignmentError(
            f"reference has no group label for {int(labels.isna().sum())} regions, "
            f"e.g. {missing}; every region needs a reference area (e.g. a country code)"
        )
    return labels


def _column_totals(
    m: pd.DataFrame, reference: pd.Series | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (E_·s, E(s)) broadcast to the shape of ``m``, within groups if given.

    E_·s sums the known cells of the sector; E(s) sums the region totals E_r· of the
    regions where E_rs is known. Both are computed within each reference group when
    ``reference`` is given.
    """
    row_total = _row_totals(m)
    region_total = pd.DataFrame(
        np.where(m.notna().to_numpy(), row_total.to_numpy()[:, None], np.nan),
        index=m.index,
        columns=m.columns,
    )
    if reference is None:
        sector = m.sum(axis=0)
        overall = region_total.sum(axis=0)
        ones = pd.DataFrame(1.0, index=m.index, columns=m.columns)
        return ones.mul(sector, axis=1), ones.mul(overall, axis=1)
    labels = _group_labels(m, reference)
    sector = m.groupby(labels, sort=False).transform("sum")
    overall = region_total.groupby(labels, sort=False).transform("sum")
    return sector, overall


def focus(m: pd.DataFrame) -> pd.DataFrame:
    """Compute the focus (sector share in the region) of every region × sector cell.

    Parameters
    ----------
    m : DataFrame
        Region × sector measure, e.g. employees (persons); index ``nuts_id``, columns
        NACE codes; float ≥ 0, NaN for missing cells.

    Returns
    -------
    DataFrame
        Same labels as ``m``, dimensionless share in [0, 1].

    Notes
    -----
    f_rs = E_rs / E_r·, with E_r· the sum of the known cells of region r. NaN where E_rs
    is missing or E_r· = 0 (0/0 is never 0). With missing cells the known shares of a
    region still sum to 1.

    References
    ----------
    .. [1] Sölvell, Ö., Ketels, C., Lindqvist, G. (2009). *The European Cluster
       Observatory: EU Cluster Mapping and Strengthening Clusters in Europe*.

    Examples
    --------
    >>> m = pd.DataFrame({"A": [10.0, 0.0], "B": [30.0, 0.0]}, index=["R1", "R2"])
    >>> focus(m)
           A     B
    R1  0.25  0.75
    R2   NaN   NaN

    """
    m = check_matrix(m, name="m")
    return m.div(_row_totals(m), axis=0)


def share_of_sector(
    m: pd.DataFrame, *, reference: pd.Series | None = None
) -> pd.DataFrame:
    """Compute each region's share of the sector total (size share σ_rs).

    Parameters
    ----------
    m : DataFrame
        Region × sector measure (e.g. employees); index ``nuts_id``, columns NACE codes.
    reference : Series, optional
        Reference-area label per region (e.g. country code), indexed like ``m.index``.
        When given, the sector total is taken within each region's group.

    Returns
    -------
    DataFrame
        Same labels as ``m``, dimensionless share in [0, 1]; the shares of a sector over
        the regions of one reference area sum to 1.

    Raises
    ------
    AlignmentError
        If ``reference`` lacks a label for some region.

    Notes
    -----
    σ_rs = E_rs / E_·s with E_·s = Σ_{r known} E_rs (within the reference group if
    given). NaN where E_rs is missing or E_·s = 0.

    References
    ----------
    .. [1] Sölvell, Ö., Ketels, C., Lindqvist, G. (2009). *The European Cluster
       Observatory*, "size" criterion.

    Examples
    --------
    >>> m = pd.DataFrame({"A": [10.0, 30.0], "B": [30.0, 30.0]}, index=["R1", "R2"])
    >>> share_of_sector(m)
           A    B
    R1  0.25  0.5
    R2  0.75  0.5

    """
    m = check_matrix(m, name="m")
    sector, _ = _column_totals(m, reference)
    return m / sector


def location_quotient(
    m: pd.DataFrame, *, binary: bool = False, reference: pd.Series | None = None
) -> pd.DataFrame:
    """Compute the location quotient (Balassa RCA) of every region × sector cell.

    Parameters
    ----------
    m : DataFrame
        Region × sector measure, e.g. employees (persons); index ``nuts_id``, columns
        NACE codes; float ≥ 0, NaN for missing cells.
    binary : bool, default False
        If True return 1.0 where LQ ≥ 1 and 0.0 where LQ < 1 (NaN stays NaN); a value
        within 1e-12 below 1 (floating-point rounding) counts as 1.
    reference : Series, optional
        Reference-area label per region (e.g. country code), indexed like ``m.index``.
        When given, the reference totals are those of the region's own group, which
        equals computing each group separately.

    Returns
    -------
    DataFrame
        Same labels as ``m``; dimensionless, in [0, ∞); 1 = same share as the reference
        area, > 1 = specialised.

    Raises
    ------
    TypeError
        If ``m`` is not a numeric DataFrame or ``reference`` not a Series.
    ValueError
        If ``m`` has negative values; :class:`AlignmentError` if ``reference`` lacks
        regions.

    See Also
    --------
    share_of_sector, focus, average_location_quotient

    Notes
    -----
    LQ_rs = (E_rs / E_r·) / (E_·s / E(s)), where E_r· sums the known cells of region r,
    E_·s = Σ_{r: E_rs known} E_rs and E(s) = Σ_{r: E_rs known} E_r· (within the
    reference group if given). With a complete matrix E(s) = E and this is the textbook
    LQ. NaN where E_rs is missing, E_r· = 0 or E_·s = 0 (0/0 is never 0). With a
    complete matrix, Σ_r E_r· · LQ_rs / E = 1 for every sector.

    References
    ----------
    .. [1] Balland, P.-A. (2017). *EconGeo: Computing Key Indicators of the Spatial
       Distribution of Economic Activities*, R package, ``location_quotient``.
    .. [2] Farhauer, O., Kröll, A. (2014). *Standorttheorien*, Springer Gabler.

    Examples
    --------
    >>> m = pd.DataFrame({"A": [10.0, 30.0], "B": [30.0, 30.0]}, index=["R1", "R2"])
    >>> location_quotient(m)  # doctest: +NORMALIZE_WHITESPACE
           A         B
    R1  0.625  1.250000
    R2  1.250  0.833333
    >>> location_quotient(m, binary=True)
          A    B
    R1  0.0  1.0
    R2  1.0  0.0

    """
    m = check_matrix(m, name="m")
    if not isinstance(binary, bool):
        raise TypeError(f"binary must be True or False, got {type(binary).__name__}")
    sector, overall = _column_totals(m, reference)
    lq = m.div(_row_totals(m), axis=0) / (sector / overall)
    if binary:
        return lq.ge(1.0 - _TOLERANCE).astype("float64").where(lq.notna())
    return lq


def average_location_quotient(m: pd.DataFrame) -> pd.Series:
    """Compute the share-weighted average location quotient of each region.

    Parameters
    ----------
    m : DataFrame
        Region × sector measure (e.g. employees); index ``nuts_id``, columns NACE codes.

    Returns
    -------
    Series
        One value per region, same index, dimensionless, ≥ 1 for a complete matrix;
        1 = same structure as the reference. Equals 1 / :func:`hachman`.

    Notes
    -----
    LQ̄_r = Σ_s (E_rs / E_r·) · LQ_rs, the mean of the region's LQs weighted by the
    sectors' shares in the region (EconGeo ``location_quotient_avg``); not the plain
    mean over sectors. Missing cells are skipped; NaN if E_r· = 0 or no cell is known.

    References
    ----------
    .. [1] Balland, P.-A. (2017). EconGeo, ``location_quotient_avg``.

    Examples
    --------
    >>> m = pd.DataFrame({"A": [10.0, 30.0], "B": [30.0, 30.0]}, index=["R1", "R2"])
    >>> average_location_quotient(m).round(4)
    R1    1.0938
    R2    1.0417
    dtype: float64

    """
    m = check_matrix(m, name="m")
    weights = m.div(_row_totals(m), axis=0)
    return (weights * location_quotient(m)).sum(axis=1, min_count=1)


def hachman(m: pd.DataFrame) -> pd.Series:
    """Compute the Hachman index of each region.

    Parameters
    ----------
    m : DataFrame
        Region × sector measure (e.g. employees); index ``nuts_id``, columns NACE codes.

    Returns
    -------
    Series
        One value per region, same index, dimensionless, in (0, 1] for a complete
        matrix; 1 = same sector structure as the reference area.

    Notes
    -----
    HI_r = 1 / Σ_s (E_rs / E_r·) · LQ_rs = 1 / :func:`average_location_quotient`.
    NaN where the region total is 0 or no cell is known.

    References
    ----------
    .. [1] Hachman, F. (1995). *Economic Report to the Governor*, State of Utah.
    .. [2] Balland, P.-A. (2017). EconGeo, ``hachman``.

    Examples
    --------
    >>> m = pd.DataFrame({"A": [10.0, 30.0], "B": [30.0, 30.0]}, index=["R1", "R2"])
    >>> hachman(m).round(4)
    R1    0.9143
    R2    0.9600
    dtype: float64

    """
    return 1.0 / average_location_quotient(m)


def krugman_index(m: pd.DataFrame) -> pd.Series:
    """Compute the Krugman specialisation index of each region.

    Parameters
    ----------
    m : DataFrame
        Region × sector measure, e.g. employees (persons); index ``nuts_id``, columns
        NACE codes.

    Returns
    -------
    Series
        One value per region, same index, dimensionless, in [0, 2]; 0 = same structure
        as the reference (all regions).

    Notes
    -----
    K_r = Σ_s | E_rs / E_r· − E_·s / E(s) |, with the reference totals of
    :func:`location_quotient` (over regions where E_rs is known). Missing cells are
    skipped; NaN if E_r· = 0 or no cell is known (0/0 is never 0).

    References
    ----------
    .. [1] Krugman, P. (1991). *Geography and Trade*, MIT Press.
    .. [2] Balland, P.-A. (2017). EconGeo, ``krugman_index``.

    Examples
    --------
    >>> m = pd.DataFrame({"A": [1.0, 0.0], "B": [0.0, 1.0]}, index=["X1", "X2"])
    >>> krugman_index(m)
    X1    1.0
    X2    1.0
    dtype: float64

    """
    m = check_matrix(m, name="m")
    sector, overall = _column_totals(m, None)
    diff = m.div(_row_totals(m), axis=0) - sector / overall
    return diff.abs().sum(axis=1, min_count=1)


def specialisation_coefficient(m: pd.DataFrame) -> pd.Series:
    """Compute the coefficient of specialisation (half the Krugman index) per region.

    Parameters
    ----------
    m : DataFrame
        Region × sector measure (e.g. employees); index ``nuts_id``, columns NACE codes.

    Returns
    -------
    Series
        One value per region, same index, dimensionless, in [0, 1].

    Notes
    -----
    C_r = ½ Σ_s | E_rs / E_r· − E_·s / E(s) | = :func:`krugman_index` / 2; same NaN
    rules.

    References
    ----------
    .. [1] Balland, P.-A. (2017). EconGeo, ``spec_coeff``.

    Examples
    --------
    >>> m = pd.DataFrame({"A": [1.0, 0.0], "B": [0.0, 1.0]}, index=["X1", "X2"])
    >>> specialisation_coefficient(m)
    X1    0.5
    X2    0.5
    dtype: float64

    """
    return krugman_index(m) / 2.0
