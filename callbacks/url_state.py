"""Sync the page state with the URL: URL → controls (page load, links) and controls → URL.

Parsing and encoding are pure (:mod:`views.url`, driven by the registry ``views.state.CONTROLS``); this
module wires them to the components, by field name (``callbacks.ids.CONTROL_IDS``).
"""

from __future__ import annotations

from collections.abc import Mapping

from dash import Dash, Input, Output, State, ctx, no_update

from callbacks import ids
from callbacks.controls import control_outputs, control_states, controls_after_map, shown_view
from callbacks.unchanged import unless_shown
from data.store import DataStore
from views.state import control_values
from views.url import camera_from_relayout, encode_query, keep_page_parameters, parse_query
from views.values import effective_view


def from_url(search: str | None, controls: Mapping[str, object], store: DataStore, *,
             page_load: bool) -> tuple[dict[str, object], dict | None, list[str] | None]:
    """Return the controls' values (by field), requested camera and notices for the URL (page load or a link).

    Controls already at the wanted value are left alone (``no_update``). The camera and notices are
    only given on page load: later URL changes come from the controls themselves.
    """
    state = parse_query(search, store)
    normal = effective_view(store, state.view)
    updates = {name: wanted if wanted != controls[name] else no_update
               for name, wanted in control_values(normal).items()}
    if not page_load:
        return updates, None, None
    return updates, state.camera or None, list(state.notices) + list(normal.notices)


def to_url(trigger: str | None, search: str | None, controls: Mapping[str, object], relayout: dict | None,
           store: DataStore) -> tuple[str, list[str] | None]:
    """Return the URL for the controls (by field; after a pan or zoom: the same URL, new camera) and notices.

    Notices are ``None`` after a pan or zoom: the ones shown stay.
    """
    state = parse_query(search, store)
    if trigger == ids.MAP:
        return keep_page_parameters(encode_query(state.view, {**state.camera, **camera_from_relayout(relayout)}),
                                    search), None
    normal = shown_view(store, controls)
    return keep_page_parameters(encode_query(normal, state.camera), search), list(normal.notices)


def register(app: Dash, store: DataStore) -> None:
    """Wire URL → controls (on load and links) and controls → URL (a second ``Location`` writes it).

    Two callbacks with no cycle between them: a filter change is never held up by a URL round trip; the
    URL is written once the map shows the change (``VIEW_AFTER_MAP``) or after a pan or zoom. The writer reads the
    address from its own ``Location`` (``URL_WRITER.search``: the page's address, then each write, and the address
    after back/forward): the reader's ``URL.search`` does not follow the writes (Dash 4 tells other ``Location``
    components of a write only with ``refresh="callback-nav"``), so it would put the first address's view and
    camera back after a pan.
    """
    @app.callback(output=dict(controls=control_outputs(), camera=Output(ids.CAMERA_STORE, "data"),
                              notices=Output(ids.NOTICE_STORE, "data", allow_duplicate=True)),
                  inputs=dict(search=Input(ids.URL, "search")),
                  state=dict(controls=control_states(), written=State(ids.URL_WRITTEN, "data")),
                  prevent_initial_call="initial_duplicate")
    def _from_url(search, controls, written):
        # our own write-back only corrects controls; a page load or another link also sets camera and notices
        updates, camera, notices = from_url(search, controls, store, page_load=search != written)
        return dict(controls=updates, camera=camera if camera is not None else no_update,
                    notices=notices if notices is not None else no_update)

    @app.callback(Output(ids.URL_WRITER, "search"), Output(ids.URL_WRITTEN, "data"), Output(ids.NOTICE_STORE, "data"),
                  Input(ids.VIEW_AFTER_MAP, "data"), Input(ids.MAP, "relayoutData"), State(ids.URL_WRITER, "search"),
                  State(ids.NOTICE_STORE, "data"), prevent_initial_call=True)
    def _to_url(settled, relayout, search, shown_notices):
        controls = controls_after_map(settled)
        if controls is None:
            return no_update, no_update, no_update
        url, notices = to_url(ctx.triggered_id, search, controls, relayout, store)
        if settled.get("first"):
            notices = None  # the page's first values: the URL's own notices (from_url) stay
        changed = url != search
        return (url if changed else no_update, url if changed else no_update,
                unless_shown(notices, shown_notices) if notices is not None else no_update)
