"""Export menu: map snapshots (PNG/SVG/JPEG in the browser, PDF on the server), data files, shareable link."""

from __future__ import annotations

import base64
import json
import time

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from callbacks import ids
from callbacks.controls import control_states, controls_after_map, shown_view
from data.i18n import DEFAULT_LANGUAGE, text
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
#: Messages ``assets/export.js`` writes (their templates travel in the menu's ``data-messages``).
BROWSER_MESSAGES = ("pdf_rendering", "map_exported", "map_export_failed", "link_copied", "copy_this_link",
                    "exported_on")


def panel(lang: str = DEFAULT_LANGUAGE) -> html.Div:
    """Build the export menu in ``lang``: map format, size, background; data format; shareable link."""
    messages = json.dumps({key: text(key, lang) for key in BROWSER_MESSAGES}, ensure_ascii=False)
    return html.Div(id=ids.EXPORT_MENU, className="export-menu", **{"data-messages": messages}, children=[
        html.H3(text("export", lang)),
        _labelled(text("map_format", lang), dcc.RadioItems(
            id=ids.EXPORT_FORMAT, value="png", className="radio", inline=True,
            options=[{"label": v, "value": k} for k, v in IMAGE_FORMATS.items()])),
        _labelled(text("map_size", lang), dcc.Dropdown(
            id=ids.EXPORT_WIDTH, value="1600x1000", clearable=False,
            options=[{"label": text(f"size_{k}", lang), "value": k} for k in EXPORT_SIZES])),
        _labelled(text("background", lang), dcc.RadioItems(
            id=ids.EXPORT_BACKGROUND, value="white", className="radio", inline=True,
            options=[{"label": text(f"background_{k}", lang), "value": k} for k in ("white", "transparent")])),
        dcc.Store(id=ids.EXPORT_SIZES_STORE,
                  data={k: [s.width, s.height, s.scale] for k, s in EXPORT_SIZES.items()}),
        dcc.Store(id=ids.EXPORT_REQUEST), dcc.Download(id=ids.EXPORT_MAP_DOWNLOAD),
        html.Button(text("download_map", lang), id=ids.EXPORT_MAP_BUTTON, className="button"),
        html.Div(id=ids.EXPORT_DONE, className="hint", role="status"),
        _labelled(text("data_format", lang), dcc.RadioItems(
            id=ids.EXPORT_DATA_FORMAT, value="csv", className="radio", inline=True,
            options=[{"label": v, "value": k} for k, v in DATA_FORMATS.items()])),
        html.Button(text("download_data", lang), id=ids.EXPORT_TABLE_BUTTON, className="button"),
        dcc.Download(id=ids.EXPORT_TABLE_DOWNLOAD),
        html.Button(text("copy_link", lang), id=ids.COPY_LINK_BUTTON, className="button"),
        html.Div(id=ids.COPY_LINK_DONE, className="hint copy-link-done", role="status"),
        html.Div(className="hint api-links", children=[
            text("api_of_view", lang),
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
                  inputs=dict(request=Input(ids.EXPORT_REQUEST, "data")),
                  state=dict(controls=control_states(), lang=State(ids.LANG_STORE, "data")), prevent_initial_call=True)
    def _pdf(request, controls, lang):
        view, lang = shown_view(store, controls), lang or DEFAULT_LANGUAGE
        started = time.perf_counter()
        size = EXPORT_SIZES[request["size"]]
        try:
            file = map_pdf(store, view, request.get("camera"), size=size,
                           background=request.get("background", "white"), day=request["date"])
        except RenderError as error:
            return no_update, text("pdf_not_made", lang, error=error)
        return _download(file), text("pdf_exported", lang, size=text(f"size_{size.key}", lang), date=request["date"],
                                     kb=len(file.content) // 1024, seconds=f"{time.perf_counter() - started:.1f}")

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
