"""The compare panel's charts as one SVG or PNG file, rendered on the server like the map export.

The sector's trend per compared region and the LQ heat-map (the same figures as the panel, built here once)
are rendered with kaleido (:func:`exports.render.render_figures`) at their own heights and stacked top to
bottom: SVG as nested ``<svg>`` elements (text stays text, so region names are searchable), PNG by pasting
the 2× images onto one white canvas.
"""

from __future__ import annotations

import re
from io import BytesIO

import plotly.graph_objects as go
from PIL import Image

from data.errors import InputError
from data.nace import sector_label
from data.store import DataStore
from exports.map_export import ExportFile
from exports.render import render_figures
from layers.compare import build_compare_trend, build_lq_heatmap
from views.compare import Comparison, comparison
from views.state import View
from views.values import view_measure

__all__ = ["CHART_FORMATS", "CHART_WIDTH", "compare_charts", "compare_image", "stack_png", "stack_svg"]

CHART_FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
CHART_WIDTH = 900  # CSS pixels
PNG_SCALE = 2.0
_SVG_OPEN = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?<svg\b")


def compare_charts(store: DataStore, view: View, result: Comparison) -> tuple[go.Figure, go.Figure]:
    """Build the compare panel's figures for a comparison: (trend of the chosen sector, LQ heat-map)."""
    names = result.figures["name"]
    trend = build_compare_trend(result.trend, names, sector=sector_label(store.tree, view.sector),
                                measure_label=view_measure(store, result.view).caption)
    return trend, build_lq_heatmap(result.lq, names)


def stack_svg(images: list[bytes], heights: list[int], width: int) -> bytes:
    """Stack SVG documents top to bottom into one SVG (each keeps its own size; offsets are the heights)."""
    parts, offset = [], 0
    for image, height in zip(images, heights, strict=True):  # two charts
        text = image.decode("utf-8")
        if not _SVG_OPEN.match(text):
            raise ValueError("not an SVG document")
        parts.append(_SVG_OPEN.sub(f'<svg x="0" y="{offset}"', text, count=1))
        offset += height
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{width}" height="{offset}" viewBox="0 0 {width} {offset}">')
    return (head + "".join(parts) + "</svg>").encode("utf-8")


def stack_png(images: list[bytes]) -> bytes:
    """Stack PNG images top to bottom on a white canvas (as wide as the widest)."""
    opened = [Image.open(BytesIO(image)).convert("RGB") for image in images]
    canvas = Image.new("RGB", (max(i.width for i in opened), sum(i.height for i in opened)), "white")
    top = 0
    for image in opened:  # two charts
        canvas.paste(image, (0, top))
        top += image.height
    out = BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def compare_image(store: DataStore, view: View, fmt: str) -> ExportFile:
    """Render the compared regions' trend and LQ heat-map into one SVG or PNG file (effective view).

    Raises
    ------
    InputError
        Unknown format, or no compared region at the view's level.
    exports.render.RenderError
        No Chrome/Chromium, or the browser failed.
    """
    if fmt not in CHART_FORMATS:
        raise InputError(f"chart format {fmt!r} is not supported; expected one of {list(CHART_FORMATS)}")
    result = comparison(store, view)
    if result.figures.empty:
        raise InputError(f"no compared region at NUTS {view.level} (version {view.version})")
    figures = compare_charts(store, view, result)
    heights = [int(figure.layout.height) for figure in figures]
    scale = PNG_SCALE if fmt == "png" else 1.0
    images = [render_figures([figure], fmt=fmt, width=CHART_WIDTH, height=height, scale=scale)[0]
              for figure, height in zip(figures, heights, strict=True)]  # own height each
    content = stack_svg(images, heights, CHART_WIDTH) if fmt == "svg" else stack_png(images)
    return ExportFile(content, f"cluster-atlas_compare_charts_{view.sector}_{view.year}.{fmt}", CHART_FORMATS[fmt])
