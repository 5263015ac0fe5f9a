"""Firm clusters layer and K-density panel: thin wiring of ``views.point_clusters`` to the map and the page.

The clusters trace has its own callback (like the firms layer): the regions' recolouring never waits for
clustering, and nothing is sent while the layer is off. A click on a row of the clusters table zooms the
map to that cluster. The K-density of the sector is computed when asked for (a button), then cached.
"""

from __future__ import annotations

import dash_ag_grid as dag
from dash import Dash, Input, Output, ctx, dcc, html, no_update

from callbacks import ids
from callbacks.controls import control_inputs, controls_after_map, shown_view
from callbacks.firms import for_drawn_figure
from data.store import DataStore
from layers.map_contract import POINT_CLUSTERS_TRACE
from layers.point_clusters import k_density_figure, point_clusters_update, table_rows, zoom_for
from views.point_clusters import NO_POINTS, firm_clusters, localisation
from views.state import View

LAYER = "pointclusters"
COLUMNS = [
    {"field": "cluster", "headerName": "#", "width": 70},
    {"field": "firms", "headerName": "Firms", "width": 90},
    {"field": "employees", "headerName": "Employees", "width": 110},
    {"field": "sme_firms", "headerName": "SME % firms", "width": 115},
    {"field": "sme_employment", "headerName": "SME % empl.", "width": 115},
    {"field": "nace", "headerName": "Main NACE codes", "flex": 1, "minWidth": 160},
    {"field": "nuts2", "headerName": "NUTS 2", "flex": 1, "minWidth": 140},
    {"field": "area_km2", "headerName": "Area km²", "width": 100},
]


def panel() -> html.Div:
    """Build the clusters table under the map (empty until the layer is on)."""
    return html.Div(className="cluster-panel", children=[
        html.H3("Firm clusters"),
        dcc.Loading(html.P(id=ids.CLUSTER_STATUS, className="hint",
                           children="Switch on the layer 'Firm clusters' to find clusters from the firms' "
                                    "locations."), type="dot"),
        dag.AgGrid(id=ids.CLUSTER_TABLE, rowData=[], columnDefs=COLUMNS,
                   defaultColDef={"sortable": True, "resizable": True},
                   dashGridOptions={"rowSelection": {"mode": "singleRow", "enableClickSelection": True,
                                                     "checkboxes": False}, "animateRows": False},
                   getRowId="params.data.cluster", className="ag-theme-alpine cluster-grid",
                   style={"height": "240px"}),
    ])


def k_panel() -> html.Div:
    """Build the sector's K-density panel (Duranton & Overman), computed when the button is pressed."""
    return html.Div(className="sector-panel k-density", children=[
        html.H3("Is the sector localised? (K-density)"),
        html.P("Distances between the sector's firms against sites drawn at random from all firms "
               "(Duranton & Overman 2005).", className="hint"),
        html.Button("Test localisation", id=ids.K_DENSITY_BUTTON, n_clicks=0),
        dcc.Loading(html.Div(id=ids.K_DENSITY_PANEL), type="dot"),
    ])


def cluster_outputs(store: DataStore, view: View, geometry: list) -> tuple[dict, list[dict], str]:
    """Map changes of the clusters trace, the table rows and the status line for a view (layer on)."""
    result = firm_clusters(store, view)
    changes = {"geometry": geometry, "layout": {},
               "traces": {POINT_CLUSTERS_TRACE: point_clusters_update(result.summary, visible=True)}}
    return changes, table_rows(result.summary), result.message


def hidden(geometry: list) -> dict:
    """Map changes hiding the clusters trace."""
    return {"geometry": geometry, "layout": {},
            "traces": {POINT_CLUSTERS_TRACE: point_clusters_update(None, visible=False)}}


def zoom_changes(row: dict, geometry: list) -> dict:
    """Map changes centring the map on a cluster of the table."""
    return {"geometry": geometry, "traces": {},
            "layout": {"map.center.lat": row["lat"], "map.center.lon": row["lon"],
                       "map.zoom": zoom_for(float(row.get("span_km") or 10.0))}}


def k_children(store: DataStore, view: View) -> list:
    """Return the K-density chart and its sentence, or why there is none."""
    found = localisation(store, view)
    if found.result is None:
        return [html.P(found.sentence, className="hint k-density-sentence")]
    return [html.P(found.sentence, className="k-density-sentence"),
            dcc.Graph(figure=k_density_figure(found.result, view.sector), config={"displayModeBar": False})]


def register(app: Dash, store: DataStore) -> None:
    """Wire the clusters layer and its table (one callback: a row click zooms) and the K-density panel."""
    @app.callback(output=[Output(ids.MAP_CHANGES, "data", allow_duplicate=True),
                          Output(ids.CLUSTER_TABLE, "rowData"), Output(ids.CLUSTER_STATUS, "children")],
                  inputs=dict(controls=control_inputs(), keys=Input(ids.MAP_KEYS, "data"),
                              rows=Input(ids.CLUSTER_TABLE, "selectedRows")),
                  prevent_initial_call=True)
    def _clusters(controls, keys, rows):
        if ctx.triggered_id == ids.CLUSTER_TABLE:  # a click on a row: zoom to that cluster
            return (zoom_changes(rows[0], keys["geometry"]) if rows and keys else no_update), no_update, no_update
        view = shown_view(store, controls)
        if not for_drawn_figure(view, keys):
            return no_update, no_update, no_update
        if LAYER not in view.layers:
            if ctx.triggered_id != ids.LAYER_TOGGLES:
                return no_update, no_update, no_update
            return hidden(keys["geometry"]), [], "The layer 'Firm clusters' is off."
        if store.firm_table(view.dataset) is None:
            return hidden(keys["geometry"]), [], NO_POINTS
        return cluster_outputs(store, view, keys["geometry"])

    @app.callback(Output(ids.K_DENSITY_PANEL, "children"), Input(ids.K_DENSITY_BUTTON, "n_clicks"),
                  Input(ids.VIEW_AFTER_MAP, "data"))
    def _k_density(clicks, settled):
        controls = controls_after_map(settled)
        if controls is None:
            return no_update
        view = shown_view(store, controls)
        if store.firm_table(view.dataset) is None:
            return [html.P(NO_POINTS, className="hint k-density-sentence")]
        if ctx.triggered_id != ids.K_DENSITY_BUTTON:
            return [html.P("Press 'Test localisation' to compute the K-density of the chosen sector "
                           "(99 simulations; a few seconds).", className="hint")]
        return k_children(store, view)
