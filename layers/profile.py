"""Charts of the region profile: top specialisations (LQ bars) and the sector's trend."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from layers.formatting import escape

_LAYOUT = {"margin": {"l": 8, "r": 8, "t": 30, "b": 8}, "height": 260, "paper_bgcolor": "#ffffff",
           "plot_bgcolor": "#ffffff", "font": {"size": 11}}


def build_specialisation_bars(specialisations: pd.DataFrame, *, measure_label: str) -> go.Figure:
    """Horizontal bars of the region's highest location quotients by NACE division (LQ = 1 marked)."""
    frame = specialisations.iloc[::-1]
    labels = [f"{code} {escape(label)[:38]}" for code, label in zip(frame["nace"], frame["label"], strict=True)]
    figure = go.Figure(go.Bar(
        x=frame["lq"], y=labels, orientation="h", marker_color="#b2182b",
        customdata=frame["measure_value"],
        hovertemplate="%{y}<br>LQ %{x:.2f}<br>" + escape(measure_label) + " %{customdata:,.0f}<extra></extra>"))
    figure.add_vline(x=1, line_dash="dot", line_color="#555")
    figure.update_layout(title={"text": "Top specialisations (LQ by division)", "font": {"size": 12}},
                         xaxis_title="location quotient", **_LAYOUT)
    return figure


def build_trend(trend: pd.DataFrame, *, sector: str, measure_label: str) -> go.Figure:
    """Chart the chosen sector's measure over the years (bars) with its LQ (line, right axis)."""
    figure = go.Figure([
        go.Bar(x=trend["year"], y=trend["measure_value"], name=escape(measure_label), marker_color="#67a9cf"),
        go.Scatter(x=trend["year"], y=trend["lq"], name="LQ", yaxis="y2", mode="lines+markers",
                   line={"color": "#b2182b"}),
    ])
    figure.update_layout(title={"text": f"{escape(sector)} over the years", "font": {"size": 12}},
                         yaxis={"title": escape(measure_label)},
                         yaxis2={"title": "LQ", "overlaying": "y", "side": "right", "rangemode": "tozero"},
                         legend={"orientation": "h", "y": -0.2}, **_LAYOUT)
    return figure
