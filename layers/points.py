"""Enterprise point layer: industrial sites sized by emissions, filtered by sector."""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.formatting import escape

MAX_MARKER = 22.0  # px diameter of the largest emitter
MIN_MARKER = 3.0


def sites_update(sites: pd.DataFrame, *, visible: bool) -> dict:
    """Scattermap properties for the given sites (already filtered), sized by sqrt(emissions).

    Marker area grows with emissions (t CO2, 2014); sites without a figure get the minimum size.
    Hover: company, site, city, subsector, emissions — all escaped text.
    """
    emissions = sites["emissions_t"].astype(float)
    top = float(np.nanmax(emissions)) if emissions.notna().any() else 1.0
    size = MIN_MARKER + (MAX_MARKER - MIN_MARKER) * np.sqrt(emissions.fillna(0).clip(lower=0) / top)
    shown = emissions.map(lambda v: "n/a" if pd.isna(v) else f"{v:,.0f} t CO₂").astype(str)
    hover = ("<b>" + _text(sites["name"]) + "</b><br>" + _text(sites["site_name"]) + "<br>"
             + _text(sites["city"]) + " (" + _text(sites["country"]) + ")<br>" + _text(sites["subsector"])
             + "<br>Emissions 2014: " + shown)
    return {
        "lat": sites.geometry.y.round(5).tolist(),
        "lon": sites.geometry.x.round(5).tolist(),
        "customdata": hover.tolist(),
        "marker.size": size.round(1).tolist(),
        "visible": visible,
    }


def _text(column: pd.Series) -> pd.Series:
    """Escaped text of a column (missing → empty), string dtype even when empty."""
    return column.fillna("").astype(str).map(escape).astype(str)
