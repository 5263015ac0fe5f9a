"""Ranking table of the shown regions for the chosen sector and indicator (dash-ag-grid)."""

from __future__ import annotations

import dash_ag_grid as dag
import pandas as pd
from dash import Dash, Output, html

from analysis.views import View, effective_view, ranking
from callbacks import ids
from callbacks.map import VIEW_INPUTS
from callbacks.url_state import view_from_controls
from data.store import DataStore
from layers.map_view import MEASURE_NAMES, compute_values

COLUMNS = ["rank", "nuts_id", "name", "country", "value", "measure_value", "flag", "reason"]


def panel() -> html.Div:
    """Build the table: sortable, filterable, single-row selection."""
    return html.Div(className="ranking", children=[
        html.H3("Ranking"),
        dag.AgGrid(id=ids.RANKING_TABLE, rowData=[], columnDefs=column_defs(View()),
                   defaultColDef={"sortable": True, "filter": True, "resizable": True},
                   dashGridOptions={"rowSelection": {"mode": "singleRow", "enableClickSelection": True,
                                                     "checkboxes": False},
                                    "animateRows": False},
                   getRowId="params.data.nuts_id", className="ag-theme-alpine ranking-grid",
                   style={"height": "360px"}),
    ])


def column_defs(view: View) -> list[dict]:
    """Column definitions; the value header names the indicator."""
    number = {"type": "numericColumn",
              "valueFormatter": {"function": "params.value == null ? '' : d3.format(',.3~f')(params.value)"}}
    return [
        {"field": "rank", "headerName": "#", "width": 70, "type": "numericColumn"},
        {"field": "nuts_id", "headerName": "NUTS", "width": 90},
        {"field": "name", "headerName": "Region", "flex": 2, "minWidth": 160},
        {"field": "country", "headerName": "Ctry", "width": 70},
        {"field": "value", "headerName": view.spec.label, "flex": 1, "minWidth": 110, **number},
        {"field": "measure_value", "headerName": MEASURE_NAMES.get(view.measure, "measure"), "flex": 1,
         "minWidth": 110, **number},
        {"field": "flag", "headerName": "Flag", "width": 70},
        {"field": "reason", "headerName": "Why missing", "flex": 1, "minWidth": 120},
    ]


def ranking_rows(values: pd.DataFrame) -> list[dict]:
    """JSON rows of the ranking (NaN → null; names stay plain text, the grid renders text)."""
    table = ranking(values).reset_index(drop=True)[COLUMNS]
    table["rank"] = table["rank"].astype(object).where(table["rank"].notna(), None)
    table["value"] = table["value"].round(4)  # the grid shows 3 decimals; fewer bytes per change
    table["measure_value"] = table["measure_value"].round(2)
    table["reason"] = table["reason"].str.replace(r"\s*[:(].*$", "", regex=True)  # short: the map hover has the rest
    return table.astype(object).where(table.notna(), None).to_dict("records")


def register(app: Dash, store: DataStore) -> None:
    """Wire the table to the filters."""
    @app.callback(Output(ids.RANKING_TABLE, "rowData"), Output(ids.RANKING_TABLE, "columnDefs"), *VIEW_INPUTS)
    def _rows(*controls):
        view = effective_view(store, view_from_controls(*controls))
        values, _ = compute_values(store, view)
        return ranking_rows(values), column_defs(view)
