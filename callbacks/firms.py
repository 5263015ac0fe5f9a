"""The enterprise-points layer of register datasets: follows the filters and, zoomed in, the map's view.

After a pan or zoom the browser asks for other points only when the view needs them
(``atlas_map.viewport`` in ``assets/map.js``: the view left the box the drawn points cover, or crossed
the zoom from which points follow the view); it then sends the view's centre, zoom and bounds.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, html, no_update

from callbacks import ids
from callbacks.controls import control_inputs, shown_view
from data.i18n import DEFAULT_LANGUAGE, text
from data.store import DataStore
from layers.firm_sizes import size_legend, size_legend_note
from layers.map_contract import FIRMS_TRACE
from layers.map_view import firms_trace_update, map_keys
from views.state import View
from views.url import camera_from_search


def firms_changes(store: DataStore, view: View, camera: dict, geometry: list) -> dict:
    """Map changes of the firms trace for a view and camera (hidden when the layer is off)."""
    return {"geometry": geometry, "layout": {}, "traces": {FIRMS_TRACE: firms_trace_update(store, view, camera)}}


def for_drawn_figure(view: View, keys: dict | None) -> bool:
    """Whether changes for ``view`` can go to the figure the browser has (``keys`` from the map store).

    Not before the first figure, nor when the view needs a figure of another geometry: a change
    waiting for a figure that never comes would hold up every later map change.
    """
    return bool(keys) and list(map_keys(view).geometry) == keys.get("geometry")


def legend_panel(lang: str = DEFAULT_LANGUAGE) -> html.Figure:
    """Build the legend of the size-class colours (under the map; hidden until the colouring is on)."""
    swatches = [html.Li([html.Span(className="swatch", style={"backgroundColor": colour}), label])
                for colour, label in size_legend(lang)]
    return html.Figure(id=ids.SIZE_LEGEND, className="size-legend", hidden=True, children=[
        html.Figcaption(text("size_legend", lang)), html.Ul(swatches, className="size-legend-items"),
        html.P(size_legend_note(lang), className="hint")])


def sizes_coloured(layers: list | None) -> bool:
    """Whether the layers colour firm points by size class (the firms and their size colouring both on)."""
    return {"firms", "firmsizes"} <= set(layers or ())


def register(app: Dash, store: DataStore) -> None:
    """Wire the firms layer to the filters and to the views that need other points (a new figure carries its own)."""
    app.clientside_callback(ClientsideFunction(namespace="atlas_map", function_name="viewport"),
                            Output(ids.FIRMS_VIEWPORT, "data"), Input(ids.MAP, "relayoutData"),
                            prevent_initial_call=True)

    @app.callback(output=Output(ids.MAP_CHANGES, "data", allow_duplicate=True),
                  inputs=dict(controls=control_inputs(), viewport=Input(ids.FIRMS_VIEWPORT, "data")),
                  state=dict(keys=State(ids.MAP_KEYS, "data"), search=State(ids.URL_WRITER, "search")),
                  prevent_initial_call=True)
    def _firms(controls, viewport, keys, search):
        view = shown_view(store, controls)
        if not for_drawn_figure(view, keys):
            return no_update  # a new figure is coming (or none is drawn yet): it carries its own firms
        trigger = ctx.triggered_id
        if "firms" not in view.layers and trigger != ids.LAYER_TOGGLES:
            return no_update
        # the camera: the viewport after a pan, else the address written after the last pan (not the reader's)
        camera = viewport if trigger == ids.FIRMS_VIEWPORT and viewport else camera_from_search(search)
        return firms_changes(store, view, camera, keys["geometry"])

    @app.callback(Output(ids.SIZE_LEGEND, "hidden"), Input(ids.LAYER_TOGGLES, "value"),
                  Input(ids.DATASET_SELECT, "value"))
    def _size_legend(layers, dataset):
        return not (sizes_coloured(layers) and dataset in store.datasets and store.firm_table(dataset) is not None)
