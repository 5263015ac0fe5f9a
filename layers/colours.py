"""Colour scales and the value transform of each indicator (diverging around LQ = 1, sequential else)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from plotly.colors import sample_colorscale

NO_DATA = "#b0b0b0"  # not #d4d4d4: ΔE00 7.6 from the LQ ≈ 1 class (tests/layers/test_colour_vision.py)
#: Diverging blue–white–red for the LQ on a log2 axis; the centre (white) is LQ = 1.
DIVERGING = [[0.0, "#2166ac"], [0.25, "#67a9cf"], [0.5, "#f7f7f7"], [0.75, "#ef8a62"], [1.0, "#b2182b"]]
SEQUENTIAL = "OrRd"  # not YlOrRd: its light classes fall within ΔE00 9 of each other under deuteranopia
BINARY = [[0.0, "#67a9cf"], [0.5, "#67a9cf"], [0.5, "#b2182b"], [1.0, "#b2182b"]]
LQ_LOG2_LIMIT = 2.0  # colour saturates at LQ ≤ 1/4 and LQ ≥ 4
#: Okabe–Ito colours (colour-blind safe) for ordered classes, best first (trajectories: emerging … fading).
CATEGORY_COLOURS = ("#009E73", "#56B4E9", "#F0E442", "#E69F00", "#D55E00")
#: Perceptually uniform sequential scales (lightness rises monotonically: they print in grey and stay ordered
#: under every colour-vision deficiency; tests/layers/test_colour_vision.py checks all scales).
UNIFORM = {"cividis": "Cividis", "viridis": "Viridis"}
#: Legend classes a continuous scale is read in (the colour bar's ticks): the colour-vision test samples these.
LEGEND_CLASSES = 5


def _scales(palette: str) -> tuple[list | str, list | str, list]:
    """(diverging, sequential, binary) colour scales of a palette (``default`` or a key of :data:`UNIFORM`)."""
    if palette not in UNIFORM:
        return DIVERGING, SEQUENTIAL, BINARY
    name = UNIFORM[palette]
    low, high = sample_colorscale(name, [0.2, 0.85])
    return name, name, [[0.0, low], [0.5, low], [0.5, high], [1.0, high]]


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


def centred_on_zero(values: pd.Series, title: str, scale: list | str = DIVERGING) -> ColourScale:
    """Diverging scale for changes: white at 0 (the middle of ``scale``), limits ± the 98th percentile of |value|."""
    v = values.astype(float)
    finite = v[np.isfinite(v)].abs()
    limit = float(finite.quantile(0.98)) if len(finite) else 1.0
    limit = limit if limit > 0 else (float(finite.max()) if len(finite) and finite.max() > 0 else 1.0)
    return ColourScale(_clean(v.clip(-limit, limit)), scale, -limit, limit, None, None, title)


def colour_scale(values: pd.Series, *, centre: float | None, binary: bool, title: str,
                 categories: tuple[str, ...] = (), palette: str = "default") -> ColourScale:
    """Map indicator values to colour-axis values.

    A centred ratio (LQ, centre 1) is drawn on a log2 axis clipped to ±2 (LQ ¼ … 4) so that
    LQ = 0.5 and LQ = 2 are equally far from white; a binary indicator gets two colours; other
    indicators a sequential scale from the 2nd to the 98th percentile. Missing values stay
    ``None`` (not drawn; the no-data layer below shows through). ``palette`` ``cividis`` or ``viridis``
    draws every kind on that perceptually uniform scale (for grey printing and colour-vision deficiencies).
    """
    diverging, sequential, two = _scales(palette)
    v = values.astype(float)
    if categories:
        return categorical_scale(v, categories, title)
    if centre == 0:
        return centred_on_zero(v, title, diverging)
    if binary:
        return ColourScale(_clean(v), two, 0.0, 1.0, [0.25, 0.75], ["< 1", "≥ 1"], title)
    if centre is not None and centre > 0:
        with np.errstate(divide="ignore"):
            z = np.log2(v / centre).clip(-LQ_LOG2_LIMIT, LQ_LOG2_LIMIT)
        ticks = [-2.0, -1.0, 0.0, 1.0, 2.0]
        labels = [f"≤{centre * 0.25:g}", f"{centre * 0.5:g}", f"{centre:g}", f"{centre * 2:g}", f"≥{centre * 4:g}"]
        return ColourScale(_clean(z), diverging, -LQ_LOG2_LIMIT, LQ_LOG2_LIMIT, ticks, labels, title)
    finite = v[np.isfinite(v)]
    low, high = (finite.quantile(0.02), finite.quantile(0.98)) if len(finite) else (0.0, 1.0)
    if not high > low:
        low, high = (float(finite.min()), float(finite.max()) + 1.0) if len(finite) else (0.0, 1.0)
    return ColourScale(_clean(v), sequential, float(low), float(high), None, None, title)
