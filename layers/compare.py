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
    """
    regions = [c for c in lq.columns if c != "label"]
    values = lq[regions].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.clip(np.log2(values.where(values > 0)), -LQ_LIMIT, LQ_LIMIT)
    z = z.where(values.notna() & ~(values == 0), np.where(values == 0, -LQ_LIMIT, np.nan))
    rows = [f"{code} {escape(label)[:34]}" for code, label in zip(lq.index, lq["label"].fillna(""), strict=True)]
    columns = [f"{escape(names.get(r, r))} ({r})" for r in regions]
    text = values.round(2).astype(object).where(values.notna(), "n/a").astype(str)
    figure = go.Figure(go.Heatmap(
        z=z.to_numpy(), x=columns, y=rows, text=text.to_numpy(), zmin=-LQ_LIMIT, zmax=LQ_LIMIT, zmid=0,
        colorscale="RdBu_r", hovertemplate="%{y}<br>%{x}<br>LQ %{text}<extra></extra>", xgap=1, ygap=1,
        colorbar={"title": {"text": "LQ"}, "tickvals": [-2, -1, 0, 1, 2], "ticktext": ["≤¼", "½", "1", "2", "≥4"],
                  "thickness": 12}))
    figure.update_layout(title={"text": "Location quotient by NACE division", "font": {"size": 12}},
                         height=max(300, 16 * len(rows) + 120), margin={"l": 8, "r": 8, "t": 40, "b": 8},
                         xaxis={"side": "top"}, yaxis={"autorange": "reversed", "tickfont": {"size": 9}}, **_LAYOUT)
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
