"""The NACE Rev. 2 explanatory notes of ``data/default/nace_notes.parquet`` (``default_build/nace_notes.py``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

NOTES_FILE = Path(__file__).resolve().parent / "default" / "nace_notes.parquet"


@lru_cache(maxsize=2)
def load_notes(path: Path = NOTES_FILE) -> pd.DataFrame:
    """Return the notes (index: NACE code of the tree; columns ``includes``, ``excludes``); empty if absent."""
    if not path.exists():
        return pd.DataFrame({"includes": pd.Series(dtype=str), "excludes": pd.Series(dtype=str)})
    return pd.read_parquet(path)


def sector_notes(code: str, path: Path = NOTES_FILE) -> tuple[str, str]:
    """Return ``(includes, excludes)`` of a NACE code (empty texts when RAMON has none)."""
    notes = load_notes(path)
    if code not in notes.index:
        return "", ""
    row = notes.loc[code]
    return str(row["includes"]), str(row["excludes"])
