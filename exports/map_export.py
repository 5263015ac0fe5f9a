"""Exports of a view, shared by the dashboard's export menu and ``python app.py export``.

A view becomes a ranked table (:func:`data_frame`) written in any of :data:`TABLE_WRITERS`'
formats with its source notes (:func:`table_file`), a one-page PDF snapshot of its map
(:func:`map_pdf`), or an atlas of one page per sector (:func:`atlas_files`). Each returns
:class:`ExportFile` objects: bytes plus the file name and MIME type; nothing is written to disk.
PDF and atlas pages are rendered on the server by :mod:`exports.render` (Chrome/Chromium).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go

from data.store import DataStore
from exports.figures import atlas_page, export_figure
from exports.files import FORMATS, write_csv, write_excel, write_geojson, write_geoparquet, write_pdf
from exports.options import ATLAS_FORMATS, BACKGROUNDS, IMAGE_TYPES, ExportSize
from exports.render import render_figures
from layers.map_view import compute_values, map_text
from views.change import is_change
from views.state import View
from views.values import ranking, view_source

__all__ = ["TABLE_WRITERS", "ExportFile", "atlas_files", "data_frame", "data_notes",
           "export_name", "map_pdf", "table_bytes", "table_file"]

#: Table formats: key → writer of a frame and its notes (extension and MIME type in ``exports.files.FORMATS``).
TABLE_WRITERS: dict[str, Callable[..., bytes]] = {
    "csv": write_csv, "xlsx": write_excel, "geojson": write_geojson, "parquet": write_geoparquet}
#: Formats with region polygons (the table is a GeoDataFrame).
GEO_FORMATS = frozenset({"geojson", "parquet"})


@dataclass(frozen=True)
class ExportFile:
    """A file made for download or for disk: its content, a file name and its MIME type."""

    content: bytes
    filename: str
    mime: str


def export_name(view: View, extension: str) -> str:
    """File name of an export: ``cluster-atlas_<sector>_<indicator>_<year>_nuts<level>.<ext>``."""
    years = f"{view.start}-{view.year}" if is_change(view) else view.year  # a change names both years
    return f"cluster-atlas_{view.sector}_{view.indicator}_{years}_nuts{view.level}.{extension}"


def data_notes(store: DataStore, view: View, *, query: str) -> list[str]:
    """Source, attribution and view lines written at the head of every data file.

    Parameters
    ----------
    store : DataStore
        Loaded data.
    view : View
        An effective view.
    query : str
        The view's URL query (``?dataset=…&sector=…``), so that the file says how to see it again.
    """
    text = map_text(store, view)
    return [view_source(store, view), f"{text.title}; {text.subtitle}", f"View: {query}",
            f"Exported {date.today().isoformat()} with Cluster Atlas"]


def data_frame(store: DataStore, view: View, *, geometry: bool = False) -> pd.DataFrame:
    """Ranked table of the view: rank, region id and name, country, indicator value, measure, flag, reason.

    With ``geometry`` the full (not simplified) region polygons are joined, as a GeoDataFrame.
    """
    values, _ = compute_values(store, view)
    # a measure shown as the indicator ("employment") keeps both columns under distinct names
    measure = view.measure if view.measure != view.indicator else f"{view.measure}_measure"
    table = ranking(values).reset_index(drop=True).rename(columns={"value": view.indicator, "measure_value": measure})
    table.insert(4, "nace", view.sector if view.spec.scope in {"sector", "measure", "change"} else "")
    table.insert(5, "year", view.year)
    if is_change(view):
        table.insert(5, "start_year", view.start)
    if not geometry:
        return table
    shapes = store.regions(view.version, view.level)["geometry"]
    return gpd.GeoDataFrame(table, geometry=shapes.reindex(table["nuts_id"]).to_numpy(), crs=shapes.crs)


def table_bytes(frame: pd.DataFrame, fmt: str, *, notes: Sequence[str] = ()) -> bytes:
    """Write a table in one of :data:`TABLE_WRITERS`' formats; CSV gets the notes as one comment line.

    Raises
    ------
    ValueError
        ``fmt`` is not a table format.
    """
    if fmt not in TABLE_WRITERS:
        raise ValueError(f"table format {fmt!r} is not supported; expected one of {list(TABLE_WRITERS)}")
    return TABLE_WRITERS[fmt](frame, notes=[". ".join(notes)] if fmt == "csv" and notes else list(notes))


def table_file(store: DataStore, view: View, fmt: str, *, query: str) -> ExportFile:
    """Export the view's ranked table (with polygons for GeoJSON and GeoParquet) and its notes."""
    frame = data_frame(store, view, geometry=fmt in GEO_FORMATS)
    content = table_bytes(frame, fmt, notes=data_notes(store, view, query=query))
    extension, mime = FORMATS[fmt]
    return ExportFile(content, export_name(view, extension), mime)


def map_pdf(store: DataStore, view: View, camera: dict | None, *, size: ExportSize, background: str = "white",
            day: str) -> ExportFile:
    """Render the map of a view as a one-page PDF on the server (needs Chrome/Chromium; see exports.render).

    An unknown ``background`` is drawn white.
    """
    figure = export_figure(store, view, camera, size=size, background=background if background in BACKGROUNDS
                           else "white", date=day)
    text = map_text(store, view)
    content = _pdf([figure], size, title=text.title, notes=[text.subtitle, text.attribution])
    return ExportFile(content, export_name(view, "pdf"), IMAGE_TYPES["pdf"])


def atlas_files(store: DataStore, views: Sequence[View], *, fmt: str, size: ExportSize, day: str,
                on_rendered: Callable[[int], None] | None = None) -> list[ExportFile]:
    """Render an atlas page (map, top-10 regions, method) per view: one PDF, or one image file per view.

    Parameters
    ----------
    store : DataStore
        Loaded data.
    views : sequence of View
        Effective views, one per page (usually one per sector).
    fmt : {"pdf", "png", "svg", "jpeg"}
        A PDF holds every page; the image formats give one file per view, named by :func:`export_name`.
    size : ExportSize
        Page size and pixel ratio.
    day : str
        Date printed after the attribution.
    on_rendered : callable, optional
        Called with the index of each page when it is rendered (progress bars).
    """
    if fmt not in ATLAS_FORMATS:
        raise ValueError(f"atlas format {fmt!r} is not supported; expected one of {list(ATLAS_FORMATS)}")
    pages = [atlas_page(store, view, date=day, size=size) for view in views]
    if fmt == "pdf":
        content = _pdf(pages, size, title=f"Cluster Atlas: {views[0].spec.label}",
                       notes=[map_text(store, views[0]).attribution], on_rendered=on_rendered)
        return [ExportFile(content, export_name(views[0], "pdf"), IMAGE_TYPES["pdf"])]
    images = render_figures(pages, fmt=fmt, width=size.width, height=size.height, scale=size.scale,
                            on_rendered=on_rendered)
    return [ExportFile(image, export_name(view, fmt), IMAGE_TYPES[fmt])
            for view, image in zip(views, images, strict=True)]


def _pdf(figures: Sequence[go.Figure], size: ExportSize, *, title: str, notes: Sequence[str],
         on_rendered: Callable[[int], None] | None = None) -> bytes:
    """Render figures as JPEG pages at ``size`` and bind them into one PDF of that page size."""
    images = render_figures(figures, fmt="jpeg", width=size.width, height=size.height, scale=size.scale,
                            on_rendered=on_rendered)
    return write_pdf(images, page_size=size.points, title=title, notes=notes)
