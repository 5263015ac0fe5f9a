"""The animated GIF of the playback (exports/animation.py): one frame per year, the right size, the year shown."""

import io

import pytest
from PIL import Image

from exports.animation import animation_figures, animation_name, gif_bytes, playback_gif
from exports.options import EXPORT_SIZES, ExportSize
from layers.map_contract import VALUE_TRACE
from layers.playback import playback_frames
from views.playback import playback_values
from views.state import View
from views.values import effective_view

SMALL = ExportSize("small", "test", 400, 250, 1.0)


def _png(colour: tuple[int, int, int], size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def test_gif_has_one_frame_per_image_of_its_size_and_duration():
    data = gif_bytes([_png((255, 0, 0)), _png((0, 0, 255)), _png((0, 128, 0))], frame_ms=700)
    gif = Image.open(io.BytesIO(data))
    assert gif.format == "GIF" and gif.n_frames == 3 and gif.size == (40, 30)
    assert gif.info["loop"] == 0 and gif.info["duration"] == 700
    colours = []
    for index in range(3):
        gif.seek(index)
        colours.append(gif.convert("RGB").getpixel((5, 5)))
    assert colours == [(255, 0, 0), (0, 0, 255), (0, 128, 0)]


def test_gif_refuses_no_frames_and_mixed_sizes():
    with pytest.raises(ValueError, match="at least one"):
        gif_bytes([])
    with pytest.raises(ValueError, match="differ in size"):
        gif_bytes([_png((0, 0, 0)), _png((0, 0, 0), size=(41, 30))])


def test_frame_figures_carry_the_playback_frames(store):
    view = effective_view(store, View(level=1))
    frames = playback_frames(store, playback_values(store, view, (2009, 2013)))
    figures = animation_figures(store, view, frames, size=SMALL, date="2026-01-01")
    assert len(figures) == 2
    for figure, frame in zip(figures, frames.frames, strict=True):
        assert list(figure.data[VALUE_TRACE].z) == frame["z"]
        assert figure.layout.title.text == frame["title"] and f"· {frame['year']}</b>" in frame["title"]
        assert (figure.layout.width, figure.layout.height) == (400, 250)
        assert figure.layout.annotations[-1].text == f"<b>{frame['year']}</b>"
        assert isinstance(figure.data[VALUE_TRACE].geojson, dict)  # self-contained for kaleido
    assert figures[0].data[VALUE_TRACE].z != figures[1].data[VALUE_TRACE].z
    assert animation_name(view, (2009, 2013)) == "cluster-atlas_C_lq_2009-2013_nuts1.gif"


def test_playback_gif_renders_one_frame_per_year(store):
    """Rendered by kaleido (Chromium): 3 years at NUTS 1, 400 × 250 pixels."""
    view = effective_view(store, View(level=1))
    data, years = playback_gif(store, view, size=SMALL, date="2026-01-01", years=(2008, 2011, 2015), frame_ms=500)
    assert years == (2008, 2011, 2015)
    gif = Image.open(io.BytesIO(data))
    assert gif.n_frames == 3 and gif.size == (400, 250) and gif.info["duration"] == 500
    pixels = []
    for index in range(3):
        gif.seek(index)
        pixels.append(gif.convert("RGB").tobytes())
    assert len(set(pixels)) == 3  # the year in the title and the colours differ between frames
    assert EXPORT_SIZES["1600x1000"].pixels == (1600, 1000)
