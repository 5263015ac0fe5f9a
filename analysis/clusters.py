"""Cluster marks: European Cluster Observatory stars and US strong clusters.

Both rules mark region × sector cells of the standard matrix (index ``nuts_id``, columns
NACE codes). Thresholds are keyword options whose defaults are the published rules; the
module constants below hold those defaults so the methodology text
(``analysis.registry``) cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis._checks import AlignmentError, check_fraction, check_matrix
from analysis.specialisation import focus, location_quotient, share_of_sector

__all__ = [
    "FOCUS_TOP",
    "LQ_PERCENTILE",
    "SIZE_PERCENTILE",
    "SIZE_TOP",
    "SPECIALISATION_MIN",
    "StarComponents",
    "cluster_stars",
    "cluster_strength",
    "star_components",
    "strong_clusters",
]

SIZE_TOP = 0.10
SPECIALISATION_MIN = 2.0
FOCUS_TOP = 0.10
LQ_PERCENTILE = 75.0
SIZE_PERCENTILE = 25.0
_TOLERANCE = 1e-12  # an LQ of 2 computed as 1.9999999999999998 still earns the star


@dataclass(frozen=True, slots=True)
class StarComponents:
    """The three European Cluster Observatory star criteria of every cell.

    Attributes
    ----------
    size : DataFrame
        Nullable boolean (``"boolean"`` dtype), True if the region's share of the sector
        is in the top ``size_top`` fraction of regions with data for the sector.
    specialisation : DataFrame
        True if LQ ≥ ``specialisation_min``.
    focus : DataFrame
        True if the sector's share in the region is in the top ``focus_top`` fraction.

    Notes
    -----
    All three have the labels of the input matrix; a criterion is <NA> where it cannot
    be decided (missing cell, region total 0 or sector total 0).

    """

    size: pd.DataFrame
    specialisation: pd.DataFrame
    focus: pd.DataFrame


def _in_top(values: pd.DataFrame, top: float) -> pd.DataFrame:
    """Flag cells among the ``ceil(top · n_s)`` largest positive values of their column.

    n_s counts the known values of the column; ties at the cut-off are all flagged.
    """
    n = values.notna().sum(axis=0).to_numpy()
    k = np.ceil(top * n - 1e-9)
    rank = values.rank(axis=0, ascending=False, method="min")
    flag = rank.le(pd.Series(k, index=values.columns), axis=1) & values.gt(0)
    return flag.astype("boolean").mask(values.isna())


def star_components(
    m: pd.DataFrame,
    *,
    size_top: float = SIZE_TOP,
    specialisation_min: float = SPECIALISATION_MIN,
    focus_top: float = FOCUS_TOP,
    reference: pd.Series | None = None,
) -> StarComponents:
    """Evaluate the three European Cluster Observatory star criteria of every cell.

    Parameters
    ----------
    m : DataFrame
        Region × sector employment (persons); index ``nuts_id``, columns NACE codes or
        cluster categories; NaN for missing cells.
    size_top : float, default 0.10
        Fraction of regions (with data for the sector) whose share of the sector earns
        the size star; the top ``ceil(size_top · n)`` regions, ties included, value > 0.
    specialisation_min : float, default 2.0
        Minimum location quotient for the specialisation star.
    focus_top : float, default 0.10
        Fraction of regions whose focus (sector share in the region) earns the focus
        star.
    reference : Series, optional
        Reference-area label per region for the location quotient only (see
        :func:`analysis.location_quotient`); size and focus rank all regions of ``m``.

    Returns
    -------
    StarComponents
        Frozen dataclass with nullable-boolean DataFrames ``size``, ``specialisation``
        and ``focus``; <NA> where a criterion cannot be decided.

    Raises
    ------
    ValueError
        If a fraction is outside (0, 1] or ``specialisation_min`` ≤ 0.

    Notes
    -----
    Size: σ_rs = E_rs / E_·s in the top 10 % of regions; specialisation:
    LQ_rs ≥ 2; focus: E_rs / E_r· in the top 10 % of regions.

    References
    ----------
    .. [1] European Cluster Observatory, star methodology (clusterobservatory.eu,
       ``index.php?id=49``); Sölvell, Ketels, Lindqvist (2009).

    Examples
    --------
    >>> m = pd.DataFrame({"A": [90.0, 10.0], "B": [10.0, 90.0]}, index=["R1", "R2"])
    >>> parts = star_components(m, size_top=0.5, focus_top=0.5)
    >>> parts.size  # doctest: +NORMALIZE_WHITESPACE
           A      B
    R1   True  False
    R2  False   True

    """
    m = check_matrix(m, name="m")
    size_top = check_fraction(size_top, name="size_top")
    focus_top = check_fraction(focus_top, name="focus_top")
    specialisation_min = check_fraction(
        specialisation_min, name="specialisation_min", high=float("inf")
    )
    lq = location_quotient(m, reference=reference)
    special = lq.ge(specialisation_min - _TOLERANCE).astype("boolean").mask(lq.isna())
    return StarComponents(
        size=_in_top(share_of_sector(m), size_top),
        specialisation=special,
        focus=_in_top(focus(m), focus_top),
    )


def cluster_stars(
    m: pd.DataFrame,
    *,
    size_top: float = SIZE_TOP,
    specialisation_min: float = SPECIALISATION_MIN,
    focus_top: float = FOCUS_TOP,
    reference: pd.Series | None = None,
) -> pd.DataFrame:
    """Count the European Cluster Observatory stars (0–3) of every region × sector cell.

    Parameters
    ----------
    m : DataFrame
        Region × sector employment (persons); index ``nuts_id``, columns NACE codes.
    size_top, specialisation_min, focus_top, reference
        Thresholds and reference area as in :func:`star_components`.

    Returns
    -------
    DataFrame
        Same labels as ``m``, nullable integer (``"Int64"``) stars in {0, 1, 2, 3};
        <NA> where any criterion cannot be decided (missing cell, region or sector total
        0), never 0 for unknown.

    See Also
    --------
    star_components : the three boolean criteria behind the count.

    Notes
    -----
    stars_rs = [σ_rs in top 10 %] + [LQ_rs ≥ 2] + [E_rs/E_r· in top 10 %].

    References
    ----------
    .. [1] European Cluster Observatory, star methodology; Sölvell, Ketels, Lindqvist
       (2009).

    Examples
    --------
    >>> m = pd.DataFrame({"A": [90.0, 10.0], "B": [10.0, 90.0]}, index=["R1", "R2"])
    >>> cluster_stars(m, size_top=0.5, focus_top=0.5, specialisation_min=1.5)
        A  B
    R1  3  0
    R2  0  3

    """
    parts = star_components(
        m,
        size_top=size_top,
        specialisation_min=specialisation_min,
        focus_top=focus_top,
        reference=reference,
    )
    total = parts.size.astype("Int64") + parts.specialisation.astype("Int64")
    return total + parts.focus.astype("Int64")


def _aligned_pair(
    employment: pd.DataFrame, other: pd.DataFrame, name: str
) -> pd.DataFrame:
    """Reindex ``other`` to the labels of ``employment`` or raise if they differ."""
    for axis, theirs, ours in (
        ("index", other.index, employment.index),
        ("columns", other.columns, employment.columns),
    ):
        diff = ours.symmetric_difference(theirs)
        if len(diff):
            raise AlignmentError(
                f"{name} and employment differ in their {axis}: {len(diff)} labels, "
                f"e.g. {list(diff[:5])}"
            )
    return other.reindex(index=employment.index, columns=employment.columns)


def strong_clusters(
    employment: pd.DataFrame,
    units: pd.DataFrame,
    *,
    lq_percentile: float = LQ_PERCENTILE,
    size_percentile: float = SIZE_PERCENTILE,
    reference: pd.Series | None = None,
) -> pd.DataFrame:
    """Mark the US Cluster Mapping "strong clusters" among region × sector cells.

    Parameters
    ----------
    employment : DataFrame
        Region × sector employment (persons); NaN for missing cells.
    units : DataFrame
        Region × sector number of establishments (local units), same labels.
    lq_percentile : float, default 75
        Percentile (0–100) of the sector's LQs that a strong cell must reach.
    size_percentile : float, default 25
        Percentile (0–100) of the sector's employment and units that a strong cell must
        exceed.
    reference : Series, optional
        Reference-area label per region for the location quotient.

    Returns
    -------
    DataFrame
        Same labels as ``employment``, dtype bool; False where the cell is missing or
        has no employment (a strong cluster needs evidence).

    Raises
    ------
    AlignmentError
        If ``units`` has other labels than ``employment``.

    Notes
    -----
    Over the regions with E_rs > 0 of each sector, with linearly interpolated
    percentiles Q: strong_rs ⇔ LQ_rs ≥ Q75(LQ_·s) ∧ LQ_rs ≥ 1 ∧ E_rs > Q25(E_·s) ∧
    n_rs > Q25(n_·s). A missing n_rs fails the units test.

    References
    ----------
    .. [1] U.S. Cluster Mapping Project, ``clustermapping/cmp``,
       ``data/processing/cluster_calcs_reducer.js``; Delgado, Porter, Stern (2016).

    Examples
    --------
    >>> emp = pd.DataFrame({"A": [50.0, 10, 10, 10], "B": [50.0, 90, 90, 90]},
    ...                    index=list("pqrs"))
    >>> strong_clusters(emp, emp / 10)["A"].tolist()
    [True, False, False, False]

    """
    employment = check_matrix(employment, name="employment")
    units = _aligned_pair(employment, check_matrix(units, name="units"), "units")
    for value, name in (
        (lq_percentile, "lq_percentile"),
        (size_percentile, "size_percentile"),
    ):
        check_fraction(value, name=name, low=-1e-12, high=100.0)
    eligible = employment.gt(0)
    lq = location_quotient(employment, reference=reference).where(eligible)
    emp = employment.where(eligible)
    n = units.where(eligible)
    q_lq = lq.quantile(lq_percentile / 100.0, axis=0)
    q_emp = emp.quantile(size_percentile / 100.0, axis=0)
    q_n = n.quantile(size_percentile / 100.0, axis=0)
    strong = lq.ge(q_lq - _TOLERANCE, axis=1) & lq.ge(1.0 - _TOLERANCE)
    strong &= emp.gt(q_emp, axis=1) & n.gt(q_n, axis=1)
    return strong & eligible


def cluster_strength(employment: pd.DataFrame, strong: pd.DataFrame) -> pd.Series:
    """Compute the share of each region's employment that is in strong clusters.

    Parameters
    ----------
    employment : DataFrame
        Region × sector employment (persons), e.g. the traded cluster categories only.
    strong : DataFrame
        Boolean marks with the same labels, e.g. from :func:`strong_clusters`; <NA>
        counts as False.

    Returns
    -------
    Series
        One value per region, dimensionless share in [0, 1]; NaN where the region's
        known employment sums to 0 or is unknown.

    Notes
    -----
    CS_r = Σ_s E_rs · [strong_rs] / E_r·, with E_r· over the known cells of
    ``employment`` (the US Cluster Mapping uses traded clusters only: pass those
    columns).

    References
    ----------
    .. [1] U.S. Cluster Mapping Project, ``aggregate_calcs_mapper.js`` (cluster
       strength).

    Examples
    --------
    >>> emp = pd.DataFrame({"A": [30.0, 0.0], "B": [10.0, 0.0]}, index=["R1", "R2"])
    >>> strong = pd.DataFrame({"A": [True, False], "B": [False, False]},
    ...                       index=["R1", "R2"])
    >>> cluster_strength(emp, strong)
    R1    0.75
    R2     NaN
    dtype: float64

    """
    employment = check_matrix(employment, name="employment")
    if not isinstance(strong, pd.DataFrame):
        raise TypeError(
            f"strong must be a DataFrame of booleans, got {type(strong).__name__}"
        )
    bad = [c for c, t in strong.dtypes.items() if not pd.api.types.is_bool_dtype(t)]
    if bad:
        raise TypeError(
            f"strong has non-boolean columns {bad[:5]}; allowed: bool or boolean"
        )
    marks = _aligned_pair(employment, strong, "strong").fillna(False).astype(bool)
    in_strong = employment.where(marks, 0.0).sum(axis=1)
    total = employment.sum(axis=1, min_count=1)
    return (in_strong / total).where(total > 0)
