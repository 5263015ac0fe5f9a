"""All regional indices for every (year, region) of a stacked panel in one vectorised call (benchmark helper).

Used by ``benchmarks/indices.py`` only (it was ``analysis/batch.py``; the app computes one view at a time).

The per-year functions of :mod:`analysis.specialisation` and :mod:`analysis.diversity`
take one region × sector matrix. :func:`regional_indices` takes all years at once (rows
``(year, nuts_id)``) and gives the same numbers as calling them year by year: the
reference totals are taken within each year (and within each year × reference area when
``reference`` is given) by one grouped sum over the stacked rows, the NumPy equivalent of
``groupby(group).transform("sum")``, instead of a loop over years. The whole computation runs
on the NumPy arrays of the panel (no per-year or per-function pandas overhead); the benchmark
checks its numbers against plain loops in the same run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis._checks import AlignmentError, InputError, align_to_index, check_matrix

__all__ = ["REGIONAL_COLUMNS", "RegionalIndices", "regional_indices"]

#: Columns of :attr:`RegionalIndices.regional`, in this order.
REGIONAL_COLUMNS = (
    "herfindahl",
    "entropy",
    "krugman",
    "specialisation_coefficient",
    "average_lq",
    "hachman",
)

_YEAR, _REGION = "year", "nuts_id"


@dataclass(frozen=True, slots=True)
class RegionalIndices:
    """Cell-level and region-level indices of a (year, nuts_id) × sector panel.

    Every field is always present and indexed like the panel rows (``(year, nuts_id)``
    MultiIndex); the cell-level frames also keep the panel columns (NACE codes).

    Attributes
    ----------
    lq : DataFrame
        Location quotient LQ_rs per cell, dimensionless, in [0, ∞); see
        :func:`analysis.location_quotient`.
    share : DataFrame
        Share of the sector total σ_rs = E_rs / E_·s, in [0, 1]; see
        :func:`analysis.share_of_sector`.
    focus : DataFrame
        Sector share in the region f_rs = E_rs / E_r·, in [0, 1]; see
        :func:`analysis.focus`.
    regional : DataFrame
        One row per (year, region), columns :data:`REGIONAL_COLUMNS`: ``herfindahl``
        (in [1/S, 1]), ``entropy`` (bits, in [0, log2 S]), ``krugman`` (in [0, 2]),
        ``specialisation_coefficient`` (in [0, 1]), ``average_lq`` (≥ 1 for a complete
        matrix) and ``hachman`` (in (0, 1]).

    """

    lq: pd.DataFrame
    share: pd.DataFrame
    focus: pd.DataFrame
    regional: pd.DataFrame


def _check_panel(panel: Any) -> pd.DataFrame:
    """Validate the stacked panel and return a float64 copy (input never modified)."""
    m = check_matrix(panel, name="panel")
    names = list(m.index.names)
    if not isinstance(m.index, pd.MultiIndex) or _YEAR not in names or _REGION not in names:
        raise InputError(
            f"panel must have a MultiIndex with levels '{_YEAR}' and '{_REGION}' (all "
            f"years stacked), found index levels {names}; build it with "
            "pd.concat({year: matrix, ...}, names=['year', 'nuts_id'])"
        )
    return m


def _reference_groups(m: pd.DataFrame, reference: Any) -> np.ndarray:
    """Return an integer reference-group code (≥ 0) per panel row: year, or year × area.

    ``reference`` (area label per region) may be indexed by ``nuts_id`` (the same area
    in every year) or like the panel rows (the area may change between years).
    """
    year_codes, _ = pd.factorize(m.index.get_level_values(_YEAR))
    if (year_codes < 0).any():
        raise InputError(
            f"panel has {int((year_codes < 0).sum())} rows without a year (NaN in the "
            f"'{_YEAR}' level); every row needs a year"
        )
    year_codes = year_codes.astype("int64")
    if reference is None:
        return year_codes
    if not isinstance(reference, pd.Series):
        raise TypeError(
            "reference must be a pandas Series of area labels indexed by nuts_id or by "
            f"the panel's (year, nuts_id) index, got {type(reference).__name__}"
        )
    if isinstance(reference.index, pd.MultiIndex):
        labels = align_to_index(
            reference, m.index, name="reference", target="the panel rows (year, nuts_id)"
        ).to_numpy()
    else:
        regions = m.index.get_level_values(_REGION)
        by_region = align_to_index(
            reference, regions.unique(), name="reference", target="the panel regions (nuts_id)"
        )
        labels = by_region.reindex(regions).to_numpy()
    missing = pd.isna(labels)
    if missing.any():
        shown = list(m.index[missing][:5])
        raise AlignmentError(
            f"reference has no area label for {int(missing.sum())} panel rows, e.g. "
            f"{shown}; every region needs a reference area (e.g. a country code)"
        )
    area_codes, areas = pd.factorize(labels)
    return year_codes * len(areas) + area_codes


def _group_sum(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Return, for every row, the column sums over the rows of its group (NaN-free input).

    Rows are sorted by group once and summed block-wise with ``np.add.reduceat``.
    """
    if not codes.size:
        return np.zeros_like(values)
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    sums = np.zeros((int(sorted_codes[-1]) + 1, values.shape[1]))
    sums[sorted_codes[starts]] = np.add.reduceat(values[order], starts, axis=0)
    return sums[codes]


def _row_sum(values: np.ndarray) -> np.ndarray:
    """Return the row sums of the known cells, NaN for a row without any (``min_count=1``)."""
    known = ~np.isnan(values)
    return np.where(known.any(axis=1), np.where(known, values, 0.0).sum(axis=1), np.nan)


def _compute(x: np.ndarray, codes: np.ndarray) -> dict[str, np.ndarray]:
    """Compute every index from the raw values ``x`` (rows × sectors) and group codes."""
    known = ~np.isnan(x)
    row_total = _row_sum(x)  # E_r·
    with np.errstate(divide="ignore", invalid="ignore"):
        f = x / row_total[:, None]  # f_rs = E_rs / E_r·; NaN if E_rs missing or 0/0
        sector = _group_sum(np.where(known, x, 0.0), codes)  # E_·s of the row's group
        overall = _group_sum(np.where(known, row_total[:, None], 0.0), codes)  # E(s)
        structure = sector / overall  # E_·s / E(s); 0/0 -> NaN
        lq = f / structure
        share = x / sector
        plogp = np.where(f > 0, f * np.log2(f), np.where(f == 0, 0.0, np.nan))
        krugman = _row_sum(np.abs(f - structure))
        average = _row_sum(f * lq)
        hachman = 1.0 / average
    return {
        "lq": lq,
        "share": share,
        "focus": f,
        "herfindahl": _row_sum(f * f),
        "entropy": -_row_sum(plogp) + 0.0,
        "krugman": krugman,
        "specialisation_coefficient": krugman / 2.0,
        "average_lq": average,
        "hachman": hachman,
    }


def regional_indices(panel: pd.DataFrame, *, reference: pd.Series | None = None) -> RegionalIndices:
    """Compute every regional index for all years and regions of a panel in one call.

    Parameters
    ----------
    panel : DataFrame
        Measure (e.g. employees, persons) of all years stacked: MultiIndex with levels
        ``year`` and ``nuts_id``, columns NACE codes that do not overlap (e.g. the
        sections, or the divisions); float ≥ 0, NaN for missing or confidential cells.
    reference : Series, optional
        Reference-area label (e.g. country code) per region, indexed by ``nuts_id`` or
        like the panel rows. When given, every reference total is taken within year ×
        area instead of within year.

    Returns
    -------
    RegionalIndices
        Frozen dataclass: ``lq``, ``share`` and ``focus`` (same labels as ``panel``) and
        ``regional`` (indexed like the panel rows, columns :data:`REGIONAL_COLUMNS`).

    Raises
    ------
    TypeError
        If ``panel`` is not a numeric DataFrame or ``reference`` not a Series.
    InputError
        If ``panel`` lacks the ``year``/``nuts_id`` levels, has duplicated rows or
        negative values; :class:`AlignmentError` if ``reference`` lacks a region.

    See Also
    --------
    location_quotient, share_of_sector, focus, herfindahl, entropy, krugman_index,
    specialisation_coefficient, average_location_quotient, hachman

    Notes
    -----
    With g(r, t) the reference group of region r in year t (the year, or year × area):

    * E_r·t = Σ_{s known} E_rst; f_rst = E_rst / E_r·t (``focus``).
    * E_·st = Σ_{r' ∈ g, E_r'st known} E_r'st and E_t(s) = Σ_{r' ∈ g, E_r'st known}
      E_r'·t: grouped sums over the stacked rows, equal to
      ``panel.groupby(g).transform("sum")`` (computed with ``np.add.reduceat``).
    * LQ_rst = f_rst / (E_·st / E_t(s)); σ_rst = E_rst / E_·st.
    * H_rt = Σ_s f_rst²; entropy_rt = −Σ_s f_rst log2 f_rst (0 · log2 0 = 0).
    * K_rt = Σ_s | f_rst − E_·st / E_t(s) |; C_rt = K_rt / 2.
    * LQ̄_rt = Σ_s f_rst · LQ_rst; HI_rt = 1 / LQ̄_rt.

    These equal :func:`location_quotient`, :func:`share_of_sector` (both with
    ``reference=``), :func:`focus`, :func:`herfindahl`, :func:`entropy`,
    :func:`krugman_index`, :func:`specialisation_coefficient`,
    :func:`average_location_quotient` and :func:`hachman` called on each year's matrix
    (or on each year × area sub-matrix), up to floating-point summation order
    (< 1e-12). The last four have no ``reference`` option: here their reference
    structure E_·st / E_t(s) is that of the row's group, as when each year's (or year ×
    area's) matrix is passed on its own. NaN rules are those of the per-year functions:
    missing cells are skipped (never 0), 0/0 gives NaN, and a region with no known cell
    or a zero total gives NaN in every index.

    References
    ----------
    .. [1] Balland, P.-A. (2017). *EconGeo: Computing Key Indicators of the Spatial
       Distribution of Economic Activities*, R package.

    Examples
    --------
    >>> idx = pd.MultiIndex.from_product([[2014, 2015], ["R1", "R2"]],
    ...                                  names=["year", "nuts_id"])
    >>> panel = pd.DataFrame({"A": [10.0, 30.0, 20.0, 20.0],
    ...                       "B": [30.0, 30.0, 20.0, 60.0]}, index=idx)
    >>> out = regional_indices(panel)
    >>> out.lq.round(4)  # doctest: +NORMALIZE_WHITESPACE
                      A       B
    year nuts_id
    2014 R1       0.625  1.2500
         R2       1.250  0.8333
    2015 R1       1.500  0.7500
         R2       0.750  1.1250
    >>> out.regional[["krugman", "average_lq"]].round(4)  # doctest: +NORMALIZE_WHITESPACE
                  krugman  average_lq
    year nuts_id
    2014 R1        0.3000      1.0938
         R2        0.2000      1.0417
    2015 R1        0.3333      1.1250
         R2        0.1667      1.0312

    """
    m = _check_panel(panel)
    values = _compute(m.to_numpy(), _reference_groups(m, reference))

    def cells(name: str) -> pd.DataFrame:
        return pd.DataFrame(values[name], index=m.index, columns=m.columns)

    regional = pd.DataFrame({c: values[c] for c in REGIONAL_COLUMNS}, index=m.index)
    return RegionalIndices(lq=cells("lq"), share=cells("share"), focus=cells("focus"), regional=regional)
