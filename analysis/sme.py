"""Small and medium enterprises: the share of a sector's firms or employment in firms with < 250 persons employed.

SME share_rs = (X_rs^micro + X_rs^small + X_rs^medium) / (X_rs^micro + X_rs^small + X_rs^medium + X_rs^large)

with X the enterprises or the persons employed of sector s in region r by size class (micro < 10,
small 10–49, medium 50–249, large ≥ 250 persons employed; EU Recommendation 2003/361/EC by headcount).
Range [0, 1]. NaN rule: the denominator counts firms of known size only; 0/0 → NaN, and a missing
class (NaN) makes the share NaN (never read as 0).
"""

from __future__ import annotations

import pandas as pd

from analysis._checks import InputError

__all__ = ["SIZE_INPUTS", "sme_share"]

#: Size classes the indicator reads, in order (the measure keys are ``<measure>:<class>``).
SIZE_INPUTS = ("micro", "small", "medium", "large")


def sme_share(micro: pd.Series, small: pd.Series, medium: pd.Series, large: pd.Series) -> pd.Series:
    """Return the SME share per label: (micro + small + medium) / (micro + small + medium + large).

    Inputs are aligned by label (all must carry the same index).

    Examples
    --------
    >>> idx = ["A", "B", "C"]
    >>> sme_share(pd.Series([8.0, 0, 0], idx), pd.Series([1.0, 0, 1], idx), pd.Series([1.0, 0, 0], idx),
    ...           pd.Series([10.0, 0, float("nan")], idx)).tolist()
    [0.5, nan, nan]
    """
    parts = (micro, small, medium, large)
    if not all(isinstance(p, pd.Series) for p in parts):
        raise TypeError("sme_share takes four pandas Series (micro, small, medium, large)")
    if not all(p.index.equals(micro.index) for p in parts[1:]):
        raise InputError("the size classes of sme_share must be on the same regions (index)")
    sme = micro + small + medium
    total = sme + large
    return (sme / total.where(total > 0)).rename("sme_share")
