"""The map: full figure once per geometry, then changes only, applied in the browser (``assets/map.js``)."""

from __future__ import annotations

from dataclasses import replace

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

from callbacks import ids, map_fit
from callbacks.controls import control_inputs, control_list, shown_view
from callbacks.unchanged import unless_shown
from data.i18n import DEFAULT_LANGUAGE, legend_title, text
from data.store import DataStore
from layers.basemap import OFFLINE_NOTE, basemap_reachable
from layers.map_contract import VALUE_TRACE
from layers.map_view import MapKeys, build_figure, map_keys, patch_figure
from views.change import both_years
from views.hotspots import HotSpots
from views.sector_space import space_note
from views.series import series_break_note
from views.state import View
from views.url import camera_from_search

GRAPH_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "toImageButtonOptions": {"format": "png", "filename": "cluster-atlas-map", "width": 1600, "height": 1000},
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


def panel(lang: str = DEFAULT_LANGUAGE) -> html.Div:
    """Build the map area (the figure arrives with the first callback), its region named in ``lang``.

    ``data-keys-label`` names the map's focusable canvas and its keys (``assets/keyboard.js``).
    """
    return html.Div(id=ids.MAP_REGION, className="map-area", tabIndex="-1", role="region",
                    **{"aria-label": text("map_label", lang), "data-keys-label": text("map_keys", lang)}, children=[
        dcc.Loading(dcc.Graph(id=ids.MAP, config=GRAPH_CONFIG, className="map-graph"), type="dot",
                    delay_show=400, overlay_style={"visibility": "visible", "opacity": 0.6}),
        dcc.Store(id=ids.MAP_KEYS), dcc.Store(id=ids.CAMERA_STORE), dcc.Store(id=ids.MAP_STATUS_STORE),
        dcc.Store(id=ids.MAP_CHANGES), dcc.Store(id=ids.MAP_APPLIED), dcc.Store(id=ids.MAP_SELECTED),
        dcc.Store(id=ids.FIRMS_VIEWPORT),
        dcc.Store(id=ids.VIEW_AFTER_MAP),
        *map_fit.stores(),
    ])


def status_text(view: View, count: int, total: int, spots: HotSpots | None = None, note: str = "") -> str:
    """One line describing what the map shows (read by people and browser tests)."""
    sector_bound = view.spec.scope in {'sector', 'measure', 'change'}
    text = (f"{view.spec.label} · {view.sector if sector_bound else 'all sectors'}"
            f" · {both_years(view)} · NUTS {view.level} (version {view.version})"
            f" · {count} of {total} regions with data")
    if view.dataset != "sbs" and view.spec.scope != "context":
        text += f" · dataset {view.dataset}"
    if spots is not None:
        name = "LISA" if spots.kind == "lisa" else "Gi*"
        text += (f" · Moran's I = {spots.moran.i:.3f} (pseudo p = {spots.moran.p_sim:.3f}, "
                 f"{spots.moran.permutations} permutations) · {len(spots.regions)} significant {name} regions "
                 f"at p ≤ {spots.alpha:g}")
    if note:
        text += f" · {note}"
    return text


def update_map(store: DataStore, view: View, old_keys: dict | None, camera: dict | None,
               camera_triggered: bool, lang: str = DEFAULT_LANGUAGE,
               shown_camera: dict | None = None) -> tuple[object, object, dict, str]:
    """Return (figure or no_update, changes or no_update, new keys or no_update, status) for an effective view.

    A new figure (e.g. another NUTS level) keeps ``shown_camera``, the camera the page shows (its address,
    written after each pan), unless the camera itself was asked for (a link, back/forward).

    The map's title in ``lang``; the status stays English (the status bar translates it).

    A new figure when the browser lacks this geometry; otherwise only the changes, applied in the
    browser by ``Plotly.restyle`` (``assets/map.js``).
    """
    basemap_note = ""
    if "basemap" in view.layers and not basemap_reachable():  # the map stays as it was, the status says why
        view = replace(view, layers=tuple(name for name in view.layers if name != "basemap"))
        basemap_note = OFFLINE_NOTE
    old = MapKeys(**{k: tuple(v) for k, v in old_keys.items()}) if old_keys else None
    if old is None or old.geometry != map_keys(view).geometry:
        kept = camera if camera_triggered or not shown_camera else {**(camera or {}), **shown_camera}
        update = build_figure(store, view, kept, lang=lang)
        figure, changes = update.figure, no_update
    else:
        update = patch_figure(store, view, old, lang=lang)
        figure, changes = no_update, update.figure
        if camera_triggered and camera:
            changes["layout"].update({f"map.center.{k}" if k != "zoom" else "map.zoom": v for k, v in camera.items()})
    values = update.values
    note = " · ".join(text for text in (update.note, basemap_note, series_break_note(store, view),
                                        space_note(store, view)) if text)
    status = status_text(view, int(values["value"].notna().sum()), len(values), update.spots, note)
    keys = map_keys(view).as_dict()
    return figure, changes, unless_shown(keys, old_keys), status


def localise_legend(figure: object, changes: object, lang: str | None) -> tuple[object, object]:
    """Put the colour-bar title of a new figure or of the changes into ``lang`` (:func:`data.i18n.legend_title`)."""
    lang = lang or DEFAULT_LANGUAGE
    if lang == DEFAULT_LANGUAGE:
        return figure, changes
    if figure is not no_update:
        bar = figure.data[VALUE_TRACE].colorbar
        if bar.title.text:
            bar.title.text = legend_title(bar.title.text, lang)
    if changes is not no_update:
        trace = changes.get("traces", {}).get(VALUE_TRACE) or {}
        if trace.get("colorbar.title.text"):
            trace["colorbar.title.text"] = legend_title(trace["colorbar.title.text"], lang)
    return figure, changes


def register(app: Dash, store: DataStore) -> None:
    """Wire the map update: server computes, the browser restyles (clientside ``atlas_map.apply``)."""
    @app.callback(output=[Output(ids.MAP, "figure"), Output(ids.MAP_CHANGES, "data"), Output(ids.MAP_KEYS, "data"),
                          Output(ids.MAP_STATUS_STORE, "data")],
                  inputs=dict(controls=control_inputs(), camera=Input(ids.CAMERA_STORE, "data")),
                  state=dict(old_keys=State(ids.MAP_KEYS, "data"), lang=State(ids.LANG_STORE, "data"),
                             address=State(ids.URL_WRITER, "search")))
    def _update(controls, camera, old_keys, lang, address):
        view = shown_view(store, controls)
        figure, changes, keys, status = update_map(store, view, old_keys, camera, ctx.triggered_id == ids.CAMERA_STORE,
                                                   lang or DEFAULT_LANGUAGE, camera_from_search(address))
        return (*localise_legend(figure, changes, lang), keys, status)

    app.clientside_callback(ClientsideFunction(namespace="atlas_map", function_name="apply"),
                            Output(ids.MAP_APPLIED, "data"), Input(ids.MAP_CHANGES, "data"), prevent_initial_call=True)
    # The controls' values once the map shows them (``atlas_map.afterMap``): the URL, the panels and the
    # ranking's columns follow this store, so a filter change sends the map's request alone first and
    # the map is not delayed by the other responses (the ranking's rows wait the same way). The store keeps
    # the values as a list in ``CONTROL_IDS`` order (``callbacks.controls.controls_after_map`` reads it).
    app.clientside_callback(ClientsideFunction(namespace="atlas_map", function_name="afterMap"),
                            Output(ids.VIEW_AFTER_MAP, "data"), *control_list())
