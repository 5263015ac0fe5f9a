"""Collect problems of uploaded files (file, row, column, problem, value) and enforce input limits.

Row convention used everywhere in ingestion: rows are numbered from 1 for the first data record,
the header line is row 0 (as in :class:`data.errors.SchemaError`). For a CSV file, data row ``r`` is
text line ``r + 1``; for an Excel sheet it is spreadsheet row ``r + 1``; for GeoJSON, GeoPackage,
Shapefile and Parquet it is the ``r``-th feature or record. ``row`` is empty for problems of the whole
file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from data.errors import LimitError, SchemaError

PROBLEM_COLUMNS = ["file", "row", "column", "problem", "value", "severity"]
#: Characters that make a spreadsheet treat a cell as a formula; neutralised in CSV output.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Limits:
    """Limits checked before (or while) parsing an upload; ``None`` switches a limit off.

    Parameters
    ----------
    max_bytes : int or None, default 50 MB
        Size of the uploaded file (compressed size for a zip).
    max_rows : int or None, default 2 000 000
        Data records (lines for CSV, counted before parsing).
    max_columns : int or None, default 200
        Columns of the header.
    max_string_length : int or None, default 1 000
        Characters in one cell.
    max_expanded_bytes : int or None, default 500 MB
        Total uncompressed size of a zip archive (zip bombs).
    max_compression_ratio : float, default 200
        Uncompressed / compressed size of any zip member.
    max_json_depth : int, default 64
        Nesting depth of ``[``/``{`` in JSON files.
    max_rejected_share : float, default 0.5
        Share of rejected rows above which the whole file is refused.
    """

    max_bytes: int | None = 50 * 2**20
    max_rows: int | None = 2_000_000
    max_columns: int | None = 200
    max_string_length: int | None = 1_000
    max_expanded_bytes: int | None = 500 * 2**20
    max_compression_ratio: float = 200.0
    max_json_depth: int = 64
    max_rejected_share: float = 0.5

    def check_size(self, size: int, *, file: str) -> None:
        """Raise :class:`LimitError` if ``size`` (bytes) is over :attr:`max_bytes` or zero."""
        if size == 0:
            raise SchemaError("the file is empty (0 bytes)", file=file)
        if self.max_bytes is not None and size > self.max_bytes:
            raise LimitError(f"file '{file}': {size:,} bytes is over the limit of {self.max_bytes:,} bytes")

    def check_rows(self, rows: int, *, file: str) -> None:
        """Raise :class:`LimitError` if ``rows`` is over :attr:`max_rows`."""
        if self.max_rows is not None and rows > self.max_rows:
            raise LimitError(f"file '{file}': {rows:,} rows is over the limit of {self.max_rows:,} rows")

    def check_columns(self, columns: int, *, file: str) -> None:
        """Raise :class:`LimitError` if ``columns`` is over :attr:`max_columns`."""
        if self.max_columns is not None and columns > self.max_columns:
            raise LimitError(f"file '{file}': {columns} columns is over the limit of {self.max_columns}")


#: No limits: for the command line, which streams files of any size.
UNLIMITED = Limits(max_bytes=None, max_rows=None, max_columns=None, max_expanded_bytes=None)


class ValidationReport:
    """Problems found in one uploaded file, capped, in the order found.

    Parameters
    ----------
    file : str
        Name of the file as the user knows it.
    cap : int, default 1000
        Number of problems kept; :attr:`total` still counts every problem.

    Notes
    -----
    ``severity`` is ``"error"`` (the row was rejected, or the file refused) or ``"warning"`` (the
    row was kept, e.g. an employee count that is not a number is read as unknown).
    """

    def __init__(self, file: str, *, cap: int = 1000) -> None:
        self.file = file
        self.cap = cap
        self.total = 0
        self._parts: list[pd.DataFrame] = []
        self._kept = 0

    def add(self, problem: str, *, row: int | None = None, column: str | None = None, value: object = None,
            severity: str = "error") -> None:
        """Record one problem."""
        self.add_rows(pd.Series([row], dtype="Int64"), problem, column=column,
                      values=pd.Series([value], dtype=object), severity=severity)

    def add_rows(self, rows: pd.Series | np.ndarray, problem: str, *, column: str | None,
                 values: pd.Series | np.ndarray | None = None, severity: str = "error") -> None:
        """Record the same problem for many rows at once (vectorised)."""
        rows = pd.Series(np.asarray(rows, dtype=object)).astype("Int64")
        count = len(rows)
        if count == 0:
            return
        self.total += count
        room = self.cap - self._kept
        if room <= 0:
            return
        shown = pd.Series(np.asarray(values, dtype=object)) if values is not None else pd.Series([None] * count)
        part = pd.DataFrame({
            "file": self.file, "row": rows.iloc[:room].to_numpy(), "column": column or "",
            "problem": problem, "value": shown.iloc[:room].map(_shown).to_numpy(), "severity": severity,
        })
        self._parts.append(part)
        self._kept += len(part)

    def extend(self, other: ValidationReport) -> None:
        """Append the problems of another report (e.g. of one chunk), keeping the cap."""
        for part in other._parts:
            room = self.cap - self._kept
            if room > 0:
                self._parts.append(part.iloc[:room].assign(file=self.file))
                self._kept += min(room, len(part))
        self.total += other.total

    @property
    def problems(self) -> pd.DataFrame:
        """Table of the kept problems: ``file, row, column, problem, value, severity`` (a copy)."""
        if not self._parts:
            return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "row" else object) for c in PROBLEM_COLUMNS})
        return pd.concat(self._parts, ignore_index=True)

    @property
    def errors(self) -> int:
        """Number of kept problems with severity ``error``."""
        return int(sum((p["severity"] == "error").sum() for p in self._parts))

    def first(self, severity: str = "error") -> pd.Series | None:
        """Return the first problem of a severity, or ``None``."""
        problems = self.problems
        hits = problems[problems["severity"] == severity]
        return None if hits.empty else hits.iloc[0]

    def summary(self, limit: int = 10) -> str:
        """Plain-text summary: counts by problem, then the first ``limit`` problems with their place."""
        if self.total == 0:
            return f"{self.file}: no problems"
        problems = self.problems
        capped = f", first {self.cap} kept" if self.total > self.cap else ""
        lines = [f"{self.file}: {self.total} problem(s){capped}"]
        counts = problems.groupby(["severity", "column", "problem"], sort=False).size()
        lines += [f"  {n} × {sev} in column '{col}': {prob}" for (sev, col, prob), n in counts.items()]
        for item in problems.head(limit).itertuples(index=False):
            lines.append(f"  - {describe(item.file, item.row, item.column, item.problem, item.value)}")
        return "\n".join(lines)

    def to_csv(self, path: str | Path | None = None) -> str:
        """Write the problems as CSV (formula-like cells neutralised); return the text."""
        table = self.problems.astype({"row": "Int64"})
        for column in ("column", "problem", "value"):
            text = table[column].fillna("").astype(str)
            table[column] = text.where(~text.str.startswith(FORMULA_START), "'" + text)
        buffer = io.StringIO()
        table.to_csv(buffer, index=False, lineterminator="\r\n")  # a lone \r in a cell gets quoted
        if path is not None:
            Path(path).write_text(buffer.getvalue(), encoding="utf-8")
        return buffer.getvalue()

    def raise_first(self, exception: type[SchemaError] = SchemaError, prefix: str = "") -> None:
        """Raise ``exception`` naming the first error (file, row, column), with this report attached."""
        first = self.first()
        if first is None:
            return
        row = None if pd.isna(first["row"]) else int(first["row"])
        error = exception(prefix + first["problem"], file=first["file"], row=row,
                          column=first["column"] or None, value=first["value"])
        error.report = self
        raise error


def describe(file: str, row: object, column: str, problem: str, value: object) -> str:
    """Format one problem as ``file 'x', row 3, column 'lat': problem (value '…')``."""
    where = [f"file '{file}'"]
    if row is not None and not pd.isna(row):
        where.append(f"row {int(row)}")
    if column:
        where.append(f"column '{column}'")
    shown = f" (value {value!r})" if value is not None and not pd.isna(value) and value != "" else ""
    return f"{', '.join(where)}: {problem}{shown}"


def _shown(value: object) -> object:
    """Cut long values to 80 characters so the report stays small."""
    if isinstance(value, str) and len(value) > 80:
        return value[:77] + "..."
    return value


def parse_numbers(text: pd.Series) -> pd.Series:
    """Parse numbers written with a decimal point or a decimal comma (``'48,137'``, ``'1.234,5'``).

    Parameters
    ----------
    text : Series of str
        Cells as read from the file (strings, possibly empty or NaN).

    Returns
    -------
    Series of float
        NaN where the cell is empty or not a number; ``inf`` stays ``inf`` (callers check finiteness).

    Examples
    --------
    >>> parse_numbers(pd.Series(["1.5", "48,137", "1.234,5", "x", ""])).tolist()
    [1.5, 48.137, 1234.5, nan, nan]
    """
    fast = _arrow_numbers(text)
    if fast is not None:
        return fast
    values = pd.to_numeric(text, errors="coerce").astype(float)
    failed = values.isna() & text.notna()
    if failed.any():
        rest = text[failed].astype(str).str.strip()
        comma = rest.str.fullmatch(r"-?[0-9.]*,[0-9]+")
        fixed = rest[comma].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        values.loc[fixed.index] = pd.to_numeric(fixed, errors="coerce").astype(float)
    return values


def _arrow_numbers(text: pd.Series) -> pd.Series | None:
    """Parse an Arrow-backed text column with Arrow's cast when every filled cell is a plain number, else ``None``.

    ``None`` (the general path decides) when a cell does not parse, when a cell reads as NaN, or for a
    negative zero (pandas reads ``'-0'`` as 0.0): where this returns, it equals :func:`pd.to_numeric`.
    """
    if not isinstance(text.array, pd.arrays.ArrowStringArray):
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    column = pa.array(text.array)
    try:
        parsed = pc.cast(column, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    values = parsed.to_numpy(zero_copy_only=False)
    if np.isnan(values).sum() != column.null_count or np.signbit(values[values == 0]).any():
        return None
    return pd.Series(values, index=text.index)


def unparsed(text: pd.Series, values: pd.Series) -> pd.Series:
    """Flag cells that hold text but gave no number (not the empty cells)."""
    if not values.isna().any():  # every cell gave a number
        return pd.Series(False, index=text.index)
    filled = text.notna() & (text.astype(str).str.strip() != "")
    return filled & values.isna()
