"""Playback frames: the value-trace changes of a view in each year, on one colour scale for all years.

The live map plays them through the fast recolouring path (``assets/playback.js`` hands each frame to
``atlas_map.apply`` as a :class:`layers.map_contract.MapChanges` of :data:`VALUE_KEYS` only, so no
Plotly redraw of the regions); the animated GIF export draws the same frames server-side
(``exports/animation.py``).

One colour scale for every frame: the scale of :func:`layers.colours.colour_scale` computed over the
values of all years together (a sequential indicator: the 2nd–98th percentile of the pooled values;
a centred or binary one has a fixed scale anyway), so that a colour means the same value in every
year. A single-year map (after a pause) scales its own year's values again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from data.i18n import DEFAULT_LANGUAGE
from data.store import DataStore
from layers.choropleth import MapText, title_html
from layers.map_contract import VALUE_TRACE, MapChanges
from layers.map_view import map_keys, map_text, value_update
from views.playback import PlaybackValues

__all__ = ["FRAME_KEYS", "PlaybackFrames", "frame_text", "frame_title", "playback_frames"]

#: Value-trace attributes that change from frame to frame (the rest is shared by all frames).
FRAME_KEYS: tuple[str, ...] = ("z", "customdata")


@dataclass(frozen=True)
class PlaybackFrames:
    """Every frame of a playback, as the browser applies them.

    Attributes
    ----------
    geometry : tuple
        Key of the drawn figure the frames apply to (``MapKeys.geometry``).
    locations : list of str
        Region ids, in the order of every frame's ``z`` (those of the drawn value trace).
    years : tuple of int
        Frame years, ascending.
    shared : dict
        Value-trace attributes common to all frames: colour scale, ``zmin``/``zmax``, hover template, colour bar.
    frames : tuple of dict
        Per year ``{"year", "z", "customdata", "title"}`` (``title``: the figure's title HTML naming the year).
    """

    geometry: tuple
    locations: list[str]
    years: tuple[int, ...]
    shared: dict
    frames: tuple[dict, ...]

    def changes(self, index: int, *, with_shared: bool = True) -> MapChanges:
        """Return the map changes of frame ``index`` (with the shared attributes: the first frame played)."""
        frame = self.frames[index]
        trace = {**(self.shared if with_shared else {}), **{key: frame[key] for key in FRAME_KEYS}}
        return MapChanges(self.geometry, {VALUE_TRACE: trace}, {"title.text": frame["title"]})

    def to_json(self) -> dict:
        """JSON-ready form for a ``dcc.Store`` (read by ``assets/playback.js``)."""
        return {"geometry": list(self.geometry), "locations": list(self.locations), "years": list(self.years),
                "shared": dict(self.shared), "frames": [dict(f) for f in self.frames],
                "value_trace": VALUE_TRACE}


def frame_text(store: DataStore, played: PlaybackValues, year: int, lang: str = DEFAULT_LANGUAGE) -> MapText:
    """Title lines of one frame in ``lang``: the view's title with the year appended (the subtitle names it too)."""
    text = map_text(store, replace(played.view, year=int(year), notices=()), lang)
    return MapText(f"{text.title} · {year}", text.subtitle, text.attribution)


def frame_title(store: DataStore, played: PlaybackValues, year: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return the title (HTML of :func:`layers.choropleth.title_html`) of the frame of ``year`` in ``lang``."""
    return title_html(frame_text(store, played, year, lang))


def playback_frames(store: DataStore, played: PlaybackValues) -> PlaybackFrames:
    """Turn a view's values per year into frames on one colour scale (see the module docstring).

    The value-trace update of the single-year map (:func:`layers.map_view.value_update`: colour scale, rounding,
    hover texts) made once from every year's values together, then cut back into years: ``z`` and
    ``customdata`` of each region depend on its own value only, the scale (``zmin``, ``zmax``, colour bar) on
    all of them.
    """
    first = played.frames[0]
    n = len(first.values)
    pooled = replace(first, values=pd.concat([frame.values for frame in played.frames]))
    update = value_update(pooled)
    shared = {key: value for key, value in update.items() if key not in FRAME_KEYS}
    frames = tuple({"year": int(year), **{key: update[key][position * n:(position + 1) * n] for key in FRAME_KEYS},
                    "title": frame_title(store, played, year)}
                   for position, year in enumerate(played.years))
    return PlaybackFrames(map_keys(played.view).geometry, first.values.index.tolist(), played.years, shared, frames)
