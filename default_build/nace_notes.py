"""NACE Rev. 2 explanatory notes ("includes / excludes") from Eurostat's RAMON export, for the sector picker.

``python -m default_build.nace_notes [RAW_DIR [OUT_DIR]]`` writes ``nace_notes.parquet``: index ``code`` (the
tree's codes, ``C29``), columns ``includes`` (RAMON's "This item includes" and "… also includes", joined)
and ``excludes``. RAMON writes division and group codes without their leading zero (``1``, ``1.1``): they are
padded to the tree's dotted codes (``01``, ``01.1``) before the join. Offline: reads the raw file only.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

RAMON_FILE = "nace_rev2_eurostat_ramon_export_2022-11-03.csv.gz"
RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "raw"
OUT = Path(__file__).resolve().parents[1] / "data" / "default"


def dotted(code: pd.Series, level: pd.Series) -> pd.Series:
    """RAMON code → the tree's dotted code: sections stay, divisions and below get a 2-digit division.

    >>> dotted(pd.Series(["A", "1", "1.1", "29.10", "C"]), pd.Series([1, 2, 3, 4, 1])).tolist()
    ['A', '01', '01.1', '29.10', 'C']
    """
    head, _, tail = code.astype(str).str.partition(".").T.to_numpy()
    padded = pd.Series(head, index=code.index).str.zfill(2) + pd.Series(tail, index=code.index).radd(".").where(
        pd.Series(tail, index=code.index) != "", "")
    return padded.where(level > 1, code.astype(str))


def _text(frame: pd.DataFrame, *columns: str) -> pd.Series:
    parts = [frame[c].fillna("").astype(str).str.strip() for c in columns]
    joined = parts[0]
    for part in parts[1:]:
        joined = (joined + "\n" + part).str.strip()
    return joined.str.replace(r"[ \t\u00a0]*\n[\s\u00a0]*\n+", "\n", regex=True)


def build_nace_notes(raw: Path, tree: pd.DataFrame) -> pd.DataFrame:
    """Join the RAMON notes to the tree (index: the tree's codes); codes without notes are left out."""
    ramon = pd.read_csv(raw / RAMON_FILE, dtype={"Code": str})
    ramon["dotted"] = dotted(ramon["Code"], ramon["Level"])
    notes = pd.DataFrame({"dotted": ramon["dotted"],
                          "includes": _text(ramon, "This item includes", "This item also includes"),
                          "excludes": _text(ramon, "This item excludes")})
    by_code = tree.reset_index()[["code", "dotted"]].merge(notes, on="dotted", how="inner").set_index("code")
    return by_code.loc[(by_code["includes"] != "") | (by_code["excludes"] != ""), ["includes", "excludes"]]


def main(raw: Path = RAW, out: Path = OUT) -> None:
    """Write ``nace_notes.parquet`` next to the tree it joins (``nace.parquet``)."""
    tree = pd.read_parquet(out / "nace.parquet")
    build_nace_notes(raw, tree).to_parquet(out / "nace_notes.parquet", compression="zstd")


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:3]))
