"""The map's text alternative (WCAG 1.1.1): one sentence saying what the map shows, for screen readers.

``"Location quotient of C Manufacturing, NUTS 2, 2014: highest in Severovýchod (2.10), …; lowest in …;
47 of 320 regions without data"``. Regions without a value (NaN) are counted as without data and never
ranked; ties keep the order of the values' index (a stable sort). Pure: no Dash, no Plotly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.i18n import DEFAULT_LANGUAGE, text

TOP = 5  # regions named at each end of the scale


@dataclass(frozen=True)
class MapSummary:
    """The sentence and the regions it names (highest first), for the live region and its table."""

    sentence: str
    top: pd.DataFrame  # index nuts_id; columns name, value, rank (1 = highest)
    missing: int
    total: int


def format_value(value: float, lang: str = DEFAULT_LANGUAGE) -> str:
    r"""Format a value for reading aloud: 2 decimals below 100, else whole numbers with thousands separators.

    French uses a decimal comma and a narrow no-break space between thousands.

    >>> format_value(2.104), format_value(15234.6), format_value(2.104, "fr"), format_value(15234.6, "fr")
    ('2.10', '15,235', '2,10', '15\u202f235')
    """
    formatted = f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if lang == "fr":
        formatted = formatted.replace(",", "\u202f").replace(".", ",")
    return formatted


def _named(frame: pd.DataFrame, lang: str) -> str:
    return ", ".join(f"{name} ({format_value(value, lang)})"
                     for name, value in zip(frame["name"], frame["value"], strict=True))


def map_summary(values: pd.DataFrame, *, indicator: str, sector: str, level: int, year: int,
                lang: str = DEFAULT_LANGUAGE, top: int = TOP) -> MapSummary:
    """Summarise a map: the ``top`` highest and lowest regions with their values, and how many lack data.

    Parameters
    ----------
    values : DataFrame
        Index ``nuts_id``; columns ``name`` and ``value`` (NaN = no data), as from
        :func:`views.values.indicator_values`.
    indicator, sector : str
        The indicator's label and the sector's label (or "all sectors" for regional indices).
    level, year : int
        NUTS level and year of the view.
    lang : str
        Language of the sentence (:mod:`data.i18n`).
    top : int
        Regions named at each end; the lowest are named only when more than ``top`` regions have values.
    """
    known = values.loc[values["value"].notna() & np.isfinite(values["value"].astype(float)), ["name", "value"]]
    ordered = known.sort_values("value", ascending=False, kind="stable")
    head = text("summary_head", lang, indicator=indicator, sector=sector, level=level, year=year)
    missing, total = len(values) - len(known), len(values)
    if ordered.empty:
        parts = [text("summary_empty", lang)]
    else:
        parts = [text("summary_highest", lang, regions=_named(ordered.head(top), lang))]
        if len(ordered) > top:
            lowest = ordered.tail(min(top, len(ordered) - top)).iloc[::-1]
            parts.append(text("summary_lowest", lang, regions=_named(lowest, lang)))
    parts.append(text("summary_missing", lang, missing=missing, total=total))
    table = ordered.head(top).assign(rank=np.arange(1, min(top, len(ordered)) + 1))
    return MapSummary(f"{head}: " + "; ".join(parts), table, missing, total)
