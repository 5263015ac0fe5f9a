"""Enterprise size classes by persons employed (DESIGN §3): micro, small, medium, large."""

from __future__ import annotations

import numpy as np
import pandas as pd

SIZE_CLASSES = ("micro", "small", "medium", "large")


def size_class(employees: pd.Series) -> pd.Series:
    """Classify employees into ``micro`` (<10), ``small`` (10–49), ``medium`` (50–249), ``large`` (≥250).

    Missing employees give a missing class.
    """
    bins = [-np.inf, 10, 50, 250, np.inf]
    return pd.cut(employees, bins=bins, right=False, labels=list(SIZE_CLASSES)).astype("string")
