"""Peers of a region: structural similarity and the rule-based comparison sets.

All functions take labelled pandas input (the standard region × sector matrix, index ``nuts_id``,
columns NACE codes; or one value per region) and return a Series indexed by region id, the
region itself excluded, sorted by ascending distance with ties broken by id.

NaN rules shared by this module:

* Shares and location quotients use the known cells of a row only (see
  :mod:`analysis.specialisation`); a missing cell never counts as 0.
* A distance is taken over the sectors known in both rows. A pair with no such sector, a row
  total of 0, or (cosine) a zero LQ vector has no distance: that region is left out of the
  result, never ranked as near or far.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis._checks import check_choice, check_matrix
from analysis.specialisation import location_quotient
from data.errors import InputError

__all__ = ["METRICS", "neighbours", "sharing_strong_clusters", "similar_regions", "similar_size"]

#: Structural distances offered by :func:`similar_regions`.
METRICS = ("krugman", "cosine")


def _check_k(k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise InputError(f"k must be a whole number ≥ 1, got {k!r}")
    return int(k)


def _check_region(region: Any, index: pd.Index, name: str) -> None:
    if region not in index:
        raise InputError(f"region {region!r} is not in the {name} ({len(index)} regions, e.g. {list(index[:3])})")


def _nearest(distance: np.ndarray, ids: pd.Index, region: Any, k: int) -> pd.Series:
    """Drop the region and unknown distances; sort ascending, ties by id; keep the first ``k``."""
    keep = ~np.isnan(distance) & np.asarray(ids != region)
    values, labels = distance[keep], ids[keep]
    order = np.lexsort((np.asarray(labels.astype(str), dtype=str), values))[:k]  # last key sorts first
    return pd.Series(values[order], index=labels[order], name="distance", dtype="float64")


def similar_regions(matrix: pd.DataFrame, region: Any, *, k: int = 10, metric: str = "krugman") -> pd.Series:
    """Rank the regions whose sector structure is closest to ``region``'s.

    Parameters
    ----------
    matrix : DataFrame
        Region × sector values of one measure, year and level (e.g. persons employed); index
        region ids, columns sector codes, ≥ 0, NaN for missing cells.
    region : label
        The region whose peers are sought (a label of ``matrix.index``).
    k : int, default 10
        Number of peers returned at most.
    metric : {"krugman", "cosine"}, default "krugman"
        ``"krugman"``: D_rl = Σ_i |s_ir − s_il| with s_ir = E_ir / E_r· the sector's share of the
        region's known total; range [0, 2] (0 identical structure, 2 no sector in common).
        ``"cosine"``: D_rl = 1 − LQ_r·LQ_l / (‖LQ_r‖ ‖LQ_l‖) over the location quotients of the
        full matrix; range [0, 1] for LQ ≥ 0 (0 proportional LQ profiles).

    Returns
    -------
    Series
        Distance (dimensionless) of the ≤ ``k`` nearest other regions, named ``"distance"``,
        indexed by region id, ascending, ties broken by id; regions without a distance (see the
        module's NaN rules) are left out.

    Raises
    ------
    TypeError
        If ``matrix`` is not a numeric DataFrame.
    InputError
        If ``region`` is not a row of ``matrix``, ``k`` is not a whole number ≥ 1 or ``metric`` is unknown.

    Notes
    -----
    Both distances are computed over the sectors i known (not NaN) in both rows. The Krugman
    distance is the bilateral form of the Krugman specialisation index (Krugman 1991; Midelfart-
    Knarvik et al. 2000); the cosine distance on LQ vectors follows the similarity measure of the
    US Cluster Mapping peer regions and the S3 platform's regional benchmarking.

    References
    ----------
    .. [1] Krugman, P. (1991). *Geography and Trade*. MIT Press.
    .. [2] Navarro, M. et al. (2014). Regional benchmarking in the smart specialisation process:
       identification of reference regions based on structural similarity. S3 Working Paper 03/2014.

    Examples
    --------
    >>> m = pd.DataFrame({"A": [50.0, 40, 10], "B": [50.0, 60, 90]}, index=["p", "q", "r"])
    >>> similar_regions(m, "p")
    q    0.2
    r    0.8
    Name: distance, dtype: float64
    >>> similar_regions(m, "p", k=1, metric="cosine").round(4)
    q    0.0161
    Name: distance, dtype: float64

    """
    m = check_matrix(matrix, name="matrix")
    k = _check_k(k)
    metric = check_choice(metric, name="metric", allowed=METRICS)
    _check_region(region, m.index, "matrix")
    if metric == "krugman":
        cells = m.to_numpy(dtype="float64")
        total = np.where(np.isnan(cells).all(axis=1), np.nan, np.nansum(cells, axis=1))
        with np.errstate(invalid="ignore", divide="ignore"):
            others = cells / np.where(total > 0, total, np.nan)[:, None]
    else:
        others = location_quotient(m).to_numpy(dtype="float64")
    target = others[m.index.get_loc(region)]
    both = ~np.isnan(others) & ~np.isnan(target)[None, :]
    known = both.any(axis=1)
    a = np.where(both, others, 0.0)
    b = np.where(both, target[None, :], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        if metric == "krugman":
            distance = np.abs(a - b).sum(axis=1)
        else:
            norms = np.sqrt((a * a).sum(axis=1)) * np.sqrt((b * b).sum(axis=1))
            distance = np.clip(1.0 - (a * b).sum(axis=1) / np.where(norms > 0, norms, np.nan), 0.0, None)
    return _nearest(np.where(known, distance, np.nan), m.index, region, k)


def similar_size(totals: pd.Series, region: Any, *, k: int = 10) -> pd.Series:
    """Rank the regions nearest in size to ``region`` (e.g. by total persons employed).

    Parameters
    ----------
    totals : Series
        One size per region (e.g. persons employed in the business economy), > 0; NaN or ≤ 0
        sizes are left out.
    region : label
        The region whose size peers are sought.
    k : int, default 10
        Number of peers returned at most.

    Returns
    -------
    Series
        Size distance |ln(E_l / E_r)| (dimensionless, 0 = same size, ln 2 ≈ 0.69 = twice or half
        the size) of the ≤ ``k`` nearest regions, ascending, ties by id, named ``"distance"``.

    Raises
    ------
    InputError
        If ``region`` has no positive size, or ``k`` is not a whole number ≥ 1.

    Examples
    --------
    >>> similar_size(pd.Series({"p": 100.0, "q": 180.0, "r": 60.0, "s": 0.0}), "p").round(3)
    r    0.511
    q    0.588
    Name: distance, dtype: float64

    """
    if not isinstance(totals, pd.Series) or not pd.api.types.is_numeric_dtype(totals):
        raise TypeError(f"totals must be a numeric Series, got {type(totals).__name__}")
    k = _check_k(k)
    _check_region(region, totals.index, "totals")
    size = totals.astype("float64").where(lambda t: t > 0)
    if np.isnan(size.loc[region]):
        raise InputError(f"region {region!r} has no positive size ({totals.loc[region]!r})")
    distance = (np.log(size) - np.log(size.loc[region])).abs()
    return _nearest(distance.to_numpy(dtype="float64"), distance.index, region, k)


def sharing_strong_clusters(strong: pd.DataFrame, region: Any) -> pd.DataFrame:
    """List the regions that share at least one strong cluster with ``region``.

    Parameters
    ----------
    strong : DataFrame
        Region × sector booleans (e.g. from :func:`analysis.clusters.strong_clusters`); <NA> is False.
    region : label
        The region whose strong clusters are compared.

    Returns
    -------
    DataFrame
        Index region id; ``shared`` (int, number of the region's strong clusters the other region
        also has) and ``sectors`` (tuple of those sector codes, in column order). Sorted by
        ``shared`` descending, ties by id; empty when the region has no strong cluster.

    Examples
    --------
    >>> s = pd.DataFrame({"A": [True, True, False], "B": [True, True, True]}, index=["p", "q", "r"])
    >>> sharing_strong_clusters(s, "p")
       shared sectors
    q       2  (A, B)
    r       1    (B,)

    """
    if not isinstance(strong, pd.DataFrame):
        raise TypeError(f"strong must be a DataFrame of booleans, got {type(strong).__name__}")
    _check_region(region, strong.index, "strong-cluster table")
    marks = strong.fillna(False).astype(bool)
    mine = marks.columns[marks.loc[region].to_numpy(dtype=bool)]
    common = marks[mine].drop(index=region)
    shared = common.sum(axis=1).astype(int)
    shared = shared[shared > 0]
    codes = np.asarray(mine, dtype=object)
    hits = common.loc[shared.index].to_numpy(dtype=bool)
    sectors = [tuple(codes[row]) for row in hits]  # one tuple per peer (≤ regions), not a data loop
    out = pd.DataFrame({"shared": shared.to_numpy(), "sectors": sectors, "id": shared.index.astype(str)},
                       index=shared.index)
    return out.sort_values(["shared", "id"], ascending=[False, True], kind="mergesort").drop(columns="id")


def neighbours(graph: Any, region: Any) -> pd.Index:
    """Return the regions adjacent to ``region`` in a contiguity graph (``libpysal.graph.Graph``), sorted by id.

    Examples
    --------
    >>> from libpysal.graph import Graph
    >>> g = Graph.from_arrays(["a", "b", "b", "c"], ["b", "a", "c", "b"], [1, 1, 1, 1])
    >>> list(neighbours(g, "b"))
    ['a', 'c']

    """
    ids = pd.Index(graph.unique_ids)
    _check_region(region, ids, "weights")
    found = pd.Index(graph.neighbors[region])
    return found.drop(region, errors="ignore").sort_values()
