"""The region profile's change section (issue 14): growth against the reference area, waterfall, gains/losses.

Called by :func:`callbacks.region_panel.region_children`; no callbacks of its own.
"""

from __future__ import annotations

from dash import dcc, html

from callbacks import ids
from data.nace import sector_label
from data.store import DataStore
from layers.change import build_actual_vs_expected, build_growth_against_reference, build_shift_share_waterfall
from layers.formatting import format_number
from views.change_profile import WATERFALL_LABELS, change_profile, top_gains_and_losses
from views.state import View
from views.values import view_measure

GRAPH = {"config": {"displayModeBar": False}}


def change_children(store: DataStore, view: View, region: str) -> list:
    """Components of the change section for a region of an effective view (empty without two years)."""
    profile = change_profile(store, view, region)
    if profile is None:
        return []
    measure = view_measure(store, view).phrase
    children: list = [html.H4(f"Change {profile.start}–{profile.end}")]
    if profile.trend["region_index"].notna().any():
        children.append(dcc.Graph(id=ids.REGION_CHANGE_TREND, **GRAPH, figure=build_growth_against_reference(
            profile.trend, sector=sector_label(store.tree, view.sector), start=profile.start)))
    if profile.waterfall is not None:
        w = profile.waterfall
        children.append(html.P(
            f"{measure.capitalize()}: {format_number(w['total'], 'count')} in all divisions, of which "
            f"{format_number(w['competitive'], 'count')} competitive (beyond the sectors' reference-area growth).",
            className="hint"))
        children.append(dcc.Graph(id=ids.REGION_WATERFALL, **GRAPH, figure=build_shift_share_waterfall(
            w, WATERFALL_LABELS, start=profile.start, end=profile.end, measure_label=measure)))
        top = top_gains_and_losses(profile.sectors)
        if len(top):
            children.append(dcc.Graph(id=ids.REGION_COMPETITIVE, **GRAPH, figure=build_actual_vs_expected(
                top, start=profile.start, end=profile.end)))
    return [html.Div(children, id=ids.REGION_CHANGE, className="region-change")]
