"""The region profile: totals, cluster portfolio, top specialisations and the sector's trend."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.clusters import cluster_strength, star_components, strong_clusters
from analysis.registry import INDICATORS
from analysis.specialisation import location_quotient
from data.measures import measures_of
from data.store import DataStore
from views.marks import STAR_NAMES, stars
from views.state import View
from views.values import REST, _reasons, sector_matrix, sectoral_view, units_measure, view_measure

EMPTY_PORTFOLIO = ["nace", "label", "stars", "strong"]


@dataclass(frozen=True)
class RegionProfile:
    """What the region panel shows.

    ``reasons`` says why a total of the chosen sector is missing (e.g. "not usable: negative in
    source"), by the label of ``totals``; totals that are known have no entry.
    """

    nuts_id: str
    name: str
    country: str
    level: int
    totals: pd.Series
    specialisations: pd.DataFrame
    trend: pd.DataFrame
    stars: pd.Series
    portfolio: pd.DataFrame
    cluster_strength: float
    reasons: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))


def _has_sectors(store: DataStore, view: View) -> bool:
    ds = store.dataset(view.dataset)
    return view.level in ds.levels and view.version in ds.versions


def region_profile(store: DataStore, view: View, nuts_id: str, *, top: int = 10) -> RegionProfile:
    """Profile of one region for the view's year, measure and NUTS version.

    Stars of the chosen sector, the divisions where the region has stars or is a strong cluster
    (its cluster portfolio), cluster strength (share of its employment in strong clusters), the
    ``top`` divisions by LQ, and the chosen sector's measure and LQ over the years.
    """
    row = store.regions(view.version, view.level).loc[nuts_id]
    sbs_view = sectoral_view(store, view)
    has_sbs = _has_sectors(store, sbs_view)
    sector_scope = view.spec.scope in {"sector", "measure", "change"}
    star_row = (stars(store, sbs_view).reindex([nuts_id]).iloc[0] if has_sbs and sector_scope
                else pd.Series({**dict.fromkeys(STAR_NAMES, False), "stars": 0}))
    portfolio, strength = _portfolio(store, sbs_view, nuts_id) if has_sbs else (
        pd.DataFrame(columns=EMPTY_PORTFOLIO), np.nan)
    totals, reasons = _totals(store, view, nuts_id)
    return RegionProfile(
        nuts_id, str(row["name"]), str(row["country"]), int(row["level"]), totals,
        _specialisations(store, sbs_view, nuts_id, top) if has_sbs else pd.DataFrame(
            columns=["nace", "label", "lq", "measure_value"]),
        _trend(store, sbs_view, nuts_id) if has_sbs else pd.DataFrame(columns=["year", "measure_value", "lq"]),
        star_row.fillna(False), portfolio, strength, reasons)


def _division_matrix(store: DataStore, view: View, measure: str) -> pd.DataFrame:
    """Divisions of the shown regions plus the rest of the business economy (rows sum to E_r·)."""
    args = (view.dataset, view.version, measure, view.year, view.level)
    m = store.matrix(*args, store.codes_at_level(view.dataset, 2))
    if view.countries:
        m = m[m.index.str[:2].isin(view.countries)]
    m[REST] = (store.business_total(*args).reindex(m.index) - m.sum(axis=1, min_count=1)).clip(lower=0)
    return m.dropna(how="all")


def _portfolio(store: DataStore, view: View, nuts_id: str) -> tuple[pd.DataFrame, float]:
    """Divisions with at least one star or a strong cluster in the region, and its cluster strength."""
    units_name = units_measure(store, view.dataset)
    if units_name is None or "employment" not in store.dataset(view.dataset).measures:
        return pd.DataFrame(columns=EMPTY_PORTFOLIO), np.nan
    employment = _division_matrix(store, view, "employment")
    units = _division_matrix(store, view, units_name).reindex_like(employment)
    if nuts_id not in employment.index:
        return pd.DataFrame(columns=EMPTY_PORTFOLIO), np.nan
    parts = star_components(employment)
    count = sum(getattr(parts, name).fillna(False).astype(int) for name in STAR_NAMES)
    both = employment.notna() & units.notna()
    strong = strong_clusters(employment.where(both), units.where(both)).drop(columns=REST)
    strength = float(cluster_strength(employment.where(both), strong.reindex(columns=employment.columns,
                                                                              fill_value=False)).get(nuts_id))
    table = pd.DataFrame({"stars": count.loc[nuts_id].drop(REST), "strong": strong.loc[nuts_id]})
    table = table[(table["stars"] > 0) | table["strong"]].sort_values(["stars", "strong"], ascending=False)
    table.insert(0, "label", store.tree.loc[table.index, "label"].to_numpy())
    return table.rename_axis("nace").reset_index(), strength


def _totals(store: DataStore, view: View, nuts_id: str) -> tuple[pd.Series, pd.Series]:
    """Business-economy and sector totals in the view's year; latest known GDP and population.

    Also returns why each missing sector total is missing (the reasons of the map and the ranking).
    """
    out, reasons = {}, {}
    sectoral = sectoral_view(store, view)
    ds = store.dataset(sectoral.dataset)
    total_name = "business economy" if sectoral.dataset == "sbs" else "all sectors"
    if view.level in ds.levels and view.version in ds.versions:
        for measure in measures_of(ds):
            args = (sectoral.dataset, view.version, measure.key, view.year, view.level)
            if measure.summable:  # else a sum over sectors counts some units twice: no total
                out[f"{measure.caption}, {total_name} {view.year}"] = store.business_total(*args).get(nuts_id,
                                                                                                      np.nan)
            name = f"{measure.caption}, {view.sector} {view.year}"
            cell = store.matrix(*args, [view.sector])[view.sector].reindex([nuts_id])
            out[name] = cell.iloc[0]
            if cell.isna().iloc[0]:
                reasons[name] = _reasons(store, sectoral, cell, measure.key, view.sector, cell).iloc[0]
    context = store.dataset("context")
    if view.version in context.versions:
        for measure in ("population", "gdp_meur"):
            series = pd.Series({y: store.matrix("context", view.version, measure, y, view.level, ["TOTAL"])[
                "TOTAL"].get(nuts_id, np.nan) for y in context.years}).dropna()  # a loop over years
            if len(series):
                out[f"{INDICATORS[measure].label} ({INDICATORS[measure].unit}), {series.index.max()}"] = \
                    series.iloc[-1]
    return pd.Series(out, dtype=float), pd.Series(reasons, dtype=object)


def _specialisations(store: DataStore, view: View, nuts_id: str, top: int) -> pd.DataFrame:
    """List the region's ``top`` divisions by location quotient (divisions with a positive measure).

    None for a measure that cannot be added up over sectors (the LQ needs the region total).
    """
    m = _division_matrix(store, view, view.measure)
    if nuts_id not in m.index or not view_measure(store, view).summable:
        return pd.DataFrame(columns=["nace", "label", "lq", "measure_value"])
    row = location_quotient(m).loc[nuts_id].drop(REST).dropna()
    row = row[m.loc[nuts_id, row.index] > 0].sort_values(ascending=False).head(top)
    return pd.DataFrame({"nace": row.index, "label": store.tree.loc[row.index, "label"].to_numpy(),
                         "lq": row.to_numpy(), "measure_value": m.loc[nuts_id, row.index].to_numpy()})


def _trend(store: DataStore, view: View, nuts_id: str) -> pd.DataFrame:
    """Tabulate the chosen sector's measure and LQ in every year of the table (a loop over eight years)."""
    rows = []
    for year in store.dataset(view.dataset).years:
        m = sector_matrix(store, view, view.sector, year)
        lq = location_quotient(m)[view.sector]
        rows.append((year, m[view.sector].get(nuts_id, np.nan), lq.get(nuts_id, np.nan)))
    return pd.DataFrame(rows, columns=["year", "measure_value", "lq"])
