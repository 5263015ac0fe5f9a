"""Cluster Atlas: where economic activity concentrates in Europe (Dash app and command line).

``python app.py [--host H] [--port P] [--data DIR]`` serves the dashboard; ``gunicorn app:server``
serves it in production (the store is loaded on first access of ``server``).
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # the command line; `ingest` and `export` run without importing Dash (cli/main.py)
    from cli.main import main

    sys.exit(main())

import tempfile
from pathlib import Path

from dash import Dash, dcc, html
from flask_compress import Compress

from api import create_api
from callbacks import (
    a11y,
    compare,
    export,
    filters,
    firms,
    geometry,
    ids,
    map,
    map_fit,
    map_summary,
    methodology,
    opportunities,
    plain,
    playback,
    point_clusters,
    ranking,
    region_panel,
    sector_panel,
    status,
    upload,
    url_state,
)
from data.store import ATTRIBUTION, DEFAULT_DIR, DataStore, load_store
from ingest.validation import Limits
from ingest.workspace import DEFAULT_LIMITS
from ingest.workspace_store import DEFAULT_WORKSPACE, load_workspace
from views.state import View

ASSETS = Path(__file__).resolve().parent / "assets"


def build_layout(store: DataStore, *, limits: Limits = DEFAULT_LIMITS,
                 startup_notices: tuple[str, ...] = ()) -> html.Div:
    """Build the one page: header, filters, map, status, profile, ranking, export, upload, methodology."""
    view = View()
    lang = a11y.request_language()
    return html.Div(className="page", children=[
        a11y.skip_link(lang),
        dcc.Location(id=ids.URL, refresh=False), dcc.Location(id=ids.URL_WRITER, refresh=False),
        dcc.Store(id=ids.URL_WRITTEN),
        dcc.Store(id=ids.NOTICE_STORE), dcc.Store(id=ids.SELECTED_REGION),
        dcc.Store(id=ids.STARTUP_NOTICES, data=list(startup_notices)),
        dcc.Store(id=ids.LANG_STORE, data=lang),
        html.Header(className="header", children=[
            html.H1("Cluster Atlas"),
            html.Span(a11y.text("tagline", lang), className="tagline"),
            a11y.language_switch(lang),
            a11y.controls_toggle(lang),
        ]),
        html.Div(className="body", children=[
            html.Aside(className="sidebar", children=[filters.panel(store, view, lang), sector_panel.panel(),
                                                        point_clusters.k_panel(),
                                                        export.panel(lang), upload.panel(limits, lang)]),
            html.Main(className="main", children=[
                status.panel(lang), map.panel(lang), firms.legend_panel(lang), point_clusters.panel(),
                map_summary.panel(lang),
                html.Div(className="below-map", children=[region_panel.panel(), ranking.panel()]),
                opportunities.panel(),
                compare.panel(),
                methodology.panel(lang),
            ]),
        ]),
        html.Footer(ATTRIBUTION, id=ids.ATTRIBUTION, className="footer"),
    ])


def create_app(store: DataStore, *, workspace: Path | None = None, limits: Limits = DEFAULT_LIMITS) -> Dash:
    """Create the Dash app for a loaded store (tests call this).

    With a ``workspace`` folder, its datasets (earlier uploads and ``ingest`` runs) are added to the
    store, damaged ones skipped with a notice, and uploads are saved there; without one, uploads go
    to a temporary folder that lives as long as the process.
    """
    startup = tuple(load_workspace(store, workspace)) if workspace is not None else ()
    workspace = workspace if workspace is not None else Path(tempfile.mkdtemp(prefix="atlas-workspace-"))
    app = Dash(__name__, title="Cluster Atlas", assets_folder=str(ASSETS), serve_locally=True,
               update_title=None, on_error=status.report_error)
    app.server.config["COMPRESS_MIMETYPES"] = ["text/html", "text/css", "application/javascript", "text/javascript",
                                               "application/json", "application/geo+json", "image/x-icon"]
    # refuse oversized request bodies before they are read (uploads arrive base64-encoded: 4/3 of the file)
    app.server.config["MAX_CONTENT_LENGTH"] = int((limits.max_bytes or 2**30) * 4 / 3) + 2**21
    app.server.config["COMPRESS_MIMETYPES"] += ["text/csv"]  # the data API's CSV answers
    Compress(app.server)
    a11y.install_html_lang(app)
    def _layout() -> html.Div:  # per page load: datasets added or replaced by other server processes appear
        load_workspace(store, workspace, only_changed=True)
        return build_layout(store, limits=limits, startup_notices=startup)

    app.layout = _layout
    upload.register(app, store, workspace=workspace, limits=limits)
    for feature in (geometry, url_state, map, firms, region_panel, ranking, sector_panel, export):
        feature.register(app, store)
    compare.register(app, store)
    map_summary.register(app, store)
    plain.register(app, store)
    status.register(app)
    filters.register(app, store)
    opportunities.register(app, store)

    app.server.register_blueprint(create_api(store, workspace=workspace))  # /api/v1/ (api/__init__.py)
    playback.register(app, store)
    point_clusters.register(app, store)
    map_fit.register(app, store)

    @app.server.route("/health")
    def _health():
        return {"status": "ok", "datasets": sorted(store.datasets)}

    # Dash sets a process up on its first request (a before_request hook that marks itself done before it
    # registers the component paths), so parallel first requests of a new worker got HTTP 500 "dash is not a
    # registered library". Run that set-up now: gunicorn's preload forks workers (and replacements) ready.
    with app.server.test_request_context():
        app.server.preprocess_request()
    return app


def __getattr__(name: str):
    """``server`` for gunicorn (``gunicorn app:server``), created on first access."""
    if name == "server":
        return create_app(load_store(DEFAULT_DIR), workspace=DEFAULT_WORKSPACE).server
    raise AttributeError(name)
