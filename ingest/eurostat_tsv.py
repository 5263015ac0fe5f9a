"""Read Eurostat bulk-download TSV files into the long ``stats`` shape with values and flags."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from data.errors import SchemaError

_CELL = r"^\s*(?P<number>-?[0-9.]+)?\s*(?P<flag>[a-z]*)\s*$"


def parse_cells(cells: pd.Series) -> pd.DataFrame:
    """Split Eurostat cells such as ``'1234 p'``, ``': c'`` or ``':'`` into value and flag.

    Parameters
    ----------
    cells : Series of str
        Raw cell text from a bulk TSV file.

    Returns
    -------
    DataFrame
        Columns ``value`` (float; NaN for ``:``, never 0) and ``flag`` (the flag letters, ``''``
        when none), same index as ``cells``.

    Examples
    --------
    >>> parse_cells(pd.Series(["12 p", ":", ": c", "3.5"])).to_dict("list")
    {'value': [12.0, nan, nan, 3.5], 'flag': ['p', '', 'c', '']}
    """
    parts = cells.astype(str).str.replace(":", "", regex=False).str.extract(_CELL)
    value = pd.to_numeric(parts["number"], errors="coerce").astype(float)
    flag = parts["flag"].fillna("").astype(str)
    return pd.DataFrame({"value": value, "flag": flag}, index=cells.index)


def read_eurostat_tsv(path: str | Path) -> pd.DataFrame:
    r"""Read a Eurostat bulk TSV (gzip or plain) into one row per key and year.

    Parameters
    ----------
    path : str or Path
        File whose first column holds comma-joined dimension codes, e.g. ``nace_r2,indic_sb,geo\time``,
        and whose other columns are years.

    Returns
    -------
    DataFrame
        One column per dimension (``geo`` for the region code), ``year`` (int), ``value`` (float,
        NaN where ``:``) and ``flag`` (str).

    Raises
    ------
    SchemaError
        When the header is not in the bulk format or a year column is not a year.
    """
    name = Path(path).name
    raw = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    key = raw.columns[0]
    if "\\" not in key:
        raise SchemaError("first header cell must look like 'dim1,dim2,geo\\time'", file=name, row=0, column=key)
    dims = [d.strip() for d in key.split("\\")[0].split(",")]
    years = [c.strip() for c in raw.columns[1:]]
    bad = [y for y in years if not y.isdigit()]
    if bad:
        raise SchemaError("year columns must be 4-digit years", file=name, row=0, column=bad[0])
    keys = raw[key].str.split(",", expand=True)
    if keys.shape[1] != len(dims):
        raise SchemaError(f"key column must have {len(dims)} comma-separated codes", file=name, column=key)
    keys.columns = dims
    wide = pd.concat([keys, raw.iloc[:, 1:].set_axis(years, axis=1)], axis=1)
    long = wide.melt(id_vars=dims, var_name="year", value_name="cell")
    long = long.join(parse_cells(long.pop("cell")))
    long["year"] = long["year"].astype(np.int64)
    if "geo" in long.columns:
        long["geo"] = long["geo"].str.strip()
    return long
