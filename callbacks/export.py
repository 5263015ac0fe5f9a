"""Export menu: map snapshots (PNG/SVG/JPEG in the browser, PDF on the server), data files, shareable link."""

from __future__ import annotations

import base64
import time

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from callbacks import ids
from callbacks.controls import control_states, controls_after_map, shown_view
from data.store import DataStore
from exports.map_export import TABLE_WRITERS, ExportFile, map_pdf, table_file
from exports.options import EXPORT_SIZES
from exports.render import RenderError
from views.api_url import api_values_path
from views.state import View
from views.url import encode_query

__all__ = ["panel", "register"]

IMAGE_FORMATS = {"png": "PNG", "svg": "SVG", "jpeg": "JPEG", "pdf": "PDF"}
DATA_FORMATS = {"csv": "CSV", "xlsx": "Excel", "geojson": "GeoJSON", "parquet": "GeoParquet"}


def panel() -> html.Div:
    """Build the export menu: map format, size, background; data format; shareable link."""
    return html.Div(id=ids.EXPORT_MENU, className="export-menu", children=[
        html.H3("Export"),
        _labelled("Map format", dcc.RadioItems(id=ids.EXPORT_FORMAT, value="png", className="radio", inline=True,
                                               options=[{"label": v, "value": k} for k, v in IMAGE_FORMATS.items()])),
        _labelled("Map size", dcc.Dropdown(id=ids.EXPORT_WIDTH, value="1600x1000", clearable=False,
                                           options=[{"label": s.label, "value": k} for k, s in EXPORT_SIZES.items()])),
        _labelled("Background", dcc.RadioItems(id=ids.EXPORT_BACKGROUND, value="white", className="radio", inline=True,
                                               options=[{"label": "White", "value": "white"},
                                                        {"label": "Transparent", "value": "transparent"}])),
        dcc.Store(id=ids.EXPORT_SIZES_STORE,
                  data={k: [s.width, s.height, s.scale] for k, s in EXPORT_SIZES.items()}),
        dcc.Store(id=ids.EXPORT_REQUEST), dcc.Download(id=ids.EXPORT_MAP_DOWNLOAD),
        html.Button("Download map", id=ids.EXPORT_MAP_BUTTON, className="button"),
        html.Div(id=ids.EXPORT_DONE, className="hint", role="status"),
        _labelled("Data format", dcc.RadioItems(id=ids.EXPORT_DATA_FORMAT, value="csv", className="radio", inline=True,
                                                options=[{"label": v, "value": k} for k, v in DATA_FORMATS.items()])),
        html.Button("Download data", id=ids.EXPORT_TABLE_BUTTON, className="button"),
        dcc.Download(id=ids.EXPORT_TABLE_DOWNLOAD),
        html.Button("Copy link", id=ids.COPY_LINK_BUTTON, className="button"),
        html.Div(id=ids.COPY_LINK_DONE, className="hint copy-link-done", role="status"),
        html.Div(className="hint api-links", children=[
            "Data API of this view: ",
            html.A("JSON", id=ids.API_LINK, href=api_values_path(View()), target="_blank", rel="noopener"),
            " · ",
            html.A("CSV", id=ids.API_LINK_CSV, href=api_values_path(View(), "csv"), target="_blank", rel="noopener"),
        ]),
    ])


def _labelled(label: str, component) -> html.Div:
    """Put a visible label before a control (``assets/a11y.js`` names the Dash widget by it)."""
    return html.Div([html.Label(label, htmlFor=component.id, className="field-label"), component], className="field")


def _download(file: ExportFile) -> dict:
    """Turn an export into the data of a ``dcc.Download``."""
    return {"content": base64.b64encode(file.content).decode(), "base64": True, "filename": file.filename,
            "type": file.mime}


def register(app: Dash, store: DataStore) -> None:
    """Wire the exports: images and the link in the browser (clientside), PDF and data files on the server."""
    app.clientside_callback(
        ClientsideFunction(namespace="atlas_export", function_name="downloadMap"),
        Output(ids.EXPORT_DONE, "children"), Output(ids.EXPORT_REQUEST, "data"),
        Input(ids.EXPORT_MAP_BUTTON, "n_clicks"), State(ids.EXPORT_FORMAT, "value"), State(ids.EXPORT_WIDTH, "value"),
        State(ids.EXPORT_BACKGROUND, "value"), State(ids.EXPORT_SIZES_STORE, "data"), prevent_initial_call=True)
    app.clientside_callback(
        ClientsideFunction(namespace="atlas_export", function_name="copyLink"),
        Output(ids.COPY_LINK_DONE, "children"), Input(ids.COPY_LINK_BUTTON, "n_clicks"), prevent_initial_call=True)

    @app.callback(output=[Output(ids.EXPORT_MAP_DOWNLOAD, "data"),
                          Output(ids.EXPORT_DONE, "children", allow_duplicate=True)],
                  inputs=dict(request=Input(ids.EXPORT_REQUEST, "data")), state=dict(controls=control_states()),
                  prevent_initial_call=True)
    def _pdf(request, controls):
        view = shown_view(store, controls)
        started = time.perf_counter()
        size = EXPORT_SIZES[request["size"]]
        try:
            file = map_pdf(store, view, request.get("camera"), size=size,
                           background=request.get("background", "white"), day=request["date"])
        except RenderError as error:
            return no_update, f"PDF not made: {error}"
        return (_download(file), f"Map exported (PDF, {size.label}, {request['date']}, {len(file.content) // 1024} kB, "
                                 f"{time.perf_counter() - started:.1f} s on the server)")

    @app.callback(output=[Output(ids.API_LINK, "href"), Output(ids.API_LINK_CSV, "href")],
                  inputs=dict(settled=Input(ids.VIEW_AFTER_MAP, "data")), prevent_initial_call=True)
    def _api_links(settled):
        controls = controls_after_map(settled)
        if controls is None:
            return no_update, no_update
        view = shown_view(store, controls)  # the shown view, as the link and the data download
        return api_values_path(view), api_values_path(view, "csv")

    @app.callback(output=Output(ids.EXPORT_TABLE_DOWNLOAD, "data"),
                  inputs=dict(clicks=Input(ids.EXPORT_TABLE_BUTTON, "n_clicks")),
                  state=dict(fmt=State(ids.EXPORT_DATA_FORMAT, "value"), controls=control_states()),
                  prevent_initial_call=True)
    def _data(clicks, fmt, controls):
        view = shown_view(store, controls)
        return _download(table_file(store, view, fmt if fmt in TABLE_WRITERS else "csv", query=encode_query(view)))
