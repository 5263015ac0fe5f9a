"""The map figure: no-data layer, indicator choropleth, highlight, site points, outlines, title.

Trace order is fixed (see the ``*_TRACE`` constants) so that callbacks can patch values by index
without sending geometry again.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from layers.colours import NO_DATA, ColourScale
from layers.firms import firms_trace
from layers.formatting import escape, format_series
from layers.overlays import hotspot_trace, stars_trace, strong_trace
from layers.patching import nested

(NO_DATA_TRACE, VALUE_TRACE, HIGHLIGHT_TRACE, SITES_TRACE, HOTSPOT_TRACE, STRONG_TRACE, STARS_TRACE,
 FIRMS_TRACE) = range(8)
BLANK_STYLE = "white-bg"  # no tiles, no fonts: works offline
ONLINE_STYLE = "carto-positron"
DEFAULT_CAMERA = {"lat": 53.0, "lon": 11.0, "zoom": 2.9}
#: Where the browser fetches display polygons (served once, cached by plotly.js and the HTTP cache).
GEOMETRY_URL = "/geometry/{version}/{level}.geojson"
Z_DECIMALS = 4  # colour-axis values: invisible differences beyond this


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


def value_trace_update(values: pd.DataFrame, scale: ColourScale, unit: str) -> dict:
    """Properties of the value trace that change with the filters (no geometry, no names).

    ``values`` is the output of :func:`analysis.views.indicator_values`.
    """
    shown = format_series(values["value"], unit)
    measure = format_series(values["measure_value"], "count")
    flags = values["flag"].fillna("").astype(str)
    z = [None if v is None else round(v, Z_DECIMALS) for v in scale.z]
    return {
        "z": z,
        "customdata": [list(row) for row in zip(shown, measure, flags, strict=True)],
        "colorscale": scale.colorscale,
        "zmin": scale.zmin,
        "zmax": scale.zmax,
        "colorbar.title.text": scale.title,
        "colorbar.tickvals": scale.tickvals,
        "colorbar.ticktext": scale.ticktext,
    }


def no_data_update(values: pd.DataFrame) -> dict:
    """Hover text of the grey layer under the values: why a region has no value.

    Regions with a value get ``''``: the value layer above them answers the hover.
    """
    return {"customdata": values["reason"].fillna("").astype(str).tolist()}


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
        From :func:`analysis.views.indicator_values`.
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
        hovertemplate="<b>%{text}</b> (%{location})<br>No value: %{customdata}<extra></extra>",
        **no_data_locations(values), **no_data_update(values))
    shown = go.Choroplethmap(
        geojson=geojson, featureidkey="id", marker={"line": {"width": 0.4, "color": "#ffffff"}},
        name="indicator", colorbar={"len": 0.75, "thickness": 14, "title": {"side": "right"}},
        hovertemplate=("<b>%{text}</b> (%{location})<br>Value: %{customdata[0]}"
                       "<br>Measure: %{customdata[1]} %{customdata[2]}<extra></extra>"), **where)
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
    figure = go.Figure([nodata, shown, highlight, sites, hotspot_trace(geojson), strong_trace(geojson), stars_trace(),
                        firms_trace()])
    figure.update_layout(
        map={"style": ONLINE_STYLE if online_basemap else BLANK_STYLE, "center": {"lat": camera["lat"],
             "lon": camera["lon"]}, "zoom": camera["zoom"], "layers": layers},
        margin={"l": 0, "r": 0, "t": 56, "b": 28}, showlegend=False, uirevision="map",
        title={"text": title_html(text), "x": 0.01, "y": 0.98, "font": {"size": 15}},
        annotations=[attribution_annotation(text.attribution)], paper_bgcolor="#ffffff",
        dragmode="pan",
    )
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
