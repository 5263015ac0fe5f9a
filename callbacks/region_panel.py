"""Region profile: click a region (or pick a ranking row) → name, totals, specialisations, trend, stars."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from analysis.registry import STAR_RULES
from callbacks import ids
from callbacks.change_panel import change_children
from callbacks.compare import peers_children
from callbacks.controls import controls_after_map, shown_view
from data.nace import sector_label
from data.store import DataStore
from layers.formatting import format_number
from layers.profile import build_specialisation_bars, build_trend
from views.marks import STAR_NAMES
from views.profile import RegionProfile, region_profile
from views.state import View
from views.values import view_measure


def panel() -> html.Div:
    """Build the empty panel with its hint."""
    return html.Div(id=ids.REGION_PANEL, className="region-panel",
                    children=html.P("Click a region on the map or a row of the ranking to see its profile.",
                                    className="hint"))


def _portfolio(profile: RegionProfile) -> list:
    """Divisions where the region has stars or is a strong cluster, and its cluster strength."""
    if profile.portfolio.empty:
        return [html.P("No division with a star or a strong cluster.", className="hint")]
    items = [html.Li(f"{code} {label}: {'★' * int(stars) or '–'}{' · strong cluster' if strong else ''}")
             for code, label, stars, strong in profile.portfolio[["nace", "label", "stars", "strong"]].itertuples(
                 index=False)]  # a few divisions
    strength = ("" if profile.cluster_strength != profile.cluster_strength
                else f"Cluster strength: {profile.cluster_strength:.1%} of persons employed are in strong clusters.")
    return [html.H4("Cluster portfolio (NACE divisions)"), html.Ul(items, className="portfolio"),
            html.P(strength, className="hint")]


def profile_children(profile: RegionProfile, sector_text: str, measure: str) -> list:
    """Components of the profile (data names as text children, never HTML)."""
    totals = [html.Tr([html.Th(name), html.Td(profile.reasons.get(name) or format_number(value, "count"))])
              for name, value in profile.totals.items()]
    star_count = int(profile.stars.get("stars", 0))
    earned = [name for name in STAR_NAMES if bool(profile.stars.get(name, False))]
    stars = html.Details(className="stars", children=[
        html.Summary([html.Span("★" * star_count + "☆" * (3 - star_count), className="star-glyphs",
                                title="European Cluster Observatory stars"),
                      html.Span(f" {sector_text}: " + (", ".join(earned) if earned else "no star"))]),
        html.Ul([html.Li(STAR_RULES[name]) for name in STAR_NAMES], className="star-rules"),
    ])
    children = [
        html.H3(f"{profile.name} ({profile.nuts_id})"),
        html.Div(className="profile-nav", children=[
            html.Button("← Previous", id=ids.PROFILE_PREVIOUS, className="button",
                        **{"data-move": "-1", "aria-label": "Previous region in the ranking"}),
            html.Button("Next →", id=ids.PROFILE_NEXT, className="button",
                        **{"data-move": "1", "aria-label": "Next region in the ranking"}),
        ]),
        html.P(f"NUTS {profile.level} region in {profile.country}", className="hint"),
        stars,
        html.Table(totals, className="totals"),
        *_portfolio(profile),
    ]
    if len(profile.specialisations):
        children.append(dcc.Graph(id=ids.REGION_BARS, config={"displayModeBar": False},
                                  figure=build_specialisation_bars(profile.specialisations, measure_label=measure)))
    if len(profile.trend) and profile.trend["measure_value"].notna().any():
        children.append(dcc.Graph(id=ids.REGION_TREND, config={"displayModeBar": False},
                                  figure=build_trend(profile.trend, sector=sector_text, measure_label=measure)))
    return children


def register(app: Dash, store: DataStore) -> None:
    """Wire region selection, the profile panel and the highlight on the map."""
    # Picking a region and outlining it happen in the browser (``assets/map.js``): no round trip
    # stands between a click and the profile request.
    app.clientside_callback(ClientsideFunction(namespace="atlas_map", function_name="pick"),
                            Output(ids.SELECTED_REGION, "data"),
                            Input(ids.MAP, "clickData"), Input(ids.RANKING_TABLE, "selectedRows"),
                            prevent_initial_call=True)
    # A map click on another region deselects the ranking's row (``atlas_map.release``), so that the row
    # picks its region again when clicked again.
    app.clientside_callback(ClientsideFunction(namespace="atlas_map", function_name="release"),
                            Output(ids.RANKING_TABLE, "deselectAll"), Input(ids.MAP, "clickData"),
                            State(ids.RANKING_TABLE, "selectedRows"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction(namespace="atlas_map", function_name="select"),
                            Output(ids.MAP_SELECTED, "data"), Input(ids.SELECTED_REGION, "data"),
                            prevent_initial_call=True)

    @app.callback(output=Output(ids.REGION_PANEL, "children"),
                  inputs=dict(region=Input(ids.SELECTED_REGION, "data"), settled=Input(ids.VIEW_AFTER_MAP, "data")),
                  prevent_initial_call=True)
    def _profile(region, settled):
        controls = controls_after_map(settled)
        if not region or controls is None:
            return no_update  # the hint is shown
        return region_children(store, shown_view(store, controls), region)


def region_children(store: DataStore, view: View, region: str) -> list:
    """Return the panel's children for a region of an effective view (the hint if the map has no such region)."""
    if region not in store.regions(view.version, view.level).index:
        return panel().children
    profile = region_profile(store, view, region)
    return [*profile_children(profile, sector_label(store.tree, view.sector), view_measure(store, view).phrase),
            *change_children(store, view, region), *peers_children(store, view, region)]
