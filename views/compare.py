"""Compare mode: up to ten regions side by side (key figures, LQ of every division, trend, strong clusters).

The compared regions are the view's ``compare`` ids that exist at the view's NUTS version and level (others
are listed in ``skipped``); figures are taken over the regions of all countries, like peers, so that a
region's LQ and stars do not depend on which countries the map shows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from analysis.specialisation import location_quotient
from data.store import DataStore
from views.marks import stars
from views.peers import division_tables, table_view
from views.state import View
from views.values import REST, sector_matrix, view_measure

#: Key figure columns of :attr:`Comparison.figures` (besides ``name`` and ``country``).
FIGURES = ("employment_total", "sector_value", "sector_lq", "sector_stars", "stars", "strong_clusters",
           "gdp_per_inhabitant")
#: Context data version used for GDP per inhabitant (its only NUTS version).
CONTEXT_VERSION = 2021


@dataclass(frozen=True)
class Comparison:
    """What the compare panel, its exports and the region report show.

    ``figures``: index ``nuts_id`` (in the order asked), columns ``name``, ``country`` and :data:`FIGURES`
    (persons employed in the business economy; the chosen sector's measure, LQ and ECO stars 0–3; ECO
    stars summed over all divisions; number of strong-cluster divisions; GDP per inhabitant in EUR,
    latest year, NaN where unknown). ``lq``: divisions (index ``nace``) × regions, with a ``label``
    column first. ``trend``: index year × regions, the chosen sector's measure. ``strong``: region →
    codes of its strong-cluster divisions. ``labels``: column captions of ``figures``.
    """

    view: View
    figures: pd.DataFrame
    lq: pd.DataFrame
    trend: pd.DataFrame
    strong: dict[str, tuple[str, ...]]
    skipped: tuple[str, ...]
    labels: dict[str, str]
    gdp_year: int | None


def compared_ids(store: DataStore, view: View, regions: tuple[str, ...] | None = None) -> tuple[tuple, tuple]:
    """Split ids (default the view's ``compare``) into those of the view's version and level, and the others."""
    regions = view.compare if regions is None else tuple(regions)
    known = store.region_table(view.version, view.level).index
    return tuple(r for r in regions if r in known), tuple(r for r in regions if r not in known)


def _gdp_per_inhabitant(store: DataStore, view: View, ids: pd.Index) -> tuple[pd.Series, int | None]:
    """GDP (EUR) per inhabitant, latest year with data, from the context table (NUTS 2021).

    Regions of another NUTS version are matched by id: NUTS gives a region whose boundary changed a new code.
    """
    context = store.dataset("context")
    if CONTEXT_VERSION not in context.versions or view.level not in context.levels:
        return pd.Series(np.nan, index=ids), None
    for year in sorted(context.years, reverse=True):  # the latest year with any value (a few years at most)
        gdp, people = (store.matrix("context", CONTEXT_VERSION, m, year, view.level, ["TOTAL"])["TOTAL"].reindex(ids)
                       for m in ("gdp_meur", "population"))
        value = gdp * 1e6 / people.where(people > 0)
        if value.notna().any():
            return value, year
    return pd.Series(np.nan, index=ids), None


def comparison(store: DataStore, view: View) -> Comparison:
    """Compute the comparison of the view's ``compare`` regions for the view's sector, year and measure."""
    base = table_view(store, view)
    kept, skipped = compared_ids(store, base, view.compare)
    ids = pd.Index(kept, name="nuts_id")
    tables = division_tables(store, view)
    regions = store.region_table(base.version, base.level).reindex(ids)
    sector = sector_matrix(store, base, base.sector)
    sector_lq = location_quotient(sector)[base.sector]
    gdp, gdp_year = _gdp_per_inhabitant(store, base, ids)
    figures = pd.DataFrame({
        "name": regions["name"], "country": regions["country"],
        "employment_total": tables.totals.reindex(ids),
        "sector_value": sector[base.sector].reindex(ids), "sector_lq": sector_lq.reindex(ids),
        "sector_stars": stars(store, base)["stars"].reindex(ids),
        "stars": tables.stars.reindex(ids).sum(axis=1, min_count=1),
        "strong_clusters": tables.strong.reindex(ids).fillna(False).astype(bool).sum(axis=1),
        "gdp_per_inhabitant": gdp,
    }, index=ids)
    lq = tables.lq.reindex(ids).T.dropna(how="all")
    lq.insert(0, "label", store.tree["label"].reindex(lq.index).to_numpy())
    strong = tables.strong.reindex(ids).fillna(False).astype(bool)
    codes = np.asarray(strong.columns, dtype=object)
    by_region = {r: tuple(codes[row]) for r, row in zip(ids, strong.to_numpy(dtype=bool), strict=True)}  # ≤ 10 regions
    measure = view_measure(store, base)
    years = store.dataset(base.dataset).years
    trend = pd.DataFrame({year: sector_matrix(store, base, base.sector, year)[base.sector].reindex(ids)
                          for year in years}).T.rename_axis("year")  # one column per year (eight at most)
    labels = {
        "name": "Region", "country": "Country",
        "employment_total": f"Persons employed, business economy {base.year}",
        "sector_value": f"{measure.caption}, {base.sector} {base.year}",
        "sector_lq": f"LQ {base.sector}", "sector_stars": f"Stars {base.sector} (0–3)",
        "stars": "Stars, all divisions", "strong_clusters": "Strong clusters (divisions)",
        "gdp_per_inhabitant": f"GDP per inhabitant (EUR{f', {gdp_year}' if gdp_year else ''})",
    }
    return Comparison(replace(base, compare=kept), figures, lq.drop(index=REST, errors="ignore"), trend,
                      by_region, skipped, labels, gdp_year)


def comparison_table(result: Comparison) -> pd.DataFrame:
    """One row per compared region: the key figures, then the LQ of every division (``lq_<code>`` columns)."""
    lq = result.lq.drop(columns="label").T.add_prefix("lq_")
    strong = pd.Series({r: " ".join(c) for r, c in result.strong.items()}, dtype=object, name="strong_cluster_codes")
    table = result.figures.join(strong).join(lq)
    table.insert(2, "year", result.view.year)
    table.insert(3, "nace", result.view.sector)
    return table.reset_index()
