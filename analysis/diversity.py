"""Regional diversity: Herfindahl, Shannon entropy, related and unrelated variety.

Each function returns one value per region (Series indexed like the matrix). Shares are
p_rs = E_rs / E_r· with E_r· the sum of the region's known cells; missing cells are
skipped (never counted as 0) and a region whose total is 0 or unknown gives NaN (0/0 is
never 0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis._checks import AlignmentError, align_to_index, check_matrix

__all__ = ["entropy", "herfindahl", "related_variety", "unrelated_variety"]


def _shares(m: pd.DataFrame) -> pd.DataFrame:
    """Return p_rs = E_rs / E_r· over the known cells of each region."""
    return m.div(m.sum(axis=1, min_count=1), axis=0)


def _plogp(p: pd.DataFrame) -> pd.DataFrame:
    """Return p · log2(p) cell by cell, with 0 · log2(0) = 0 and NaN kept."""
    values = p.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(
            values > 0, values * np.log2(values), np.where(values == 0, 0.0, np.nan)
        )
    return pd.DataFrame(out, index=p.index, columns=p.columns)


def _groups(m: pd.DataFrame, tree: pd.Series) -> pd.Series:
    """Align the sector → group mapping to the columns of ``m`` and check it."""
    groups = align_to_index(
        tree, m.columns, name="tree", target="the matrix columns (sectors)"
    )
    if groups.isna().any():
        raise AlignmentError(
            f"tree has no group for sectors {list(groups.index[groups.isna()][:5])}; "
            "every sector needs a group code (e.g. its NACE division)"
        )
    return groups


def herfindahl(m: pd.DataFrame) -> pd.Series:
    """Compute the Herfindahl–Hirschman index of each region's sector structure.

    Parameters
    ----------
    m : DataFrame
        Region × sector measure (e.g. employees); index ``nuts_id``, columns NACE codes.

    Returns
    -------
    Series
        One value per region, dimensionless, in [1/S, 1] for S sectors; 1 = one sector
        only.

    Notes
    -----
    H_r = Σ_s (E_rs / E_r·)². Missing cells are skipped; NaN if E_r· = 0 or unknown.

    References
    ----------
    .. [1] Balland, P.-A. (2017). EconGeo, ``herfindahl``.

    Examples
    --------
    >>> m = pd.DataFrame({"A": [20.0, 0.0], "B": [50.0, 1.0], "C": [30.0, 0.0]},
    ...                  index=["R1", "R2"])
    >>> herfindahl(m)
    R1    0.38
    R2    1.00
    dtype: float64

    """
    m = check_matrix(m, name="m")
    return (_shares(m) ** 2).sum(axis=1, min_count=1)


def entropy(m: pd.DataFrame) -> pd.Series:
    """Compute the Shannon entropy (base 2) of each region's sector structure.

    Parameters
    ----------
    m : DataFrame
        Region × sector measure (e.g. employees); index ``nuts_id``, columns NACE codes.

    Returns
    -------
    Series
        One value per region, in bits, in [0, log2 S] for S sectors; 0 = one sector
        only, log2 S = all sectors equal.

    Notes
    -----
    H_r = −Σ_s p_rs log2 p_rs with p_rs = E_rs / E_r· and 0 · log2 0 = 0 (EconGeo
    instead adds 1e-9 inside the log and rounds to 3 decimals). Missing cells are
    skipped; NaN if E_r· = 0 or unknown.

    References
    ----------
    .. [1] Shannon, C. E. (1948). A Mathematical Theory of Communication. *Bell System
       Technical Journal* 27, 379–423.
    .. [2] Balland, P.-A. (2017). EconGeo, ``entropy``.

    Examples
    --------
    >>> m = pd.DataFrame({"A": [1.0, 1.0], "B": [1.0, 0.0]}, index=["R1", "R2"])
    >>> entropy(m)
    R1    1.0
    R2    0.0
    dtype: float64

    """
    m = check_matrix(m, name="m")
    return -_plogp(_shares(m)).sum(axis=1, min_count=1) + 0.0


def unrelated_variety(m: pd.DataFrame, tree: pd.Series) -> pd.Series:
    """Compute unrelated variety: the entropy of each region across sector groups.

    Parameters
    ----------
    m : DataFrame
        Region × sector measure (e.g. employees); index ``nuts_id``, columns NACE codes.
    tree : Series
        Group code (e.g. NACE division) for each column code of ``m``, indexed by
        sector.

    Returns
    -------
    Series
        One value per region, in bits, in [0, log2 G] for G groups.

    Raises
    ------
    AlignmentError
        If ``tree`` has no group for some column of ``m``.

    Notes
    -----
    UV_r = −Σ_g P_g log2 P_g with P_g = Σ_{s ∈ g} p_rs the share of group g in region r.
    Entropy decomposes as ``entropy = unrelated_variety + related_variety``. Missing
    cells are skipped; NaN if E_r· = 0 or unknown.

    References
    ----------
    .. [1] Frenken, K., Van Oort, F., Verburg, T. (2007). Related variety, unrelated
       variety and regional economic growth. *Regional Studies* 41(5), 685–697.

    Examples
    --------
    >>> m = pd.DataFrame({"C10.1": [1.0], "C10.2": [1.0], "C20.1": [2.0]}, index=["R1"])
    >>> tree = pd.Series({"C10.1": "C10", "C10.2": "C10", "C20.1": "C20"})
    >>> unrelated_variety(m, tree)
    R1    1.0
    dtype: float64

    """
    m = check_matrix(m, name="m")
    groups = _groups(m, tree)
    group_share = _shares(m).T.groupby(groups, sort=False).sum(min_count=1).T
    return -_plogp(group_share).sum(axis=1, min_count=1) + 0.0


def related_variety(m: pd.DataFrame, tree: pd.Series) -> pd.Series:
    """Compute related variety: the weighted entropy within sector groups of a region.

    Parameters
    ----------
    m : DataFrame
        Region × sector measure (e.g. employees); index ``nuts_id``, columns NACE codes
        (e.g. NACE groups or classes).
    tree : Series
        Group code (e.g. NACE division) for each column code of ``m``, indexed by
        sector.

    Returns
    -------
    Series
        One value per region, in bits, ≥ 0 and ≤ :func:`entropy`.

    Raises
    ------
    AlignmentError
        If ``tree`` has no group for some column of ``m``.

    Notes
    -----
    RV_r = Σ_g P_g H_g with H_g = −Σ_{s ∈ g} (p_rs / P_g) log2(p_rs / P_g), which equals
    −Σ_s p_rs log2(p_rs / P_g(s)). Groups with P_g = 0 contribute 0. Missing cells are
    skipped; NaN if E_r· = 0 or unknown.

    References
    ----------
    .. [1] Frenken, K., Van Oort, F., Verburg, T. (2007). Related variety, unrelated
       variety and regional economic growth. *Regional Studies* 41(5), 685–697.

    Examples
    --------
    >>> m = pd.DataFrame({"C10.1": [1.0], "C10.2": [1.0], "C20.1": [2.0]}, index=["R1"])
    >>> tree = pd.Series({"C10.1": "C10", "C10.2": "C10", "C20.1": "C20"})
    >>> related_variety(m, tree)
    R1    0.5
    dtype: float64

    """
    m = check_matrix(m, name="m")
    groups = _groups(m, tree)
    shares = _shares(m)
    group_share = shares.T.groupby(groups, sort=False).transform("sum").T
    within = shares / group_share
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(
            shares.to_numpy() > 0,
            shares.to_numpy() * np.log2(within.to_numpy()),
            np.where(shares.to_numpy() == 0, 0.0, np.nan),
        )
    frame = pd.DataFrame(terms, index=m.index, columns=m.columns)
    return -frame.sum(axis=1, min_count=1) + 0.0
