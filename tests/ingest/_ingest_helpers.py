"""Helpers for the ingestion tests: small registers written in several formats."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

#: Eight firms in known NUTS 2021 regions (Munich DE212, Berlin DE300, Paris FR101, Milan ITC4C ...).
FIRMS = pd.DataFrame({
    "id": [f"F{i}" for i in range(1, 9)],
    "name": ["Brauerei <b>Süd</b>", "Café Müller", "Société Générale", "Milano Srl", "Acme Berlin",
             "Beta München", "Gamma", "Delta"],
    "lat": [48.137, 52.520, 48.857, 45.464, 52.500, 48.150, 50.110, 41.390],
    "lon": [11.575, 13.405, 2.352, 9.190, 13.380, 11.560, 8.680, 2.170],
    "nace": ["C11.05", "56.10", "K6419", "C10", "J62.01", "C1105", "C", "10.1"],
    "employees": [12, 3, 5000, 40, 260, "", 9, 70],
})


def snapshot(folder: Path) -> dict[str, str]:
    """Map every file under ``folder`` to its content hash (to prove nothing changed)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_stats(found: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Assert two stats tables are equal, column by column; categoricals by categories and codes.

    (``pandas.testing.assert_frame_equal`` boxes every element of a categorical with Arrow-string categories
    one by one: minutes for a million rows.)
    """
    assert list(found.columns) == list(expected.columns) and len(found) == len(expected)
    for column in expected.columns:
        a, b = found[column], expected[column]
        assert a.dtype == b.dtype, (column, a.dtype, b.dtype)
        if isinstance(b.dtype, pd.CategoricalDtype):
            assert a.cat.categories.equals(b.cat.categories), column
            assert (a.cat.codes.to_numpy() == b.cat.codes.to_numpy()).all(), column
        else:
            pd.testing.assert_series_equal(a, b)
