"""Playback: a play/pause button next to the year control that steps the map through the years.

Pressing play asks the server once for every year's values (``PLAYBACK_FRAMES``: the value-trace changes
of :func:`layers.playback.playback_frames`, one colour scale for all years); ``assets/playback.js`` then
paints one frame per year through the map's fast recolouring path (``atlas_map.apply``: feature-state
colours, no Plotly redraw of the regions) and shows the year on the map. Pausing (or the last year)
writes the year into the year control, so the map, the URL and the panels follow it as after any
change; any other change of a control stops the playback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from callbacks import ids
from callbacks.controls import control_list, control_states, shown_view
from callbacks.map import status_text
from data.i18n import DEFAULT_LANGUAGE, legend_title, text
from data.store import DataStore
from layers.playback import frame_title, playback_frames
from views.playback import playback_values
from views.state import View

#: How playback works, for the methodology section.
PLAYBACK_NOTES = (
    "Play (next to the year control) steps the map through the years of the dataset the indicator reads, one "
    "frame per year; a year is played when the view exists in it as chosen (enough regions with data, the "
    "year control's own rule). All other filters stay as chosen.",
    "All frames share one colour scale, computed over the values of every year together (sequential "
    "indicators: the 2nd–98th percentile of the pooled values; the LQ's log scale centred on 1 is fixed), so "
    "that a colour means the same value in every year. After a pause the map scales its own year again.",
    "Pause, or the last year, sets the year control (and the URL) to the year shown; overlays (hot spots, "
    "cluster marks) are those of the year playback started from until then. "
    "`python app.py export --animate --format gif` renders the same frames into an animated GIF.",
)


def control(lang: str = DEFAULT_LANGUAGE) -> html.Div:
    """Build the play/pause button (a real button: keyboard-operable, its text its accessible name) and stores.

    ``data-play`` / ``data-pause`` carry the two texts in ``lang`` for ``assets/playback.js``.
    """
    return html.Div(className="field playback", children=[
        html.Button(text("play", lang), id=ids.PLAYBACK_BUTTON, type="button", n_clicks=0,
                    className="button playback-button", title=text("play_title", lang),
                    **{"data-play": text("play", lang), "data-pause": text("pause", lang)}),
        dcc.Store(id=ids.PLAYBACK_REQUEST), dcc.Store(id=ids.PLAYBACK_FRAMES), dcc.Store(id=ids.PLAYBACK_STATE),
    ])


def frames_for(store: DataStore, controls: Mapping[str, object], lang: str | None = None) -> dict:
    """Every playback frame of the controls' effective view, JSON-ready (``PlaybackFrames.to_json`` + ``from``).

    Each frame also has ``status``, the status bar's line for its year. ``from`` is the year shown when play
    was pressed (the player resumes after a paused year). Cached in the store per view and dataset
    generations (pressing play again costs nothing).
    """
    view = shown_view(store, controls)
    frames = store.derived.get(store.generations(view.dataset, "context"), ("playback-frames", view),
                               lambda: _frames_json(store, view))
    shared, lang = dict(frames["shared"]), lang or DEFAULT_LANGUAGE
    if shared.get("colorbar.title.text"):  # the legend in the page's language (the cached frames stay English)
        shared["colorbar.title.text"] = legend_title(shared["colorbar.title.text"], lang)
    if lang != DEFAULT_LANGUAGE:  # and the titles (cheap: text only)
        played = playback_values(store, view)
        frames = {**frames, "frames": [{**f, "title": frame_title(store, played, f["year"], lang)}
                                       for f in frames["frames"]]}
    return {**frames, "shared": shared, "from": int(view.year)}


def _frames_json(store: DataStore, view: View) -> dict:
    """Build the frames of a view with each year's status line (``status``: the status bar meanwhile)."""
    frames = playback_frames(store, playback_values(store, view)).to_json()
    total = len(frames["locations"])
    for frame in frames["frames"]:
        count = sum(z is not None for z in frame["z"])
        frame["status"] = f"{status_text(replace(view, year=frame['year']), count, total)} · playback"
    return frames


def register(app: Dash, store: DataStore) -> None:
    """Wire play/pause (browser) → frames (server, one request) → painting (browser)."""
    app.clientside_callback(ClientsideFunction(namespace="atlas_playback", function_name="toggle"),
                            Output(ids.PLAYBACK_REQUEST, "data"), Input(ids.PLAYBACK_BUTTON, "n_clicks"),
                            prevent_initial_call=True)

    @app.callback(Output(ids.PLAYBACK_FRAMES, "data"), inputs=dict(request=Input(ids.PLAYBACK_REQUEST, "data")),
                  state=dict(controls=control_states(), lang=State(ids.LANG_STORE, "data")), prevent_initial_call=True)
    def _frames(request, controls, lang):
        return frames_for(store, controls, lang)

    app.clientside_callback(ClientsideFunction(namespace="atlas_playback", function_name="play"),
                            Output(ids.PLAYBACK_STATE, "data"), Input(ids.PLAYBACK_FRAMES, "data"),
                            prevent_initial_call=True)
    # A change of any control by the user stops the playback (its frames would overwrite the new map).
    app.clientside_callback(ClientsideFunction(namespace="atlas_playback", function_name="controls"),
                            Output(ids.PLAYBACK_STATE, "data", allow_duplicate=True), *control_list(),
                            prevent_initial_call=True)
