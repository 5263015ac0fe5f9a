"""Aggregate placed enterprises to region × sector × size class (counts, employment) as a ``stats`` table.

The work is split so that it can run in chunks or on Dask partitions: :func:`partial_counts` reduces
one chunk of firms to small partial sums at the finest key (year, NUTS-3 region, the firm's own
NACE code, size class), and :func:`stats_from_partials` adds the partials up, then expands them to
every NUTS level (0–3, prefixes of the NUTS-3 code) and every NACE level (the firm's code and its
ancestors). Counts and employee sums are integers, so the result does not depend on the chunking.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.size_classes import SIZE_CLASSES, size_class

STATS_COLUMNS = ["nuts_id", "nuts_version", "year", "nace", "measure", "value", "flag"]
KEY = ["year", "region", "nace", "size"]
#: Measures of an enterprise register (per size class: ``enterprises:micro`` … ``employment:large``).
MEASURES = ("enterprises", "employment")


def partial_counts(firms: pd.DataFrame) -> pd.DataFrame:
    """Reduce firms to sums per (year, region, nace, size class).

    Parameters
    ----------
    firms : DataFrame
        Columns ``year`` (int), ``region`` (int position of the NUTS-3 region, ≥ 0), ``nace``
        (tree code), ``employees`` (float, NaN unknown), ``size_class`` (str or ``<NA>``).

    Returns
    -------
    DataFrame
        Columns ``year, region, nace, size, firms, employees, known`` where ``size`` is the class or
        ``''`` (unknown), ``firms`` the count, ``employees`` the sum of known employee counts and
        ``known`` the number of firms whose employees are known.
    """
    employees = firms["employees"].astype(float)
    frame = pd.DataFrame({
        "year": firms["year"].astype(np.int64).to_numpy(),
        "region": firms["region"].astype(np.int64).to_numpy(),
        "nace": firms["nace"].astype(str).to_numpy(),
        "size": firms["size_class"].astype("string").fillna("").astype(str).to_numpy(),
        "firms": np.ones(len(firms), dtype=np.int64),
        "employees": employees.fillna(0).to_numpy(),
        "known": employees.notna().astype(np.int64).to_numpy(),
    })
    return frame.groupby(KEY, sort=False, observed=True).sum().reset_index()


def stats_from_partials(partials: list[pd.DataFrame] | pd.DataFrame, *, codes: np.ndarray, ancestry: pd.DataFrame,
                        nuts_version: int) -> pd.DataFrame:
    """Add up partial sums and expand them to every NUTS level and NACE level.

    Parameters
    ----------
    partials : DataFrame or list of DataFrame
        Outputs of :func:`partial_counts` (any chunking).
    codes : ndarray of str
        NUTS-3 codes by region position (:attr:`ingest.locate.RegionIndex.codes`).
    ancestry : DataFrame
        ``code → ancestor`` pairs (:func:`ingest.nace_spelling.ancestry`).
    nuts_version : int
        Written to the ``nuts_version`` column.

    Returns
    -------
    DataFrame
        The ``stats`` schema: ``nuts_id, nuts_version, year, nace, measure, value, flag`` with
        measures ``enterprises`` and ``employment`` and ``enterprises:<class>``,
        ``employment:<class>`` for ``micro``, ``small``, ``medium``, ``large``; ``flag`` is ``''``.

    Notes
    -----
    Only cells with at least one firm are listed: an absent (region, sector, measure) cell means no
    firm of the register is there (count 0). ``employment`` is the sum of the known employee counts
    and NaN when no firm of the cell has a known count (missing is never 0). A firm coded to a
    division counts at division and section level only. Firms without a size class count in
    ``enterprises``/``employment`` but in no size class.
    """
    parts = pd.concat(partials, ignore_index=True) if isinstance(partials, list) else partials
    sums = parts.groupby(KEY, sort=False).sum().reset_index()
    nace_codes = np.array(sorted(set(ancestry["ancestor"]) | set(ancestry["code"])), dtype=object)
    lineage = _lineage(ancestry, nace_codes)
    nace = pd.Index(nace_codes).get_indexer(sums["nace"])
    size = pd.Index(["", *SIZE_CLASSES]).get_indexer(sums["size"])
    values = sums[["firms", "employees", "known"]].to_numpy(float)
    # NACE levels: the firm's own code and each of its ancestors (-1 pads shorter lineages)
    up = lineage[np.maximum(nace, 0)]
    rows = np.repeat(np.arange(len(sums)), up.shape[1])
    ancestor = up.ravel()
    rows, ancestor = rows[(ancestor >= 0) & (nace[rows] >= 0)], ancestor[(ancestor >= 0) & (nace[rows] >= 0)]
    year, region, code, klass, vals = _reduce(sums["year"].to_numpy()[rows], sums["region"].to_numpy()[rows],
                                              ancestor, size[rows], values[rows])
    # NUTS levels: prefixes of the NUTS-3 code
    nuts_codes, levels = _region_levels(codes)
    repeat = len(levels)
    year, nuts, code, klass, vals = _reduce(np.tile(year, repeat), levels[:, region].ravel(), np.tile(code, repeat),
                                            np.tile(klass, repeat), np.tile(vals, (repeat, 1)))
    total = _reduce(year, nuts, code, np.zeros_like(klass), vals)
    sized = klass > 0
    by_class = (year[sized], nuts[sized], code[sized], klass[sized], vals[sized])
    stats = pd.concat([_measures(total, nuts_codes, nace_codes, sized=False),
                       _measures(by_class, nuts_codes, nace_codes, sized=True)], ignore_index=True)
    stats["nuts_version"] = nuts_version
    stats["flag"] = ""
    return typed_stats(stats)


def _lineage(ancestry: pd.DataFrame, nace_codes: np.ndarray) -> np.ndarray:
    """Matrix: code position → positions of the code and its ancestors (-1 pads)."""
    index = pd.Index(nace_codes)
    code, ancestor = index.get_indexer(ancestry["code"]), index.get_indexer(ancestry["ancestor"])
    depth = pd.Series(code).groupby(code).cumcount().to_numpy()
    table = np.full((len(nace_codes), int(depth.max()) + 1 if len(depth) else 1), -1, dtype=np.int64)
    table[code, depth] = ancestor
    return table


def _region_levels(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All NUTS ids of levels 0–3 (sorted) and, per level, the position of each NUTS-3 region's id."""
    prefixes = [pd.Series(codes, dtype=str).str[: level + 2].to_numpy(object) for level in (0, 1, 2, 3)]
    names = np.array(sorted(set(np.concatenate(prefixes))), dtype=object)
    index = pd.Index(names)
    return names, np.vstack([index.get_indexer(p) for p in prefixes])


def _reduce(year: np.ndarray, region: np.ndarray, code: np.ndarray, klass: np.ndarray,
            values: np.ndarray) -> tuple[np.ndarray, ...]:
    """Sum the rows of ``values`` over equal (year, region, code, class) keys (one int64 key)."""
    parts = [np.asarray(a, dtype=np.int64) for a in (year, region, code, klass)]
    low = [int(a.min()) if len(a) else 0 for a in parts]
    span = [int(a.max()) - m + 1 if len(a) else 1 for a, m in zip(parts, low, strict=True)]
    key = np.zeros(len(parts[0]), dtype=np.int64)
    for a, m, n in zip(parts, low, span, strict=True):
        key = key * n + (a - m)
    ids, uniques = pd.factorize(key)
    sums = np.column_stack([np.bincount(ids, weights=values[:, j], minlength=len(uniques))
                            for j in range(values.shape[1])]) if len(ids) else np.zeros((0, values.shape[1]))
    decoded = []
    for m, n in zip(low[::-1], span[::-1], strict=True):
        uniques, rest = np.divmod(uniques, n)
        decoded.append(rest + m)
    return (*decoded[::-1], sums)


def _measures(table: tuple[np.ndarray, ...], nuts_codes: np.ndarray, nace_codes: np.ndarray, *,
              sized: bool) -> pd.DataFrame:
    year, nuts, code, klass, vals = table
    employment = np.where(vals[:, 2] > 0, vals[:, 1], np.nan)  # NaN when no employee count is known
    suffix = np.array(["", *(":" + c for c in SIZE_CLASSES)], dtype=object)[klass] if sized else ""
    frame = pd.DataFrame({"nuts_id": nuts_codes[nuts], "year": year, "nace": nace_codes[code]})
    return pd.concat([frame.assign(measure="enterprises" + suffix, value=vals[:, 0]),
                      frame.assign(measure="employment" + suffix, value=employment)], ignore_index=True)


def typed_stats(stats: pd.DataFrame) -> pd.DataFrame:
    """Give a stats table the store's dtypes and a deterministic row order.

    ``nuts_id``, ``nace``, ``measure`` and ``flag`` become categories (sorted), ``nuts_version`` and
    ``year`` int16, ``value`` float64; rows are sorted by version, measure, year, nace and region.
    """
    out = stats.copy()
    for column in ("nuts_id", "nace", "measure", "flag"):
        out[column] = pd.Categorical(out[column].astype(str))
    out["nuts_version"] = out["nuts_version"].astype("int16")
    out["year"] = out["year"].astype("int16")
    out["value"] = out["value"].astype("float64")
    keys = [out["nuts_id"].cat.codes, out["nace"].cat.codes, out["year"], out["measure"].cat.codes,
            out["nuts_version"]]
    return out.iloc[np.lexsort(keys)].reset_index(drop=True)[STATS_COLUMNS]


def size_classes(employees: pd.Series, given: pd.Series | None = None) -> pd.Series:
    """Derive the size class from employees; where employees are unknown use a given class if valid."""
    derived = size_class(employees.astype(float))
    if given is None:
        return derived
    named = given.astype("string").str.strip().str.lower()
    named = named.where(named.isin(SIZE_CLASSES))
    return derived.fillna(named)


def cluster_stats(clusters: pd.DataFrame, *, codes: np.ndarray, ancestry: pd.DataFrame, nuts_version: int,
                  year: int) -> pd.DataFrame:
    """Count cluster organisations and their members per region and sector (all levels).

    A cluster listing several codes under the same division counts once at division level.
    Measures ``cluster_organisations`` and ``cluster_members`` (NaN when no member count is known).
    """
    listed = clusters[["region", "nace", "members"]].reset_index(drop=True).rename_axis("cluster").reset_index()
    pairs = listed.explode("nace").dropna(subset=["nace"])
    pairs = pairs.merge(ancestry, left_on="nace", right_on="code").drop_duplicates(["cluster", "ancestor"])
    firms = pd.DataFrame({"year": year, "region": pairs["region"], "nace": pairs["ancestor"],
                          "employees": pairs["members"].astype(float), "size_class": pd.NA})
    own = pd.DataFrame({"code": ancestry["ancestor"].unique(), "ancestor": ancestry["ancestor"].unique()})
    stats = stats_from_partials(partial_counts(firms), codes=codes, ancestry=own, nuts_version=nuts_version)
    stats = stats[stats["measure"].isin(MEASURES)].copy()
    stats["measure"] = stats["measure"].astype(str).map({"enterprises": "cluster_organisations",
                                                         "employment": "cluster_members"})
    return typed_stats(stats)
