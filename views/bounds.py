"""The box of the regions a view shows, for the map's first view (``assets/fit.js``, issue 19).

A link such as ``/?countries=CZ`` opens on the regions it shows, not on all Europe. The box is that of the
regions' display polygons clipped to :data:`FRAME`, so that the outermost regions (Réunion, French Guiana,
the Azores, Svalbard) do not turn a map of France or Norway into a map of the world. Pure: no Dash.
"""

from __future__ import annotations

import math

import geopandas as gpd

from data.store import DataStore
from views.state import View

#: ``(west, south, east, north)`` in degrees (EPSG:4326): the frame of the map's fitted views, Europe from the
#: Canary Islands to the North Cape and from Iceland to Cyprus and eastern Turkey.
FRAME: tuple[float, float, float, float] = (-25.0, 27.5, 45.0, 71.5)
#: Decimal places of the sent box (0.0001° ≈ 11 m: far below a pixel at any fitted zoom).
DIGITS = 4


def clipped_bounds(shapes: gpd.GeoSeries, frame: tuple[float, float, float, float] = FRAME
                   ) -> tuple[float, float, float, float]:
    """Return the box of ``shapes`` inside ``frame``: ``(west, south, east, north)`` in the shapes' degrees.

    Each shape is clipped to the frame's rectangle (``clip_by_rect``) and the total bounds of what is left are
    taken; the frame itself when nothing is left (no shape, or every shape outside the frame).

    Examples
    --------
    >>> import shapely
    >>> clipped_bounds(gpd.GeoSeries([shapely.box(14, 49, 16, 50), shapely.box(55, -21, 56, -20)]))
    (14.0, 49.0, 16.0, 50.0)
    >>> clipped_bounds(gpd.GeoSeries([], dtype="geometry"))
    (-25.0, 27.5, 45.0, 71.5)
    """
    inside = shapes.clip_by_rect(*frame)
    inside = inside[~inside.is_empty]
    if inside.empty:
        return frame
    west, south, east, north = (round(float(v), DIGITS) for v in inside.total_bounds)
    return (west, south, east, north) if all(map(math.isfinite, (west, south, east, north))) else frame


def view_bounds(store: DataStore, view: View) -> tuple[float, float, float, float]:
    """Return the box of the regions an effective view shows (its NUTS version and level, its countries).

    ``(west, south, east, north)`` in degrees, clipped to :data:`FRAME` (:func:`clipped_bounds`), of the display
    polygons the map draws. Cached per (version, level, countries) for the store's lifetime: the polygons never
    change while the server runs.
    """
    countries = tuple(sorted(view.countries))

    def build() -> tuple[float, float, float, float]:
        regions = store.regions(view.version, view.level, display=True)
        shown = regions[regions["country"].isin(countries)] if countries else regions
        return clipped_bounds(shown.geometry)

    return store.tables.get((), ("view bounds", view.version, view.level, countries), build)
