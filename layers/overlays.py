"""Overlays on the choropleth: hot spots (LISA quadrants, Gi* hot/cold) and cluster marks.

Each function returns flat trace updates (see :mod:`layers.patching`) for a fixed trace of the map
figure, used both when the figure is built and when it is patched.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from layers.formatting import escape

#: LISA colours as in GeoDa: HH red, LH light blue, LL blue, HL light red; Gi*: hot red, cold blue. Lighter
#: GeoDa tones were too close to the no-data grey under colour-vision deficiencies (ΔE00 10–14; the minimum
#: is 15, tests/layers/test_colour_vision.py): HL is #f4a582 (not #f4ada8), LH #8fb8ff (not #a7adf9).
CATEGORY_COLOURS = {"HH": "#d7191c", "LH": "#8fb8ff", "LL": "#2c7bb6", "HL": "#f4a582",
                    "hot": "#d7191c", "cold": "#2c7bb6"}
CATEGORY_TEXT = {"HH": "High–High (hot spot)", "LH": "Low–High (outlier)", "LL": "Low–Low (cold spot)",
                 "HL": "High–Low (outlier)", "hot": "Gi* hot spot", "cold": "Gi* cold spot"}
STAR_COLOUR = "#e6a700"
STRONG_COLOUR = "#5e2a84"
HIDDEN = {"locations": [], "z": [], "customdata": [], "visible": False}


def hotspot_trace(geojson: dict | str) -> go.Choroplethmap:
    """Empty hot-spot trace (filled by :func:`hotspot_update`), legend on the left."""
    return go.Choroplethmap(geojson=geojson, featureidkey="id", name="hot spots", visible=False,
                            locations=[], z=[], marker={"opacity": 0.9, "line": {"width": 0.6, "color": "#fff"}},
                            colorbar={"x": 0.0, "xanchor": "left", "len": 0.4, "y": 0.25, "thickness": 12},
                            hovertemplate="<b>%{location}</b><br>%{customdata}<extra></extra>")


def hotspot_update(regions: pd.DataFrame | None, categories: tuple[str, ...], title: str) -> dict:
    """Colour the significant regions by category (codes 1…n), with p-values in the hover.

    ``regions`` has index ``nuts_id`` and columns ``category`` and ``p_sim``; ``None`` hides the trace.
    """
    if regions is None:
        return dict(HIDDEN)
    codes = {c: i + 1 for i, c in enumerate(categories)}
    n = len(categories)
    scale = []
    for i, category in enumerate(categories):
        scale += [[i / n, CATEGORY_COLOURS[category]], [(i + 1) / n, CATEGORY_COLOURS[category]]]
    p_text = regions["p_sim"].map("{:.3f}".format).astype("string")  # an empty map() would give floats
    hover = regions["category"].map(CATEGORY_TEXT).astype("string") + ", pseudo p = " + p_text
    return {
        "locations": regions.index.tolist(), "z": regions["category"].map(codes).astype(float).tolist(),
        "customdata": hover.tolist(), "visible": True, "colorscale": scale, "zmin": 0.5, "zmax": n + 0.5,
        "colorbar.tickvals": list(range(1, n + 1)), "colorbar.ticktext": list(categories),
        "colorbar.title.text": escape(title),
    }


def strong_trace(geojson: dict | str) -> go.Choroplethmap:
    """Empty strong-cluster trace: thick purple outlines, transparent fill."""
    return go.Choroplethmap(geojson=geojson, featureidkey="id", name="strong clusters", visible=False,
                            locations=[], z=[], showscale=False, hoverinfo="skip",
                            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                            marker={"line": {"width": 2.6, "color": STRONG_COLOUR}})


def strong_update(marks: pd.DataFrame | None) -> dict:
    """Outline the regions that are US-style strong clusters of the sector."""
    if marks is None:
        return dict(HIDDEN)
    ids = marks.index[marks["strong"]].tolist()
    return {"locations": ids, "z": [0] * len(ids), "customdata": [], "visible": True}


def stars_trace() -> go.Scattermap:
    """Empty star trace: gold circles at the regions' representative points."""
    return go.Scattermap(lat=[], lon=[], mode="markers", name="stars", visible=False,
                         marker={"color": STAR_COLOUR, "opacity": 0.95},
                         hovertemplate="%{customdata}<extra></extra>")


def stars_update(marks: pd.DataFrame | None, points: pd.DataFrame) -> dict:
    """Gold circles sized by the number of stars (1–3) of each region with at least one.

    ``points`` has index ``nuts_id`` and columns ``lat``, ``lon`` (representative points).
    """
    if marks is None:
        return {"lat": [], "lon": [], "customdata": [], "marker.size": [], "visible": False}
    starred = marks[marks["stars"] > 0]
    where = points.reindex(starred.index)
    listed = (starred["size"].map({True: "size, ", False: ""})
              + starred["specialisation"].map({True: "specialisation, ", False: ""})
              + starred["focus"].map({True: "focus, ", False: ""})).str.removesuffix(", ")
    hover = (starred.index.to_series() + ": " + starred["stars"].map({1: "★", 2: "★★", 3: "★★★"}) + " ("
             + listed + ")" + starred["strong"].map({True: "<br>strong cluster", False: ""}))
    return {"lat": where["lat"].round(4).tolist(), "lon": where["lon"].round(4).tolist(),
            "customdata": hover.tolist(), "marker.size": (6 + 4 * starred["stars"]).tolist(), "visible": True}
