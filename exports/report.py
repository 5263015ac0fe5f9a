"""The one-page region report (A4 PDF) and the comparison table, shared by the dashboard and ``python app.py report``.

A report page holds: the region's name and level, a locator map, key figures beside its closest structural
peers, the top specialisations (LQ by NACE division) with their European Cluster Observatory stars, the
chosen sector's trend, the peers of every comparison set with why, and the sources with the date. It is
drawn on the server with ReportLab: text is real PDF text (searchable, copyable) in an embedded Unicode
font, and the locator map and the trend are vector drawings, so no browser is needed. Several regions
give one page each in one PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import numpy as np
import pandas as pd
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from shapely.geometry.base import BaseGeometry

from data.errors import InputError
from data.nace import sector_label
from data.store import DataStore
from exports.files import FORMATS
from exports.map_export import ExportFile, table_bytes
from layers.compare import region_colours
from layers.formatting import format_number
from views.compare import FIGURES, comparison, comparison_table
from views.opportunities import opportunities
from views.peers import PEER_SETS, division_tables, region_peers
from views.profile import region_profile
from views.state import View
from views.values import view_measure, view_source

__all__ = ["PAGE", "comparison_file", "report_name", "report_pdf"]

PAGE = A4  # points, portrait
MARGIN = 36.0
#: Fonts tried in order (regular, bold): DejaVu covers Latin, Greek and Cyrillic names; ReportLab's Vera
#: (shipped with it) is the fallback.
_DEJAVU = "/usr/share/fonts/truetype/dejavu/"
FONT_FILES = ((_DEJAVU + "DejaVuSans.ttf", _DEJAVU + "DejaVuSans-Bold.ttf"), ("Vera.ttf", "VeraBd.ttf"))
REGION_COLOUR = "#b2182b"
PEERS_IN_TABLE = 4
MAP_BOX = (MARGIN, 575.0, 200.0, 185.0)  # x, y (bottom), width, height of the locator map
OPPORTUNITIES_IN_REPORT = 5


def _fonts() -> tuple[str, str]:
    """Register the report's regular and bold fonts once; return their names."""
    if "AtlasSans" in pdfmetrics.getRegisteredFontNames():
        return "AtlasSans", "AtlasSans-Bold"
    for regular, bold in FONT_FILES:
        if not regular.startswith("/") or (Path(regular).is_file() and Path(bold).is_file()):
            pdfmetrics.registerFont(TTFont("AtlasSans", regular))
            pdfmetrics.registerFont(TTFont("AtlasSans-Bold", bold))
            return "AtlasSans", "AtlasSans-Bold"
    raise RuntimeError("no font for the report")  # pragma: no cover - ReportLab ships Vera


def report_name(view: View, regions: Sequence[str]) -> str:
    """File name: ``cluster-atlas_report_<first region>[_and_<n>_more]_<sector>_<year>.pdf``."""
    more = f"_and_{len(regions) - 1}_more" if len(regions) > 1 else ""
    return f"cluster-atlas_report_{regions[0]}{more}_{view.sector}_{view.year}.pdf"


def comparison_file(store: DataStore, view: View, fmt: str) -> ExportFile:
    """Write the compared regions' key figures and LQ of every division as CSV or Excel, with the source notes."""
    if fmt not in ("csv", "xlsx"):
        raise InputError(f"comparison format {fmt!r} is not supported; expected 'csv' or 'xlsx'")
    table = comparison_table(comparison(store, view))
    notes = [view_source(store, view), f"Compared regions: {', '.join(table['nuts_id'])}; sector {view.sector}, "
             f"year {view.year}, NUTS {view.level} (version {view.version})"]
    extension, mime = FORMATS[fmt]
    return ExportFile(table_bytes(table, fmt, notes=notes), f"cluster-atlas_compare_{view.sector}_{view.year}."
                      f"{extension}", mime)


def report_pdf(store: DataStore, view: View, regions: Sequence[str], *, day: str) -> ExportFile:
    """Write one A4 page per region into one PDF (an effective view gives sector, year, measure, level, version).

    Raises
    ------
    InputError
        A region id is not a region of the view's NUTS version and level.
    """
    known = store.region_table(view.version, view.level).index
    unknown = [r for r in regions if r not in known]
    if unknown or not regions:
        raise InputError(f"not a NUTS {view.level} region of version {view.version}: {unknown or 'none given'}")
    regular, bold = _fonts()
    out = BytesIO()
    canvas = Canvas(out, pagesize=PAGE, pageCompression=1)
    canvas.setTitle(f"Cluster Atlas region report: {', '.join(regions)}")
    canvas.setAuthor("Cluster Atlas")
    canvas.setSubject(view_source(store, view))
    for region in regions:
        _page(canvas, store, view, region, day=day, fonts=(regular, bold))
        canvas.showPage()
    canvas.save()
    return ExportFile(out.getvalue(), report_name(view, regions), "application/pdf")


def _text(canvas: Canvas, x: float, y: float, text: str, *, font: str, size: float = 8.5, colour: str = "#222222",
          width: float | None = None) -> None:
    """Draw one line of text, shortened with "…" to ``width`` points."""
    if width is not None and pdfmetrics.stringWidth(text, font, size) > width:
        while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
            text = text[:-1]
        text += "…"
    canvas.setFont(font, size)
    canvas.setFillColor(colour)
    canvas.drawString(x, y, text)


def _page(canvas: Canvas, store: DataStore, view: View, region: str, *, day: str, fonts: tuple[str, str]) -> None:
    regular, bold = fonts
    width, height = PAGE
    profile = region_profile(store, view, region)
    peers = region_peers(store, view, region)
    structural = peers.loc[peers["set"] == "structure", "nuts_id"].head(PEERS_IN_TABLE).tolist()
    result = comparison(store, replace(view, compare=(region, *structural)))
    measure = view_measure(store, result.view)
    sector = sector_label(store.tree, view.sector)
    top = height - MARGIN
    _text(canvas, MARGIN, top - 16, f"{profile.name} ({region})", font=bold, size=18)
    _text(canvas, MARGIN, top - 32, f"NUTS {profile.level} region in {profile.country} · {measure.caption}, "
          f"{view.year} · NUTS version {view.version} · chosen sector: {sector}", font=regular, size=9,
          colour="#555555", width=width - 2 * MARGIN)
    _locator(canvas, store, view, region, font=regular)
    _trend(canvas, result.trend[region] if region in result.trend else pd.Series(dtype=float),
           x=MARGIN + 220, y=top - 54, width=width - 2 * MARGIN - 220, title=f"{sector}: {measure.caption}",
           fonts=fonts)
    _figures(canvas, result, x=MARGIN, y=548, width=width - 2 * MARGIN, fonts=fonts)
    _specialisations(canvas, store, view, region, profile.specialisations, y=408, fonts=fonts)
    _peers(canvas, peers, y=262, fonts=fonts)
    _opportunities(canvas, store, view, region, y=142, fonts=fonts)
    canvas.setStrokeColor("#999999")
    canvas.line(MARGIN, MARGIN + 30, width - MARGIN, MARGIN + 30)
    _text(canvas, MARGIN, MARGIN + 18, view_source(store, view), font=regular, size=6.5, colour="#444444",
          width=width - 2 * MARGIN)
    _text(canvas, MARGIN, MARGIN + 8, f"Made with Cluster Atlas on {day}. Stars: European Cluster Observatory "
          "(size, specialisation LQ ≥ 2, focus); strong clusters: US Cluster Mapping rule.", font=regular, size=6.5,
          colour="#444444", width=width - 2 * MARGIN)


def _rings(geometry: BaseGeometry) -> list[np.ndarray]:
    """Exterior rings (lon, lat arrays) of a polygon or multipolygon."""
    parts = getattr(geometry, "geoms", [geometry])
    return [np.asarray(p.exterior.coords) for p in parts if p.geom_type == "Polygon"]


def _locator(canvas: Canvas, store: DataStore, view: View, region: str, *, font: str) -> None:
    """Vector locator map: countries (NUTS 0) in grey around the region, the region in red."""
    x0, y0, w, h = MAP_BOX
    shape = store.regions(view.version, view.level).loc[region, "geometry"]
    lon_min, lat_min, lon_max, lat_max = shape.bounds
    pad_lon, pad_lat = max(4.0, (lon_max - lon_min) * 1.5), max(3.0, (lat_max - lat_min) * 1.5)
    box = (lon_min - pad_lon, lat_min - pad_lat, lon_max + pad_lon, lat_max + pad_lat)
    squash = np.cos(np.radians((box[1] + box[3]) / 2))  # equirectangular, true to scale at the centre latitude
    scale = min(w / ((box[2] - box[0]) * squash), h / (box[3] - box[1]))
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2

    def path(ring: np.ndarray):
        xs = x0 + w / 2 + (ring[:, 0] - cx) * squash * scale
        ys = y0 + h / 2 + (ring[:, 1] - cy) * scale
        p = canvas.beginPath()
        p.moveTo(xs[0], ys[0])
        for x, y in zip(xs[1:], ys[1:], strict=True):  # the vertices of one ring
            p.lineTo(x, y)
        p.close()
        return p

    canvas.saveState()
    canvas.setFillColor("#eef3f7")
    canvas.rect(x0, y0, w, h, stroke=0, fill=1)
    clip = canvas.beginPath()
    clip.rect(x0, y0, w, h)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.setLineWidth(0.4)
    countries = store.regions(view.version, 0, display=True)
    near = countries[countries.intersects(_box(box))]
    canvas.setStrokeColor("#ffffff")
    canvas.setFillColor("#d4d4d4")
    for geometry in near.geometry:  # the few countries in the frame
        for ring in _rings(geometry):
            canvas.drawPath(path(ring), stroke=1, fill=1)
    canvas.setFillColor(REGION_COLOUR)
    canvas.setStrokeColor("#5a0c16")
    for ring in _rings(shape.simplify(0.01)):
        canvas.drawPath(path(ring), stroke=1, fill=1)
    canvas.restoreState()
    canvas.setStrokeColor("#999999")
    canvas.rect(x0, y0, w, h, stroke=1, fill=0)
    _text(canvas, x0, y0 - 10, "Location (© EuroGeographics for the administrative boundaries)", font=font, size=6.5,
          colour="#555555")


def _box(bounds: tuple[float, float, float, float]) -> BaseGeometry:
    from shapely.geometry import box

    return box(*bounds)


def _figures(canvas: Canvas, result, *, x: float, y: float, width: float, fonts: tuple[str, str]) -> None:
    """Key figures of the region (first column) beside its closest structural peers."""
    regular, bold = fonts
    figures = result.figures
    _text(canvas, x, y, "Key figures, compared with the most similar regions (sector structure)", font=bold,
          size=10)
    label_width = 150.0
    column = (width - label_width) / max(len(figures), 1)
    colours = region_colours(list(figures.index))
    row_y = y - 16
    for i, (nuts_id, name) in enumerate(figures["name"].items()):
        cx = x + label_width + i * column
        canvas.setFillColor(colours[nuts_id])
        canvas.rect(cx, row_y + 9, column - 4, 2.5, stroke=0, fill=1)
        _text(canvas, cx, row_y, f"{name}", font=bold if i == 0 else regular, size=7, width=column - 4)
        _text(canvas, cx, row_y - 8, nuts_id, font=regular, size=6.5, colour="#666666")
    row_y -= 22
    for key in FIGURES:
        _text(canvas, x, row_y, result.labels[key], font=regular, size=7, colour="#444444", width=label_width - 4)
        for i, value in enumerate(figures[key]):
            text = format_number(value, "ratio") if key == "sector_lq" else (
                "n/a" if pd.isna(value) else f"{value:,.0f}")
            _text(canvas, x + label_width + i * column, row_y, text, font=bold if i == 0 else regular, size=7.5,
                  width=column - 4)
        row_y -= 13


def _specialisations(canvas: Canvas, store: DataStore, view: View, region: str, table: pd.DataFrame, *, y: float,
                     fonts: tuple[str, str]) -> None:
    """Top specialisations: division, LQ bar, stars (★ of 3) and strong cluster mark."""
    regular, bold = fonts
    _text(canvas, MARGIN, y, "Top specialisations (location quotient by NACE division)", font=bold, size=10)
    tables = division_tables(store, view)
    stars = tables.stars.loc[region] if region in tables.stars.index else pd.Series(dtype=int)
    strong = tables.strong.loc[region] if region in tables.strong.index else pd.Series(dtype=bool)
    if table.empty:
        _text(canvas, MARGIN, y - 16, "No division with data.", font=regular)
        return
    high = max(float(table["lq"].max()), 1.0)
    row_y = y - 16
    for code, label, lq in table[["nace", "label", "lq"]].itertuples(index=False):  # ten rows
        count = int(stars.get(code, 0))
        _text(canvas, MARGIN, row_y, f"{code} {label}", font=regular, size=7.5, width=260)
        canvas.setFillColor("#d6604d")
        canvas.rect(MARGIN + 265, row_y - 1, 120 * lq / high, 7, stroke=0, fill=1)
        _text(canvas, MARGIN + 390, row_y, f"{lq:.2f}", font=regular, size=7.5)
        _text(canvas, MARGIN + 420, row_y, "★" * count + "☆" * (3 - count) + (" S" if bool(strong.get(code)) else ""),
              font=regular, size=7.5, colour="#b8860b")
        row_y -= 11.5
    _text(canvas, MARGIN, row_y - 2, "★ European Cluster Observatory stars · S strong cluster", font=regular, size=6.5,
          colour="#666666")


def _trend(canvas: Canvas, values: pd.Series, *, x: float, y: float, width: float, title: str,
           fonts: tuple[str, str]) -> None:
    """Bars of the chosen sector's measure per year (vector), value labels on top."""
    regular, bold = fonts
    _text(canvas, x, y, f"Trend: {title}", font=bold, size=10, width=width)
    values = values.dropna()
    if values.empty:
        _text(canvas, x, y - 16, "No data for this sector.", font=regular)
        return
    chart_h, base = 125.0, y - 28 - 125.0
    step = width / len(values)
    high = float(values.max()) or 1.0
    for i, (year, value) in enumerate(values.items()):  # eight years at most
        h = chart_h * float(value) / high
        canvas.setFillColor("#67a9cf")
        canvas.rect(x + i * step + 2, base, step - 4, h, stroke=0, fill=1)
        _text(canvas, x + i * step + 2, base - 9, str(year), font=regular, size=6.5)
        _text(canvas, x + i * step + 2, base + h + 3, f"{value:,.0f}", font=regular, size=5.5)


def _peers(canvas: Canvas, peers: pd.DataFrame, *, y: float, fonts: tuple[str, str]) -> None:
    """Peers of every comparison set, two each, with why (set name in a left column)."""
    regular, bold = fonts
    _text(canvas, MARGIN, y, "Regions like this one", font=bold, size=10)
    row_y = y - 13
    label_width = 105.0
    width = PAGE[0] - 2 * MARGIN - label_width
    for key, group in peers.groupby("set", sort=False):  # five sets
        _text(canvas, MARGIN, row_y, PEER_SETS[key], font=bold, size=7.5, width=label_width - 4)
        for nuts_id, name, why in group[["nuts_id", "name", "why"]].head(2).itertuples(index=False):
            _text(canvas, MARGIN + label_width, row_y, f"{name} ({nuts_id}): {why}", font=regular, size=7,
                  width=width)
            row_y -= 9
        row_y -= 2


def _opportunities(canvas: Canvas, store: DataStore, view: View, region: str, *, y: float,
                   fonts: tuple[str, str]) -> None:
    """Top opportunities: divisions not yet specialised (LQ < 1) by relatedness density, complexity and LQ.

    Where they cannot be computed (dataset, level or measure), one line says why.
    """
    regular, bold = fonts
    _text(canvas, MARGIN, y, "Opportunities (related divisions not yet specialised, by relatedness density)",
          font=bold, size=10)
    result = opportunities(store, view, region)
    table = result.table.head(OPPORTUNITIES_IN_REPORT)
    if table.empty:
        _text(canvas, MARGIN, y - 14, f"Not available: {result.note or 'no division below LQ 1'}.", font=regular,
              colour="#555555", width=PAGE[0] - 2 * MARGIN)
        return
    right, label_width = PAGE[0] - MARGIN, 150.0
    _text(canvas, right - 68, y - 12, "complexity", font=regular, size=6.5, colour="#666666")
    _text(canvas, right - 22, y - 12, "LQ", font=regular, size=6.5, colour="#666666")
    row_y = y - 22
    for rank, line, complexity, lq in table[["rank", "reading", "complexity", "lq"]].itertuples(index=False):
        division, _, why = line.partition(": ")  # "C27 Electrical equipment" | "62 % of its related …"
        _text(canvas, MARGIN, row_y, f"{rank}. {division}", font=bold, size=7, width=label_width - 4)
        _text(canvas, MARGIN + label_width, row_y, why, font=regular, size=6.5,
              width=right - 72 - MARGIN - label_width)
        _text(canvas, right - 68, row_y, format_number(complexity, "ratio"), font=regular, size=7)
        _text(canvas, right - 22, row_y, format_number(lq, "ratio"), font=regular, size=7)
        row_y -= 9.5
