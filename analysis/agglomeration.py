"""Agglomeration indices: Ellison–Glaeser and Maurel–Sédillot γ, one row per sector.

From plant (establishment) sizes, or from unit counts with the equal-size approximation.
Every function returns the same result shape: a DataFrame indexed by ``sector`` with
columns ``gamma``, ``G`` and ``H``. Also available from :mod:`analysis.concentration`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis._checks import (
    AlignmentError,
    InputError,
    align_to_index,
    check_matrix,
    check_measure,
    check_vector,
)

__all__ = ["ellison_glaeser", "ellison_glaeser_from_counts", "maurel_sedillot"]

_PLANT_COLUMNS = ("region", "sector", "employees")


def _check_plants(plants: Any, region_totals: Any) -> tuple[pd.DataFrame, pd.Series]:
    """Validate plant records and regional totals; return the region × sector matrix."""
    if not isinstance(plants, pd.DataFrame):
        raise TypeError(f"plants must be a DataFrame, got {type(plants).__name__}")
    missing = [c for c in _PLANT_COLUMNS if c not in plants.columns]
    if missing:
        raise InputError(
            f"plants lacks columns {missing}; found {list(plants.columns)}, "
            f"required {list(_PLANT_COLUMNS)}"
        )
    employees = pd.Series(check_vector(plants["employees"], name="plants['employees']"))
    if len(employees) != len(plants):
        raise InputError(
            f"plants['employees'] has {len(plants) - len(employees)} missing values; "
            "drop or impute them first"
        )
    if not isinstance(region_totals, pd.Series):
        raise TypeError(
            f"region_totals must be a Series, got {type(region_totals).__name__}"
        )
    totals = pd.Series(
        check_measure(region_totals, name="region_totals"),
        index=region_totals.index,
    )
    unknown = pd.Index(plants["region"].unique()).difference(totals.dropna().index)
    if len(unknown):
        raise AlignmentError(
            f"{len(unknown)} plant regions have no total in region_totals, "
            f"e.g. {list(unknown[:5])}"
        )
    frame = pd.DataFrame(
        {
            "region": plants["region"].to_numpy(),
            "sector": plants["sector"].to_numpy(),
            "employees": employees.to_numpy(),
        }
    )
    return frame, totals.dropna()


def _agglomeration(
    plants: pd.DataFrame, region_totals: pd.Series
) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Return Σ_r (σ − x)², Σ_r σ², H and Σ_r x² per sector for plant data."""
    emp = (
        plants.groupby(["region", "sector"], sort=False)["employees"]
        .sum()
        .unstack(fill_value=0.0)
    )
    emp = emp.reindex(index=region_totals.index, fill_value=0.0)
    sector_total = emp.sum(axis=0)
    sigma = emp / sector_total
    x = region_totals / region_totals.sum()
    g_eg = ((sigma.sub(x, axis=0)) ** 2).sum(axis=0)
    sq = (plants["employees"] ** 2).groupby(plants["sector"], sort=False).sum()
    h = sq.reindex(emp.columns) / sector_total**2
    sum_x2 = pd.Series(float((x**2).sum()), index=emp.columns)
    return g_eg, (sigma**2).sum(axis=0), h, sum_x2


def _eg_result(g: pd.Series, h: pd.Series, sum_x2: pd.Series) -> pd.DataFrame:
    """Combine G, H and Σ x² into the Ellison–Glaeser result frame."""
    with np.errstate(divide="ignore", invalid="ignore"):
        gamma = (g - (1 - sum_x2) * h) / ((1 - sum_x2) * (1 - h))
    gamma = gamma.where(h < 1)
    out = pd.DataFrame({"gamma": gamma, "G": g, "H": h})
    out.index.name = "sector"
    return out


def ellison_glaeser(plants: pd.DataFrame, region_totals: pd.Series) -> pd.DataFrame:
    """Compute the Ellison–Glaeser agglomeration index γ of each sector from plants.

    Parameters
    ----------
    plants : DataFrame
        One row per plant (establishment or enterprise) with columns ``region``,
        ``sector`` and ``employees`` (persons, ≥ 0, no NaN).
    region_totals : Series
        Total employment of every region (all sectors), indexed by region; regions
        without plants of a sector count with σ_rs = 0.

    Returns
    -------
    DataFrame
        One row per sector (index ``sector``) with columns ``gamma`` (γ_EG, about
        [−1, 1]; 0 = random "dartboard" location, > 0.05 highly concentrated), ``G``
        (raw geographic concentration ≥ 0) and ``H`` (plant Herfindahl, (0, 1]).

    Raises
    ------
    InputError
        If a plant column is missing or ``employees`` has NaN or negative values;
        :class:`AlignmentError` if a plant region has no total.

    Notes
    -----
    σ_rs = E_rs / E_·s, x_r = R_r / Σ R, G = Σ_r (σ_rs − x_r)², H = Σ_k z_k² with z_k
    the plant's share of sector employment, and γ = [G − (1 − Σ x_r²) H] / [(1 − Σ
    x_r²)(1 − H)]. NaN if the sector has one plant (H = 1) or no employees.

    References
    ----------
    .. [1] Ellison, G., Glaeser, E. L. (1997). Geographic Concentration in U.S.
       Manufacturing Industries. *Journal of Political Economy* 105(5), 889–927.
    .. [2] Farhauer, O., Kröll, A. (2014). *Standorttheorien*; REAT ``ellison.a``.

    Examples
    --------
    >>> plants = pd.DataFrame({"region": ["A", "A", "B"], "sector": "C10",
    ...                        "employees": [10.0, 10.0, 20.0]})
    >>> ellison_glaeser(plants, pd.Series({"A": 50.0, "B": 50.0})).loc["C10"].to_dict()
    {'gamma': -0.6, 'G': 0.0, 'H': 0.375}

    """
    frame, totals = _check_plants(plants, region_totals)
    g, _, h, sum_x2 = _agglomeration(frame, totals)
    return _eg_result(g, h, sum_x2)


def maurel_sedillot(plants: pd.DataFrame, region_totals: pd.Series) -> pd.DataFrame:
    """Compute the Maurel–Sédillot agglomeration index γ of each sector from plants.

    Parameters
    ----------
    plants : DataFrame
        One row per plant with columns ``region``, ``sector`` and ``employees``.
    region_totals : Series
        Total employment of every region (all sectors), indexed by region.

    Returns
    -------
    DataFrame
        One row per sector (index ``sector``) with columns ``gamma`` (γ_MS), ``G``
        (G_MS) and ``H`` (plant Herfindahl), as :func:`ellison_glaeser`.

    Notes
    -----
    G_MS = (Σ_r σ_rs² − Σ_r x_r²) / (1 − Σ_r x_r²); γ_MS = (G_MS − H) / (1 − H).
    NaN if H = 1 or the sector has no employees. Same inputs and rules as
    :func:`ellison_glaeser`; on small samples the two can differ in sign.

    References
    ----------
    .. [1] Maurel, F., Sédillot, B. (1999). A measure of the geographic concentration in
       French manufacturing industries. *Regional Science and Urban Economics* 29(5),
       575–604.

    Examples
    --------
    >>> plants = pd.DataFrame({"region": ["A", "A", "B"], "sector": "C10",
    ...                        "employees": [10.0, 10.0, 20.0]})
    >>> maurel_sedillot(plants, pd.Series({"A": 50.0, "B": 50.0})).loc["C10"].to_dict()
    {'gamma': -0.6, 'G': 0.0, 'H': 0.375}

    """
    frame, totals = _check_plants(plants, region_totals)
    _, sigma2, h, sum_x2 = _agglomeration(frame, totals)
    g_ms = (sigma2 - sum_x2) / (1 - sum_x2)
    with np.errstate(divide="ignore", invalid="ignore"):
        gamma = ((g_ms - h) / (1 - h)).where(h < 1)
    out = pd.DataFrame({"gamma": gamma, "G": g_ms, "H": h})
    out.index.name = "sector"
    return out


def ellison_glaeser_from_counts(
    employment: pd.DataFrame, units: pd.DataFrame, region_totals: pd.Series
) -> pd.DataFrame:
    """Compute Ellison–Glaeser γ per sector assuming equal-size units within each cell.

    Parameters
    ----------
    employment : DataFrame
        Region × sector employment E_rs (persons); NaN for missing cells.
    units : DataFrame
        Region × sector number of local units n_rs, same labels as ``employment``.
    region_totals : Series
        Total employment R_r of every region, indexed like ``employment.index``.

    Returns
    -------
    DataFrame
        One row per sector with columns ``gamma``, ``G``, ``H`` as
        :func:`ellison_glaeser`.

    Raises
    ------
    AlignmentError
        If ``units`` or ``region_totals`` do not cover the labels of ``employment``.

    Notes
    -----
    With n_rs units of equal size E_rs / n_rs, H_s ≈ Σ_r E_rs² / (n_rs E_·s²). Cells
    with E_rs = 0 add nothing; a cell with E_rs > 0 and n_rs = 0 or missing makes H (and
    γ) NaN. Regions whose E_rs is missing are left out of that sector: σ_rs, x_r = R_r /
    R(s) and H use the regions with known E_rs only.

    References
    ----------
    .. [1] Ellison, G., Glaeser, E. L. (1997), eq. (5) and the equal-size approximation.

    Examples
    --------
    >>> emp = pd.DataFrame({"C10": [20.0, 20.0]}, index=["A", "B"])
    >>> units = pd.DataFrame({"C10": [2.0, 1.0]}, index=["A", "B"])
    >>> out = ellison_glaeser_from_counts(emp, units, pd.Series({"A": 50.0, "B": 50.0}))
    >>> out.loc["C10"].to_dict()
    {'gamma': -0.6, 'G': 0.0, 'H': 0.375}

    """
    employment = check_matrix(employment, name="employment")
    units = check_matrix(units, name="units")
    for axis, theirs, ours in (
        ("index", units.index, employment.index),
        ("columns", units.columns, employment.columns),
    ):
        if not theirs.sort_values().equals(ours.sort_values()):
            diff = ours.symmetric_difference(theirs)
            raise AlignmentError(
                f"units and employment differ in their {axis}, e.g. {list(diff[:5])}"
            )
    units = units.reindex(index=employment.index, columns=employment.columns)
    totals = align_to_index(
        region_totals,
        employment.index,
        name="region_totals",
        target="the employment index",
    )
    known = employment.notna()
    x = pd.DataFrame(
        np.where(
            known.to_numpy(),
            check_measure(totals, name="region_totals")[:, None],
            np.nan,
        ),
        index=employment.index,
        columns=employment.columns,
    )
    x = x / x.sum(axis=0)
    sector_total = employment.sum(axis=0)
    sigma = employment / sector_total
    g = ((sigma - x) ** 2).sum(axis=0, min_count=1)
    sum_x2 = (x**2).sum(axis=0, min_count=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_unit = (employment**2 / units.where(units > 0)).where(employment > 0, 0.0)
    per_unit = per_unit.where(known, 0.0)
    h = per_unit.sum(axis=0, skipna=False) / sector_total**2
    return _eg_result(g, h, sum_x2)
