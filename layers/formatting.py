"""Number and text formatting for hover labels, tables and titles (data names shown as text)."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd


def escape(text: object) -> str:
    """Escape a data string for Plotly's pseudo-HTML labels: names are text, never markup."""
    return html.escape(str(text), quote=False)


def format_number(value: float, unit: str = "") -> str:
    """Format a value for people: thousands separators, 3 significant decimals for ratios."""
    if value is None or not np.isfinite(value):
        return "n/a"
    if unit in {"ratio", "share", "index", ""} or abs(value) < 100:
        text = f"{value:,.3f}" if abs(value) < 10 else f"{value:,.2f}"
    else:
        text = f"{value:,.0f}"
    return text


def format_series(values: pd.Series, unit: str = "") -> list[str]:
    """Vectorised-enough :func:`format_number` over a Series (a few thousand values at most)."""
    return [format_number(v, unit) for v in values.to_numpy(dtype=float)]
