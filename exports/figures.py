"""Figures for reports: a snapshot of the map at an export size, and an atlas page per sector.

Both are self-contained (polygons embedded) so that kaleido can render them without our web server.
A snapshot is the dashboard's map with the export size, background and a dated attribution line; an
atlas page puts the map, the top-10 regions and a methodology note on one A4 landscape page.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from data.measures import Measure, measure_spec
from data.store import DataStore
from exports.options import BACKGROUNDS, ExportSize
from layers.choropleth import DEFAULT_CAMERA
from layers.firms import EXPORT_MODE
from layers.formatting import escape, format_series
from layers.map_contract import FIRMS_TRACE, VALUE_TRACE
from layers.map_view import build_figure, map_text
from views.change import both_years
from views.state import View
from views.values import ranking, view_measure

__all__ = ["EUROPE_BOUNDS", "atlas_page", "export_figure", "fit_camera", "methodology_note", "top_regions"]

#: A MapLibre style without a background layer: the map shows through to the (transparent) paper.
TRANSPARENT_STYLE = {"version": 8, "sources": {}, "layers": []}
#: lon_min, lat_min, lon_max, lat_max of mainland Europe with the Canaries, Cyprus and Iceland.
EUROPE_BOUNDS = (-25.0, 34.0, 45.0, 71.0)
TILE_SIZE = 512  # MapLibre: the world is 512 · 2^zoom pixels wide
TOP_N = 10
EMPTY_COLLECTION = {"type": "FeatureCollection", "features": []}
PAGE_MAP_DOMAIN = {"x": [0.0, 0.6], "y": [0.06, 0.88]}


def _mercator_y(lat: float) -> float:
    """Web Mercator y of a latitude as a fraction of the world (0 north edge, 1 south edge)."""
    rad = math.radians(max(min(lat, 85.0511), -85.0511))
    return (1 - math.log(math.tan(math.pi / 4 + rad / 2)) / math.pi) / 2


def fit_camera(bounds: tuple[float, float, float, float], width: float, height: float) -> dict:
    """Centre and zoom that fit a lon/lat box into a map of ``width`` × ``height`` pixels.

    Parameters
    ----------
    bounds : tuple of float
        ``(lon_min, lat_min, lon_max, lat_max)`` in degrees (EPSG:4326).
    width, height : float
        Size of the map area in CSS pixels.

    Returns
    -------
    dict
        ``lat``, ``lon``, ``zoom`` (Web Mercator, 512-pixel tiles as in MapLibre).

    Examples
    --------
    >>> fit_camera((-180.0, -85.0511, 180.0, 85.0511), 512, 512)["zoom"]
    0.0
    """
    lon_min, lat_min, lon_max, lat_max = bounds
    dx = (lon_max - lon_min) / 360
    top, bottom = _mercator_y(lat_max), _mercator_y(lat_min)
    zoom = math.log2(min(width / (TILE_SIZE * dx), height / (TILE_SIZE * (bottom - top))))
    y = (top + bottom) / 2
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))
    return {"lat": round(lat, 4), "lon": round((lon_min + lon_max) / 2, 4), "zoom": round(zoom, 3) + 0.0}


def export_figure(store: DataStore, view: View, camera: dict | None, *, size: ExportSize,
                  background: str = "white", date: str) -> go.Figure:
    """Build a self-contained snapshot of the map: title, legend, source and attribution, date.

    Parameters
    ----------
    store : DataStore
        Loaded data.
    view : View
        An effective view (:func:`views.values.effective_view`).
    camera : dict, optional
        ``lat``, ``lon``, ``zoom`` of the export (default: the dashboard's first view).
    size : ExportSize
        Figure size.
    background : {"white", "transparent"}, default "white"
        Paper colour; transparent also drops the map's white background.
    date : str
        Date printed after the attribution (ISO ``YYYY-MM-DD``).
    """
    if background not in BACKGROUNDS:
        raise ValueError(f"background {background!r} is not supported; expected one of {list(BACKGROUNDS)}")
    figure = _without_unused_geometry(build_figure(store, view, camera or DEFAULT_CAMERA, inline_geometry=True).figure)
    figure.update_layout(width=size.width, height=size.height, paper_bgcolor=BACKGROUNDS[background],
                         plot_bgcolor=BACKGROUNDS[background])
    if background == "transparent" and figure.layout.map.style != "carto-positron":
        figure.layout.map.style = TRANSPARENT_STYLE
    figure.layout.annotations[0].text = escape(f"{map_text(store, view).attribution} Exported {date}.")
    return figure


def top_regions(values: pd.DataFrame, unit: str, n: int = TOP_N) -> pd.DataFrame:
    """List the ``n`` highest-ranked regions as display text: rank, region, value, measure, flag."""
    top = ranking(values).head(n)
    top = top[top["value"].notna()]
    return pd.DataFrame({
        "Rank": top["rank"].astype(str).to_list(),
        "Region": (top["name"].astype(str) + " (" + top.index.astype(str) + ")").to_list(),
        "Value": format_series(top["value"], unit),
        "Measure": format_series(top["measure_value"], "count"),
        "Flag": top["flag"].fillna("").astype(str).to_list(),
    })


def methodology_note(view: View, measure: Measure | None = None) -> str:
    """Plain-text note on what the page shows: formula, measure, reference, range, missing values.

    ``measure`` describes the view's measure (:func:`views.values.view_measure`); default the registry's
    description of ``view.measure``.
    """
    spec = view.spec
    measure = measure or measure_spec(view.measure)
    source = " (Eurostat SBS)" if view.dataset == "sbs" else ""
    low, high = spec.bounds
    reference = ("reference: the region's own country" if view.reference == "country" else
                 "reference: all regions shown") if spec.uses_reference else ""
    return " ".join(filter(None, (
        f"{spec.label}: {spec.formula}, where E is {measure.phrase}{source},",
        "r a region and s the sector;" if spec.scope in {"sector", "change"} else "",
        "¹ the end year, ⁰ the start year;" if spec.scope == "change" else "",
        f"{reference}." if reference else "",
        f"Range {low:g} to {high:g}." if math.isfinite(high) else f"Range from {low:g}.",
        "Regions in grey have no value (confidential, not available or not covered);",
        "0/0 is never shown as 0.",
        f"NUTS {view.version} level {view.level}, {both_years(view)}.",
    )))


def atlas_page(store: DataStore, view: View, *, date: str, size: ExportSize) -> go.Figure:
    """Build one atlas page: the map (left), the top-10 regions and a methodology note (right).

    Parameters
    ----------
    store : DataStore
        Loaded data.
    view : View
        An effective view of one sector.
    date : str
        Date printed after the attribution.
    size : ExportSize
        Page size (the atlas uses A4 landscape).
    """
    map_size = (size.width * (PAGE_MAP_DOMAIN["x"][1] - PAGE_MAP_DOMAIN["x"][0]),
                size.height * (PAGE_MAP_DOMAIN["y"][1] - PAGE_MAP_DOMAIN["y"][0]) - 60)
    update = build_figure(store, view, fit_camera(EUROPE_BOUNDS, *map_size), inline_geometry=True)
    figure = _without_unused_geometry(update.figure)
    figure.layout.map.domain = PAGE_MAP_DOMAIN
    figure.data[VALUE_TRACE].colorbar.update(x=PAGE_MAP_DOMAIN["x"][1] + 0.005, xanchor="left", len=0.6, y=0.5)
    top = top_regions(update.values, view.spec.unit)
    figure.add_trace(go.Table(
        domain={"x": [0.66, 1.0], "y": [0.42, 0.88]}, columnwidth=[0.7, 3.0, 1.0, 1.1, 0.6],
        header={"values": [f"<b>{c}</b>" for c in top.columns], "fill_color": "#eef0f3", "align": "left",
                "font": {"size": 10}},
        cells={"values": [[escape(v) for v in top[c]] for c in top.columns], "align": "left",
               "font": {"size": 10}, "height": 22}))
    text, note = map_text(store, view), methodology_note(view, view_measure(store, view))
    figure.update_layout(width=size.width, height=size.height,
                         margin={"l": 24, "r": 24, "t": 64, "b": 36, "autoexpand": True})
    figure.layout.annotations = [
        {**figure.layout.annotations[0].to_plotly_json(), "x": 0.0, "y": 0.0, "yanchor": "top",
         "text": escape(f"{text.attribution} Exported {date}.")},
        {"text": f"<b>Top {TOP_N} regions</b>", "x": 0.66, "y": 0.9, "xref": "paper", "yref": "paper",
         "xanchor": "left", "yanchor": "bottom", "showarrow": False, "font": {"size": 12}},
        {"text": "<b>Method</b><br>" + _wrap(escape(note), 70), "x": 0.66, "y": 0.38,
         "xref": "paper", "yref": "paper", "xanchor": "left", "yanchor": "top", "align": "left",
         "showarrow": False, "font": {"size": 10, "color": "#333"}},
    ]  # assigned, not passed to update_layout: that merges lists of annotations element by element
    return figure


def _wrap(text: str, width: int) -> str:
    """Break a paragraph into ``<br>``-separated lines of at most ``width`` characters (Plotly does not wrap)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _without_unused_geometry(figure: go.Figure) -> go.Figure:
    """Drop the embedded polygons of hidden or empty traces (highlight, overlays): a smaller page to render.

    Enterprise points, drawn by the browser on the live map, are drawn as Plotly markers here.
    """
    for trace in figure.data:
        if trace.type == "choroplethmap" and (trace.visible is False or not len(trace.locations or ())):
            trace.geojson = EMPTY_COLLECTION
    figure.data[FIRMS_TRACE].mode = EXPORT_MODE
    return figure
