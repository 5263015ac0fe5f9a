"""Build the embedded default dataset from the raw open data in ``../shared/data/raw``.

Run ``python -m default_build [--raw DIR] [--out DIR]``. Deterministic: the same raw files give the
same output files. Writes Parquet/GeoParquet into ``data/default`` and a ``build_report.json``
with the counts quoted in ``data/SOURCES.md``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from data.flags import NEGATIVE_IN_SOURCE, flag_negative
from data.nace import build_nace_tree
from data.nuts import convert_counts, read_crosswalk, read_nuts_polygons, simplify_for_display
from data.store import DEFAULT_DIR
from default_build.hotmaps_sites import assign_regions, read_hotmaps_sites
from ingest.eurostat_tsv import read_eurostat_tsv

ROOT = Path(__file__).resolve().parent
DEFAULT_RAW = ROOT.parent.parent / "shared" / "data" / "raw"
DEFAULT_OUT = DEFAULT_DIR  # data/default, the folder the store reads

#: SBS indicator codes → measure names of the stats table.
SBS_MEASURES = {"V16110": "employment", "V11210": "local_units", "V13320": "wages_meur"}
STATS_COLUMNS = ["nuts_id", "nuts_version", "year", "nace", "measure", "value", "flag"]
KEYS = ["year", "nace", "measure"]
#: Negative source cells listed one by one in the build report, at most.
NEGATIVE_LISTED = 20


def build_regions(raw: Path) -> gpd.GeoDataFrame:
    """NUTS 2013 (GISCO 1:20M, EPSG:3857 → 4326) and NUTS 2021 (GISCO 1:10M) polygons, full detail."""
    nuts = raw / "nuts"
    v2013 = read_nuts_polygons(nuts / "NUTS_RG_20M_2013_3857" / "NUTS_RG_20M_2013_3857.shp", 2013)
    v2021 = read_nuts_polygons(nuts / "NUTS_RG_10M_2021_4326.geojson", 2021)
    return pd.concat([v2013, v2021], ignore_index=True)


def _crosswalk(raw: Path, level: int, source: int, target: int) -> pd.DataFrame:
    return read_crosswalk(raw / "nuts" / "crosswalks" / f"n{level}_cm_v{source}_v{target}.csv")


def _convert(stats: pd.DataFrame, raw: Path, source: int, target: int) -> pd.DataFrame:
    """Convert NUTS 1 and 2 rows with the JRC matrices (pop-2018 weights); NUTS 0 rows are kept as they are."""
    parts = [stats[stats["nuts_id"].str.len() == 2]]
    for level in (1, 2):
        rows = stats[stats["nuts_id"].str.len() == level + 2]
        parts.append(convert_counts(rows, _crosswalk(raw, level, source, target), KEYS))
    out = pd.concat(parts, ignore_index=True)
    out["nuts_version"] = target
    return out


def build_sbs(raw: Path, regions: gpd.GeoDataFrame, report: dict) -> pd.DataFrame:
    """Regional SBS (sbs_r_nuts06_r2) harmonised to NUTS 2013 and converted to NUTS 2021.

    The file mixes NUTS 2013 codes with NUTS 2010 codes (earlier years) and a few NUTS 2006 codes.
    2010-only codes are converted to 2013 with the JRC matrix and fill only cells the 2013 codes
    leave missing; 2006 codes (no conversion matrix) and extra-regio ``ZZ`` codes are dropped.
    Negative values (none of the measures can be negative) become NaN with the flag
    :data:`data.flags.NEGATIVE_IN_SOURCE` before any conversion, and are never filled from 2010 codes.
    """
    sbs = read_eurostat_tsv(raw / "eurostat_sbs_r_nuts06_r2_2017-07.tsv.gz")
    sbs = sbs[sbs["indic_sb"].isin(list(SBS_MEASURES))]
    sbs = pd.DataFrame({"nuts_id": sbs["geo"], "year": sbs["year"], "nace": sbs["nace_r2"],
                        "measure": sbs["indic_sb"].map(SBS_MEASURES), "value": sbs["value"],
                        "flag": sbs["flag"]})
    sbs = _flag_negative(sbs, "sbs", report)
    codes2013 = set(regions.loc[regions["nuts_version"] == 2013, "nuts_id"])
    codes2010 = set(pd.concat([_crosswalk(raw, lvl, 2010, 2013)["source"] for lvl in (1, 2)]))
    is2013 = sbs["nuts_id"].isin(codes2013)
    is2010 = ~is2013 & sbs["nuts_id"].isin(codes2010)
    dropped = sbs[~is2013 & ~is2010]
    report["sbs_cells_read"] = int(len(sbs))
    report["sbs_codes_dropped"] = sorted(dropped["nuts_id"].unique())
    report["sbs_values_dropped"] = int(dropped["value"].notna().sum())
    native = sbs[is2013].assign(nuts_version=2013)
    from2010 = _convert(sbs[is2010], raw, 2010, 2013)
    merged = native.merge(from2010, on=["nuts_id", *KEYS], how="outer", suffixes=("", "_2010"))
    unusable = merged["flag"].fillna("").str.contains(NEGATIVE_IN_SOURCE, regex=False)
    fill = merged["value"].isna() & merged["value_2010"].notna() & ~unusable
    merged.loc[fill, "value"] = merged.loc[fill, "value_2010"]
    merged.loc[fill, "flag"] = merged.loc[fill, "flag_2010"]
    merged["flag"] = merged["flag"].fillna("")
    merged["nuts_version"] = 2013
    report["sbs_values_filled_from_2010_codes"] = int(fill.sum())
    v2013 = merged[STATS_COLUMNS]
    v2021 = _convert(v2013, raw, 2013, 2021)[STATS_COLUMNS]
    out = pd.concat([v2013, v2021], ignore_index=True)
    report["sbs_rows"] = {str(v): int((out["nuts_version"] == v).sum()) for v in (2013, 2021)}
    return _typed(out)


def build_context(raw: Path, regions: gpd.GeoDataFrame, report: dict) -> pd.DataFrame:
    """GDP (MIO EUR), population (1 January) and area (km²) for NUTS 2021 regions, all levels."""
    gdp = read_eurostat_tsv(raw / "eurostat_nama_10r_3gdp_2023.tsv.gz")
    gdp = gdp[gdp["unit"] == "MIO_EUR"].assign(measure="gdp_meur")
    pop = read_eurostat_tsv(raw / "eurostat_demo_r_pjanaggr3_2026.tsv.gz")
    pop = pop[(pop["sex"] == "T") & (pop["age"] == "TOTAL")].assign(measure="population")
    area = read_eurostat_tsv(raw / "eurostat_reg_area3_2026.tsv.gz")
    area = area[(area["landuse"] == "TOTAL") & (area["unit"] == "KM2")].assign(measure="area_km2")
    codes2021 = set(regions.loc[regions["nuts_version"] == 2021, "nuts_id"])
    rows = pd.concat([t[["geo", "year", "measure", "value", "flag"]] for t in (gdp, pop, area)])
    rows = rows[rows["geo"].isin(codes2021)].rename(columns={"geo": "nuts_id"})
    rows = _flag_negative(rows.assign(nace="TOTAL"), "context", report)
    out = rows.assign(nuts_version=2021)[STATS_COLUMNS]
    report["context_rows"] = int(len(out))
    return _typed(out)


def _flag_negative(stats: pd.DataFrame, table: str, report: dict) -> pd.DataFrame:
    """Flag negative source values (see :func:`data.flags.flag_negative`) and count them in the report.

    The report gets ``{table}_negative_values`` (count per measure) and ``{table}_negative_cells``
    (the first :data:`NEGATIVE_LISTED` cells: region, year, NACE code, measure, source value).
    """
    out, negative = flag_negative(stats)
    negative = negative.sort_values(["measure", "year", "nace", "nuts_id"])
    counts = negative["measure"].astype(str).value_counts().sort_index()
    report[f"{table}_negative_values"] = {k: int(v) for k, v in counts.items()}
    report[f"{table}_negative_cells"] = negative[["nuts_id", "year", "nace", "measure", "value"]].head(
        NEGATIVE_LISTED).to_dict("records")
    return out


def _typed(stats: pd.DataFrame) -> pd.DataFrame:
    out = stats.copy()
    for column in ("nuts_id", "nace", "measure", "flag"):
        out[column] = out[column].astype("category")
    out["nuts_version"] = out["nuts_version"].astype("int16")
    out["year"] = out["year"].astype("int16")
    out["value"] = out["value"].astype("float64")
    return out.sort_values(["nuts_version", "measure", "year", "nace", "nuts_id"]).reset_index(drop=True)


def build_sites(raw: Path, regions: gpd.GeoDataFrame, report: dict) -> gpd.GeoDataFrame:
    """Hotmaps sites with their NUTS-3 code in both versions (points within the full polygons)."""
    sites = read_hotmaps_sites(raw / "hotmaps_industrial_database.csv.gz")
    for version in (2013, 2021):
        column = f"nuts3_{version}"
        sites[column] = assign_regions(sites, regions[regions["nuts_version"] == version], column=column)
        report[f"sites_outside_nuts_{version}"] = int(sites[column].isna().sum())
    report["sites"] = int(len(sites))
    report["sites_without_nace"] = int(sites["nace"].isna().sum())
    return sites


def build(raw: Path = DEFAULT_RAW, out: Path = DEFAULT_OUT) -> dict:
    """Build every file of the default dataset into ``out``; return the build report."""
    out.mkdir(parents=True, exist_ok=True)
    report: dict = {}
    tree = build_nace_tree(raw / "nace_rev2_codes_clean.csv")
    tree.to_parquet(out / "nace.parquet")
    regions = build_regions(raw)
    regions.to_parquet(out / "regions.parquet", compression="zstd")
    simplify_for_display(regions).to_parquet(out / "regions_display.parquet", compression="zstd")
    report["regions"] = {str(v): regions[regions["nuts_version"] == v].groupby("level").size().to_dict()
                         for v in (2013, 2021)}
    build_sbs(raw, regions, report).to_parquet(out / "sbs.parquet", compression="zstd", index=False)
    build_context(raw, regions, report).to_parquet(out / "context.parquet", compression="zstd", index=False)
    build_sites(raw, regions, report).to_parquet(out / "sites.parquet", compression="zstd")
    (out / "build_report.json").write_text(json.dumps(report, indent=2, default=int) + "\n")
    return report


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m default_build --raw DIR --out DIR``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=DEFAULT_RAW)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    print(json.dumps(build(args.raw, args.out), indent=2, default=int))


if __name__ == "__main__":
    main()
