"""Enterprise points of a register dataset: individual points when few enough, else counts per region.

The browser gets at most :data:`MAX_POINTS` points; above that, firms are counted per region of the
map's level (circles at the regions' representative points) until the view is zoomed in far enough.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from layers.formatting import escape

MAX_POINTS = 100_000
HOVER_POINTS = 20_000  # above this, points carry no hover text (bytes and hover stay light)
VIEWPORT_PX = (1400, 900)  # assumed map size when turning centre and zoom into a bounding box
FIRM_COLOUR = "#1b7837"
ZOOM_FOR_POINTS = 6.0  # below this zoom the whole selection is drawn (points or region counts)


def firms_trace() -> go.Scattermap:
    """Empty firms trace (WebGL points), filled by :func:`firms_update`."""
    return go.Scattermap(lat=[], lon=[], mode="markers", name="enterprises", visible=False,
                         marker={"color": FIRM_COLOUR, "opacity": 0.7, "size": 4},
                         hovertemplate="%{customdata}<extra></extra>")


def viewport_bbox(camera: dict) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees seen at a Web-Mercator centre and zoom (approximate)."""
    lat, lon, zoom = camera.get("lat", 52.0), camera.get("lon", 10.0), camera.get("zoom", 3.0)
    degrees_per_px = 360.0 / (512.0 * 2.0 ** zoom)
    half_w = VIEWPORT_PX[0] / 2 * degrees_per_px
    half_h = VIEWPORT_PX[1] / 2 * degrees_per_px * np.cos(np.radians(lat))
    return lon - half_w, max(lat - half_h, -85.0), lon + half_w, min(lat + half_h, 85.0)


def select_firms(points: pd.DataFrame, *, sector: str | None, countries: tuple[str, ...],
                 bbox: tuple[float, float, float, float] | None) -> pd.DataFrame:
    """Firms of the sector (code prefix), countries and bounding box; ``points`` has lon, lat, nace, nuts3."""
    mask = np.ones(len(points), dtype=bool)
    if sector:
        mask &= points["nace"].fillna("").str.startswith(sector).to_numpy()
    if countries:
        mask &= points["nuts3"].fillna("").str[:2].isin(countries).to_numpy()
    if bbox is not None:
        west, south, east, north = bbox
        lon, lat = points["lon"].to_numpy(), points["lat"].to_numpy()
        mask &= (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
    return points[mask]


def firms_update(selected: pd.DataFrame | None, *, level: int, region_points: pd.DataFrame, visible: bool) -> dict:
    """Points (≤ :data:`MAX_POINTS`) or circles counting firms per region of the level."""
    if not visible or selected is None:
        return {"lat": [], "lon": [], "customdata": [], "marker.size": 4, "visible": False}
    if len(selected) <= MAX_POINTS:
        hover = [] if len(selected) > HOVER_POINTS else (
            "<b>" + selected["name"].fillna("").astype(str).map(escape) + "</b><br>NACE "
            + selected["nace"].fillna("?").astype(str) + " · " + selected["employees"].astype("string").fillna("?")
            + " employees").tolist()
        return {"lat": selected["lat"].round(5).tolist(), "lon": selected["lon"].round(5).tolist(),
                "customdata": hover, "marker.size": 4, "visible": True,
                "hovertemplate": "%{customdata}<extra></extra>" if hover else "enterprise<extra></extra>"}
    counts = selected["nuts3"].fillna("").str[: level + 2].value_counts()
    counts = counts[counts.index.isin(region_points.index)]
    where = region_points.loc[counts.index]
    size = 6 + 30 * np.sqrt(counts / counts.max())
    hover = (counts.index.to_series() + ": " + counts.map("{:,}".format) + " enterprises (zoom in for points)")
    return {"lat": where["lat"].round(4).tolist(), "lon": where["lon"].round(4).tolist(),
            "customdata": hover.tolist(), "marker.size": size.round(1).tolist(), "visible": True,
            "hovertemplate": "%{customdata}<extra></extra>"}
