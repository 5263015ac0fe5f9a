"""Enterprise point layers: the Hotmaps industrial sites, mapped to NACE and to NUTS regions."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from data.size_classes import size_class

#: Hotmaps subsector → NACE Rev. 2 code (dissemination style). "Other non-classified" has none.
SUBSECTOR_NACE = {
    "Non-metallic mineral products": "C23",
    "Cement": "C2351",
    "Glass": "C231",
    "Paper and printing": "C17",
    "Chemical industry": "C20",
    "Iron and steel": "C241",
    "Non-ferrous metals": "C244",
    "Refineries": "C192",
    "Other non-classified": None,
}

#: Country names in the Hotmaps file → NUTS country codes (EL for Greece, UK for the United Kingdom).
#: "Liechtenstein" rows are Croatian sites (Kutina, Pula, Sisak…): relabelled HR.
COUNTRY_CODES = {
    "Austria": "AT", "Belgium": "BE", "Bulgaria": "BG", "Croatia": "HR", "Cyprus": "CY",
    "Czech Republic": "CZ", "Czechia": "CZ", "Denmark": "DK", "Estonia": "EE", "Finland": "FI",
    "France": "FR", "Germany": "DE", "Greece": "EL", "Hungary": "HU", "Ireland": "IE", "Italy": "IT",
    "Latvia": "LV", "Liechtenstein": "HR", "Lithuania": "LT", "Luxembourg": "LU", "Malta": "MT",
    "Netherland": "NL", "Netherlands": "NL", "Norway": "NO", "Poland": "PL", "Portugal": "PT",
    "Romania": "RO", "Slovakia": "SK", "Slovenia": "SI", "Spain": "ES", "Sweden": "SE",
    "Switzerland": "CH", "United Kingdom": "UK",
}

def read_hotmaps_sites(path: str | Path) -> gpd.GeoDataFrame:
    """Read the Hotmaps industrial database into the ``enterprises`` schema.

    Rows without a point are dropped; the 34 "Liechtenstein" rows are relabelled Croatia (HR);
    subsectors are mapped to NACE (:data:`SUBSECTOR_NACE`); emissions are ETS 2014 where reported,
    else E-PRTR 2014 (tonnes CO2 per year).

    Returns
    -------
    GeoDataFrame
        Columns ``id, name, site_name, city, country, subsector, nace, employees, size_class,
        emissions_t, source, geometry`` in EPSG:4326.
    """
    raw = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    raw = raw[raw["geom"].str.contains("POINT", na=False)].copy()
    geometry = shapely.from_wkt(raw["geom"].str.replace(r"^SRID=\d+;", "", regex=True))
    ets = pd.to_numeric(raw["Emissions_ETS_2014"], errors="coerce")
    eprtr = pd.to_numeric(raw["Emissions_EPRTR_2014"], errors="coerce")
    emissions = ets.where(ets > 0, eprtr)
    employees = pd.Series(pd.NA, index=raw.index, dtype="Int64")
    return gpd.GeoDataFrame({
        "id": "hotmaps-" + raw["SiteID"],
        "name": raw["CompanyName"].str.strip(),
        "site_name": raw["SiteName"].str.strip(),
        "city": raw["City"].str.strip(),
        "country": raw["Country"].map(COUNTRY_CODES),
        "subsector": raw["Subsector"],
        "nace": raw["Subsector"].map(SUBSECTOR_NACE),
        "employees": employees,
        "size_class": size_class(employees.astype(float)),
        "emissions_t": emissions.astype(float),
        "source": "Hotmaps industrial database (" + raw["DataSource"] + ", 2014)",
    }, geometry=geometry, crs="EPSG:4326").reset_index(drop=True)


def assign_regions(points: gpd.GeoDataFrame, regions: gpd.GeoDataFrame, *, column: str) -> pd.Series:
    """Return the NUTS-3 code of the region containing each point (``<NA>`` outside every region).

    ``regions`` must hold the full (analysis) geometry of level-3 regions in the points' CRS.
    Codes of levels 0–2 are prefixes of the level-3 code.
    """
    level3 = regions.loc[regions["level"] == 3, ["nuts_id", "geometry"]]
    joined = gpd.sjoin(points[["geometry"]], level3, how="left", predicate="within")
    first = joined[~joined.index.duplicated(keep="first")]
    return first["nuts_id"].astype("string").rename(column)
