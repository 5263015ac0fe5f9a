"""Shared test matrices and hypothesis strategies for the analysis tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

# EconGeo 5×5 example matrix (man/location.quotient.Rd, PABalland/EconGeo; values re-run
# with R 4.2.2, see research/anchors.md §3.2 A).
ECONGEO = pd.DataFrame(
    [
        [100, 0, 0, 0, 0],
        [0, 15, 5, 70, 10],
        [0, 20, 10, 20, 50],
        [0, 25, 30, 5, 40],
        [0, 40, 55, 5, 0],
    ],
    index=[f"R{i}" for i in range(1, 6)],
    columns=[f"I{i}" for i in range(1, 6)],
    dtype="float64",
)


@st.composite
def matrices(draw, *, min_regions=2, max_regions=6, min_sectors=2, max_sectors=5):
    """Draw a complete positive region × sector matrix with string labels."""
    n = draw(st.integers(min_regions, max_regions))
    s = draw(st.integers(min_sectors, max_sectors))
    values = draw(
        arrays(np.float64, (n, s), elements=st.floats(1.0, 1e4, allow_nan=False))
    )
    return pd.DataFrame(
        values,
        index=[f"R{i}" for i in range(n)],
        columns=[f"S{j}" for j in range(s)],
    )
