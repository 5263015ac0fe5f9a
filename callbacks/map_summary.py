"""The map's text alternative under the map: a polite live region and the top regions as a table.

Follows ``view-after-map`` like the other panels, so it always describes the map as drawn; the sentence
comes from :func:`views.summary.map_summary` in the page's language.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, html, no_update

from callbacks import ids
from callbacks.controls import controls_after_map, shown_view
from data.i18n import DEFAULT_LANGUAGE, indicator_name, text
from data.nace import sector_label
from data.store import DataStore
from views.map_data import map_values
from views.state import View
from views.summary import MapSummary, format_value, map_summary


def panel(lang: str = DEFAULT_LANGUAGE) -> html.Section:
    """Build the section: a heading, the live sentence (``aria-live=polite``) and the table's place."""
    return html.Section(className="map-summary", **{"aria-labelledby": ids.MAP_SUMMARY_HEADING}, children=[
        html.H2(text("map_summary", lang), id=ids.MAP_SUMMARY_HEADING, className="map-summary-heading"),
        html.P(id=ids.MAP_SUMMARY, className="map-summary-text", **{"aria-live": "polite", "aria-atomic": "true"},
               children=text("loading", lang)),
        html.Details(id=ids.MAP_SUMMARY_TABLE, className="map-summary-table"),
    ])


def summary_table(summary: MapSummary, lang: str) -> list:
    """Render the named regions as a table with a caption and column headers (``th scope=col``)."""
    head = html.Tr([html.Th(text(key, lang), scope="col") for key in ("col_rank", "col_region", "col_code",
                                                                       "col_value")])
    rows = [html.Tr([html.Td(str(rank)), html.Th(name, scope="row"), html.Td(code), html.Td(format_value(value, lang))])
            for code, name, value, rank in summary.top[["name", "value", "rank"]].itertuples()]  # ≤ TOP rows
    return [html.Summary(text("top_table", lang)),
            html.Table([html.Caption(summary.sentence.split(":")[0]), html.Thead(head), html.Tbody(rows)],
                       className="summary-table")]


def view_summary(store: DataStore, view: View, lang: str) -> MapSummary:
    """Summarise the map of an effective view."""
    sector = (sector_label(store.tree, view.sector) if view.spec.scope in {"sector", "measure"}
              else text("all_sectors", lang))
    return map_summary(map_values(store, view).values, indicator=indicator_name(view.spec.key, lang), sector=sector,
                       level=view.level, year=view.year, lang=lang)


def register(app: Dash, store: DataStore) -> None:
    """Wire the summary to the view the map shows."""
    @app.callback(Output(ids.MAP_SUMMARY, "children"), Output(ids.MAP_SUMMARY_TABLE, "children"),
                  Input(ids.VIEW_AFTER_MAP, "data"), State(ids.LANG_STORE, "data"), prevent_initial_call=True)
    def _summary(settled, lang):
        controls = controls_after_map(settled)
        if controls is None:
            return no_update, no_update
        lang = lang or DEFAULT_LANGUAGE
        summary = view_summary(store, shown_view(store, controls), lang)
        return summary.sentence, summary_table(summary, lang)
