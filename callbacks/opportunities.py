"""Opportunities of the selected region: table, opportunity chart, sector space, CSV (thin wiring).

Computation in ``views/opportunities.py`` and ``views/sector_space.py``; figures in
``layers/opportunity_charts.py``. A click on a point of either chart maps that division (the sector
control; a regional or context indicator switches to its relatedness density).
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

from analysis.registry import INDICATORS
from analysis.relatedness import METHODS
from callbacks import ids
from callbacks.controls import controls_after_map, shown_view
from data.store import DataStore
from layers.formatting import format_number
from layers.opportunity_charts import build_opportunity_chart, build_sector_space
from views.opportunities import Opportunities, method_line, opportunities, opportunities_csv
from views.sector_space import RELATEDNESS_METHOD
from views.state import View

TABLE_ROWS = 15
HIDDEN = {"display": "none"}
_HINT = "Click a region on the map or a row of the ranking to see where it could go next."


def panel() -> html.Section:
    """Build the section (its graphs are always in the page, hidden until a region is chosen)."""
    graph = {"config": {"displayModeBar": False}, "style": HIDDEN}
    return html.Section(id=ids.OPPORTUNITIES_PANEL, className="opportunities-panel", children=[
        html.H3("Opportunities: related and complex divisions (smart specialisation)"),
        html.Label(["Relatedness method ", dcc.Dropdown(
            id=ids.OPPORTUNITIES_METHOD, options=[{"label": m, "value": m} for m in METHODS],
            value=RELATEDNESS_METHOD, clearable=False, className="opportunities-method")]),
        html.Div(id=ids.OPPORTUNITIES_BODY, children=html.P(_HINT, className="hint")),
        html.Div(className="opportunity-charts", children=[dcc.Graph(id=ids.OPPORTUNITY_CHART, **graph),
                                                           dcc.Graph(id=ids.SECTOR_SPACE, **graph)]),
        html.Button("Download opportunities (CSV)", id=ids.OPPORTUNITIES_CSV_BUTTON, className="button"),
        dcc.Download(id=ids.OPPORTUNITIES_DOWNLOAD),
    ])


def body_children(result: Opportunities, view: View, method: str = RELATEDNESS_METHOD) -> list:
    """Title line, reading of the region, and the top of the table (data names as text children)."""
    children = [html.H4(f"{result.name} ({result.nuts_id}), {result.year}"),
                html.P(method_line(view, method), className="hint")]
    if result.note:
        children.append(html.P(result.note, className="hint"))
    if result.table.empty:
        return children
    summary = (f"Region complexity (ECI): {format_number(result.region_complexity, 'index')}; mean complexity of "
               f"its {int(result.sectors['specialised'].sum())} specialisations: "
               f"{format_number(result.average, 'index')}.")
    head = html.Thead(html.Tr([html.Th(t) for t in ("#", "Opportunity", "Density %", "Complexity", "LQ")]))
    rows = [html.Tr([html.Td(int(rank)), html.Td(text), html.Td(format_number(density, "index")),
                     html.Td(format_number(complexity, "index")), html.Td(format_number(lq, "ratio"))])
            for rank, text, density, complexity, lq in result.table[["rank", "reading", "density", "complexity", "lq"]]
            .head(TABLE_ROWS).itertuples(index=False, name=None)]  # 15 rows
    return [*children, html.P(summary),
            html.Table([head, html.Tbody(rows)], id=ids.OPPORTUNITIES_TABLE, className="opportunities-table"),
            html.P(f"Top {min(TABLE_ROWS, len(result.table))} of {len(result.table)} divisions where the region is "
                   "not yet specialised, by relatedness density; all in the CSV.", className="hint")]


def section(store: DataStore, view: View, region: str,
            method: str = RELATEDNESS_METHOD) -> tuple[list, object, object, dict, dict]:
    """Return (body, opportunity chart, sector space, chart style, space style) for a region of an effective view."""
    if region not in store.regions(view.version, view.level).index:
        return [html.P(_HINT, className="hint")], no_update, no_update, HIDDEN, HIDDEN
    result = opportunities(store, view, region, method)
    if result.sectors.empty:
        return body_children(result, view, method), no_update, no_update, HIDDEN, HIDDEN
    return body_children(result, view, method), build_opportunity_chart(result), build_sector_space(result), {}, {}


def mapped_sector(click: dict | None, indicator: str | None) -> tuple[object, object]:
    """Return (sector, indicator) for a click on a chart point: the division, and its density if needed."""
    points = (click or {}).get("points") or []
    custom = points[0].get("customdata") if points else None
    if not custom:
        return no_update, no_update
    spec = INDICATORS.get(indicator or "")
    keep = spec is not None and spec.scope in {"sector", "measure"}
    return str(custom[0]), (no_update if keep else "relatedness_density")


def _method(value: object) -> str:
    """Return the relatedness method chosen (EconGeo's default for anything else)."""
    return value if isinstance(value, str) and value in METHODS else RELATEDNESS_METHOD


def register(app: Dash, store: DataStore) -> None:
    """Wire the section to the selected region and the settled view; chart clicks to the sector control."""
    @app.callback(output=[Output(ids.OPPORTUNITIES_BODY, "children"), Output(ids.OPPORTUNITY_CHART, "figure"),
                          Output(ids.SECTOR_SPACE, "figure"), Output(ids.OPPORTUNITY_CHART, "style"),
                          Output(ids.SECTOR_SPACE, "style")],
                  inputs=dict(region=Input(ids.SELECTED_REGION, "data"), settled=Input(ids.VIEW_AFTER_MAP, "data"),
                              method=Input(ids.OPPORTUNITIES_METHOD, "value")),
                  prevent_initial_call=True)
    def _section(region, settled, method):
        controls = controls_after_map(settled)
        if not region or controls is None:
            return no_update, no_update, no_update, no_update, no_update
        return section(store, shown_view(store, controls), region, _method(method))

    @app.callback(Output(ids.SECTOR_SELECT, "value", allow_duplicate=True),
                  Output(ids.INDICATOR_SELECT, "value", allow_duplicate=True),
                  Input(ids.OPPORTUNITY_CHART, "clickData"), Input(ids.SECTOR_SPACE, "clickData"),
                  State(ids.INDICATOR_SELECT, "value"), prevent_initial_call=True)
    def _map_sector(chart_click, space_click, indicator):
        return mapped_sector(chart_click if ctx.triggered_id == ids.OPPORTUNITY_CHART else space_click, indicator)

    @app.callback(Output(ids.OPPORTUNITIES_DOWNLOAD, "data"), Input(ids.OPPORTUNITIES_CSV_BUTTON, "n_clicks"),
                  State(ids.SELECTED_REGION, "data"), State(ids.VIEW_AFTER_MAP, "data"),
                  State(ids.OPPORTUNITIES_METHOD, "value"), prevent_initial_call=True)
    def _csv(clicks, region, settled, method):
        controls = controls_after_map(settled)
        if not clicks or not region or controls is None:
            return no_update
        view = shown_view(store, controls)
        if region not in store.regions(view.version, view.level).index:
            return no_update
        method = _method(method)
        return dcc.send_string(opportunities_csv(opportunities(store, view, region, method), view, method),
                               f"opportunities-{region}-{view.year}.csv")
