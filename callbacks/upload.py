"""Upload an enterprise register, cluster list or Eurostat table: validate, report, add as a dataset.

A failed upload changes nothing: the report says what is wrong (file, row, column, problem) and
the datasets loaded before stay as they were.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from pathlib import Path

from dash import Dash, Input, Output, State, dcc, html, no_update

from callbacks import ids
from callbacks.ids import (
    DATASETS_STORE,
    UPLOAD_NAME,
    UPLOAD_REPLACE,
    UPLOAD_REPORT,
    UPLOAD_REPORT_BUTTON,
    UPLOAD_REPORT_CSV,
    UPLOAD_REPORT_DOWNLOAD,
)
from data.errors import InputError, LimitError
from data.i18n import DEFAULT_LANGUAGE, integer, text
from data.store import DataStore
from ingest.validation import Limits
from ingest.workspace import IngestResult, ingest_file
from ingest.workspace_store import dataset_from_folder

LOG = logging.getLogger(__name__)
REPLACE = "replace"
SHOWN_PROBLEMS = 8


def panel(limits: Limits, lang: str = DEFAULT_LANGUAGE) -> html.Div:
    """Drop zone, dataset name and the report area, in ``lang``."""
    megabytes = (limits.max_bytes or 0) / 2**20
    return html.Div(className="upload", children=[
        html.H3(text("your_data", lang)),
        html.Label(text("upload_name", lang), htmlFor=UPLOAD_NAME, className="field-label"),
        dcc.Input(id=UPLOAD_NAME, placeholder=text("upload_name_placeholder", lang), maxLength=64, debounce=True,
                  className="text-input"),
        html.Label(text("upload_existing", lang), htmlFor=UPLOAD_REPLACE, className="field-label"),
        dcc.Checklist(id=UPLOAD_REPLACE, className="radio", value=[],
                      options=[{"label": text("upload_replace", lang), "value": REPLACE}]),
        dcc.Upload(id=ids.UPLOAD_DATA, className="drop-zone", max_size=limits.max_bytes or -1, multiple=False,
                   children=html.Div([text("upload_drop", lang), html.A(text("upload_choose", lang))])),
        html.P(text("upload_formats", lang, megabytes=f"{megabytes:g}"), className="hint"),
        html.Div(id=UPLOAD_REPORT, className="upload-report", role="status"),
        html.Button(text("upload_report_button", lang), id=UPLOAD_REPORT_BUTTON, className="button", hidden=True),
        dcc.Store(id=UPLOAD_REPORT_CSV), dcc.Download(id=UPLOAD_REPORT_DOWNLOAD),
    ])


def decode_upload(contents: str, filename: str, limits: Limits) -> bytes:
    """Decode a ``data:…;base64,`` upload after checking its size (before any parsing)."""
    if not contents or "," not in contents:
        raise InputError(f"file '{filename}': empty upload (0 bytes)")
    encoded = contents.split(",", 1)[1]
    size = len(encoded) * 3 // 4
    if limits.max_bytes is not None and size > limits.max_bytes:
        raise LimitError(f"file '{filename}': {size / 2**20:.1f} MB is over the upload limit of "
                         f"{limits.max_bytes / 2**20:g} MB; use 'python app.py ingest' for large files")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as error:
        raise InputError(f"file '{filename}': the upload is not valid base64 ({error})") from error
    if not data:
        raise InputError(f"file '{filename}': empty upload (0 bytes)")
    return data


def dataset_name(name: str | None, filename: str) -> str:
    """Make a folder-safe dataset name from the typed name or the file name."""
    base = (name or Path(filename).stem).strip()
    return (re.sub(r"[^A-Za-z0-9_.-]+", "-", base).strip("-.") or "upload")[:64]


def report_children(result: IngestResult | None, error: Exception | None, filename: str,
                    lang: str = DEFAULT_LANGUAGE) -> list:
    """Summary, first problems as a table (text only) and what happened to the data, in ``lang``.

    The problems' own words (from the validation) stay as they are; the fixed parts follow ``lang``.
    """
    if error is not None:
        problems = getattr(getattr(error, "report", None), "problems", None)
        children = [html.P(text("upload_not_loaded", lang, error=error), className="upload-error"),
                    html.P(text("upload_nothing_changed", lang), className="hint")]
        return children + (_problem_table(problems, lang) if problems is not None and len(problems) else [])
    assert result is not None
    synthetic = text("upload_synthetic", lang) if result.synthetic else ""
    children = [html.P(text("upload_ok", lang, filename=filename, synthetic=synthetic,
                            accepted=integer(result.rows_accepted, lang), rejected=integer(result.rows_rejected, lang),
                            read=integer(result.rows_read, lang)), className="upload-ok"),
                *(html.P(note, className="hint") for note in result.notes)]
    return children + _problem_table(result.report.problems, lang)


def _problem_table(problems, lang: str = DEFAULT_LANGUAGE) -> list:
    if problems is None or not len(problems):
        return []
    shown = problems.head(SHOWN_PROBLEMS).astype(str)
    head = html.Tr([html.Th(text(f"upload_col_{c}", lang)) for c in ("row", "column", "problem", "value")])
    rows = [html.Tr([html.Td(r.row), html.Td(r.column), html.Td(r.problem), html.Td(r.value[:60])])
            for r in shown.itertuples()]  # a handful of rows
    more = len(problems) - len(shown)
    return [html.Table([head, *rows], className="problem-table"),
            *([html.P(text("upload_more", lang, more=integer(more, lang)), className="hint")] if more > 0 else [])]


def handle_upload(store: DataStore, contents: str, filename: str | None, name: str | None, *,
                  replace: bool, workspace: Path, limits: Limits, lang: str = DEFAULT_LANGUAGE) -> tuple:
    """Ingest an upload into the workspace and the store; return the callback's five outputs (report in ``lang``).

    ``(report children, report CSV or None, button hidden, datasets-store stamp, dataset to select)``.
    An existing dataset of that name is replaced only with ``replace``; otherwise the upload is refused
    and nothing changes. The dataset selected is the one added (its key in the store).
    """
    filename = str(filename or "upload")
    try:
        data = decode_upload(contents, filename, limits)
        result = ingest_file(data, filename=filename, name=dataset_name(name, filename), workspace=workspace,
                             limits=limits, replace=replace)
        dataset = dataset_from_folder(result.dataset_dir, store)
        store.add_dataset(dataset)
    except InputError as error:
        csv = _report_csv(error)
        return report_children(None, error, filename, lang), csv, csv is None, no_update, no_update
    except Exception as error:  # never a traceback for the user; the log keeps it
        LOG.exception("upload of %s failed", filename)
        message = InputError(text("upload_unreadable", lang, filename=filename, kind=type(error).__name__))
        return report_children(None, message, filename, lang), None, True, no_update, no_update
    csv = result.report.to_csv()  # formula-like cells neutralised
    return report_children(result, None, filename, lang), csv, False, dataset.key, dataset.key


def register(app: Dash, store: DataStore, *, workspace: Path, limits: Limits) -> None:
    """Wire the upload: ingest into the workspace, add to the store, select the new dataset."""
    @app.callback(Output(UPLOAD_REPORT, "children"), Output(UPLOAD_REPORT_CSV, "data"),
                  Output(UPLOAD_REPORT_BUTTON, "hidden"), Output(DATASETS_STORE, "data"),
                  Output(ids.DATASET_SELECT, "value", allow_duplicate=True),
                  Input(ids.UPLOAD_DATA, "contents"), State(ids.UPLOAD_DATA, "filename"), State(UPLOAD_NAME, "value"),
                  State(UPLOAD_REPLACE, "value"), State(ids.LANG_STORE, "data"), prevent_initial_call=True)
    def _upload(contents, filename, name, replace, lang):
        return handle_upload(store, contents, filename, name, replace=REPLACE in (replace or ()),
                             workspace=workspace, limits=limits, lang=lang or DEFAULT_LANGUAGE)

    @app.callback(Output(UPLOAD_REPORT_DOWNLOAD, "data"), Input(UPLOAD_REPORT_BUTTON, "n_clicks"),
                  State(UPLOAD_REPORT_CSV, "data"), prevent_initial_call=True)
    def _download(_clicks, csv):
        return {"content": csv or "row,column,problem,value\n", "filename": "upload-report.csv"}


def _report_csv(error: Exception) -> str | None:
    report = getattr(error, "report", None)
    return report.to_csv() if report is not None else None
