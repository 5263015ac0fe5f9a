"""Colour scales and the value transform of each indicator (diverging around LQ = 1, sequential else)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

NO_DATA = "#d4d4d4"
#: Diverging blue–white–red for the LQ on a log2 axis; the centre (white) is LQ = 1.
DIVERGING = [[0.0, "#2166ac"], [0.25, "#67a9cf"], [0.5, "#f7f7f7"], [0.75, "#ef8a62"], [1.0, "#b2182b"]]
SEQUENTIAL = "YlOrRd"
BINARY = [[0.0, "#67a9cf"], [0.5, "#67a9cf"], [0.5, "#b2182b"], [1.0, "#b2182b"]]
LQ_LOG2_LIMIT = 2.0  # colour saturates at LQ ≤ 1/4 and LQ ≥ 4
#: Okabe–Ito colours (colour-blind safe) for ordered classes, best first (trajectories: emerging … fading).
CATEGORY_COLOURS = ("#009E73", "#56B4E9", "#F0E442", "#E69F00", "#D55E00")


@dataclass(frozen=True)
class ColourScale:
    """Everything the value trace needs to colour one indicator."""

    z: list[float | None]
    colorscale: list | str
    zmin: float
    zmax: float
    tickvals: list[float] | None
    ticktext: list[str] | None
    title: str


def _clean(values: pd.Series) -> list[float | None]:
    return [None if not np.isfinite(v) else float(v) for v in values.to_numpy(dtype=float)]


def categorical_scale(values: pd.Series, categories: tuple[str, ...], title: str) -> ColourScale:
    """One colour per class, each a band of the colour axis, labelled.

    ``categories`` are listed best first; the first has value k − 1, the last 0 (:mod:`views.change`).
    """
    k = len(categories)
    order = list(range(k))[::-1]  # value i → class k − 1 − i
    colours = [CATEGORY_COLOURS[j % len(CATEGORY_COLOURS)] for j in order]
    bands = [[edge, colour] for i, colour in enumerate(colours) for edge in (i / k, (i + 1) / k)]
    return ColourScale(_clean(values.astype(float)), bands, -0.5, k - 0.5, [float(i) for i in range(k)],
                       [categories[j] for j in order], title)


def centred_on_zero(values: pd.Series, title: str) -> ColourScale:
    """Diverging scale for changes: white at 0, symmetric limits ± the 98th percentile of |value|."""
    v = values.astype(float)
    finite = v[np.isfinite(v)].abs()
    limit = float(finite.quantile(0.98)) if len(finite) else 1.0
    limit = limit if limit > 0 else (float(finite.max()) if len(finite) and finite.max() > 0 else 1.0)
    return ColourScale(_clean(v.clip(-limit, limit)), DIVERGING, -limit, limit, None, None, title)


def colour_scale(values: pd.Series, *, centre: float | None, binary: bool, title: str,
                 categories: tuple[str, ...] = ()) -> ColourScale:
    """Map indicator values to colour-axis values.

    A centred ratio (LQ, centre 1) is drawn on a log2 axis clipped to ±2 (LQ ¼ … 4) so that
    LQ = 0.5 and LQ = 2 are equally far from white; a binary indicator gets two colours; other
    indicators a sequential scale from the 2nd to the 98th percentile. Missing values stay
    ``None`` (not drawn; the no-data layer below shows through).
    """
    v = values.astype(float)
    if categories:
        return categorical_scale(v, categories, title)
    if centre == 0:
        return centred_on_zero(v, title)
    if binary:
        return ColourScale(_clean(v), BINARY, 0.0, 1.0, [0.25, 0.75], ["< 1", "≥ 1"], title)
    if centre is not None and centre > 0:
        with np.errstate(divide="ignore"):
            z = np.log2(v / centre).clip(-LQ_LOG2_LIMIT, LQ_LOG2_LIMIT)
        ticks = [-2.0, -1.0, 0.0, 1.0, 2.0]
        labels = [f"≤{centre * 0.25:g}", f"{centre * 0.5:g}", f"{centre:g}", f"{centre * 2:g}", f"≥{centre * 4:g}"]
        return ColourScale(_clean(z), DIVERGING, -LQ_LOG2_LIMIT, LQ_LOG2_LIMIT, ticks, labels, title)
    finite = v[np.isfinite(v)]
    low, high = (finite.quantile(0.02), finite.quantile(0.98)) if len(finite) else (0.0, 1.0)
    if not high > low:
        low, high = (float(finite.min()), float(finite.max()) + 1.0) if len(finite) else (0.0, 1.0)
    return ColourScale(_clean(v), SEQUENTIAL, float(low), float(high), None, None, title)
