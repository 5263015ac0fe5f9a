"""An animated GIF of the playback for slides: one frame per year, rendered server-side.

Each frame is the map snapshot of :func:`exports.figures.export_figure` (title, colour bar, source and
dated attribution) with the value trace and title of the playback frame of that year
(:func:`layers.playback.playback_frames`: one colour scale for every year, the year in the title) and
the year in large type at the lower left.
The frames are rendered to PNG by kaleido (:func:`exports.render.render_figures`, one browser session)
and assembled by Pillow into a looping GIF (each frame quantised to its own 256-colour palette).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import replace

import plotly.graph_objects as go
from PIL import Image

from data.store import DataStore
from exports.figures import export_figure
from exports.options import ExportSize
from exports.render import render_figures
from layers.map_contract import VALUE_TRACE
from layers.patching import nested
from layers.playback import FRAME_KEYS, PlaybackFrames, playback_frames
from views.playback import playback_values
from views.state import View

__all__ = ["FRAME_MS", "animation_figures", "animation_name", "gif_bytes", "playback_gif", "year_label"]

FRAME_MS = 1000  # how long each year stays on screen by default


def animation_name(view: View, years: Sequence[int]) -> str:
    """File name of an animation: ``cluster-atlas_<sector>_<indicator>_<first>-<last>_nuts<level>.gif``."""
    return f"cluster-atlas_{view.sector}_{view.indicator}_{min(years)}-{max(years)}_nuts{view.level}.gif"


def animation_figures(store: DataStore, view: View, frames: PlaybackFrames, *, size: ExportSize,
                      camera: dict | None = None, date: str) -> list[go.Figure]:
    """Build one self-contained snapshot figure per playback frame (the year in its title)."""
    figures = []
    for frame in frames.frames:
        figure = export_figure(store, replace(view, year=frame["year"], notices=()),
                               camera, size=size, date=date)
        trace = figure.data[VALUE_TRACE]
        if list(trace.locations) != frames.locations:
            raise ValueError("the snapshot's regions differ from the playback frames'")
        trace.update(nested({**frames.shared, **{key: frame[key] for key in FRAME_KEYS}}))
        figure.layout.title.text = frame["title"]
        figure.add_annotation(year_label(frame["year"], size.width))
        figures.append(figure)
    return figures


def year_label(year: int, width: int) -> dict:
    """Return the year as an annotation in large type at the map's lower left (readable on a slide)."""
    return {"text": f"<b>{int(year)}</b>", "xref": "paper", "yref": "paper", "x": 0.01, "y": 0.06,
            "xanchor": "left", "yanchor": "bottom", "showarrow": False, "bgcolor": "rgba(255,255,255,0.8)",
            "font": {"size": max(18, round(width / 32)), "color": "#1d2733"}}


def gif_bytes(images: Sequence[bytes], *, frame_ms: int = FRAME_MS) -> bytes:
    """Assemble PNG images (all of one size) into a looping animated GIF, one frame per image.

    Raises
    ------
    ValueError
        No images, or images of different sizes.
    """
    if not images:
        raise ValueError("an animation needs at least one frame")
    frames = [Image.open(io.BytesIO(data)).convert("RGB") for data in images]
    if len({f.size for f in frames}) != 1:
        raise ValueError(f"frames differ in size: {sorted({f.size for f in frames})}")
    palettised = [f.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE) for f in frames]
    out = io.BytesIO()
    palettised[0].save(out, format="GIF", save_all=True, append_images=palettised[1:], duration=int(frame_ms),
                       loop=0, disposal=1, optimize=False)
    return out.getvalue()


def playback_gif(store: DataStore, view: View, *, size: ExportSize, date: str, years: Sequence[int] | None = None,
                 frame_ms: int = FRAME_MS, camera: dict | None = None,
                 on_rendered: Callable[[int], None] | None = None) -> tuple[bytes, tuple[int, ...]]:
    """Render the playback of an effective view as an animated GIF; return its bytes and the frames' years.

    Parameters
    ----------
    store : DataStore
        Loaded data.
    view : View
        An effective view (its year is ignored: the frames are ``years``).
    size : ExportSize
        Frame size: ``size.pixels`` (width × height in pixels).
    date : str
        Date printed after the attribution.
    years : sequence of int, optional
        Years to show (default every playable year, :func:`views.playback.playback_years`).
    frame_ms : int, default 1000
        Display time of each frame in milliseconds.
    camera : dict, optional
        ``lat``, ``lon``, ``zoom`` (default: the dashboard's first view).
    on_rendered : callable, optional
        Called with the index of each frame when it is rendered.
    """
    played = playback_values(store, view, None if years is None else tuple(years))
    frames = playback_frames(store, played)
    figures = animation_figures(store, played.view, frames, size=size, camera=camera, date=date)
    images = render_figures(figures, fmt="png", width=size.width, height=size.height, scale=size.scale,
                            on_rendered=on_rendered)
    return gif_bytes(images, frame_ms=frame_ms), played.years
