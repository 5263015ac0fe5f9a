"""Plotly figures and traces built from analysis results: choropleth, points, profile charts."""

from layers.choropleth import MapText, build_map_figure
from layers.colours import ColourScale, colour_scale
from layers.map_view import MapKeys, build_figure, compute_values, map_keys, patch_figure
from layers.profile import build_specialisation_bars, build_trend

__all__ = ["ColourScale", "MapKeys", "MapText", "build_figure", "build_map_figure", "build_specialisation_bars",
           "build_trend", "colour_scale", "compute_values", "map_keys", "patch_figure"]
