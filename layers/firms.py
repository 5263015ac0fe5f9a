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
MARGIN = 0.5  # zoomed in, firms are sent for half a view beyond each edge (the browser's image covers as much)


POINTS_MODE = "none"  # points: drawn by the browser as one image (assets/points.js); the trace answers hover
COUNTS_MODE = "markers"  # region counts: a few hundred circles drawn by Plotly
EXPORT_MODE = "markers"  # exports draw the points as Plotly markers (no browser image there)


def firms_trace() -> go.Scattermap:
    """Empty firms trace, filled by :func:`firms_update`."""
    return go.Scattermap(lat=[], lon=[], mode=COUNTS_MODE, name="enterprises", visible=False,
                         marker={"color": FIRM_COLOUR, "opacity": 0.7, "size": 4},
                         hoverlabel={"bgcolor": FIRM_COLOUR}, hovertemplate="%{customdata}<extra></extra>")


def viewport_bbox(camera: dict, margin: float = 0.0) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees seen by ``camera``, widened by ``margin`` × its size on each side.

    The camera's ``bounds`` (west, south, east, north, as the browser's map reports them) when given; else
    estimated from its centre and zoom for a :data:`VIEWPORT_PX` map (512-px Web-Mercator tiles).
    """
    if camera.get("bounds"):
        west, south, east, north = (float(v) for v in camera["bounds"])
    else:
        lat, lon, zoom = camera.get("lat", 52.0), camera.get("lon", 10.0), camera.get("zoom", 3.0)
        degrees_per_px = 360.0 / (512.0 * 2.0 ** zoom)
        half_w = VIEWPORT_PX[0] / 2 * degrees_per_px
        half_h = VIEWPORT_PX[1] / 2 * degrees_per_px * np.cos(np.radians(lat))
        west, south, east, north = lon - half_w, lat - half_h, lon + half_w, lat + half_h
    dx, dy = (east - west) * margin, (north - south) * margin
    return west - dx, max(south - dy, -85.0), east + dx, min(north + dy, 85.0)


def select_around_viewport(points: pd.DataFrame, *, sector: str | None, countries: tuple[str, ...],
                           camera: dict) -> tuple[pd.DataFrame, tuple[float, float, float, float]]:
    """Firms of the sector and countries around the camera's view, and the box they cover.

    The box reaches :data:`MARGIN` of the view beyond each edge, so that pans within it need no new
    request; the view alone when the margin would hold more than :data:`MAX_POINTS` firms.
    """
    around = viewport_bbox(camera, MARGIN)
    selected = select_firms(points, sector=sector, countries=countries, bbox=around)
    if len(selected) > MAX_POINTS:
        around = viewport_bbox(camera)
        selected = select_firms(points, sector=sector, countries=countries, bbox=around)
    return selected, around


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
