"""Status bar: what the map shows, plus notices (URL values ignored, view adjusted)."""

from __future__ import annotations

import logging

from dash import Dash, Input, Output, html, set_props

from callbacks import ids
from data.errors import AtlasError

LOG = logging.getLogger(__name__)


def panel() -> html.Div:
    """Build the status bar (``role=status`` so screen readers announce changes)."""
    return html.Div(id=ids.STATUS_BAR, className="status-bar", role="status", children="Loading…")


def status_children(map_status: str | None, notices: list[str] | None, startup: list[str] | None = None) -> list:
    """Status line then one line per notice (start-up notices, e.g. skipped datasets, first)."""
    children: list = [html.Span(map_status or "Loading…", className="status-main")]
    children += [html.Div(f"Notice: {n}", className="notice") for n in [*(startup or []), *(notices or [])]]
    return children


def report_error(error: Exception) -> None:
    """Global callback error handler: log the details, show the user one clear line, no traceback.

    Passed to ``Dash(on_error=...)``; the failing callback's outputs are left as they were.
    """
    LOG.error("callback failed", exc_info=error)
    text = str(error) if isinstance(error, AtlasError) else f"Something went wrong ({type(error).__name__}); " \
        "the view was left as it was. The server log has the details."
    set_props(ids.STATUS_BAR, {"children": [html.Span("Error: " + text, className="notice error")]})


def register(app: Dash) -> None:
    """Wire the status bar to the map status and the notices."""
    app.callback(Output(ids.STATUS_BAR, "children"), Input(ids.MAP_STATUS_STORE, "data"),
                 Input(ids.NOTICE_STORE, "data"), Input(ids.STARTUP_NOTICES, "data"))(status_children)
