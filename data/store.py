"""The loaded datasets, with region × sector matrices precomputed for fast, vectorised index updates."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from data.cache import Cache, Generations
from data.errors import DatasetNotFoundError, SchemaError
from data.measures import measure_order
from data.nace import AGGREGATES, BUSINESS_ECONOMY

DEFAULT_DIR = Path(__file__).resolve().parent / "default"
REQUIRED_FILES = ("nace.parquet", "regions.parquet", "regions_display.parquet", "sbs.parquet",
                  "context.parquet", "sites.parquet")
#: Generation of the embedded default datasets: they change only with a new build and a restart.
DEFAULT_GENERATION = "default"
#: Values derived from a store by other layers (indicator values of a view, …) kept per store.
DERIVED_CACHE_SIZE = 192
BOUNDARIES = "© EuroGeographics for the administrative boundaries"
ATTRIBUTION = ("Source: Eurostat (sbs_r_nuts06_r2, nama_10r_3gdp, demo_r_pjanaggr3, reg_area3); "
               f"{BOUNDARIES}; Hotmaps industrial database, CC BY 4.0")


def new_generation() -> str:
    """Return a fresh generation id (random, 32 hex digits): unique across processes and restarts."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Dataset:
    """One regional table: its measures, years, NUTS versions and levels.

    ``total_codes`` are the NACE codes whose sum is a region's total E_r· (non-overlapping);
    ``points`` the enterprises or cluster organisations behind a register (None for tables);
    ``measure_labels`` the labels the source file gave its measures (key → label; see
    :func:`data.measures.measure_spec`).
    ``generation`` changes whenever the content changes (the ingest id of a workspace dataset,
    :data:`DEFAULT_GENERATION` for the default data, a fresh id otherwise); every cache key names it.
    Use a new generation when building a changed copy (``dataclasses.replace``).
    """

    key: str
    label: str
    stats: pd.DataFrame = field(repr=False)
    measures: tuple[str, ...]
    versions: tuple[int, ...]
    levels: tuple[int, ...]
    years: tuple[int, ...]
    native_version: int
    sectoral: bool
    total_codes: tuple[str, ...] = AGGREGATES[BUSINESS_ECONOMY][1]
    kind: str = "official"
    synthetic: bool = False
    points: gpd.GeoDataFrame | None = field(default=None, repr=False)
    measure_labels: Mapping[str, str] = field(default_factory=dict, repr=False)
    generation: str = field(default_factory=new_generation)
    source: str = ""  # where a user's dataset comes from (file, rows, date of ingest); "" for the default data

    @property
    def attribution(self) -> str:
        """The source line of maps and exports of this dataset (the default data's for the default data)."""
        return f"{self.source}; {BOUNDARIES}" if self.source else ATTRIBUTION

    @classmethod
    def from_stats(cls, key: str, label: str, stats: pd.DataFrame, tree: pd.DataFrame, *, kind: str = "register",
                   synthetic: bool = False, points: gpd.GeoDataFrame | None = None,
                   measure_labels: Mapping[str, str] | None = None, source: str = "",
                   generation: str | None = None) -> Dataset:
        """Describe a stats table (DESIGN §3 schema) ingested from a file; sections partition its total.

        ``generation`` defaults to a fresh id (a dataset built in memory is new content).
        """
        codes = set(stats["nace"].astype(str).unique())
        sections = tuple(c for c in tree.index[tree["level"] == 1] if c in codes)
        versions = tuple(sorted(int(v) for v in stats["nuts_version"].unique()))
        levels = tuple(sorted(int(n) - 2 for n in stats["nuts_id"].astype(str).str.len().unique()))
        return cls(key, label, stats, measure_order(stats["measure"].astype(str).unique()), versions, levels,
                   tuple(sorted(int(y) for y in stats["year"].unique())), versions[0], bool(sections), sections,
                   kind, synthetic, points, dict(measure_labels or {}),
                   generation if generation is not None else new_generation(), source)


@dataclass(frozen=True)
class _Slice:
    """One (dataset, version, measure, year, level): matrix, flags, listed regions, business total."""

    matrix: pd.DataFrame
    flags: pd.DataFrame
    listed: pd.Series
    total: pd.Series


class DataStore:
    """Read-only access to the default data; every derived table is cached and never mutated.

    Caches (:class:`data.cache.Cache`) are keyed by the generation of the datasets they were built
    from: ``tables`` (matrices, codes, enterprise tables, region tables; unbounded, filled at
    start-up by :meth:`precompute`) and ``derived`` (values other layers compute from the store,
    e.g. a view's indicator values; the :data:`DERIVED_CACHE_SIZE` most recent).

    Parameters
    ----------
    directory : str or Path, default ``data/default``
        Folder with the files written by ``python -m default_build``.

    Raises
    ------
    SchemaError
        If a required file is missing.
    """

    def __init__(self, directory: str | Path = DEFAULT_DIR) -> None:
        self.directory = Path(directory)
        missing = [f for f in REQUIRED_FILES if not (self.directory / f).exists()]
        if missing:
            raise SchemaError(f"dataset folder lacks {missing}; run 'python -m default_build'",
                              file=str(self.directory))
        self.tree = pd.read_parquet(self.directory / "nace.parquet")
        self._regions = gpd.read_parquet(self.directory / "regions.parquet")
        self._display = gpd.read_parquet(self.directory / "regions_display.parquet")
        self.sites = gpd.read_parquet(self.directory / "sites.parquet")
        self.datasets = {d.key: d for d in (self._sbs(), self._context())}
        self.tables = Cache(maxsize=None)
        self.derived = Cache(maxsize=DERIVED_CACHE_SIZE)

    def _sbs(self) -> Dataset:
        stats = pd.read_parquet(self.directory / "sbs.parquet")
        return Dataset("sbs", "Eurostat regional business statistics (SBS) 2008–2015", stats,
                       ("employment", "local_units", "wages_meur"), (2013, 2021), (0, 1, 2),
                       tuple(sorted(stats["year"].unique().tolist())), 2013, True, generation=DEFAULT_GENERATION)

    def _context(self) -> Dataset:
        stats = pd.read_parquet(self.directory / "context.parquet")
        return Dataset("context", "Eurostat GDP, population and area (NUTS 2021)", stats,
                       ("gdp_meur", "population", "area_km2"), (2021,), (0, 1, 2, 3),
                       tuple(sorted(stats["year"].unique().tolist())), 2021, False, generation=DEFAULT_GENERATION)

    # ---- regions -------------------------------------------------------------------------------
    def regions(self, version: int, level: int | None = None, *, display: bool = False) -> gpd.GeoDataFrame:
        """Regions of one NUTS version (and level): full geometry, or simplified for display."""
        def build() -> gpd.GeoDataFrame:
            source = self._display if display else self._regions
            mask = source["nuts_version"] == version
            if level is not None:
                mask &= source["level"] == level
            if not mask.any():
                raise DatasetNotFoundError(f"no regions for NUTS {version} level {level}")
            return source[mask].set_index("nuts_id", drop=False)

        return self.tables.get((), ("regions", version, level, display), build)

    def region_table(self, version: int, level: int) -> pd.DataFrame:
        """Plain table (no geometry) of the level's regions: ``nuts_id``, ``name``, ``country``. Cached."""
        return self.tables.get((), ("region table", version, level),
                               lambda: pd.DataFrame(self.regions(version, level)[["nuts_id", "name", "country"]]))

    def points(self, version: int, level: int) -> pd.DataFrame:
        """Return a representative point (inside the full polygon) of each region: ``lat``, ``lon``. Cached."""
        def build() -> pd.DataFrame:
            regions = self.regions(version, level)
            inside = regions.geometry.representative_point()
            return pd.DataFrame({"lat": inside.y, "lon": inside.x}, index=regions.index)

        return self.tables.get((), ("points", version, level), build)

    def geojson(self, version: int, level: int) -> dict:
        """GeoJSON FeatureCollection of display polygons; feature ``id`` = ``nuts_id``. Cached."""
        return self.tables.get((), ("geojson", version, level), lambda: self._build_geojson(version, level))

    def _build_geojson(self, version: int, level: int) -> dict:
        shapes = self.regions(version, level, display=True)[["nuts_id", "geometry"]]
        collection = json.loads(shapes.to_json(drop_id=True))
        for feature in collection["features"]:
            feature["id"] = feature["properties"]["nuts_id"]
            feature["properties"] = {}
        return collection

    def countries(self, version: int) -> pd.Series:
        """Country code → name, for one NUTS version."""
        level0 = self.regions(version, 0)
        return level0["name"].sort_index()

    # ---- matrices ------------------------------------------------------------------------------
    def dataset(self, key: str) -> Dataset:
        """Return a dataset by key or raise :class:`DatasetNotFoundError` listing the known keys."""
        if key not in self.datasets:
            raise DatasetNotFoundError(f"unknown dataset '{key}'; known: {sorted(self.datasets)}")
        return self.datasets[key]

    def generations(self, *keys: str) -> Generations:
        """Return ``(key, generation)`` of each named dataset: the dataset part of a cache key.

        Raises :class:`DatasetNotFoundError` for an unknown key.
        """
        return tuple((key, self.dataset(key).generation) for key in keys)

    def _wide_tables(self, ds: Dataset, version: int,
                     measure: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """(values, flags, cell listed) of one measure, rows (year, nuts_id), columns NACE codes."""
        def build() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
            stats = ds.stats
            rows = stats[(stats["nuts_version"] == version) & (stats["measure"] == measure)]
            if rows.empty:
                raise DatasetNotFoundError(f"dataset '{ds.key}' has no '{measure}' in NUTS {version}")
            rows = rows.assign(nuts_id=rows["nuts_id"].astype(str), nace=rows["nace"].astype(str),
                               flag=rows["flag"].astype(str))
            values = rows.pivot_table(index=["year", "nuts_id"], columns="nace", values="value",
                                      aggfunc="first", dropna=False, observed=True)
            values = values.sort_index()
            flags = rows.pivot(index=["year", "nuts_id"], columns="nace", values="flag").reindex_like(values)
            return values, flags.fillna(""), flags.notna()

        return self.tables.get(((ds.key, ds.generation),), ("wide", version, measure), build)

    def precompute(self) -> None:
        """Build every (dataset, version, measure, year, level) matrix now, so that no request pays for it."""
        for ds in self.datasets.values():
            for version in ds.versions:
                for measure in ds.measures:
                    for year in ds.years:
                        for level in ds.levels:
                            self._slice(ds, version, measure, year, level)

    def _slice(self, ds: Dataset, version: int, measure: str, year: int, level: int) -> _Slice:
        """Return the slice of one generation of a dataset, built from and keyed by that same object."""
        return self.tables.get(((ds.key, ds.generation),), ("slice", version, measure, year, level),
                               lambda: self._build_slice(ds, version, measure, year, level))

    def _build_slice(self, ds: Dataset, version: int, measure: str, year: int, level: int) -> _Slice:
        values, flags, present = self._wide_tables(ds, version, measure)
        ids = self.regions(version, level).index
        if year in values.index.get_level_values(0):
            year_values, year_flags = values.xs(year, level="year"), flags.xs(year, level="year")
            year_present = present.xs(year, level="year")
        else:
            year_values = pd.DataFrame(columns=values.columns, dtype=float)
            year_flags = pd.DataFrame(columns=flags.columns, dtype=object)
            year_present = pd.DataFrame(columns=values.columns, dtype=bool)
        matrix = year_values.reindex(ids)
        matrix.index.name = "nuts_id"
        if ds.kind == "register":
            # a register lists only cells with firms: an unlisted cell of a listed region is 0 firms
            unlisted = ~year_present.reindex(ids).fillna(False).astype(bool)
            listed = pd.Series(ids.isin(year_values.index), index=ids)
            matrix = matrix.mask(unlisted.mul(listed, axis=0).astype(bool), 0.0)
        sections = [c for c in ds.total_codes if c in matrix.columns]
        total = matrix[sections].sum(axis=1, min_count=1) if sections else pd.Series(np.nan, index=ids)
        return _Slice(matrix, year_flags.reindex(ids).fillna("").astype(object),
                      pd.Series(ids.isin(year_values.index), index=ids), total)

    def matrix(self, dataset: str, version: int, measure: str, year: int, level: int,
               codes: list[str] | None = None) -> pd.DataFrame:
        """Region × sector matrix of one measure: index ``nuts_id`` (all regions of the level), float.

        Regions of the level without any row are present with NaN cells; NaN means missing or
        confidential, never 0. The returned frame is a copy: callers may change it.
        """
        matrix = self._slice(self.dataset(dataset), version, measure, year, level).matrix
        return matrix.copy() if codes is None else matrix.reindex(columns=codes)

    def flags(self, dataset: str, version: int, measure: str, year: int, level: int,
              codes: list[str] | None = None) -> pd.DataFrame:
        """Eurostat flag letters aligned with :meth:`matrix` (``''`` for none or no row)."""
        flags = self._slice(self.dataset(dataset), version, measure, year, level).flags
        return flags.copy() if codes is None else flags.reindex(columns=codes, fill_value="")

    def has_row(self, dataset: str, version: int, measure: str, year: int, level: int) -> pd.Series:
        """Flag the regions that the table lists at all in that year (False = not covered)."""
        return self._slice(self.dataset(dataset), version, measure, year, level).listed.copy()

    def business_total(self, dataset: str, version: int, measure: str, year: int, level: int) -> pd.Series:
        """Region total E_r· = Σ of the dataset's ``total_codes`` that are known.

        For the SBS table these are the business-economy sections B–N and S95 (K is not covered).

        NaN when none is known (0/0 is never 0). Sections that are confidential are left out, so
        the total can be a lower bound in small regions; see the methodology view.
        """
        return self._slice(self.dataset(dataset), version, measure, year, level).total.copy()

    def coverage(self, dataset: str, version: int, measure: str, level: int) -> pd.Series:
        """Count the regions of the level with at least one known value, per year."""
        ds = self.dataset(dataset)

        def build() -> pd.Series:
            counts = {y: int(self._slice(ds, version, measure, y, level).matrix.notna().any(axis=1).sum())
                      for y in ds.years}
            return pd.Series(counts, dtype=int).rename_axis("year")

        return self.tables.get(((ds.key, ds.generation),), ("coverage", version, measure, level), build)

    def firm_table(self, dataset: str) -> pd.DataFrame | None:
        """Plain table of a register's enterprises: ``lon, lat, nace, nuts3, name, employees``. Cached.

        None when the dataset has no enterprise points. ``nuts3`` is the NUTS-3 code in the dataset's
        own NUTS version.
        """
        ds = self.dataset(dataset)

        def build() -> pd.DataFrame | None:
            points = ds.points
            column = f"nuts3_{ds.native_version}"
            if points is None or "nace" not in points or column not in points:
                return None
            return pd.DataFrame({
                "lon": points.geometry.x.to_numpy(), "lat": points.geometry.y.to_numpy(),
                "nace": points["nace"].astype("string"), "nuts3": points[column].astype("string"),
                "name": points["name"].astype("string") if "name" in points else pd.Series(pd.NA, index=points.index),
                "employees": points["employees"] if "employees" in points else pd.Series(pd.NA, index=points.index),
            }).reset_index(drop=True)

        return self.tables.get(((ds.key, ds.generation),), ("firms",), build)

    def add_dataset(self, dataset: Dataset) -> None:
        """Make a dataset available (e.g. an upload); a dataset of the same key is replaced whole.

        Every cache key names the generation it was built from, so no request mixes old and new;
        entries of the replaced generation are dropped to free their memory.
        """
        self.datasets = {**self.datasets, dataset.key: dataset}  # readers never see a half-changed dict
        for cache in (self.tables, self.derived):
            cache.set_current(dataset.key, dataset.generation)

    def sector_codes(self, dataset: str) -> pd.Index:
        """NACE codes the dataset has (tree order). Cached per dataset generation."""
        ds = self.dataset(dataset)
        return self.tables.get(((ds.key, ds.generation),), ("codes",),
                               lambda: self.tree.index[self.tree.index.isin(set(ds.stats["nace"].astype(str)))])

    def codes_at_level(self, dataset: str, nace_level: int) -> list[str]:
        """List the dataset's codes at one tree level (1 section … 4 class); S95 counts as a section here."""
        codes = self.sector_codes(dataset)
        levels = self.tree.loc[codes, "level"]
        chosen = codes[levels == nace_level].tolist()
        if nace_level == 1 and "S95" in codes:
            chosen.append("S95")
        return chosen


def load_store(directory: str | Path = DEFAULT_DIR) -> DataStore:
    """Load (once per folder, however it is spelled) and precompute a :class:`DataStore`."""
    return _load_store(Path(directory).resolve())


@lru_cache(maxsize=4)
def _load_store(directory: Path) -> DataStore:
    store = DataStore(directory)
    store.precompute()
    return store
