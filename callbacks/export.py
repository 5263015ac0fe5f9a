"""Export menu: map snapshots (PNG/SVG/JPEG in the browser, PDF on the server), data files, shareable link."""

from __future__ import annotations

import base64
import time
from datetime import date

import geopandas as gpd
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from callbacks import ids
from callbacks.controls import control_states, shown_view
from data.store import ATTRIBUTION, DataStore
from exports.files import (
    FORMATS,
    neutralise_formulas,
    write_csv,
    write_excel,
    write_geojson,
    write_geoparquet,
    write_pdf,
)
from exports.render import RenderError, render_figures
from layers.atlas import BACKGROUNDS, EXPORT_SIZES, export_figure
from layers.map_view import compute_values, map_text
from views.state import View
from views.url import encode_query
from views.values import ranking

__all__ = ["data_frame", "data_notes", "export_name", "map_pdf", "neutralise_formulas", "panel", "register",
           "table_csv"]

IMAGE_FORMATS = {"png": "PNG", "svg": "SVG", "jpeg": "JPEG", "pdf": "PDF"}
DATA_FORMATS = {"csv": "CSV", "xlsx": "Excel", "geojson": "GeoJSON", "parquet": "GeoParquet"}
WRITERS = {"csv": write_csv, "xlsx": write_excel, "geojson": write_geojson, "parquet": write_geoparquet}
POINTS_PER_CSS_PIXEL = 0.75  # 72 pt per inch / 96 CSS px per inch


def panel() -> html.Div:
    """Build the export menu: map format, size, background; data format; shareable link."""
    return html.Div(id=ids.EXPORT_MENU, className="export-menu", children=[
        html.H3("Export"),
        dcc.RadioItems(id=ids.EXPORT_FORMAT, value="png", className="radio", inline=True,
                       options=[{"label": v, "value": k} for k, v in IMAGE_FORMATS.items()]),
        dcc.Dropdown(id=ids.EXPORT_WIDTH, value="1600x1000", clearable=False,
                     options=[{"label": s.label, "value": k} for k, s in EXPORT_SIZES.items()]),
        dcc.RadioItems(id=ids.EXPORT_BACKGROUND, value="white", className="radio", inline=True,
                       options=[{"label": "White", "value": "white"},
                                {"label": "Transparent", "value": "transparent"}]),
        dcc.Store(id=ids.EXPORT_SIZES_STORE,
                  data={k: [s.width, s.height, s.scale] for k, s in EXPORT_SIZES.items()}),
        dcc.Store(id=ids.EXPORT_REQUEST), dcc.Download(id=ids.EXPORT_MAP_DOWNLOAD),
        html.Button("Download map", id=ids.EXPORT_MAP_BUTTON, className="button"),
        html.Div(id=ids.EXPORT_DONE, className="hint", role="status"),
        dcc.RadioItems(id=ids.EXPORT_DATA_FORMAT, value="csv", className="radio", inline=True,
                       options=[{"label": v, "value": k} for k, v in DATA_FORMATS.items()]),
        html.Button("Download data", id=ids.EXPORT_TABLE_BUTTON, className="button"),
        dcc.Download(id=ids.EXPORT_TABLE_DOWNLOAD),
        html.Button("Copy link", id=ids.COPY_LINK_BUTTON, className="button"),
        html.Div(id=ids.COPY_LINK_DONE, className="hint copy-link-done", role="status"),
    ])


def export_name(view: View, extension: str) -> str:
    """File name of an export: ``cluster-atlas_<sector>_<indicator>_<year>_nuts<level>.<ext>``."""
    return f"cluster-atlas_{view.sector}_{view.indicator}_{view.year}_nuts{view.level}.{extension}"


def data_notes(store: DataStore, view: View) -> list[str]:
    """Source, attribution and view lines written at the head of every data file."""
    text = map_text(store, view)
    return [ATTRIBUTION, f"{text.title}; {text.subtitle}", f"View: {encode_query(view)}",
            f"Exported {date.today().isoformat()} with Cluster Atlas"]


def data_frame(store: DataStore, view: View, *, geometry: bool = False) -> pd.DataFrame:
    """Ranked table of the view: rank, region id and name, country, indicator value, measure, flag, reason.

    With ``geometry`` the full (not simplified) region polygons are joined, as a GeoDataFrame.
    """
    values, _ = compute_values(store, view)
    table = ranking(values).reset_index(drop=True).rename(
        columns={"value": view.indicator, "measure_value": view.measure})
    table.insert(4, "nace", view.sector if view.spec.scope in {"sector", "measure"} else "")
    table.insert(5, "year", view.year)
    if not geometry:
        return table
    shapes = store.regions(view.version, view.level)["geometry"]
    return gpd.GeoDataFrame(table, geometry=shapes.reindex(table["nuts_id"]).to_numpy(), crs=shapes.crs)


def table_csv(values: pd.DataFrame, indicator: str) -> str:
    """Write a ranking as CSV text with a source line, formulas neutralised."""
    table = ranking(values).reset_index(drop=True).rename(columns={"value": indicator})
    return write_csv(table, notes=[ATTRIBUTION]).decode("utf-8")


def map_pdf(store: DataStore, view: View, camera: dict | None, *, size_key: str, background: str,
            day: str) -> bytes:
    """Render the map of a view as a one-page PDF on the server (needs Chrome/Chromium; see exports.render)."""
    size = EXPORT_SIZES[size_key]
    figure = export_figure(store, view, camera, size=size, background="white" if background not in BACKGROUNDS
                           else background, date=day)
    (image,) = render_figures([figure], fmt="jpeg", width=size.width, height=size.height, scale=size.scale)
    text = map_text(store, view)
    return write_pdf([image], page_size=(size.width * POINTS_PER_CSS_PIXEL, size.height * POINTS_PER_CSS_PIXEL),
                     title=text.title, notes=[text.subtitle, text.attribution])


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
        try:
            content = map_pdf(store, view, request.get("camera"), size_key=request["size"],
                              background=request.get("background", "white"), day=request["date"])
        except RenderError as error:
            return no_update, f"PDF not made: {error}"
        size = EXPORT_SIZES[request["size"]]
        return ({"content": base64.b64encode(content).decode(), "base64": True, "filename": export_name(view, "pdf"),
                 "type": "application/pdf"},
                f"Map exported (PDF, {size.label}, {request['date']}, {len(content) // 1024} kB, "
                f"{time.perf_counter() - started:.1f} s on the server)")

    @app.callback(output=Output(ids.EXPORT_TABLE_DOWNLOAD, "data"),
                  inputs=dict(clicks=Input(ids.EXPORT_TABLE_BUTTON, "n_clicks")),
                  state=dict(fmt=State(ids.EXPORT_DATA_FORMAT, "value"), controls=control_states()),
                  prevent_initial_call=True)
    def _data(clicks, fmt, controls):
        view = shown_view(store, controls)
        fmt = fmt if fmt in WRITERS else "csv"
        frame = data_frame(store, view, geometry=fmt in {"geojson", "parquet"})
        notes = data_notes(store, view)
        content = WRITERS[fmt](frame, notes=[". ".join(notes)] if fmt == "csv" else notes)  # CSV: one comment line
        extension, mime = FORMATS[fmt]
        return {"content": base64.b64encode(content).decode(), "base64": True,
                "filename": export_name(view, extension), "type": mime}
