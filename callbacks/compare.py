"""Compare mode, peers in the profile and the region report: thin wiring of views/compare, views/peers, exports.

The ``compare-select`` picker is the control of the :class:`View` field ``compare`` (URL ``compare=``): every
way of adding regions (the picker, the profile's "Compare" button, a peer set's button, the selected
ranking row or map region) writes its value, and the panel follows ``VIEW_AFTER_MAP`` like the profile.
"""

from __future__ import annotations

import base64
from datetime import date

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from callbacks import ids
from callbacks.controls import controls_after_map, shown_view
from callbacks.status import report_error
from data.i18n import DEFAULT_LANGUAGE, text
from data.store import DataStore
from exports.compare_images import compare_charts, compare_image
from exports.report import comparison_file, report_pdf
from layers.compare import region_colours
from layers.formatting import format_number
from views.compare import FIGURES, Comparison, comparison
from views.peers import PEER_SETS, region_peers
from views.state import MAX_COMPARE, View

__all__ = ["compare_children", "panel", "peers_children", "region_options", "register"]

#: Number format of each key figure (``layers.formatting.format_number`` units).
FIGURE_UNITS = {"employment_total": "count", "sector_value": "count", "sector_lq": "ratio", "sector_stars": "count",
                "stars": "count", "strong_clusters": "count", "gdp_per_inhabitant": "count"}
HINT = "Pick up to ten regions to compare (type a name), or add them from a region's profile or the ranking."


def region_options(store: DataStore, version: int, level: int, keep: tuple[str, ...] = ()) -> list[dict]:
    """Picker options: "Name (ID)" of every region of the version and level, plus the ids already chosen."""
    table = store.region_table(version, level)
    labels = table["name"].astype(str) + " (" + table.index.to_series() + ")"
    options = [{"label": label, "value": nuts_id} for nuts_id, label in labels.items()]
    return options + [{"label": r, "value": r} for r in keep if r not in table.index]


def compare_picker(store: DataStore, view: View, lang: str = DEFAULT_LANGUAGE) -> dcc.Dropdown:
    """Build the searchable multi-region picker (the ``compare`` control, in the filter panel) set to ``view``."""
    return dcc.Dropdown(id=ids.COMPARE_SELECT, multi=True, searchable=True, value=list(view.compare),
                        options=region_options(store, view.version, view.level, view.compare),
                        placeholder=text("compare_placeholder", lang))


def panel() -> html.Div:
    """Build the compare panel: its actions, the downloads and the (empty) comparison."""
    return html.Div(id=ids.COMPARE_PANEL, className="compare-panel", children=[
        html.H3("Compare regions"),
        html.Button("Add selected region", id=ids.COMPARE_ROW_ADD, className="button",
                    title="Add the region picked on the map or in the ranking"),
        html.Button("Clear", id=ids.COMPARE_CLEAR, className="button"),
        dcc.RadioItems(id=ids.COMPARE_EXPORT_FORMAT, value="csv", className="radio", inline=True,
                       options=[{"label": "CSV", "value": "csv"}, {"label": "Excel", "value": "xlsx"}]),
        html.Button("Download comparison", id=ids.COMPARE_EXPORT_BUTTON, className="button"),
        dcc.Download(id=ids.COMPARE_EXPORT_DOWNLOAD), dcc.Download(id=ids.REPORT_DOWNLOAD),
        dcc.RadioItems(id=ids.COMPARE_IMAGE_FORMAT, value="svg", className="radio", inline=True,
                       options=[{"label": "SVG", "value": "svg"}, {"label": "PNG", "value": "png"}]),
        html.Button("Download charts", id=ids.COMPARE_IMAGE_BUTTON, className="button",
                    title="The trend and the LQ heat-map as one image, rendered on the server"),
        dcc.Download(id=ids.COMPARE_IMAGE_DOWNLOAD),
        html.Div(id=ids.COMPARE_CONTENT, children=html.P(HINT, className="hint")),
    ])


def _figure(value: float, key: str) -> str:
    """Format a key figure: LQ with three decimals, the others as whole numbers; "n/a" when unknown."""
    if value is None or value != value:
        return "n/a"
    return format_number(value, "ratio") if FIGURE_UNITS[key] == "ratio" else f"{value:,.0f}"


def _figures_table(result: Comparison) -> html.Table:
    """Key figures: one column per region (in its colour), one row per figure."""
    colours = region_colours(list(result.figures.index))
    head = html.Tr([html.Th("")] + [html.Th(f"{name} ({nuts_id})", style={"borderTop": f"4px solid {colours[nuts_id]}"})
                                    for nuts_id, name in result.figures["name"].items()])  # ≤ 10 regions
    body = [html.Tr([html.Th(result.labels[key])] + [html.Td(_figure(v, key)) for v in result.figures[key]])
            for key in FIGURES]
    strong = html.Tr([html.Th("Strong clusters")] + [html.Td(", ".join(codes) or "–", className="codes")
                                                     for codes in result.strong.values()])
    return html.Table([head, *body, strong], className="compare-figures")


def _graph_config(name: str) -> dict:
    """Graph options: only the camera button, which saves the chart as a PNG (2×) in the browser."""
    return {"displaylogo": False, "modeBarButtons": [["toImage"]],
            "toImageButtonOptions": {"format": "png", "filename": f"cluster-atlas_compare_{name}", "scale": 2}}


def compare_children(store: DataStore, view: View) -> list:
    """Panel contents for an effective view: key figures, LQ heat-map, trend, strong clusters (or the hint)."""
    if not view.compare:
        return [html.P(HINT, className="hint")]
    result = comparison(store, view)
    children = []
    if result.skipped:
        children.append(html.P(f"Not at NUTS {view.level} (version {view.version}): {', '.join(result.skipped)}",
                               className="hint"))
    if result.figures.empty:
        return children
    trend, heatmap = compare_charts(store, view, result)
    children += [
        _figures_table(result),
        dcc.Graph(id=ids.COMPARE_TREND, config=_graph_config("trend"), figure=trend),
        dcc.Graph(id=ids.COMPARE_HEATMAP, config=_graph_config("lq"), figure=heatmap),
    ]
    return children


def peers_children(store: DataStore, view: View, region: str) -> list:
    """Build the profile's "regions like this one": compare and report buttons, peers by set with why."""
    actions = [html.Button("Compare", id={"type": ids.COMPARE_ADD, "index": region}, className="button",
                           title="Add this region to compare mode"),
               html.Button("Download report", id={"type": ids.REPORT_BUTTON, "index": region}, className="button",
                           title="One-page PDF (A4) of this region")]
    peers = region_peers(store, view, region)
    if peers.empty:
        return [html.Div(actions, className="profile-actions")]
    sets = []
    for key, group in peers.groupby("set", sort=False):  # five sets
        chosen = f"{key}:" + ",".join([region, *group["nuts_id"]][:MAX_COMPARE])  # two sets may hold the same ids
        # the button follows the summary (a button inside <summary> is a nested control: WCAG 4.1.2)
        sets.append(html.Details(open=key == "structure", children=[
            html.Summary(PEER_SETS[key]),
            html.Button("Compare these", className="button small", id={"type": ids.COMPARE_PEERS, "index": chosen},
                        **{"aria-label": f"Compare these: {PEER_SETS[key]}"}),
            html.Ul([html.Li(f"{name} ({nuts_id}) — {why}") for nuts_id, name, why in
                     group[["nuts_id", "name", "why"]].itertuples(index=False)]),
        ]))
    return [html.Div(actions, className="profile-actions"), html.H4("Regions like this one"),
            html.Div(sets, id=ids.PEERS_LIST, className="peers")]


def _added(current: list | None, new: list[str] | tuple[str, ...]) -> list[str]:
    """Append ``new`` ids to the picker's value (no repeats, at most :data:`MAX_COMPARE`)."""
    return list(dict.fromkeys([*(current or []), *new]))[:MAX_COMPARE]


def register(app: Dash, store: DataStore) -> None:
    """Wire the picker's options, the ways of adding regions, the panel, the comparison table and the report."""
    @app.callback(Output(ids.COMPARE_SELECT, "options"),
                  Input(ids.CLASSIFICATION_SELECT, "value"), Input(ids.LEVEL_SELECT, "value"),
                  Input(ids.COMPARE_SELECT, "value"))
    def _options(version, level, chosen):
        try:
            return region_options(store, int(version), int(level), tuple(chosen or ()))
        except (TypeError, ValueError, KeyError):
            return no_update

    @app.callback(Output(ids.COMPARE_SELECT, "value", allow_duplicate=True),
                  Input({"type": ids.COMPARE_ADD, "index": ALL}, "n_clicks"),
                  Input({"type": ids.COMPARE_PEERS, "index": ALL}, "n_clicks"),
                  Input(ids.COMPARE_ROW_ADD, "n_clicks"), Input(ids.COMPARE_CLEAR, "n_clicks"),
                  State(ids.SELECTED_REGION, "data"), State(ids.COMPARE_SELECT, "value"), prevent_initial_call=True)
    def _add(_one, _peers, _row, _clear, selected, current):
        trigger = ctx.triggered_id
        if not ctx.triggered or not ctx.triggered[0].get("value"):
            return no_update  # a button that appeared with the profile, not a click
        if trigger == ids.COMPARE_CLEAR:
            return []
        if trigger == ids.COMPARE_ROW_ADD:
            return _added(current, [selected]) if isinstance(selected, str) and selected else no_update
        if trigger["type"] == ids.COMPARE_PEERS:
            return str(trigger["index"]).split(":", 1)[-1].split(",")[:MAX_COMPARE]  # "<set>:<ids>", ids unique
        return _added(current, [str(trigger["index"])])

    @app.callback(Output(ids.COMPARE_CONTENT, "children"), Input(ids.VIEW_AFTER_MAP, "data"),
                  prevent_initial_call=True)
    def _panel(settled):
        controls = controls_after_map(settled)
        if controls is None:
            return no_update
        return compare_children(store, shown_view(store, controls))

    @app.callback(Output(ids.COMPARE_EXPORT_DOWNLOAD, "data"), Input(ids.COMPARE_EXPORT_BUTTON, "n_clicks"),
                  State(ids.VIEW_AFTER_MAP, "data"), State(ids.COMPARE_EXPORT_FORMAT, "value"),
                  prevent_initial_call=True)
    def _table(_clicks, settled, fmt):
        controls = controls_after_map(settled)
        if controls is None or not controls.get("compare"):
            return no_update
        file = comparison_file(store, shown_view(store, controls), fmt if fmt in ("csv", "xlsx") else "csv")
        return {"content": base64.b64encode(file.content).decode(), "base64": True, "filename": file.filename,
                "type": file.mime}

    @app.callback(Output(ids.COMPARE_IMAGE_DOWNLOAD, "data"), Input(ids.COMPARE_IMAGE_BUTTON, "n_clicks"),
                  State(ids.VIEW_AFTER_MAP, "data"), State(ids.COMPARE_IMAGE_FORMAT, "value"),
                  prevent_initial_call=True)
    def _charts(_clicks, settled, fmt):
        controls = controls_after_map(settled)
        if controls is None or not controls.get("compare"):
            return no_update
        try:
            file = compare_image(store, shown_view(store, controls), fmt if fmt in ("svg", "png") else "svg")
        except Exception as error:  # no browser, no region at this level: shown in the status bar
            report_error(error)
            return no_update
        return {"content": base64.b64encode(file.content).decode(), "base64": True, "filename": file.filename,
                "type": file.mime}

    @app.callback(Output(ids.REPORT_DOWNLOAD, "data"), Input({"type": ids.REPORT_BUTTON, "index": ALL}, "n_clicks"),
                  State(ids.VIEW_AFTER_MAP, "data"), prevent_initial_call=True)
    def _report(_clicks, settled):
        controls = controls_after_map(settled)
        if controls is None or not ctx.triggered or not ctx.triggered[0].get("value"):
            return no_update
        try:
            file = report_pdf(store, shown_view(store, controls), [str(ctx.triggered_id["index"])],
                              day=date.today().isoformat())
        except Exception as error:  # shown in the status bar; the page keeps working
            report_error(error)
            return no_update
        return {"content": base64.b64encode(file.content).decode(), "base64": True, "filename": file.filename,
                "type": file.mime}
