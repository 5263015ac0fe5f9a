"""What the map shows for an effective view, computed from the store: frozen results for ``layers/``.

:func:`map_values` (indicator values and the colour-scale input), :func:`map_overlays` (hot spots and
cluster marks), :func:`filtered_sites` and :func:`firm_selection`; :func:`map_data` gathers the parts a
figure or a change needs. ``layers/map_view.py`` turns these results into traces and never reads the
store's tables itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from data.errors import InputError
from data.i18n import text
from data.store import DataStore
from views.change import both_years, is_change
from views.hotspots import CATEGORIES, HotSpots, hot_spots
from views.marks import cluster_marks
from views.values import View, indicator_values

#: Map layers drawn over the values (their traces are filled only while one of them is on).
OVERLAYS = ("lisa", "gi", "marks")
MAX_POINTS = 100_000  # the browser gets at most this many enterprise points (else counts per region)
ZOOM_FOR_POINTS = 6.0  # below this zoom the whole selection is drawn (points or region counts)
VIEWPORT_PX = (1400, 900)  # assumed map size when turning centre and zoom into a bounding box
MARGIN = 0.5  # zoomed in, firms are sent for half a view beyond each edge (the browser's image covers as much)


@dataclass(frozen=True, eq=False)
class MapValues:
    """Indicator values of the shown regions and what their colour scale is made from.

    Compared by identity (its frame is not hashable); cached by :func:`map_values`.
    """

    values: pd.DataFrame  # from :func:`views.values.indicator_values`
    unit: str
    centre: float | None  # the colour scale diverges around it (None: sequential)
    binary: bool  # two classes (LQ ≥ 1 or not)
    title: str  # colour-bar title: label (unit)
    with_measure: bool  # hover tells the measure (not for context indicators: their value is the measure)
    categories: tuple[str, ...] = ()  # classes of a categorical index, best first (value k − 1 … 0), e.g. trajectories


@dataclass(frozen=True)
class MapOverlays:
    """Hot spots (``None`` when neither hot-spot layer is on) and cluster marks (``None``: none to draw)."""

    spots: HotSpots | None
    categories: tuple[str, ...]  # display order of the hot-spot categories
    title: str  # legend title of the hot spots
    marks: pd.DataFrame | None
    region_points: pd.DataFrame  # representative points of the level's regions (index nuts_id; lat, lon)
    note: str = ""  # why no hot spots are shown although their layer is on (too few linked regions …)


@dataclass(frozen=True)
class FirmSelection:
    """Enterprises of a register around a camera (``selected`` is ``None`` when the layer is hidden or absent)."""

    selected: pd.DataFrame | None
    covers: tuple[float, float, float, float] | None  # west, south, east, north; None: the whole selection
    level: int
    region_points: pd.DataFrame  # where firms are counted per region (index nuts_id; lat, lon)


@dataclass(frozen=True)
class MapData:
    """What one figure or one change of the map needs; parts not asked for are ``None``."""

    values: MapValues
    sites: pd.DataFrame | None = None
    overlays: MapOverlays | None = None
    firms: FirmSelection | None = None


def map_data(store: DataStore, view: View, *, sites: bool = False, overlays: bool = False,
             camera: dict | None = None) -> MapData:
    """Compute the values and the asked-for parts (sites, overlays, firms around ``camera``) of a view."""
    return MapData(
        values=map_values(store, view),
        sites=filtered_sites(store, view) if sites else None,
        overlays=map_overlays(store, view) if overlays else None,
        firms=firm_selection(store, view, camera) if camera is not None else None,
    )


def map_values(store: DataStore, view: View) -> MapValues:
    """Compute the indicator values of the shown regions and their colour-scale input.

    Cached in the store per filter state and dataset generation (an upload replacing a dataset changes
    the key): the map, the ranking and the exports of one change share one computation, and going back
    to an earlier state costs nothing. Callers must not modify the returned objects.
    """
    view = replace(view, compare=())  # the compared regions do not change the values (one entry for all)
    return store.derived.get(store.generations(view.dataset, "context"), ("map-values", view),
                             lambda: _map_values(store, view))


def _map_values(store: DataStore, view: View) -> MapValues:
    spec = view.spec
    title = spec.label if spec.unit in {"", "ratio", "class"} else f"{spec.label} ({spec.unit})"
    if is_change(view):  # the colour bar states both years
        title = f"{title}, {both_years(view)}"
    return MapValues(indicator_values(store, view), spec.unit, spec.centre, spec.key == "lq_binary", title,
                     spec.scope != "context", spec.categories)


def map_overlays(store: DataStore, view: View) -> MapOverlays:
    """Hot spots and cluster marks of the layers that are on.

    LISA wins when both hot-spot layers are on. Cluster marks exist for sector indicators only.
    """
    kind = next((k for k in ("lisa", "gi") if k in view.layers), None)
    spots, note = None, ""
    if kind:
        try:
            spots = hot_spots(store, view, kind=kind, alpha=view.alpha)
        except InputError as error:  # the values of this view cannot be tested: the map shows, without them
            note = text("note_no_hot_spots", error=error)
    title = f"{'LISA' if kind == 'lisa' else 'Gi*'} p ≤ {view.alpha:g}"
    marks = cluster_marks(store, view) if "marks" in view.layers else None
    if marks is not None and marks.empty:
        marks = None
    return MapOverlays(spots, CATEGORIES.get(kind or "", ()), title, marks, store.points(view.version, view.level),
                       note)


def filtered_sites(store: DataStore, view: View) -> pd.DataFrame:
    """Sites of the chosen sector (a NACE code and everything below it) in the chosen countries.

    Empty while the sites layer is hidden: hidden points are never sent to the browser.
    """
    sites = store.sites
    if "sites" not in view.layers:
        return sites.iloc[:0]
    mask = pd.Series(True, index=sites.index)
    if view.spec.scope in {"sector", "measure", "change"}:
        mask &= sites["nace"].fillna("").str.startswith(view.sector)
    if view.countries:
        mask &= sites["country"].isin(view.countries)
    return sites[mask]


def firm_selection(store: DataStore, view: View, camera: dict) -> FirmSelection:
    """Firms of the dataset's register for a view and camera: around the view when zoomed in, else all."""
    table = store.firm_table(view.dataset) if "firms" in view.layers else None
    points = store.points(view.version, view.level)
    if table is None:
        return FirmSelection(None, None, view.level, points)
    sector = view.sector if view.spec.scope in {"sector", "measure", "change"} else None
    if camera.get("zoom", 0) >= ZOOM_FOR_POINTS:
        selected, covers = select_around_viewport(table, sector=sector, countries=view.countries, camera=camera)
    else:
        selected, covers = select_firms(table, sector=sector, countries=view.countries, bbox=None), None
    return FirmSelection(selected, covers, view.level, points)


def viewport_bbox(camera: dict, margin: float = 0.0) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees seen by ``camera``, widened by ``margin`` × its size on each side.

    The camera's ``bounds`` (west, south, east, north, as the browser's map reports them) when given; else
    estimated from its centre and zoom for a :data:`VIEWPORT_PX` map (512-px Web-Mercator tiles).
    """
    if camera.get("bounds"):
        west, south, east, north = (float(v) for v in camera["bounds"])
    else:
        lat, lon, zoom = camera.get("lat", 52.0), camera.get("lon", 10.0), camera.get("zoom", 3.0)
        degrees_per_px = 360.0 / (512.0 * 2.0 ** zoom)
        half_w = VIEWPORT_PX[0] / 2 * degrees_per_px
        half_h = VIEWPORT_PX[1] / 2 * degrees_per_px * np.cos(np.radians(lat))
        west, south, east, north = lon - half_w, lat - half_h, lon + half_w, lat + half_h
    dx, dy = (east - west) * margin, (north - south) * margin
    return west - dx, max(south - dy, -85.0), east + dx, min(north + dy, 85.0)


def select_around_viewport(points: pd.DataFrame, *, sector: str | None, countries: tuple[str, ...],
                           camera: dict) -> tuple[pd.DataFrame, tuple[float, float, float, float]]:
    """Firms of the sector and countries around the camera's view, and the box they cover.

    The box reaches :data:`MARGIN` of the view beyond each edge, so that pans within it need no new
    request; the view alone when the margin would hold more than :data:`MAX_POINTS` firms.
    """
    around = viewport_bbox(camera, MARGIN)
    selected = select_firms(points, sector=sector, countries=countries, bbox=around)
    if len(selected) > MAX_POINTS:
        around = viewport_bbox(camera)
        selected = select_firms(points, sector=sector, countries=countries, bbox=around)
    return selected, around


def select_firms(points: pd.DataFrame, *, sector: str | None, countries: tuple[str, ...],
                 bbox: tuple[float, float, float, float] | None) -> pd.DataFrame:
    """Firms of the sector (code prefix), countries and bounding box; ``points`` has lon, lat, nace, nuts3."""
    mask = np.ones(len(points), dtype=bool)
    if sector:
        mask &= points["nace"].fillna("").str.startswith(sector).to_numpy()
    if countries:
        mask &= points["nuts3"].fillna("").str[:2].isin(countries).to_numpy()
    if bbox is not None:
        west, south, east, north = bbox
        lon, lat = points["lon"].to_numpy(), points["lat"].to_numpy()
        mask &= (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
    return points[mask]
