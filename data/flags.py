"""Flags the atlas adds to the ``stats`` table next to Eurostat's own flag letters.

Eurostat flags are lower-case letters (``c`` confidential, ``p`` provisional, …). The atlas marks
cells it cannot use with an upper-case letter, so the two never collide: such a cell keeps its row
(the region is listed) with ``value`` NaN and the letter in ``flag``; ``views.values`` turns the
letter into the reason shown on the map, in the ranking and in the profile.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.nuts import merge_flags

__all__ = ["NEGATIVE_IN_SOURCE", "NEGATIVE_REASON", "flag_negative"]

#: Flag letter of a cell whose source value is negative although the measure cannot be.
NEGATIVE_IN_SOURCE = "N"
#: What the dashboard says about such a cell.
NEGATIVE_REASON = "not usable: negative in source"


def flag_negative(stats: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Set negative values to NaN and add the flag :data:`NEGATIVE_IN_SOURCE` to their cell.

    Every measure of the atlas (persons employed, local units, enterprises, wages in EUR, GDP,
    population, area) is non-negative by definition, so a negative source value is an error or a
    correction entry that no index can use; it is kept as a flagged missing cell, never as 0.

    Parameters
    ----------
    stats : DataFrame
        The ``stats`` schema (at least ``value`` and ``flag``; ``flag`` may be NaN or categorical).

    Returns
    -------
    tuple of DataFrame
        ``(stats, negative)``: a new table with the flagged cells (other rows unchanged; ``flag`` as
        ``str``, letters of a flagged cell sorted as in :func:`data.nuts.merge_flags`) and the rows
        that were negative, as they were in the input.

    Examples
    --------
    >>> stats = pd.DataFrame({"nuts_id": ["NO06", "NO07", "SE11"], "value": [-8.3, 2.0, -1.0],
    ...                       "flag": ["", "p", "p"]})
    >>> out, negative = flag_negative(stats)
    >>> out[["value", "flag"]].to_dict("list")
    {'value': [nan, 2.0, nan], 'flag': ['N', 'p', 'Np']}
    >>> negative["nuts_id"].tolist()
    ['NO06', 'SE11']
    """
    values = stats["value"].to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        negative = values < 0
    flags = stats["flag"].astype(object).where(stats["flag"].notna(), "").astype(str)
    out = stats.assign(value=np.where(negative, np.nan, values),
                       flag=flags.where(~negative, merge_flags(flags + NEGATIVE_IN_SOURCE)))
    return out, stats[negative]
