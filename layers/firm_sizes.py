"""Size-class colouring of the enterprise points (layer ``firmsizes``): micro, small, medium, large.

Coloured points are drawn by Plotly as markers (one colour per point), not as the browser's one-colour
image (``assets/points.js``), so they are offered up to :data:`SIZE_COLOUR_MAX` points; above that, and for
counts per region, the points keep the single firm colour and the hover says why.
"""

from __future__ import annotations

import pandas as pd

from data.i18n import DEFAULT_LANGUAGE, text
from data.size_classes import SIZE_CLASSES, size_class
from layers.firms import FIRM_COLOUR, POINTS_MODE

#: Colours per size class (ColorBrewer Set2, distinguishable in print and with colour-vision deficiencies).
SIZE_COLOURS = {"micro": "#66c2a5", "small": "#fc8d62", "medium": "#8da0cb", "large": "#e78ac3"}
UNKNOWN_SIZE = "#999999"
SIZE_COLOUR_MAX = 20_000  #: most points coloured one by one (Plotly WebGL markers stay fluid up to here)


def size_colours(update: dict, selected: pd.DataFrame | None, *, by_size: bool) -> dict:
    """Return the firms-trace ``update`` with one colour per point by size class (or the one firm colour).

    Size classes come from ``employees`` (micro < 10, small 10–49, medium 50–249, large ≥ 250); firms of
    unknown size are grey. The single colour is always set, so switching the colouring off restores it.
    """
    out = {**update, "marker.color": FIRM_COLOUR}
    if not by_size or selected is None or update.get("mode") != POINTS_MODE or len(selected) > SIZE_COLOUR_MAX:
        return out
    classes = size_class(pd.to_numeric(selected["employees"], errors="coerce").astype(float))
    colours = classes.map(SIZE_COLOURS).fillna(UNKNOWN_SIZE)
    out.update({"marker.color": colours.tolist(), "mode": "markers"})
    return out



def size_legend(lang: str = DEFAULT_LANGUAGE) -> list[tuple[str, str]]:
    """Return the legend of :func:`size_colours` as (colour, label) pairs: the four classes, then unknown.

    Labels come from the message catalogue (:mod:`data.i18n`) in ``lang``, with their employee bounds.

    >>> size_legend("fr")[1]
    ('#fc8d62', 'petite (10–49)')
    """
    return [(SIZE_COLOURS[c], text(f"size_class_{c}", lang)) for c in SIZE_CLASSES] + [(UNKNOWN_SIZE,
                                                                                    text("size_class_unknown", lang))]


def size_legend_note(lang: str = DEFAULT_LANGUAGE) -> str:
    """Return the legend's note: points are coloured up to :data:`SIZE_COLOUR_MAX` at a time."""
    limit = f"{SIZE_COLOUR_MAX:,}".replace(",", "\u202f" if lang == "fr" else ",")
    return text("size_legend_note", lang, limit=limit)
