"""Change over time on the map and in the region profile: category hover texts, profile charts (issue 14).

Figures only: the values come from :mod:`views.change` and :mod:`views.change_profile`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from layers.formatting import escape
from views.map_data import MapValues


def with_category_hover(update: dict, data: MapValues) -> dict:
    """Value-trace update whose hover names the class (``emerging`` …) instead of its position."""
    names = np.array([escape(c) for c in data.categories[::-1]] + ["none"], dtype=object)  # value i: class k−1−i
    codes = data.values["value"].to_numpy(dtype=float)
    index = np.where(np.isfinite(codes), np.nan_to_num(codes, nan=-1.0), len(data.categories)).astype(int)
    labels = names[index]
    custom = [[label, *row[1:]] if np.isfinite(code) else row
              for label, row, code in zip(labels, update["customdata"], codes, strict=True)]
    return {**update, "customdata": custom}


_LAYOUT = {"margin": {"l": 8, "r": 8, "t": 30, "b": 8}, "height": 260, "paper_bgcolor": "#ffffff",
           "plot_bgcolor": "#ffffff", "font": {"size": 11}}
GAIN, LOSS, TOTAL, REFERENCE = "#2166ac", "#b2182b", "#555555", "#999999"


def build_growth_against_reference(trend: pd.DataFrame, *, sector: str, start: int) -> go.Figure:
    """Chart the region's and the reference area's sector measure as an index (start = 100) and the LQ."""
    figure = go.Figure([
        go.Scatter(x=trend["year"], y=trend["region_index"], name="region", mode="lines+markers",
                   line={"color": GAIN}, hovertemplate="%{x}: %{y:.1f}<extra>region</extra>"),
        go.Scatter(x=trend["year"], y=trend["reference_index"], name="reference area", mode="lines",
                   line={"color": REFERENCE, "dash": "dash"},
                   hovertemplate="%{x}: %{y:.1f}<extra>reference area</extra>"),
        go.Scatter(x=trend["year"], y=trend["lq"], name="LQ (right)", yaxis="y2", mode="lines+markers",
                   line={"color": LOSS, "width": 1}, hovertemplate="%{x}: LQ %{y:.2f}<extra></extra>"),
    ])
    figure.update_layout(title={"text": f"{escape(sector)}: growth against the reference area ({start} = 100)",
                                "font": {"size": 12}},
                         yaxis={"title": f"index, {start} = 100"},
                         yaxis2={"title": "LQ", "overlaying": "y", "side": "right", "rangemode": "tozero"},
                         legend={"orientation": "h", "y": -0.2}, **_LAYOUT)
    return figure


def build_shift_share_waterfall(waterfall: pd.Series, labels: dict[str, str], *, start: int, end: int,
                                measure_label: str) -> go.Figure:
    """Waterfall of the region's change: national, industry mix and competitive parts, then the total.

    Floating bars (``base`` = the running sum before each part; the total from 0): the app's plotly.js
    bundle has no waterfall trace type.
    """
    parts = [k for k in labels if k != "total"]
    steps = np.array([float(waterfall[k]) for k in parts])
    bases = np.concatenate([[0.0], np.cumsum(steps)[:-1]])
    total = float(waterfall["total"])
    colours = [GAIN if v >= 0 else LOSS for v in steps] + [TOTAL]
    figure = go.Figure(go.Bar(
        x=[labels[k] for k in (*parts, "total")], y=[*steps.tolist(), total], base=[*bases.tolist(), 0.0],
        marker_color=colours, customdata=[*steps.tolist(), total],
        hovertemplate="%{x}: %{customdata:,.0f}<extra></extra>"))
    figure.update_layout(title={"text": f"Shift-share of the change {start}–{end} (all divisions)",
                                "font": {"size": 12}}, yaxis={"title": escape(measure_label)}, showlegend=False,
                         **_LAYOUT)
    return figure


def build_actual_vs_expected(sectors: pd.DataFrame, *, start: int, end: int) -> go.Figure:
    """Divisions with the largest competitive gains and losses: actual change against the expected one."""
    frame = sectors.iloc[::-1]
    labels = [f"{code} {escape(label)[:30]}" for code, label in zip(frame["nace"], frame["label"], strict=True)]
    figure = go.Figure([
        go.Bar(x=frame["actual"], y=labels, orientation="h", name="actual", marker_color=TOTAL,
               hovertemplate="%{y}<br>actual %{x:,.0f}<extra></extra>"),
        go.Bar(x=frame["expected"], y=labels, orientation="h", name="expected (sector's rate)",
               marker_color=REFERENCE, hovertemplate="%{y}<br>expected %{x:,.0f}<extra></extra>"),
        go.Scatter(x=frame["competitive"], y=labels, mode="markers", name="competitive (actual − expected)",
                   marker={"color": [GAIN if v >= 0 else LOSS for v in frame["competitive"]], "size": 9,
                           "symbol": "diamond"}, hovertemplate="%{y}<br>competitive %{x:,.0f}<extra></extra>"),
    ])
    figure.update_layout(title={"text": f"Top competitive gains and losses {start}–{end}", "font": {"size": 12}},
                         barmode="group", legend={"orientation": "h", "y": -0.15},
                         **{**_LAYOUT, "height": 120 + 26 * max(len(frame), 1)})
    return figure
