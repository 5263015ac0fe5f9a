"""The map's fitted view (issue 19): the box of the regions shown goes to the browser, which fits the camera.

The box follows ``view-after-map`` (the map's request goes first) and is sent only when it changed (another
NUTS version, level or country filter); ``atlas_fit.bounds`` (``assets/fit.js``) fits the camera to it unless the
user moved the map or the link named a camera. The box itself is :func:`views.bounds.view_bounds`.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, no_update

from callbacks import ids
from callbacks.controls import controls_after_map, shown_view
from callbacks.unchanged import unless_shown
from data.store import DataStore
from views.bounds import view_bounds


def stores() -> list[dcc.Store]:
    """Build the stores of the box of the regions shown and of the last fit's outcome (read by browser tests)."""
    return [dcc.Store(id=ids.MAP_BOUNDS), dcc.Store(id=ids.MAP_FITTED)]


def bounds_for(store: DataStore, settled: dict | None, shown: list | None) -> object:
    """Return ``[west, south, east, north]`` of the regions the map shows, or ``no_update`` if unknown or shown."""
    controls = controls_after_map(settled)
    if controls is None:
        return no_update
    return unless_shown(list(view_bounds(store, shown_view(store, controls))), shown)


def register(app: Dash, store: DataStore) -> None:
    """Wire ``view-after-map`` → ``map-bounds`` (server) → ``map-fitted`` (``atlas_fit.bounds`` in the browser)."""
    @app.callback(Output(ids.MAP_BOUNDS, "data"), Input(ids.VIEW_AFTER_MAP, "data"), State(ids.MAP_BOUNDS, "data"),
                  prevent_initial_call=True)
    def _bounds(settled, shown):
        return bounds_for(store, settled, shown)

    app.clientside_callback(ClientsideFunction(namespace="atlas_fit", function_name="bounds"),
                            Output(ids.MAP_FITTED, "data"), Input(ids.MAP_BOUNDS, "data"), prevent_initial_call=True)
