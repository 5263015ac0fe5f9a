"""Compare mode's figures: the LQ heat-map (regions as columns), the sector's trend per region, the map outlines.

Each compared region keeps one colour everywhere (map outline, trend line, heat-map column header): the
i-th region of the view's ``compare`` gets :data:`COMPARE_COLOURS` [i], ten colours that stay distinct for
the common colour-vision deficiencies (Okabe & Ito 2008, then Tol's wine and teal).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from layers.formatting import escape

#: Okabe–Ito (orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black) + Tol wine, teal.
COMPARE_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
                   "#882255", "#44AA99")
#: LQ colour scale of the heat-map: diverging around LQ = 1 on a log2 axis (0.25 … 4).
LQ_LIMIT = 2.0
_LAYOUT = {"paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "font": {"size": 11}}


def region_colours(regions: list[str] | tuple[str, ...] | pd.Index) -> dict[str, str]:
    """Colour of each compared region, by its position in the comparison."""
    return {r: COMPARE_COLOURS[i % len(COMPARE_COLOURS)] for i, r in enumerate(regions)}


def build_lq_heatmap(lq: pd.DataFrame, names: pd.Series) -> go.Figure:
    """Heat-map of the LQ of every division (rows) in every compared region (columns), log2 colours around 1.

    ``lq``: index NACE codes, a ``label`` column then one column per region id; ``names``: region id → name.
    Drawn as square markers of a scatter trace: the browser's plotly.js bundle has no heat-map trace type
    (tools/plotly_bundle), and a cell without data stays empty.
    """
    regions = [c for c in lq.columns if c != "label"]
    long = lq[regions].astype(float).rename_axis("nace").reset_index().melt(
        id_vars="nace", var_name="region", value_name="lq").dropna(subset=["lq"])
    with np.errstate(divide="ignore", invalid="ignore"):
        colour = np.clip(np.log2(long["lq"].to_numpy()), -LQ_LIMIT, LQ_LIMIT)  # LQ 0 → −inf → the low end
    labels = lq["label"].fillna("").map(lambda text: escape(text)[:34])  # one label per division
    rows = (long["nace"] + " " + long["nace"].map(labels)).tolist()
    columns = (long["region"].map(lambda r: escape(names.get(r, r))) + " (" + long["region"] + ")").tolist()
    order = [f"{code} {labels[code]}" for code in lq.index]
    figure = go.Figure(go.Scatter(
        x=columns, y=rows, mode="markers", customdata=long["lq"].round(2).to_numpy(),
        marker={"symbol": "square", "size": 13, "color": colour, "cmin": -LQ_LIMIT, "cmax": LQ_LIMIT,
                "colorscale": "RdBu", "reversescale": True, "line": {"width": 0},
                "colorbar": {"title": {"text": "LQ"}, "tickvals": [-2, -1, 0, 1, 2],
                             "ticktext": ["≤¼", "½", "1", "2", "≥4"], "thickness": 12}},
        hovertemplate="%{y}<br>%{x}<br>LQ %{customdata}<extra></extra>"))
    figure.update_layout(title={"text": "Location quotient by NACE division", "font": {"size": 12}},
                         height=max(300, 16 * len(order) + 120), margin={"l": 8, "r": 8, "t": 60, "b": 8},
                         xaxis={"side": "top", "type": "category", "showgrid": False},
                         yaxis={"type": "category", "categoryorder": "array", "categoryarray": order,
                                "autorange": "reversed", "tickfont": {"size": 9}, "showgrid": False}, **_LAYOUT)
    return figure


def build_compare_trend(trend: pd.DataFrame, names: pd.Series, *, sector: str, measure_label: str) -> go.Figure:
    """Lines of the chosen sector's measure over the years, one per compared region in its colour."""
    colours = region_colours(list(trend.columns))
    figure = go.Figure([go.Scatter(x=trend.index, y=trend[r], mode="lines+markers", name=escape(names.get(r, r)),
                                   line={"color": colours[r]}, marker={"color": colours[r]})
                        for r in trend.columns])  # ≤ 10 regions
    figure.update_layout(title={"text": f"{escape(sector)}: {escape(measure_label)} over the years",
                                "font": {"size": 12}},
                         height=300, margin={"l": 8, "r": 8, "t": 36, "b": 8}, yaxis={"rangemode": "tozero"},
                         legend={"orientation": "h", "y": -0.15}, **_LAYOUT)
    return figure


def compare_trace(geojson: dict | str) -> go.Choroplethmap:
    """Empty trace of the compared regions' outlines (filled by :func:`compare_update`)."""
    return go.Choroplethmap(geojson=geojson, featureidkey="id", name="compared", visible=False,
                            locations=[], z=[], showscale=False, hoverinfo="skip",
                            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                            marker={"line": {"width": 3.2, "color": []}})


def compare_update(regions: tuple[str, ...]) -> dict:
    """Outline each compared region in its colour (hidden when none is compared)."""
    colours = region_colours(regions)
    return {"locations": list(regions), "z": [0] * len(regions), "visible": bool(regions),
            "marker.line.color": [colours[r] for r in regions]}
