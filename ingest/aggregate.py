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
#: Largest key space (year × region × code × class cells) summed with dense ``bincount`` instead of hashing.
DENSE_CELLS = 2**24


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
    employees = firms["employees"].astype(float).to_numpy(na_value=np.nan)
    nace, nace_names = pd.factorize(firms["nace"])  # hashing of the strings once, then integers only
    size, size_names = pd.factorize(firms["size_class"], use_na_sentinel=True)
    size_names = np.array([*np.asarray(size_names, dtype=object), ""], dtype=object)  # -1 (unknown) -> ""
    values = np.column_stack([np.ones(len(employees)), np.nan_to_num(employees), ~np.isnan(employees)])
    year, region, nace, size, sums = _reduce(firms["year"].to_numpy(np.int64), firms["region"].to_numpy(np.int64),
                                             nace, size, values)
    return pd.DataFrame({
        "year": year, "region": region, "nace": np.asarray(nace_names, dtype=object)[nace].astype(str),
        "size": size_names[size].astype(str), "firms": sums[:, 0].astype(np.int64), "employees": sums[:, 1],
        "known": sums[:, 2].astype(np.int64),
    })


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
    nace_codes = np.array(sorted(set(ancestry["ancestor"]) | set(ancestry["code"])), dtype=object)
    lineage = _lineage(ancestry, nace_codes)
    # the sum over chunks, on integer keys (codes of the sorted NACE codes and of the size classes)
    year, region, nace, size, values = _reduce(
        parts["year"].to_numpy(np.int64), parts["region"].to_numpy(np.int64),
        pd.Index(nace_codes).get_indexer(parts["nace"]), pd.Index(["", *SIZE_CLASSES]).get_indexer(parts["size"]),
        parts[["firms", "employees", "known"]].to_numpy(float))
    # NACE levels: the firm's own code and each of its ancestors (-1 pads shorter lineages)
    up = lineage[np.maximum(nace, 0)]
    rows = np.repeat(np.arange(len(nace)), up.shape[1])
    ancestor = up.ravel()
    rows, ancestor = rows[(ancestor >= 0) & (nace[rows] >= 0)], ancestor[(ancestor >= 0) & (nace[rows] >= 0)]
    year, region, code, klass, vals = _reduce(year[rows], region[rows], ancestor, size[rows], values[rows])
    # NUTS levels: prefixes of the NUTS-3 code
    nuts_codes, levels = _region_levels(codes)
    tables = []
    for level in levels:  # one NUTS level at a time (bounded memory); their codes are disjoint
        y, nuts, c, k, v = _reduce(year, level[region], code, klass, vals)
        tables.append(_reduce(y, nuts, c, np.zeros_like(k), v))  # all firms
        sized = k > 0
        tables.append((y[sized], nuts[sized], c[sized], k[sized], v[sized]))  # per size class
    return _stats_table(tables, nuts_codes, nace_codes, nuts_version)


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
    cells = int(np.prod(span, dtype=np.float64))
    if len(key) and cells <= min(DENSE_CELLS, 4 * len(key) + 2**20):  # dense: one bincount per column, no hashing
        uniques = np.flatnonzero(np.bincount(key, minlength=cells))
        sums = np.column_stack([np.bincount(key, weights=values[:, j], minlength=cells)[uniques]
                                for j in range(values.shape[1])])
    else:
        ids, uniques = pd.factorize(key)
        sums = np.column_stack([np.bincount(ids, weights=values[:, j], minlength=len(uniques))
                                for j in range(values.shape[1])]) if len(ids) else np.zeros((0, values.shape[1]))
    decoded = []
    for m, n in zip(low[::-1], span[::-1], strict=True):
        uniques, rest = np.divmod(uniques, n)
        decoded.append(rest + m)
    return (*decoded[::-1], sums)


def _stats_table(tables: list[tuple[np.ndarray, ...]], nuts_codes: np.ndarray, nace_codes: np.ndarray,
                 nuts_version: int) -> pd.DataFrame:
    """Build the typed, sorted ``stats`` table (as :func:`typed_stats` gives it) from integer-coded sums.

    Each table is ``(year, nuts, code, class, values)`` with class 0 = all firms, 1–4 = a size class;
    each row gives two measures, ``enterprises[:<class>]`` (values column 0) and ``employment[:<class>]``
    (column 1; NaN where column 2, the firms with a known count, is 0). Categories are built from the
    codes (no strings per row) and the rows sorted by one integer key.
    """
    year, nuts, code, klass, vals = (np.concatenate(parts) for parts in zip(*tables, strict=True))
    names = np.array([f"{m}{s}" for s in ("", *(":" + c for c in SIZE_CLASSES)) for m in MEASURES], dtype=object)
    order = np.argsort(names, kind="stable")  # measure categories sorted as typed_stats sorts them
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    measure = rank[np.concatenate([2 * klass, 2 * klass + 1])]
    year, nuts, code = np.tile(year, 2), np.tile(nuts, 2), np.tile(code, 2)
    value = np.concatenate([vals[:, 0], np.where(vals[:, 2] > 0, vals[:, 1], np.nan)])
    low = int(year.min()) if len(year) else 0
    span = int(year.max()) - low + 1 if len(year) else 1
    key = ((measure * span + (year - low)) * len(nace_codes) + code) * len(nuts_codes) + nuts
    sort = np.argsort(key, kind="stable")
    key, value = key[sort], value[sort]  # the columns are read back from the sorted key (no gathers)
    key, nuts = np.divmod(key, len(nuts_codes))
    key, code = np.divmod(key, len(nace_codes))
    measure, year = np.divmod(key, span)

    def category(positions: np.ndarray, categories: np.ndarray) -> pd.Categorical:
        used = np.bincount(positions, minlength=len(categories)) > 0  # only observed categories (O(n), no sort)
        renumber = (np.cumsum(used) - 1).astype(np.int32)
        return pd.Categorical.from_codes(renumber[positions], validate=False,
                                         categories=pd.Index(np.asarray(categories)[used], dtype="str"))

    return pd.DataFrame({
        "nuts_id": category(nuts, nuts_codes), "nuts_version": np.full(len(sort), nuts_version, dtype=np.int16),
        "year": (year + low).astype(np.int16), "nace": category(code, nace_codes),
        "measure": category(measure, names[order]), "value": value.astype(np.float64),
        "flag": pd.Categorical.from_codes(np.zeros(len(sort), dtype=np.int8), categories=pd.Index([""], dtype="str")),
    })[STATS_COLUMNS]


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
