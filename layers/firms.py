"""Enterprise points of a register dataset: individual points when few enough, else counts per region.

The browser gets at most :data:`views.map_data.MAX_POINTS` points; above that, firms are counted per
region of the map's level (circles at the regions' representative points) until the view is zoomed in
far enough. Which firms are shown is chosen in :func:`views.map_data.firm_selection`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from layers.formatting import escape
from views.map_data import MAX_POINTS, ZOOM_FOR_POINTS

HOVER_POINTS = 20_000  # above this, points carry no hover text (bytes and hover stay light)
FIRM_COLOUR = "#1b7837"


POINTS_MODE = "none"  # points: drawn by the browser as one image (assets/points.js); the trace answers hover
COUNTS_MODE = "markers"  # region counts: a few hundred circles drawn by Plotly
EXPORT_MODE = "markers"  # exports draw the points as Plotly markers (no browser image there)


def firms_trace() -> go.Scattermap:
    """Empty firms trace, filled by :func:`firms_update`."""
    return go.Scattermap(lat=[], lon=[], mode=COUNTS_MODE, name="enterprises", visible=False,
                         marker={"color": FIRM_COLOUR, "opacity": 0.7, "size": 4},
                         hoverlabel={"bgcolor": FIRM_COLOUR}, hovertemplate="%{customdata}<extra></extra>")


def firms_update(selected: pd.DataFrame | None, *, level: int, region_points: pd.DataFrame, visible: bool,
                 covers: tuple[float, float, float, float] | None = None) -> dict:
    """Points (≤ :data:`MAX_POINTS`) or circles counting firms per region of the level.

    Points have mode :data:`POINTS_MODE` (``none``): the live map draws them as one image
    (``assets/points.js``), as 100 000 WebGL circles would cost ~1 s a frame in software WebGL and Plotly's
    GeoJSON of them ~0.5 s per update; Plotly keeps them for hover and clicks. Exports set :data:`EXPORT_MODE`.
    ``meta`` tells the browser which box the firms cover (``covers``: west, south, east, north; ``None``: the
    whole selection) and from which zoom they follow the view (``zoom``): a pan inside the box asks for nothing.
    """
    meta = {"covers": None if covers is None else [round(float(v), 5) for v in covers], "zoom": ZOOM_FOR_POINTS}
    if not visible or selected is None:
        return {"lat": [], "lon": [], "customdata": [], "marker.size": 4, "visible": False, "mode": COUNTS_MODE,
                "meta": meta}
    if len(selected) <= MAX_POINTS:
        hover = [] if len(selected) > HOVER_POINTS else (
            "<b>" + selected["name"].fillna("").astype(str).map(escape) + "</b><br>NACE "
            + selected["nace"].fillna("?").astype(str) + " · " + selected["employees"].astype("string").fillna("?")
            + " employees").tolist()
        return {"lat": selected["lat"].round(5).tolist(), "lon": selected["lon"].round(5).tolist(),
                "customdata": hover, "marker.size": 4, "visible": True, "mode": POINTS_MODE, "meta": meta,
                "hovertemplate": "%{customdata}<extra></extra>" if hover else "enterprise<extra></extra>"}
    counts = selected["nuts3"].fillna("").str[: level + 2].value_counts()
    counts = counts[counts.index.isin(region_points.index)]
    where = region_points.loc[counts.index]
    size = 6 + 30 * np.sqrt(counts / counts.max())
    hover = (counts.index.to_series() + ": " + counts.map("{:,}".format) + " enterprises (zoom in for points)")
    return {"lat": where["lat"].round(4).tolist(), "lon": where["lon"].round(4).tolist(),
            "customdata": hover.tolist(), "marker.size": size.round(1).tolist(), "visible": True, "mode": COUNTS_MODE,
            "meta": meta,
            "hovertemplate": "%{customdata}<extra></extra>"}
