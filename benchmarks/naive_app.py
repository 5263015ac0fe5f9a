"""The naive baseline of ``benchmarks/browser_latency.py``: a plain Dash app that resends everything.

One callback, ``Output("map", "figure")``, takes the same filter controls as Cluster Atlas (same ids and
options, :func:`callbacks.filters.panel`) and on every change rebuilds
``px.choropleth_map(..., geojson=<the NUTS GeoJSON dict>)`` from the same numbers
(:func:`views.values.indicator_values` of the effective view) and returns the whole figure: polygons,
values and layout travel on every change and ``dcc.Graph`` re-draws the figure with ``Plotly.react``.
It has the same server set-up as ours (flask-compress with the same MIME types) so that only the update
design differs. The map has the size of ours (62 % of the viewport height, right of a 310 px sidebar).

    python benchmarks/naive_app.py [--port P] [--host H] [--data DIR] [--indicator gdp_meur --level 3 ...]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import plotly.express as px  # noqa: E402
from dash import Dash, Output, dcc, html  # noqa: E402
from flask_compress import Compress  # noqa: E402

from callbacks import filters, ids  # noqa: E402
from callbacks.controls import control_inputs  # noqa: E402
from data.store import DEFAULT_DIR, DataStore, load_store  # noqa: E402
from layers.colours import DIVERGING, SEQUENTIAL  # noqa: E402
from views.state import View, view_from_controls  # noqa: E402
from views.values import effective_view, indicator_values  # noqa: E402

#: The NUTS-3 view of the browser benchmark (context indicators exist at NUTS 3, version 2021).
NUTS3_VIEW = View(indicator="gdp_meur", level=3, version=2021, year=2019)
COMPRESS_MIMETYPES = ["text/html", "text/css", "application/javascript", "text/javascript", "application/json"]


def naive_title(view: View) -> str:
    """Figure title: indicator label, year, NUTS level (what the benchmark waits for)."""
    return f"{view.spec.label}, {view.year}, NUTS {view.level} (version {view.version})"


def naive_figure(store: DataStore, view: View):
    """The whole figure of an effective view, polygons embedded (what a plain Dash app returns)."""
    values = indicator_values(store, view)
    spec = view.spec
    colour = ({"color_continuous_scale": DIVERGING, "color_continuous_midpoint": spec.centre}
              if spec.centre else {"color_continuous_scale": SEQUENTIAL})
    figure = px.choropleth_map(
        values, geojson=store.geojson(view.version, view.level), locations="nuts_id", featureidkey="id",
        color="value", hover_name="name", hover_data=["measure_value", "flag"], map_style="white-bg",
        center={"lat": 53.0, "lon": 11.0}, zoom=2.9, opacity=1.0, title=naive_title(view), **colour)
    figure.update_traces(marker_line_width=0.4, marker_line_color="#ffffff")
    figure.update_layout(margin={"l": 0, "r": 0, "t": 56, "b": 28})
    return figure


def create_naive_app(store: DataStore, view: View = NUTS3_VIEW) -> Dash:
    """A plain Dash app: our controls set to ``view``, one callback rebuilding the whole px figure."""
    app = Dash("naive_baseline", title="Naive baseline", serve_locally=True, update_title=None)
    app.server.config["COMPRESS_MIMETYPES"] = COMPRESS_MIMETYPES
    Compress(app.server)
    app.layout = html.Div(style={"display": "flex", "gap": "12px", "padding": "12px"}, children=[
        html.Div(filters.panel(store, view), style={"width": "310px", "flex": "none"}),
        dcc.Graph(id=ids.MAP, style={"flex": "1", "minWidth": 0, "height": "62vh", "minHeight": "460px"}),
    ])

    @app.callback(output=Output(ids.MAP, "figure"), inputs=dict(controls=control_inputs()))
    def _update(controls):
        return naive_figure(store, effective_view(store, view_from_controls(controls)))

    @app.server.route("/health")
    def _health():
        return {"status": "ok"}

    return app


def main(argv: list[str] | None = None) -> int:
    """Serve the naive app (the benchmark starts it as a subprocess on a free port)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8051)
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--indicator", default=NUTS3_VIEW.indicator)
    parser.add_argument("--level", type=int, default=NUTS3_VIEW.level)
    parser.add_argument("--version", type=int, default=NUTS3_VIEW.version)
    parser.add_argument("--year", type=int, default=NUTS3_VIEW.year)
    args = parser.parse_args(argv)
    view = replace(View(), indicator=args.indicator, level=args.level, version=args.version, year=args.year)
    create_naive_app(load_store(args.data), view).run(host=args.host, port=args.port, debug=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
