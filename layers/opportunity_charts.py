"""Charts of the opportunities section: the opportunity chart and the sector space (Plotly figures).

Both carry the NACE division code of each point in ``customdata[0]``: a click maps that division
(``callbacks/opportunities.py``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from layers.colours import DIVERGING, LQ_LOG2_LIMIT
from layers.formatting import escape
from views.opportunities import Opportunities

_LAYOUT = {"margin": {"l": 8, "r": 8, "t": 36, "b": 8}, "height": 380, "paper_bgcolor": "#ffffff",
           "plot_bgcolor": "#ffffff", "font": {"size": 11}, "clickmode": "event"}
_HOVER = ("%{customdata[0]} %{customdata[1]}<br>relatedness density %{x:.1f} %<br>complexity %{y:.2f}"
          "<br>LQ %{customdata[2]:.2f}<extra></extra>")


def _custom(frame: pd.DataFrame) -> np.ndarray:
    return np.column_stack([frame["nace"].to_numpy(), [escape(t)[:60] for t in frame["label"]],
                            frame["lq"].to_numpy(dtype=float)])


def build_opportunity_chart(result: Opportunities) -> go.Figure:
    """Relatedness density (x, feasibility) against complexity (y, benefit) of every division.

    The region's current specialisations (LQ ≥ 1) are marked (red diamonds); dotted lines at the mean
    density and mean complexity split the four quadrants of Balland et al. (2019): top right = related
    and complex (the best bets), bottom left = unrelated and simple.
    """
    sectors = result.sectors
    figure = go.Figure()
    for specialised, name, colour, symbol in ((False, "not yet specialised", "#2166ac", "circle"),
                                              (True, "specialised (LQ ≥ 1)", "#b2182b", "diamond")):
        part = sectors[sectors["specialised"] == specialised]
        figure.add_trace(go.Scatter(
            x=part["density"], y=part["complexity"], mode="markers+text", name=name,
            text=part["nace"], textposition="top center", textfont={"size": 8, "color": "#555"},
            marker={"color": colour, "symbol": symbol, "size": 9, "line": {"width": 0.5, "color": "#fff"}},
            customdata=_custom(part), hovertemplate=_HOVER))
    if len(sectors) and sectors["density"].notna().any():
        figure.add_vline(x=float(sectors["density"].mean()), line_dash="dot", line_color="#888")
    if len(sectors) and sectors["complexity"].notna().any():
        figure.add_hline(y=float(sectors["complexity"].mean()), line_dash="dot", line_color="#888")
    figure.update_layout(
        title={"text": f"Opportunities of {escape(result.name)}: feasibility × benefit (click: map the division)",
               "font": {"size": 12}},
        xaxis={"title": "relatedness density (%): related capability already here", "zeroline": False},
        yaxis={"title": "division complexity (standardised)", "zeroline": False},
        legend={"orientation": "h", "y": -0.18}, **_LAYOUT)
    return figure


def build_sector_space(result: Opportunities) -> go.Figure:
    """Network of the divisions: the maximum spanning tree of relatedness plus each division's top links.

    Nodes coloured by the region's LQ (log2, blue < 1 < red, as on the map); specialisations outlined.
    """
    nodes, edges = result.layout.nodes, result.layout.edges
    sectors = result.sectors.set_index("nace").reindex(nodes.index)
    xy = nodes.reindex(columns=["x", "y"]).to_numpy(dtype=float)
    position = {code: i for i, code in enumerate(nodes.index)}
    ia = np.array([position[a] for a in edges["a"]], dtype=int)  # ≤ a few hundred links
    ib = np.array([position[b] for b in edges["b"]], dtype=int)
    gaps = np.full(len(edges), np.nan)
    line_x = np.column_stack([xy[ia, 0], xy[ib, 0], gaps]).ravel() if len(edges) else []
    line_y = np.column_stack([xy[ia, 1], xy[ib, 1], gaps]).ravel() if len(edges) else []
    lq = sectors["lq"].to_numpy(dtype=float)
    with np.errstate(divide="ignore"):
        colour = np.clip(np.log2(np.where(lq > 0, lq, 2.0 ** -LQ_LOG2_LIMIT)), -LQ_LOG2_LIMIT, LQ_LOG2_LIMIT)
    specialised = sectors["specialised"].fillna(False).to_numpy(dtype=bool)
    frame = sectors.reset_index().rename(columns={"index": "nace"})
    figure = go.Figure([
        go.Scatter(x=line_x, y=line_y, mode="lines", line={"color": "#c8c8c8", "width": 1}, hoverinfo="skip",
                   showlegend=False),
        go.Scatter(x=xy[:, 0], y=xy[:, 1], mode="markers+text", text=nodes.index, textposition="top center",
                   textfont={"size": 8, "color": "#444"}, showlegend=False,
                   customdata=_custom(frame.assign(label=frame["label"].fillna(""))),
                   marker={"size": np.where(specialised, 13, 9), "color": colour, "colorscale": DIVERGING,
                           "cmin": -LQ_LOG2_LIMIT, "cmax": LQ_LOG2_LIMIT,
                           "line": {"width": np.where(specialised, 2, 0.5), "color": "#222"},
                           "colorbar": {"title": {"text": "LQ"}, "tickvals": [-2, -1, 0, 1, 2],
                                        "ticktext": ["¼", "½", "1", "2", "4"], "thickness": 10}},
                   hovertemplate="%{customdata[0]} %{customdata[1]}<br>LQ %{customdata[2]:.2f}<extra></extra>"),
    ])
    figure.update_layout(
        title={"text": "Sector space: divisions linked by relatedness (outlined: specialised here)",
               "font": {"size": 12}},
        xaxis={"visible": False}, yaxis={"visible": False}, **_LAYOUT)
    return figure
