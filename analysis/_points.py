"""Firm locations as metric coordinates: every point analysis works in EPSG:3035 (ETRS89-LAEA, metres).

Input forms: a GeoDataFrame or GeoSeries of points with a CRS (any; reprojected), or a DataFrame with
``lon``/``lat`` columns in degrees (EPSG:4326, as ``DataStore.firm_table`` gives). Clustering or
measuring distances on degrees is never done: a degree of longitude is 111 km at the equator and 56 km
at 60° N.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from pyproj import CRS, Transformer

from analysis._checks import AlignmentError, InputError
from data.errors import CRSError

METRIC_CRS = "EPSG:3035"


@lru_cache(maxsize=8)
def _transformer(source: str) -> Transformer:
    return Transformer.from_crs(CRS.from_user_input(source), CRS.from_user_input(METRIC_CRS), always_xy=True)


def projected_xy(points: pd.DataFrame | pd.Series) -> np.ndarray:
    """Return an ``(n, 2)`` float array of EPSG:3035 coordinates in metres, in the order of ``points``.

    Raises :class:`~data.errors.CRSError` for geometries without a CRS and :class:`InputError` for
    missing coordinates (drop or locate them first) or a frame with neither geometry nor ``lon``/``lat``.
    """
    geometry = getattr(points, "geometry", None) if hasattr(points, "crs") else None
    if geometry is not None:
        if points.crs is None:
            raise CRSError("the points have no CRS; set one (e.g. EPSG:4326) before clustering")
        if len(geometry) and not (geometry.geom_type == "Point").all():
            raise InputError("firm locations must be points")
        x, y = geometry.x.to_numpy(float), geometry.y.to_numpy(float)
        source = points.crs.to_string()
    elif isinstance(points, pd.DataFrame) and {"lon", "lat"} <= set(points.columns):
        x, y = points["lon"].to_numpy(float), points["lat"].to_numpy(float)
        source = "EPSG:4326"
    else:
        raise InputError("points must be a GeoDataFrame/GeoSeries with a CRS or a DataFrame with lon and lat")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise InputError("some points have no coordinates; drop or locate them first")
    if CRS.from_user_input(source) == CRS.from_user_input(METRIC_CRS):
        return np.column_stack([x, y])
    px, py = _transformer(source).transform(x, y)
    return np.column_stack([px, py])


def aligned_weights(weights: pd.Series | np.ndarray | None, index: pd.Index) -> np.ndarray | None:
    """Weights as a float array aligned to ``index`` by label (a Series) or position (an array); ≥ 0, finite."""
    if weights is None:
        return None
    if isinstance(weights, pd.Series):
        if not weights.index.equals(index):
            if not index.isin(weights.index).all():
                raise AlignmentError("weights lack some of the points' labels")
            weights = weights.reindex(index)
        values = weights.to_numpy(float)
    else:
        values = np.asarray(weights, dtype=float)
        if values.shape != (len(index),):
            raise InputError(f"weights have shape {values.shape}, expected ({len(index)},)")
    if not np.isfinite(values).all() or (values < 0).any():
        raise InputError("weights must be finite and ≥ 0 (e.g. employees; fill missing values first)")
    return values
