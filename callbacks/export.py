"""Export menu: the map as PNG/SVG from the browser at a chosen size; the table as CSV."""

from __future__ import annotations

import io

import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from analysis.views import effective_view, ranking
from callbacks import ids
from callbacks.map import VIEW_INPUTS
from callbacks.url_state import view_from_controls
from data.store import ATTRIBUTION, DataStore
from layers.map_view import compute_values

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SIZES = {"1600x1000": "Screen 1600 × 1000", "3508x2480": "A4 landscape 300 dpi (3508 × 2480)",
         "1200x1200": "Square 1200 × 1200"}


def panel() -> html.Div:
    """Format, size and buttons. The image is made in the browser (no server browser needed)."""
    return html.Div(id=ids.EXPORT_MENU, className="export-menu", children=[
        html.H3("Export"),
        dcc.RadioItems(id=ids.EXPORT_FORMAT, value="png", className="radio", inline=True,
                       options=[{"label": "PNG", "value": "png"}, {"label": "SVG", "value": "svg"}]),
        dcc.Dropdown(id=ids.EXPORT_WIDTH, value="1600x1000", clearable=False,
                     options=[{"label": v, "value": k} for k, v in SIZES.items()]),
        html.Button("Download map", id=ids.EXPORT_MAP_BUTTON, className="button"),
        html.Button("Download table (CSV)", id=ids.EXPORT_TABLE_BUTTON, className="button"),
        dcc.Download(id=ids.EXPORT_TABLE_DOWNLOAD),
        html.Span(id=ids.EXPORT_DONE, className="hint"),
    ])


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) with ``'``."""
    out = frame.copy()
    for column in out.columns[out.dtypes.map(lambda d: not pd.api.types.is_numeric_dtype(d))]:
        text = out[column].astype("string")
        risky = text.str.startswith(FORMULA_START).fillna(False)
        out[column] = text.where(~risky, "'" + text)
    return out


def table_csv(values: pd.DataFrame, indicator: str) -> str:
    """Write the ranking as CSV text with a source line, formulas neutralised."""
    table = ranking(values).reset_index(drop=True).rename(columns={"value": indicator})
    buffer = io.StringIO()
    buffer.write(f"# {ATTRIBUTION}\n")
    neutralise_formulas(table).to_csv(buffer, index=False)
    return buffer.getvalue()


def register(app: Dash, store: DataStore) -> None:
    """Wire the downloads: image in the browser (clientside), CSV from the server."""
    app.clientside_callback(
        ClientsideFunction(namespace="atlas", function_name="downloadMap"),
        Output(ids.EXPORT_DONE, "children"), Input(ids.EXPORT_MAP_BUTTON, "n_clicks"),
        State(ids.EXPORT_FORMAT, "value"), State(ids.EXPORT_WIDTH, "value"), prevent_initial_call=True)

    @app.callback(Output(ids.EXPORT_TABLE_DOWNLOAD, "data"), Input(ids.EXPORT_TABLE_BUTTON, "n_clicks"),
                  *[State(i.component_id, "value") for i in VIEW_INPUTS], prevent_initial_call=True)
    def _csv(_clicks, *controls):
        view = effective_view(store, view_from_controls(*controls))
        values, _ = compute_values(store, view)
        name = f"cluster-atlas_{view.sector}_{view.indicator}_{view.year}_nuts{view.level}.csv"
        return {"content": table_csv(values, view.indicator), "filename": name}
