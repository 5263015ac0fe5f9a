"""Spatial weights: queen contiguity over regions, islands joined to a neighbour.

Built once per (NUTS version, level) and reused by :mod:`analysis.spatial`; also
re-exported from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from libpysal.graph import Graph

from data.errors import InputError

__all__ = ["SpatialWeights", "spatial_weights"]

_EQUAL_AREA_EUROPE = 3035  # ETRS89-LAEA, metres, for centroid distances


@dataclass(frozen=True, slots=True)
class SpatialWeights:
    """Contiguity weights and the regions that had to be joined to a nearest neighbour.

    Attributes
    ----------
    graph : libpysal.graph.Graph
        Binary, symmetric queen-contiguity graph over all region ids (in input order).
    islands : tuple of str
        Ids of the regions that had no contiguous neighbour and were linked (both ways)
        to their nearest region by centroid distance.

    """

    graph: Graph
    islands: tuple[Any, ...]


def spatial_weights(regions_gdf: Any, *, id_column: str = "nuts_id") -> SpatialWeights:
    """Build queen-contiguity weights, joining islands to their nearest region.

    Parameters
    ----------
    regions_gdf : GeoDataFrame
        Region polygons (analysis geometry, not the simplified display geometry) with a
        unique id column.
    id_column : str, default "nuts_id"
        Column holding the region ids used as graph ids.

    Returns
    -------
    SpatialWeights
        ``graph``: binary symmetric Graph (ids in input order); ``islands``: the ids
        that had no contiguous neighbour.

    Raises
    ------
    TypeError
        If ``regions_gdf`` has no geometry.
    InputError
        If ``id_column`` is missing or its ids are duplicated or missing.

    Notes
    -----
    Queen contiguity (shared vertex or edge) from ``Graph.build_contiguity``. An island
    is linked both ways to the region with the nearest centroid (k = 1); centroids are
    taken in ETRS89-LAEA (EPSG:3035) when the CRS is geographic.

    References
    ----------
    .. [1] Rey, S. J., Anselin, L. (2007). PySAL: A Python Library of Spatial Analytical
       Methods; ``libpysal.graph``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> gdf = gpd.GeoDataFrame({"nuts_id": ["A", "B", "C"]},
    ...     geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(5, 0, 6, 1)], crs=3035)
    >>> w = spatial_weights(gdf)
    >>> w.islands
    ('C',)
    >>> sorted(w.graph.neighbors["C"])
    ['B']

    """
    if not isinstance(regions_gdf, pd.DataFrame) or not hasattr(
        regions_gdf, "geometry"
    ):
        raise TypeError(
            f"regions_gdf must be a GeoDataFrame, got {type(regions_gdf).__name__}"
        )
    if id_column not in regions_gdf.columns:
        raise InputError(
            f"regions_gdf has no column {id_column!r}; found "
            f"{list(regions_gdf.columns)}"
        )
    ids = pd.Index(regions_gdf[id_column])
    if ids.hasnans or ids.has_duplicates:
        raise InputError(
            f"{id_column} must be unique and non-missing; found duplicates or NaN"
        )
    geometry = regions_gdf.geometry.set_axis(ids)
    contiguity = Graph.build_contiguity(geometry, rook=False)
    islands = tuple(contiguity.isolates)
    if not islands or len(ids) < 2:
        return SpatialWeights(graph=contiguity, islands=islands)
    crs = getattr(geometry, "crs", None)
    projected = (
        geometry.to_crs(_EQUAL_AREA_EUROPE)
        if crs is not None and crs.is_geographic
        else geometry
    )
    nearest = Graph.build_knn(projected.centroid, k=1).adjacency.reset_index()
    nearest = nearest[nearest["focal"].isin(islands)]
    edges = contiguity.adjacency.reset_index()
    edges = edges[edges["focal"] != edges["neighbor"]]
    added = pd.concat(
        [
            nearest[["focal", "neighbor"]],
            nearest.rename(columns={"focal": "neighbor", "neighbor": "focal"})[
                ["focal", "neighbor"]
            ],
        ]
    )
    links = pd.concat([edges[["focal", "neighbor"]], added]).drop_duplicates()
    position = pd.Series(np.arange(len(ids)), index=ids)
    links = links.assign(
        _f=position.reindex(links["focal"]).to_numpy(),
        _n=position.reindex(links["neighbor"]).to_numpy(),
    ).sort_values(["_f", "_n"])
    graph = Graph.from_arrays(
        links["focal"].to_numpy(), links["neighbor"].to_numpy(), np.ones(len(links))
    )
    return SpatialWeights(graph=graph, islands=islands)
