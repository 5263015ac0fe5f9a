"""The map figure: no-data layer, indicator choropleth, highlight, site points, outlines, title.

Trace order is fixed by their roles (:data:`layers.map_contract.TRACE_ROLES`) so that changes can
address traces by index without sending geometry again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from layers.colours import NO_DATA, ColourScale
from layers.compare import compare_trace
from layers.firms import firms_trace
from layers.formatting import escape, format_series
from layers.map_contract import TRACE_ROLES
from layers.overlays import hotspot_trace, stars_trace, strong_trace
from layers.patching import nested
from layers.point_clusters import point_clusters_trace

BLANK_STYLE = "white-bg"  # no tiles, no fonts: works offline
ONLINE_STYLE = "carto-positron"
DEFAULT_CAMERA = {"lat": 53.0, "lon": 11.0, "zoom": 2.9}
#: Where the browser fetches display polygons (served once, cached by plotly.js and the HTTP cache).
GEOMETRY_URL = "/geometry/{version}/{level}.geojson"
COLOURBAR_MARGIN = 110  # px right of the map for the colour bar, its ticks and title
Z_DECIMALS = 4  # colour-axis values for a range of 1: invisible differences beyond this
HOVER_LABEL = {"bgcolor": "#ffffff", "bordercolor": "#555555", "font": {"color": "#222222"}}
FONT_COLOUR = "#2a3f5f"  # title and colour bar text (Plotly's default template colour, set without the template)


def geometry_url(version: int, level: int) -> str:
    """URL of the display polygons of one NUTS version and level."""
    return GEOMETRY_URL.format(version=int(version), level=int(level))


@dataclass(frozen=True)
class MapText:
    """Title lines and attribution drawn inside the figure (kept in exported images)."""

    title: str
    subtitle: str
    attribution: str


def locations_update(values: pd.DataFrame) -> dict:
    """Region ids and names of the shown regions (changes with level, version or countries only)."""
    return {"locations": values.index.tolist(), "text": [escape(n) for n in values["name"]]}


def hover_template(with_measure: bool) -> str:
    """Hover of the no-data and value traces alike: name, code, value (and measure) from ``customdata``."""
    measure = "<br>Measure: %{customdata[1]}" if with_measure else ""
    return f"<b>%{{text}}</b> (%{{location}})<br>Value: %{{customdata[0]}}{measure}<extra></extra>"


def hover_data(values: pd.DataFrame, unit: str, *, with_measure: bool = True) -> list[list[str]]:
    """Per region ``[value, measure]`` texts for :func:`hover_template` (escaped; ``[value]`` without measure).

    A missing value reads ``none — <reason>``. The same data serve the grey no-data trace and the
    value trace, so whichever trace answers a hover tells the current value. Context indicators
    (``with_measure=False``) have no measure: their value is the measure.
    """
    shown = format_series(values["value"], unit)
    flags = [f" {f}" if f else "" for f in _escaped(values["flag"].fillna(""))]
    reasons = _escaped(values["reason"].fillna("not available"))
    value_text = [v if ok else f"none — {r}" for ok, v, r in
                  zip(values["value"].notna().tolist(), shown, reasons, strict=True)]
    if not with_measure:
        return [[v + f] for v, f in zip(value_text, flags, strict=True)]
    measures = format_series(values["measure_value"], "count")
    return [[v, m + f] for v, m, f in zip(value_text, measures, flags, strict=True)]


def _escaped(text: pd.Series) -> list[str]:
    """Escape each distinct string once (flags and reasons repeat over thousands of regions)."""
    codes, distinct = pd.factorize(text.astype(str))
    lookup = [escape(t) for t in distinct]
    return [lookup[c] for c in codes]


def z_decimals(zmin: float, zmax: float) -> int:
    """Decimals that keep colour-axis values to 1/10,000 of the colour range (fewer bytes, same colours)."""
    span = abs(zmax - zmin)
    return Z_DECIMALS if not span or not np.isfinite(span) else int(max(0, Z_DECIMALS - np.floor(np.log10(span))))


def value_trace_update(values: pd.DataFrame, scale: ColourScale, unit: str, *, with_measure: bool = True) -> dict:
    """Properties of the value trace that change with the filters (no geometry, no names).

    ``values`` is the output of :func:`views.values.indicator_values`. The colour scale is explicit
    (``[[position, "rgb(…)"], …]``): the browser colours regions from it (``assets/map.js``).
    """
    decimals = z_decimals(scale.zmin, scale.zmax)
    z = [None if v is None else (round(v, decimals) if decimals else int(round(v))) for v in scale.z]
    return {
        "z": z,
        "customdata": hover_data(values, unit, with_measure=with_measure),
        "hovertemplate": hover_template(with_measure),
        "colorscale": explicit_colorscale(scale.colorscale),
        "zmin": scale.zmin,
        "zmax": scale.zmax,
        "colorbar.title.text": scale.title,
        "colorbar.tickvals": scale.tickvals,
        "colorbar.ticktext": scale.ticktext,
    }


def explicit_colorscale(colorscale: list | str) -> list:
    """Return a colour scale as ``[[position, colour], …]`` (named Plotly scales resolved)."""
    if isinstance(colorscale, str):
        return [[float(position), colour] for position, colour in get_colorscale(colorscale)]
    return [[float(position), colour] for position, colour in colorscale]


def build_map_figure(geojson: dict | str, outlines: dict | str, values: pd.DataFrame, value_update: dict, *,
                     text: MapText, camera: dict | None = None, online_basemap: bool = False,
                     show_outlines: bool = True) -> go.Figure:
    """Build the whole map once per (NUTS version, level); later changes patch values only.

    Parameters
    ----------
    geojson : dict or str
        Display polygons of the level, feature ``id`` = ``nuts_id``, or the URL they are served at
        (:func:`geometry_url`; plotly.js fetches a URL once for all traces).
    outlines : dict or str
        Country polygons (NUTS 0) drawn as a line layer on the blank style, or their URL.
    values : DataFrame
        From :func:`views.values.indicator_values`.
    value_update : dict
        From :func:`value_trace_update`: colours, z and hover values.
    text : MapText
        Title, subtitle and attribution.
    camera : dict, optional
        ``lat``, ``lon``, ``zoom``; default Europe.
    online_basemap : bool, default False
        Use an online tile style instead of the blank offline one.
    show_outlines : bool, default True
        Draw country outlines.
    """
    camera = {**DEFAULT_CAMERA, **(camera or {})}
    where = locations_update(values)
    nodata = go.Choroplethmap(
        geojson=geojson, featureidkey="id", colorscale=[[0, NO_DATA], [1, NO_DATA]], showscale=False,
        marker={"line": {"width": 0.4, "color": "#ffffff"}}, name="no data",
        hovertemplate=value_update["hovertemplate"], hoverlabel=HOVER_LABEL, customdata=value_update["customdata"],
        **no_data_locations(values))
    shown = go.Choroplethmap(
        geojson=geojson, featureidkey="id", marker={"line": {"width": 0.4, "color": "#ffffff"}},
        name="indicator", colorbar={"len": 0.75, "thickness": 14, "title": {"side": "right"}, "outlinewidth": 0,
                                    "ticks": ""},
        hoverlabel=HOVER_LABEL, **where)
    shown.update(nested(value_update))
    highlight = go.Choroplethmap(
        geojson=geojson, featureidkey="id", locations=[], z=[], showscale=False, hoverinfo="skip",
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], name="selected",
        marker={"line": {"width": 3, "color": "#111111"}})
    sites = go.Scattermap(lat=[], lon=[], mode="markers", name="industrial sites", visible=False,
                          marker={"color": "#3b2a55", "opacity": 0.55},
                          hovertemplate="%{customdata}<extra></extra>")
    layers = [{"sourcetype": "geojson", "source": outlines, "type": "line", "color": "#555555",
               "line": {"width": 0.9}, "below": ""}] if show_outlines else []
    by_role = {"no_data": nodata, "value": shown, "highlight": highlight, "sites": sites,
               "hotspots": hotspot_trace(geojson), "strong": strong_trace(geojson), "stars": stars_trace(),
               "firms": firms_trace(), "compare": compare_trace(geojson),
               "pointclusters": point_clusters_trace()}
    figure = go.Figure([by_role[role] for role in TRACE_ROLES])
    figure.update_layout(
        map={"style": ONLINE_STYLE if online_basemap else BLANK_STYLE, "center": {"lat": camera["lat"],
             "lon": camera["lon"]}, "zoom": camera["zoom"], "layers": layers},
        # Fixed margins: a colour bar of another width must not resize the map (a full redraw).
        margin={"l": 0, "r": COLOURBAR_MARGIN, "t": 56, "b": 28, "autoexpand": False}, showlegend=False,
        uirevision="map",
        title={"text": title_html(text), "x": 0.01, "y": 0.98, "font": {"size": 15}},
        annotations=[attribution_annotation(text.attribution)], paper_bgcolor="#ffffff",
        dragmode="pan", font={"color": FONT_COLOUR}, hovermode="closest", hoverlabel={"align": "left"},
    )
    # No template: Dash re-plots the figure with a deep copy of its layout after every pan or zoom, and
    # plotly.js redraws the whole map (re-tiling every polygon, ~0.5 s at NUTS 3) when the layout holds
    # a copied object (template, object-valued meta). The few template values used are set above.
    figure.layout.template = None
    return figure


def title_html(text: MapText) -> str:
    """Two-line figure title (escaped: sector labels come from data)."""
    return f"<b>{escape(text.title)}</b><br><span style='font-size:12px'>{escape(text.subtitle)}</span>"


def attribution_annotation(attribution: str) -> dict:
    """Attribution line at the bottom of the figure, kept in every exported image."""
    return {"text": escape(attribution), "xref": "paper", "yref": "paper", "x": 0.0, "y": -0.005,
            "xanchor": "left", "yanchor": "top", "showarrow": False, "font": {"size": 9, "color": "#444"}}


def no_data_locations(values: pd.DataFrame) -> dict:
    """Locations, names and constant z of the grey no-data layer."""
    return {**locations_update(values), "z": [0] * len(values)}
