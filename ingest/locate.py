"""Place points in NUTS regions fast (grid lookup + STRtree), and check coordinates before that.

A point gets the NUTS-3 region that contains it; its NUTS 0–2 regions are prefixes of that code.
Most points are answered by a lookup grid: each grid cell that lies entirely inside one level-3
polygon stores that region, each cell that touches no polygon stores "none". A cell that a boundary
crosses is split once more into :data:`FINE` × :data:`FINE` sub-cells (about 1 km) classified the same
way, because population, and so firms, gathers where regions are small (half the points of a
register lie in boundary cells, a tenth in boundary sub-cells). Only points in boundary sub-cells are
tested against the full polygons with a shapely ``STRtree``. The grids (a few seconds to build) are
cached on disk by a hash of the polygons (:func:`grid_cache_dir`).
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyproj
import shapely

from data.errors import CRSError

#: Lon/lat box of the lookup grid (mainland Europe, Iceland, Cyprus, Turkey); points outside use the tree.
GRID_EXTENT = (-25.0, 34.0, 45.0, 72.0)
#: Grid cell size in degrees (about 7 x 11 km); 266 k cells, built in about half a second.
GRID_RESOLUTION = 0.1
#: Sub-cells per side of a boundary cell (0.1° / 8: about 0.9 x 1.4 km).
FINE = 8
#: Grid values: a region position (≥ 0), no region, a boundary to test; ``BLOCK - b`` = boundary cell
#: ``b`` of the fine grid (:attr:`RegionIndex.fine`).
OUTSIDE, BOUNDARY, BLOCK = -1, -2, -3
#: Version of the cached grid files' layout (part of their names).
GRID_FORMAT = 2


class RegionIndex:
    """Level-3 polygons of one NUTS version with a lookup grid and an STRtree (built on demand).

    Parameters
    ----------
    regions : GeoDataFrame
        Regions of one NUTS version (all levels or level 3 only), EPSG:4326, full geometry.
    resolution : float, default :data:`GRID_RESOLUTION`
        Grid cell size in degrees.
    """

    def __init__(self, regions: gpd.GeoDataFrame, *, resolution: float = GRID_RESOLUTION) -> None:
        level3 = regions[regions["level"] == 3].sort_values("nuts_id")
        self.version = int(level3["nuts_version"].iloc[0])
        self.codes = level3["nuts_id"].astype(str).to_numpy()
        self.all_codes = frozenset(regions["nuts_id"].astype(str))
        self.geometries = np.asarray(level3.geometry.values, dtype=object)
        self.resolution = resolution
        self._tree: shapely.STRtree | None = None
        self.grid, self.fine = self._cached_grid()

    def __getstate__(self) -> dict:
        """Pickle without the tree (rebuilt on first use in the receiving process)."""
        return {**self.__dict__, "_tree": None}

    @property
    def tree(self) -> shapely.STRtree:
        """STRtree over the prepared level-3 polygons."""
        if self._tree is None:
            shapely.prepare(self.geometries)
            self._tree = shapely.STRtree(self.geometries)
        return self._tree

    def _cached_grid(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the lookup grids from the grid cache (:func:`grid_cache_dir`), else build and store them.

        The file is named by a hash of the polygons (WKB), codes, resolution and extent, so changed
        polygons never meet an old grid; an unreadable or odd-shaped file is rebuilt; a cache folder that
        cannot be written is skipped (the grids are then built each time, a few seconds).
        """
        folder = grid_cache_dir()
        if folder is None:
            return self._build_grid()
        key = hashlib.blake2b(digest_size=16)
        for part in (*shapely.to_wkb(self.geometries), "|".join(self.codes).encode(),
                     repr((GRID_FORMAT, FINE, self.resolution, GRID_EXTENT)).encode()):
            key.update(part)
        path = folder / f"nuts{self.version}-grid-{key.hexdigest()}.npz"
        x0, y0, x1, y1 = GRID_EXTENT
        shape = (round((x1 - x0) / self.resolution), round((y1 - y0) / self.resolution))
        try:
            with np.load(path, allow_pickle=False) as stored:
                grid, fine = stored["grid"], stored["fine"]
            blocks = int((grid <= BLOCK).sum())
            if (grid.shape == shape and grid.dtype == fine.dtype == np.int32 and grid.max() < len(self.codes)
                    and fine.shape == (blocks, FINE * FINE) and (not blocks or fine.max() < len(self.codes))):
                return grid, fine
        except (OSError, ValueError, KeyError):
            pass
        grid, fine = self._build_grid()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temp = path.with_suffix(f".{os.getpid()}.tmp")
            with temp.open("wb") as handle:
                np.savez(handle, grid=grid, fine=fine)
            os.replace(temp, path)
        except OSError:
            pass
        return grid, fine

    def _classify(self, x: np.ndarray, y: np.ndarray, size: float) -> np.ndarray:
        """Region position of each square cell (lower-left corner ``x, y``, side ``size``), OUTSIDE or BOUNDARY."""
        boxes = shapely.box(x, y, x + size, y + size)
        cell, region = self.tree.query(boxes, predicate="intersects")
        hits = np.bincount(cell, minlength=len(boxes))
        single = hits[cell] == 1
        inside = shapely.contains_properly(self.geometries[region[single]], boxes[cell[single]])
        out = np.where(hits == 0, OUTSIDE, BOUNDARY).astype(np.int32)
        out[cell[single][inside]] = region[single][inside]
        return out

    def _build_grid(self) -> tuple[np.ndarray, np.ndarray]:
        x0, y0, x1, y1 = GRID_EXTENT
        nx, ny = round((x1 - x0) / self.resolution), round((y1 - y0) / self.resolution)
        ix, iy = np.divmod(np.arange(nx * ny), ny)
        r = self.resolution
        grid = self._classify(x0 + ix * r, y0 + iy * r, r)
        crossed = np.flatnonzero(grid == BOUNDARY)
        sx, sy = np.divmod(np.arange(FINE * FINE), FINE)
        fine = np.empty((len(crossed), FINE * FINE), dtype=np.int32)
        for start in range(0, len(crossed), 4096):  # 262 144 sub-cells at a time (bounded memory)
            part = crossed[start:start + 4096]
            bx, by = x0 + ix[part, None] * r + sx * (r / FINE), y0 + iy[part, None] * r + sy * (r / FINE)
            fine[start:start + len(part)] = self._classify(bx.ravel(), by.ravel(), r / FINE).reshape(len(part), -1)
        grid[crossed] = BLOCK - np.arange(len(crossed), dtype=np.int32)
        return grid.reshape(nx, ny), fine

    def locate(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Return the position (in :attr:`codes`) of the level-3 region of each point, -1 if none.

        Parameters
        ----------
        lon, lat : ndarray of float
            Coordinates in degrees (EPSG:4326). NaN gives -1.

        Returns
        -------
        ndarray of int32
            Region positions; -1 for a point in no region (sea, outside the coverage) or a NaN.
            A point on a shared boundary gets the first region (by code) that touches it.
        """
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        x0, y0, _, _ = GRID_EXTENT
        nx, ny = self.grid.shape
        with np.errstate(invalid="ignore"):
            ix = np.floor((lon - x0) / self.resolution)
            iy = np.floor((lat - y0) / self.resolution)
        on_grid = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
        out = np.full(len(lon), BOUNDARY, dtype=np.int32)
        out[on_grid] = self.grid[ix[on_grid].astype(np.intp), iy[on_grid].astype(np.intp)]
        crossed = np.flatnonzero(out <= BLOCK)  # in a boundary cell: look at its sub-cells
        if len(crossed):
            step = self.resolution / FINE
            fx = np.clip(np.floor((lon[crossed] - (x0 + ix[crossed] * self.resolution)) / step), 0, FINE - 1)
            fy = np.clip(np.floor((lat[crossed] - (y0 + iy[crossed] * self.resolution)) / step), 0, FINE - 1)
            out[crossed] = self.fine[BLOCK - out[crossed], (fx * FINE + fy).astype(np.intp)]
        out[~np.isfinite(lon) | ~np.isfinite(lat)] = OUTSIDE
        todo = np.flatnonzero(out == BOUNDARY)
        if len(todo):
            out[todo] = OUTSIDE
            point, region = self.tree.query(shapely.points(lon[todo], lat[todo]), predicate="intersects")
            order = np.lexsort((region, point))
            point, region = point[order], region[order]
            first = np.unique(point, return_index=True)[1]
            out[todo[point[first]]] = region[first]
        return out


def grid_cache_dir() -> Path | None:
    """Return the folder of cached lookup grids, or ``None`` for no cache.

    ``$ATLAS_CACHE`` (``off`` = none), else ``$XDG_CACHE_HOME/cluster-atlas`` (default ``~/.cache/cluster-atlas``).
    """
    chosen = os.environ.get("ATLAS_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cluster-atlas"


@lru_cache(maxsize=4)
def load_region_index(version: int, regions_path: str | Path) -> RegionIndex:
    """Build (once per process) the :class:`RegionIndex` of a NUTS version from ``regions.parquet``."""
    regions = gpd.read_parquet(regions_path, columns=["nuts_id", "level", "nuts_version", "geometry"])
    chosen = regions[regions["nuts_version"] == version]
    if chosen.empty:
        known = sorted(regions["nuts_version"].unique().tolist())
        raise CRSError(f"no polygons for NUTS version {version}; available versions: {known}")
    return RegionIndex(chosen)


def parse_crs(crs: object) -> pyproj.CRS:
    """Read a CRS given as ``'EPSG:3035'``, ``3035``, WKT or a :class:`pyproj.CRS`.

    Raises
    ------
    CRSError
        If pyproj does not know it.
    """
    try:
        return pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError as error:
        raise CRSError(f"unknown coordinate reference system {crs!r}; give e.g. 'EPSG:3035' or 4326") from error


def to_lonlat(x: np.ndarray, y: np.ndarray, crs: pyproj.CRS) -> tuple[np.ndarray, np.ndarray]:
    """Transform coordinates from ``crs`` to EPSG:4326 longitude/latitude (axis order x=east)."""
    if crs.equals(pyproj.CRS.from_epsg(4326)) or crs.equals(pyproj.CRS.from_epsg(4258)):
        return np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    transformer = pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
    lon, lat = transformer.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def check_units(x: np.ndarray, y: np.ndarray, crs: pyproj.CRS | None, *, columns: tuple[str, str],
                file: str) -> None:
    """Refuse coordinates whose magnitude contradicts the CRS (metres read as degrees and back).

    Raises
    ------
    CRSError
        If most finite points lie beyond ±180/±90 while the CRS is geographic (or missing), or all
        lie within ±180/±90 while the CRS is projected (in metres).
    """
    finite = np.isfinite(x) & np.isfinite(y)
    if not finite.any():
        return
    beyond = (np.abs(x[finite]) > 180) | (np.abs(y[finite]) > 90)
    geographic = crs is None or crs.is_geographic
    where = f"file '{file}', columns '{columns[0]}' and '{columns[1]}'"
    if geographic and beyond.mean() > 0.5:
        peak = float(np.nanmax(np.abs(np.concatenate([x[finite], y[finite]]))))
        stated = "no CRS was given" if crs is None else f"the CRS {crs.to_string()} is in degrees"
        raise CRSError(f"{where}: values up to {peak:,.0f} look like metres of a projected CRS, but {stated}; "
                       "give the CRS of the file, e.g. --crs EPSG:3035 (ETRS89-LAEA) or EPSG:3857")
    if not geographic and not beyond.any() and len(beyond) >= 3:
        raise CRSError(f"{where}: all values lie within ±180/±90 and look like degrees, but the CRS "
                       f"{crs.to_string()} is in metres; leave the CRS out or give EPSG:4326")


def swapped_share(lon: np.ndarray, lat: np.ndarray, index: RegionIndex, *, sample: int = 2000) -> tuple[float, float]:
    """Share of points inside a region as given and with longitude and latitude swapped (on a sample)."""
    finite = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat))
    if len(finite) > sample:
        finite = np.random.default_rng(0).choice(finite, sample, replace=False)
    if not len(finite):
        return 0.0, 0.0
    given = (index.locate(lon[finite], lat[finite]) >= 0).mean()
    swapped = (index.locate(lat[finite], lon[finite]) >= 0).mean()
    return float(given), float(swapped)
