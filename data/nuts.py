"""NUTS regions: polygons of several versions, display simplification, and version conversion."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data.errors import CRSError, SchemaError

#: Display simplification tolerance in degrees per NUTS level (finer for smaller regions).
DISPLAY_TOLERANCE = {0: 0.02, 1: 0.012, 2: 0.008, 3: 0.004}
#: Decimal places kept in display coordinates (about 100 m at 3 decimals).
DISPLAY_DECIMALS = 3
#: Overlaps carrying less than this share of a source region's weight are slivers and are dropped.
SLIVER_SHARE = 0.01


def read_nuts_polygons(path: str | Path, version: int) -> gpd.GeoDataFrame:
    """Read GISCO NUTS polygons into the ``regions`` schema, reprojected to EPSG:4326 with pyproj.

    Parameters
    ----------
    path : str or Path
        GISCO file (GeoJSON or Shapefile) with ``NUTS_ID``, ``LEVL_CODE``, ``CNTR_CODE``, ``NAME_LATN``.
    version : int
        NUTS version the file uses (2013, 2021, ...).

    Returns
    -------
    GeoDataFrame
        Columns ``nuts_id, level, country, name, nuts_version, geometry`` in EPSG:4326, full geometry.

    Raises
    ------
    CRSError
        If the file has no CRS.
    SchemaError
        If a required column is missing.
    """
    gdf = gpd.read_file(path)
    if gdf.crs is None:
        raise CRSError(f"{Path(path).name}: no coordinate reference system; cannot place the polygons")
    missing = {"NUTS_ID", "LEVL_CODE", "CNTR_CODE", "NAME_LATN"} - set(gdf.columns)
    if missing:
        raise SchemaError(f"missing columns {sorted(missing)}", file=Path(path).name)
    gdf = gdf.to_crs("EPSG:4326")
    out = gpd.GeoDataFrame({
        "nuts_id": gdf["NUTS_ID"].astype(str),
        "level": gdf["LEVL_CODE"].astype(int),
        "country": gdf["CNTR_CODE"].astype(str),
        "name": gdf["NAME_LATN"].astype(str),
        "nuts_version": version,
    }, geometry=shapely.make_valid(gdf.geometry.values), crs="EPSG:4326")
    return out.sort_values(["level", "nuts_id"]).reset_index(drop=True)


def simplify_for_display(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Simplify polygons per level (topology kept per shape) and round coordinates for the browser.

    Tolerances are in degrees (:data:`DISPLAY_TOLERANCE`); coordinates are rounded to
    :data:`DISPLAY_DECIMALS` decimals. Analysis must keep using the full geometry.
    """
    tolerance = regions["level"].map(DISPLAY_TOLERANCE).to_numpy()
    simple = shapely.simplify(regions.geometry.values, tolerance, preserve_topology=True)
    rounded = shapely.set_precision(simple, 10.0 ** -DISPLAY_DECIMALS)
    rounded = np.where(shapely.is_empty(rounded), simple, rounded)
    return regions.set_geometry(gpd.GeoSeries(rounded, index=regions.index, crs=regions.crs))


def read_crosswalk(path: str | Path, *, weight: str = "pop18") -> pd.DataFrame:
    """Read a JRC NUTS conversion matrix into source → target weights that sum to 1 per source.

    Parameters
    ----------
    path : str or Path
        ``nL_cm_vA_vB.csv`` with ``code_vA``, ``code_vB`` and covariate columns.
    weight : str, default "pop18"
        Covariate used to split a source region: ``pop18``, ``pop11``, ``areaKm``, ...

    Returns
    -------
    DataFrame
        Columns ``source``, ``target``, ``weight`` (share of the source's covariate in the overlap).
        Overlaps below :data:`SLIVER_SHARE` of their source are dropped as slivers before
        renormalising.
    """
    cw = pd.read_csv(path)
    codes = [c for c in cw.columns if c.startswith("code_v")]
    if len(codes) != 2 or weight not in cw.columns:
        raise SchemaError(f"expected two code_v* columns and '{weight}'", file=Path(path).name)
    out = pd.DataFrame({"source": cw[codes[0]], "target": cw[codes[1]], "w": cw[weight].clip(lower=0)})
    out["weight"] = out["w"] / out.groupby("source")["w"].transform("sum")
    out = out[out["weight"] >= SLIVER_SHARE].copy()
    out["weight"] = out["w"] / out.groupby("source")["w"].transform("sum")
    return out[["source", "target", "weight"]].reset_index(drop=True)


def convert_counts(stats: pd.DataFrame, crosswalk: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Move additive counts (persons, units, EUR) from one NUTS version to another.

    Each source value is split over its target regions by the crosswalk weight and summed by target.
    NaN rule: a target is NaN if any source overlapping it is NaN (missing never counts as 0). Flags
    of all contributing sources are merged (letters, sorted, unique). Codes absent from the
    crosswalk are dropped.

    Parameters
    ----------
    stats : DataFrame
        Columns ``nuts_id``, ``value``, ``flag`` and the ``keys``.
    crosswalk : DataFrame
        From :func:`read_crosswalk`.
    keys : list of str
        Columns that identify a cell besides the region, e.g. ``["year", "nace", "measure"]``.

    Returns
    -------
    DataFrame
        Same columns, regions in the target version.
    """
    merged = stats.merge(crosswalk, left_on="nuts_id", right_on="source", how="inner")
    merged["part"] = merged["value"] * merged["weight"]
    merged["missing"] = merged["value"].isna()
    grouped = merged.groupby(["target", *keys], sort=False)
    out = grouped.agg(value=("part", "sum"), missing=("missing", "any"), flag=("flag", "sum")).reset_index()
    out["flag"] = merge_flags(out["flag"])
    out.loc[out["missing"], "value"] = np.nan
    return out.drop(columns="missing").rename(columns={"target": "nuts_id"})


def merge_flags(flags: pd.Series) -> pd.Series:
    """Reduce concatenated flag strings to their unique letters, sorted (``'cpc'`` → ``'cp'``)."""
    unique = pd.unique(flags.astype(str))
    return flags.astype(str).map({f: "".join(sorted(set(f))) for f in unique})
