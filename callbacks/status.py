"""Status bar: what the map shows, plus notices (URL values ignored, view adjusted)."""

from __future__ import annotations

from dash import Dash, Input, Output, html

from callbacks import ids

STARTUP_NOTICES = "startup-notices"


def panel() -> html.Div:
    """Build the status bar (``role=status`` so screen readers announce changes)."""
    return html.Div(id=ids.STATUS_BAR, className="status-bar", role="status", children="Loading…")


def status_children(map_status: str | None, notices: list[str] | None, startup: list[str] | None = None) -> list:
    """Status line then one line per notice (start-up notices, e.g. skipped datasets, first)."""
    children: list = [html.Span(map_status or "Loading…", className="status-main")]
    children += [html.Div(f"Notice: {n}", className="notice") for n in [*(startup or []), *(notices or [])]]
    return children


def register(app: Dash) -> None:
    """Wire the status bar to the map status and the notices."""
    app.callback(Output(ids.STATUS_BAR, "children"), Input(ids.MAP_STATUS_STORE, "data"),
                 Input(ids.NOTICE_STORE, "data"), Input(STARTUP_NOTICES, "data"))(status_children)
