"""Sector panel: how concentrated the chosen sector is across the shown regions (one line per index)."""

from __future__ import annotations

import pandas as pd
from dash import Dash, Input, Output, State, html, no_update

from callbacks import ids
from callbacks.controls import controls_after_map, shown_view
from callbacks.unchanged import unless_shown
from data.nace import sector_label
from data.store import DataStore
from layers.formatting import format_number
from views.sector_summary import sector_summary


def panel() -> html.Div:
    """Build the empty sector panel (filled by the callback)."""
    return html.Div(id=ids.SECTOR_PANEL, className="sector-panel")


def summary_children(summary: pd.DataFrame, title: str) -> list:
    """One row per index: name, value and its one-line reading (text, never HTML)."""
    if summary.empty:
        return [html.H3("Sector concentration"),
                html.P("Choose a sector indicator (LQ, share, focus or a measure) to see how concentrated "
                       "the sector is.", className="hint")]
    rows = [html.Tr([html.Th(row.label), html.Td(format_number(row.value, row.unit)), html.Td(row.reading)])
            for row in summary.itertuples()]  # four indices
    return [html.H3("Sector concentration"), html.P(title, className="hint"),
            html.Table(html.Tbody(rows), className="summary-table")]


def register(app: Dash, store: DataStore) -> None:
    """Wire the panel to the filters (once the map shows them)."""
    @app.callback(output=Output(ids.SECTOR_PANEL, "children"), inputs=dict(settled=Input(ids.VIEW_AFTER_MAP, "data")),
                  state=dict(shown=State(ids.SECTOR_PANEL, "children")))
    def _summary(settled, shown):
        controls = controls_after_map(settled)
        if controls is None:
            return no_update
        view = shown_view(store, controls)
        title = f"{sector_label(store.tree, view.sector)}, {view.year}, NUTS {view.level}, regions shown"
        return unless_shown(summary_children(sector_summary(store, view), title), shown)
