"""Status bar: what the map shows, plus notices (URL values ignored, view adjusted)."""

from __future__ import annotations

import logging

from dash import Dash, Input, Output, State, html, set_props

from callbacks import ids
from data.errors import AtlasError
from data.i18n import DEFAULT_LANGUAGE, localise, status_line, text

LOG = logging.getLogger(__name__)

#: Longest error message shown in the status bar (the server log has the whole text).
MAX_ERROR_CHARS = 300


def panel(lang: str = DEFAULT_LANGUAGE) -> html.Div:
    """Build the status bar (``role=status`` so screen readers announce changes), "Loading…" in ``lang``."""
    return html.Div(id=ids.STATUS_BAR, className="status-bar", role="status", children=text("loading", lang))


def status_children(map_status: str | None, notices: list[str] | None, startup: list[str] | None = None,
                    lang: str | None = None) -> list:
    """Status line (in ``lang``: :func:`data.i18n.status_line`) then one line per notice (start-up ones first)."""
    lang = lang or DEFAULT_LANGUAGE
    children: list = [html.Span(status_line(map_status, lang) if map_status else text("loading", lang),
                                className="status-main")]
    children += [html.Div(text("notice", lang, notice=localise(n, lang)), className="notice")
                 for n in [*(startup or []), *(notices or [])]]
    return children


def error_text(error: Exception) -> str:
    """Say in one line what went wrong: an :class:`AtlasError`'s own message, else a generic line.

    Errors raised on purpose (bad data refused by an index function, an unknown dataset, …) carry a
    message written for the user; it is shown with its whitespace collapsed and cut at
    :data:`MAX_ERROR_CHARS`. Any other exception is a bug: only its type is named.
    """
    text = " ".join(str(error).split()) if isinstance(error, AtlasError) else ""
    if not text:
        return (f"Something went wrong ({type(error).__name__}); the view was left as it was. "
                "The server log has the details.")
    return text if len(text) <= MAX_ERROR_CHARS else text[:MAX_ERROR_CHARS - 1] + "…"


def report_error(error: Exception) -> None:
    """Global callback error handler: log the details, show the user one clear line, no traceback.

    Passed to ``Dash(on_error=...)``; the failing callback's outputs are left as they were.
    """
    LOG.error("callback failed", exc_info=error)
    set_props(ids.STATUS_BAR, {"children": [html.Span("Error: " + error_text(error), className="notice error")]})


def register(app: Dash) -> None:
    """Wire the status bar to the map status and the notices."""
    app.callback(Output(ids.STATUS_BAR, "children"), Input(ids.MAP_STATUS_STORE, "data"),
                 Input(ids.NOTICE_STORE, "data"), Input(ids.STARTUP_NOTICES, "data"),
                 State(ids.LANG_STORE, "data"))(status_children)
