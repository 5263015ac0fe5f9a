"""Firm clusters on the map (hulls coloured by cluster, hover with the summary), their table, the K-density chart.

The clusters trace is a choropleth over its own GeoJSON (one feature per cluster, id = cluster number),
drawn by Plotly above the regions (it is not a region trace the browser recolours). Its update comes
from a callback of its own (``callbacks/point_clusters.py``), so the regions' recolouring never waits
for clustering.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from analysis.k_density import KDensityEnvelope
from layers.formatting import escape

#: Okabe–Ito colours (distinguishable with colour-vision deficiencies), cycled over clusters.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
EMPTY = {"type": "FeatureCollection", "features": []}
_SCALE = [[i / (len(PALETTE) - 1), c] for i, c in enumerate(PALETTE)]
_MIN_DEG = 0.01  # hulls of fewer than three distinct locations are drawn as a ~1 km patch


def point_clusters_trace() -> go.Choroplethmap:
    """Empty, hidden clusters trace, filled by :func:`point_clusters_update`."""
    return go.Choroplethmap(geojson=EMPTY, featureidkey="id", locations=[], z=[], zmin=0, zmax=len(PALETTE) - 1,
                            colorscale=_SCALE, showscale=False, name="firm clusters", visible=False,
                            marker={"opacity": 0.5, "line": {"width": 1.5, "color": "#222222"}},
                            hovertemplate="%{customdata}<extra></extra>", customdata=[])


def _pct(value: float) -> str:
    return "?" if not np.isfinite(value) else f"{100 * value:.0f} %"


def hover_texts(summary: pd.DataFrame) -> list[str]:
    """One hover text per cluster (escaped: NACE codes and region ids come from data)."""
    employees = summary["employees"].map(lambda v: "employees unknown" if pd.isna(v) else f"{v:,.0f} employees")
    regions = summary["nuts2"].fillna("?") if "nuts2" in summary else pd.Series("?", index=summary.index)
    text = ("<b>Firm cluster " + summary.index.astype(str) + "</b><br>" + summary["firms"].map("{:,}".format)
            + " firms · " + employees + "<br>SMEs (< 250 employed): " + summary["sme_firm_share"].map(_pct)
            + " of firms, " + summary["sme_employment_share"].map(_pct) + " of employment<br>NACE: "
            + summary["nace"].fillna("?").astype(str).map(escape) + "<br>NUTS 2: " + regions.astype(str).map(escape)
            + "<br>Area " + summary["area_km2"].map("{:,.0f} km²".format))
    return text.tolist()


def point_clusters_update(summary: gpd.GeoDataFrame | None, *, visible: bool) -> dict:
    """Clusters trace update: one coloured hull per cluster with its hover; hidden without clusters."""
    if not visible or summary is None or summary.empty:
        return {"geojson": EMPTY, "locations": [], "z": [], "customdata": [], "visible": False}
    geometry = summary.geometry
    thin = ~geometry.geom_type.isin(["Polygon", "MultiPolygon"])
    if thin.any():
        geometry = geometry.where(~thin, geometry[thin].buffer(_MIN_DEG))
    shapes = gpd.GeoSeries(shapely.set_precision(geometry.values, 1e-5), index=summary.index.astype(str))
    features = json.loads(shapes.to_json(drop_id=False))
    ids = summary.index.astype(str).tolist()
    return {"geojson": features, "locations": ids, "z": (np.arange(len(summary)) % len(PALETTE)).tolist(),
            "customdata": hover_texts(summary), "visible": True}


def table_rows(summary: gpd.GeoDataFrame | None) -> list[dict]:
    """Rows of the clusters table (one per cluster, JSON-ready): numbers as numbers, for sorting."""
    if summary is None or summary.empty:
        return []
    frame = pd.DataFrame({
        "cluster": summary.index.astype(int), "firms": summary["firms"].astype(int),
        "employees": summary["employees"].round(0), "sme_firms": (100 * summary["sme_firm_share"]).round(1),
        "sme_employment": (100 * summary["sme_employment_share"]).round(1), "nace": summary["nace"],
        "area_km2": summary["area_km2"].round(1), "nuts2": summary.get("nuts2"), "nuts3": summary.get("nuts3"),
        "lat": summary["lat"].round(5), "lon": summary["lon"].round(5),
        "span_km": np.sqrt(summary["area_km2"].clip(lower=1.0)).round(1)})
    return json.loads(frame.to_json(orient="records"))


def zoom_for(span_km: float) -> float:
    """Map zoom that shows about ``span_km`` across (Web Mercator, ~40 000 km at zoom 0 over 512 px)."""
    return float(np.clip(np.log2(40_000.0 / max(span_km * 3.0, 1.0)), 3.0, 13.0))


def k_density_figure(result: KDensityEnvelope, sector: str) -> go.Figure:
    """Draw the sector's K-density with its global (shaded) and local (dashed) confidence bands."""
    d = result.distances_km.tolist()
    fig = go.Figure([
        go.Scatter(x=d, y=result.global_upper.tolist(), line={"width": 0}, hoverinfo="skip", showlegend=False),
        go.Scatter(x=d, y=result.global_lower.tolist(), line={"width": 0}, fill="tonexty",
                   fillcolor="rgba(120,120,120,0.25)", name=f"global band ({1 - result.alpha:.0%})"),
        go.Scatter(x=d, y=result.local_upper.tolist(), line={"dash": "dash", "color": "#777", "width": 1},
                   name="local band"),
        go.Scatter(x=d, y=result.local_lower.tolist(), line={"dash": "dash", "color": "#777", "width": 1},
                   showlegend=False),
        go.Scatter(x=d, y=result.k.tolist(), line={"color": "#b2182b", "width": 2.5}, name=f"K-density, {sector}"),
    ])
    fig.update_layout(height=260, margin={"l": 50, "r": 10, "t": 10, "b": 40}, template=None,
                      xaxis={"title": {"text": "distance between firms (km)"}},
                      yaxis={"title": {"text": "density (per km)"}, "rangemode": "tozero"},
                      legend={"orientation": "h", "y": -0.35, "font": {"size": 10}}, paper_bgcolor="#ffffff",
                      plot_bgcolor="#ffffff")
    return fig
