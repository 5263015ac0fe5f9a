"""Read official regional tables (Eurostat bulk TSV, SDMX-CSV) with ``nace_r2`` and ``geo`` into ``stats``."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pandas as pd

from data.errors import SchemaError
from data.measures import OFFICIAL_CODES
from ingest.aggregate import typed_stats
from ingest.eurostat_tsv import parse_cells, read_eurostat_tsv
from ingest.validation import ValidationReport

#: Eurostat SBS indicator codes → measure names of the stats table (from :mod:`data.measures`).
KNOWN_MEASURES = OFFICIAL_CODES
#: ``CODE:Label`` cells of an SDMX-CSV file downloaded with labels ("both codes and labels").
_LABELLED = r"^(?P<code>[^:\s]+):(?P<label>.*)$"
#: ``CONF_STATUS`` codes of SDMX-CSV (current Eurostat API) that hide the value: confidential (primary,
#: secondary) or not for publication; read as the bulk files' flag ``c``.
CONFIDENTIAL_STATUS = frozenset({"C", "D", "N"})
_SDMX_FIXED = {"DATAFLOW", "LAST UPDATE", "freq", "geo", "nace_r2", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG",
               "CONF_STATUS"}
#: Columns of an SDMX-CSV file that are not dimensions of its measures.
SDMX_FIXED = frozenset(_SDMX_FIXED)


def is_official_table(start: bytes) -> bool:
    """Say whether a text file starts like a Eurostat bulk TSV or an SDMX-CSV file."""
    first = start.split(b"\n", 1)[0]
    return (b"\\" in first.split(b"\t", 1)[0] and b"\t" in first) or (b"OBS_VALUE" in first and b"geo" in first)


def read_official_table(data: bytes, *, filename: str, nuts_version: int | None,
                        region_codes: dict[int, frozenset[str]], tree: pd.DataFrame
                        ) -> tuple[pd.DataFrame, ValidationReport, int, int, dict[str, str]]:
    """Read a regional Eurostat table into the ``stats`` schema, keeping the flags and the indicators' labels.

    Parameters
    ----------
    data : bytes
        Text of the table (already decompressed).
    filename : str
        Name for messages.
    nuts_version : int or None
        NUTS version of the ``geo`` codes; ``None`` detects it (the version whose region ids match
        most codes).
    region_codes : dict
        NUTS version → set of its region ids (all levels).
    tree : DataFrame
        NACE tree; ``nace_r2`` codes must be in it (aggregates such as ``B-N_S95_X_K`` included).

    Returns
    -------
    tuple
        ``(stats, report, nuts_version, rows_read, measure_labels)``. Rows whose region or NACE code is
        unknown are dropped and reported once per code. ``measure_labels`` maps a measure the atlas
        does not rename (e.g. ``EMP_LOC_NR``) to the label the file gave it (SDMX-CSV downloaded
        with labels: cells ``CODE:Label``); empty for files with codes only.

    Raises
    ------
    SchemaError
        Not a bulk TSV or SDMX-CSV file, or no ``geo``/``nace_r2`` dimension.
    """
    report = ValidationReport(filename)
    first = data.split(b"\n", 1)[0]
    if b"OBS_VALUE" in first:
        raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        _require(raw.columns, filename)
        dims = [c for c in raw.columns if c not in _SDMX_FIXED]
        raw, labels = _split_labels(raw, [*dims, "geo", "nace_r2", "TIME_PERIOD", "OBS_FLAG", "CONF_STATUS"])
        cells = parse_cells(raw["OBS_VALUE"] + " " + raw.get("OBS_FLAG", ""))
        cells["flag"] = _confidential(cells["flag"], raw.get("CONF_STATUS"))
        long = raw.assign(year=pd.to_numeric(raw["TIME_PERIOD"].str[:4], errors="coerce"), value=cells["value"],
                          flag=cells["flag"])
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "table.tsv"
            path.write_bytes(data)
            try:
                long = read_eurostat_tsv(path)
            except SchemaError as error:
                raise SchemaError(error.problem, file=filename, row=error.row, column=error.column) from error
        _require(long.columns, filename)
        dims = [c for c in long.columns if c not in {"geo", "nace_r2", "year", "value", "flag", "freq"}]
        labels = pd.DataFrame(index=long.index, columns=dims, dtype=object).fillna("")
    rows_read = len(long)
    measure = long[dims].astype(str).agg("_".join, axis=1) if dims else pd.Series("value", index=long.index)
    measure_labels = _measure_labels(measure, labels[dims])
    long = long.assign(measure=measure.replace(KNOWN_MEASURES), geo=long["geo"].str.strip(),
                       nace_r2=long["nace_r2"].str.strip())
    shares = {v: long["geo"].isin(codes).mean() for v, codes in region_codes.items()}
    version = nuts_version if nuts_version is not None else max(sorted(shares, reverse=True), key=shares.get)
    unknown_geo = ~long["geo"].isin(region_codes[version])
    unknown_nace = ~long["nace_r2"].isin(tree.index)
    _report_codes(report, long["geo"][unknown_geo], "geo", f"not a NUTS {version} region; rows left out")
    _report_codes(report, long["nace_r2"][unknown_nace], "nace_r2",
                  "not a NACE Rev. 2 code or aggregate; rows left out")
    kept = long[~unknown_geo & ~unknown_nace & long["year"].notna()]
    stats = pd.DataFrame({"nuts_id": kept["geo"], "nuts_version": version, "year": kept["year"].astype(int),
                          "nace": kept["nace_r2"], "measure": kept["measure"], "value": kept["value"],
                          "flag": kept["flag"].fillna("")})
    return typed_stats(stats), report, version, rows_read, measure_labels


def _confidential(flag: pd.Series, status: pd.Series | None) -> pd.Series:
    """Add the flag ``c`` where the dissemination API marks a cell confidential in ``CONF_STATUS`` (C, D or N)."""
    if status is None:
        return flag
    hidden = status.astype(str).str.strip().str.upper().isin(CONFIDENTIAL_STATUS) & ~flag.str.contains("c")
    return flag.where(~hidden, flag + "c")


def _split_labels(raw: pd.DataFrame, columns: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ``CODE:Label`` cells into the code (kept in ``raw``) and the label (``''`` when none)."""
    present = [c for c in columns if c in raw.columns]
    codes, labels = raw.copy(), pd.DataFrame("", index=raw.index, columns=present, dtype=object)
    for column in present:  # a handful of dimension columns
        parts = raw[column].str.extract(_LABELLED)
        labelled = parts["code"].notna()
        codes[column] = parts["code"].where(labelled, raw[column])
        labels[column] = parts["label"].where(labelled, "").str.strip()
    return codes, labels


def _measure_labels(measure: pd.Series, labels: pd.DataFrame) -> dict[str, str]:
    """Label of each measure the atlas keeps under its own code: the dimensions' labels, joined."""
    if labels.empty or not labels.ne("").all(axis=1).any():
        return {}
    text = labels.agg(", ".join, axis=1)
    named = pd.DataFrame({"measure": measure, "label": text})[labels.ne("").all(axis=1)]
    named = named[~named["measure"].isin(list(KNOWN_MEASURES))].drop_duplicates("measure")
    return dict(zip(named["measure"], named["label"], strict=True))


def _require(columns: pd.Index, filename: str) -> None:
    for dimension in ("geo", "nace_r2"):
        if dimension not in columns:
            raise SchemaError(f"a regional table needs a '{dimension}' dimension; found {list(columns)[:12]}",
                              file=filename, row=0, column=dimension)


def _report_codes(report: ValidationReport, codes: pd.Series, column: str, problem: str) -> None:
    counts = codes.value_counts(sort=False)
    report.add_rows(pd.Series([None] * len(counts)), problem, column=column,
                    values=(counts.index.astype(str) + " (" + counts.astype(str) + " cells)").to_numpy(),
                    severity="warning")
