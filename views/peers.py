"""Regions like this one: structural peers and the rule-based comparison sets, each with why.

The tables behind peers and compare mode (divisions of every region of a level, their LQs, stars and
strong clusters) are computed once per (dataset, version, level, year, measure) by
:func:`division_tables` and cached in the store; a region's peers are then a few vectorised lookups.
Regions of all countries take part, whatever countries the map shows (peers may be abroad).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from analysis.clusters import star_components, strong_clusters
from analysis.peers import neighbours, sharing_strong_clusters, similar_regions, similar_size
from analysis.specialisation import location_quotient
from data.store import DataStore
from views.hotspots import weights_for
from views.marks import STAR_NAMES
from views.profile import _division_matrix
from views.state import View
from views.values import REST, sectoral_view, units_measure

#: Comparison sets in display order: key → heading.
PEER_SETS = {"structure": "Similar sector structure", "size": "Similar size", "country": "Same country",
             "neighbour": "Neighbours", "cluster": "Sharing a strong cluster"}
#: Peers listed per set at most (compare mode takes up to 10 regions).
PER_SET = 5
PEER_COLUMNS = ["set", "nuts_id", "name", "country", "distance", "why"]
#: How peers are found (the methodology panel shows these lines).
PEER_NOTES = (
    "Similar sector structure: Krugman distance D = Σ_i |s_ir − s_il| (0 … 2) of the shares s_ir = E_ir / E_r· "
    "of the NACE divisions plus the rest of the business economy, over the divisions known in both regions; "
    "all regions of the level and year take part, whatever countries the map shows (similar_regions; a cosine "
    "distance 1 − cos(LQ_r, LQ_l) is offered too).",
    "Similar size: nearest regions by |ln(E_l / E_r)|, E = persons employed in the business economy.",
    "Same country: the structurally closest regions of the same country. Neighbours: queen contiguity of "
    "the NUTS polygons (islands joined to their nearest region). Sharing a strong cluster: regions with the "
    "most US-style strong clusters (NACE divisions) in common.",
    "Compare mode: up to 10 regions (URL parameter compare=DE11,FR10,…); the LQ of every division uses all "
    "regions of the level as reference; GDP per inhabitant is the latest year of the NUTS 2021 context table, "
    "matched by region code.",
)


@dataclass(frozen=True)
class DivisionTables:
    """Every region of a level × NACE divisions (plus the rest of the economy, ``REST``) in one year.

    ``employment``: persons employed (NaN missing); ``structure``: the view's measure (Krugman shares
    and LQs); ``lq``: its location quotients (EU reference); ``stars``: ECO stars 0–3 per cell;
    ``strong``: US strong clusters (bool); ``totals``: business-economy persons employed per region.
    """

    employment: pd.DataFrame
    structure: pd.DataFrame
    lq: pd.DataFrame
    stars: pd.DataFrame
    strong: pd.DataFrame
    totals: pd.Series


def table_view(store: DataStore, view: View) -> View:
    """Return the sectoral view over all countries whose division tables serve peers and compare mode."""
    return replace(sectoral_view(store, view), countries=(), compare=())


def division_tables(store: DataStore, view: View) -> DivisionTables:
    """Division tables of the view's dataset, version, level, year and measure (cached in the store)."""
    base = table_view(store, view)
    key = ("division-tables", base.dataset, base.version, base.level, base.year, base.measure)
    return store.derived.get(store.generations(base.dataset), key, lambda: _division_tables(store, base))


def _division_tables(store: DataStore, view: View) -> DivisionTables:
    ds = store.dataset(view.dataset)
    has_employment = "employment" in ds.measures
    employment = _division_matrix(store, replace(view, measure="employment"), "employment") if has_employment \
        else _division_matrix(store, view, view.measure)
    structure = _division_matrix(store, view, view.measure).reindex(index=employment.index)
    parts = star_components(employment)
    stars = sum(getattr(parts, name).fillna(False).astype(int) for name in STAR_NAMES).drop(columns=REST)
    units_name = units_measure(store, view.dataset)
    if units_name is None or not has_employment:
        strong = pd.DataFrame(False, index=employment.index, columns=employment.columns.drop(REST))
    else:
        units = _division_matrix(store, replace(view, measure=units_name), units_name).reindex_like(employment)
        both = employment.notna() & units.notna()
        strong = strong_clusters(employment.where(both), units.where(both)).drop(columns=REST)
    return DivisionTables(employment, structure, location_quotient(structure).drop(columns=REST), stars, strong,
                          employment.sum(axis=1, min_count=1))


def region_peers(store: DataStore, view: View, nuts_id: str, *, per_set: int = PER_SET) -> pd.DataFrame:
    """Peers of a region in every comparison set, each with a one-line reason.

    Returns
    -------
    DataFrame
        Columns ``set`` (a :data:`PEER_SETS` key), ``nuts_id``, ``name``, ``country``, ``distance``
        (Krugman distance of the sector structures, 0–2; NaN if unknown) and ``why``; at most
        ``per_set`` rows per set; empty if the region has no data at the view's level.
    """
    tables = division_tables(store, view)
    base = table_view(store, view)
    regions = store.region_table(base.version, base.level)
    if nuts_id not in tables.structure.index:
        return pd.DataFrame(columns=PEER_COLUMNS).astype({"distance": "float64"})
    krugman = similar_regions(tables.structure, nuts_id, k=len(tables.structure))
    frames = [krugman.head(per_set).to_frame().assign(
        set="structure", why=lambda f: f["distance"].map("similar sector structure: {:.2f} Krugman distance".format))]
    size = tables.totals
    if size.get(nuts_id, np.nan) > 0:
        near = similar_size(size, nuts_id, k=per_set)
        ratio = size.reindex(near.index) / size[nuts_id]
        distance = krugman.reindex(near.index)
        frames.append(pd.DataFrame({"distance": distance, "set": "size", "why": (
            "similar size: " + ratio.map("{:.2f}".format) + "× the persons employed, "
            + distance.map("{:.2f}".format) + " Krugman distance")}))
    country = regions["country"]
    same = krugman[country.reindex(krugman.index).to_numpy() == country.get(nuts_id)].head(per_set)
    frames.append(same.to_frame().assign(set="country", why=lambda f: f["distance"].map(
        (f"same country ({country.get(nuts_id)}), " + "{:.2f} Krugman distance").format)))
    graph = weights_for(store, base.version, base.level).graph
    if nuts_id in pd.Index(graph.unique_ids):
        islands = set(weights_for(store, base.version, base.level).islands)
        adjacent = neighbours(graph, nuts_id)
        why = ["nearest region (no shared border)" if nuts_id in islands or other in islands else "shares a border"
               for other in adjacent]  # a handful of neighbours
        frames.append(pd.DataFrame({"distance": krugman.reindex(adjacent).to_numpy(), "set": "neighbour",
                                    "why": why}, index=adjacent).sort_values("distance").head(per_set))
    shared = sharing_strong_clusters(tables.strong, nuts_id).head(per_set)
    frames.append(pd.DataFrame({"distance": krugman.reindex(shared.index), "set": "cluster",
                                "why": [f"shares {n} strong cluster{'s' if n > 1 else ''}: {', '.join(codes[:4])}"
                                        for n, codes in zip(shared["shared"], shared["sectors"], strict=True)]},
                               index=shared.index))
    out = pd.concat([f for f in frames if len(f)]).rename_axis("nuts_id").reset_index()
    out["name"] = regions["name"].reindex(out["nuts_id"]).to_numpy()
    out["country"] = country.reindex(out["nuts_id"]).to_numpy()
    return out.reindex(columns=PEER_COLUMNS)
