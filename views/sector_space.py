"""The sector space of one view: incidence, relatedness, relatedness density and complexity of NACE divisions.

Computed on all regions of the view's NUTS level that have data (the reference area, whatever countries
are shown), from the view's dataset, measure, year, NUTS version and LQ reference; cached in
``store.derived`` per dataset generation and (version, measure, year, level, reference, method). The
relatedness method is EconGeo's default (``probability``), the complexity method the eigenvector (ECI).
A dataset too small or whose region–sector graph falls apart gives a note and NaN values, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import minimum_spanning_tree
from threadpoolctl import ThreadpoolController

from analysis.complexity import complexity
from analysis.relatedness import co_occurrence, incidence, relatedness, relatedness_density
from analysis.specialisation import location_quotient
from data.errors import InputError
from data.i18n import text
from data.store import DataStore
from views.state import View

__all__ = ["RELATEDNESS_METHOD", "COMPLEXITY_METHOD", "SectorSpace", "SpaceLayout", "division_of", "sector_space",
           "space_layout", "space_note", "space_values"]

RELATEDNESS_METHOD = "probability"
COMPLEXITY_METHOD = "eigenvector"
_REST = "_rest"  # the rest of the business economy: rows sum to E_r· (views.values.REST)
MIN_REGIONS = 3
WEAK_SIGN = 0.5  # below: corr(ECI, diversity) − corr(PCI, ubiquity) too small to trust the direction
TOP_LINKS = 2  # links kept per sector beyond the maximum spanning tree (its strongest ones)


@dataclass(frozen=True)
class SectorSpace:
    """Relatedness and complexity of the divisions of one dataset, year, level and reference.

    ``lq`` and ``incidence`` are region × division over the regions with data; ``relatedness`` is
    division × division φ; ``density`` region × division in percent; ``region_complexity`` and
    ``sector_complexity`` are standardised ECI values (NaN with ``note`` when undefined).
    """

    lq: pd.DataFrame
    incidence: pd.DataFrame
    relatedness: pd.DataFrame
    density: pd.DataFrame
    region_complexity: pd.Series
    sector_complexity: pd.Series
    note: str = ""


@dataclass(frozen=True)
class SpaceLayout:
    """Positions of the divisions (``x``, ``y`` by code) and the links drawn (``a``, ``b``, ``phi``)."""

    nodes: pd.DataFrame
    edges: pd.DataFrame


def division_of(code: str) -> str:
    """Return the NACE division of a code (``C27`` for ``C271``); a section stays itself."""
    return code[:3]


@cache
def blas_controller() -> ThreadpoolController:
    """Return the process's BLAS thread pools (found once; each ``limit`` then costs well under a millisecond)."""
    return ThreadpoolController()


def _key(view: View, method: str) -> tuple:
    return (view.dataset, view.version, view.measure, view.year, view.level, view.reference, method,
            COMPLEXITY_METHOD)


def sector_space(store: DataStore, view: View, method: str = RELATEDNESS_METHOD) -> SectorSpace:
    """Return the (cached) sector space of an effective view and relatedness method; see the module docstring."""
    return store.derived.get(store.generations(view.dataset), ("sector-space", *_key(view, method)),
                             lambda: _build(store, view, method))


def _division_matrix(store: DataStore, view: View) -> pd.DataFrame:
    """All regions of the level: divisions plus the rest of the business economy (rows sum to E_r·)."""
    args = (view.dataset, view.version, view.measure, view.year, view.level)
    m = store.matrix(*args, store.codes_at_level(view.dataset, 2))
    m[_REST] = (store.business_total(*args).reindex(m.index) - m.sum(axis=1, min_count=1)).clip(lower=0)
    return m.dropna(how="all")


def _empty(note: str, regions: pd.Index | None = None) -> SectorSpace:
    regions = regions if regions is not None else pd.Index([], name="nuts_id")
    frame = pd.DataFrame(index=regions, dtype=float)
    return SectorSpace(frame, frame, pd.DataFrame(dtype=float), frame, pd.Series(np.nan, index=regions),
                       pd.Series(dtype=float), note)


def _build(store: DataStore, view: View, method: str) -> SectorSpace:
    with blas_controller().limit(limits=1, user_api="blas"):  # small matrices: threads only spin on a busy server
        return _compute(store, view, method)


def _compute(store: DataStore, view: View, method: str) -> SectorSpace:
    m = _division_matrix(store, view)
    if m.shape[0] < MIN_REGIONS or m.shape[1] < 3:
        return _empty(text("note_space_small", minimum=MIN_REGIONS, regions=m.shape[0], level=view.level))
    reference = (store.region_table(view.version, view.level)["country"].reindex(m.index)
                 if view.reference == "country" else None)
    lq = location_quotient(m, reference=reference).drop(columns=_REST)
    inc = incidence(lq, binary=True)
    if inc.shape[0] < MIN_REGIONS or inc.shape[1] < 2:
        return _empty(text("note_space_lq", minimum=MIN_REGIONS), m.index)
    phi = relatedness(co_occurrence(inc), method)
    density = relatedness_density(inc, phi)
    note = ""
    try:
        result = complexity(inc, COMPLEXITY_METHOD, disconnected="largest")
        regions, sectors = result.regions, result.sectors
        notes = [text("note_complexity_apart", count=result.left_out) if result.left_out else "",
                 text("note_complexity_weak", score=f"{result.sign_score:.2f}") if result.sign_score < WEAK_SIGN
                 else ""]
        note = "; ".join(n for n in notes if n)
    except InputError as error:
        regions, sectors = pd.Series(np.nan, index=inc.index), pd.Series(np.nan, index=inc.columns)
        note = text("note_complexity_none", error=error)
    return SectorSpace(lq.loc[inc.index, inc.columns], inc, phi, density, regions, sectors, note)


def space_values(store: DataStore, view: View, ids: pd.Index) -> tuple[pd.Series, pd.Series, str]:
    """Values of the ``relatedness_density`` (of the view's division) or ``complexity`` map for ``ids``.

    Returns (value, reason per region — ``''`` when known —, note for the status bar).
    """
    space = sector_space(store, view)
    if view.indicator == "complexity":
        value = space.region_complexity.reindex(ids)
        why = space.note if space.note.startswith(("relatedness", "complexity not")) else (
            "no data, or no specialisation (LQ ≥ 1) in a division linked to the other regions")
    else:
        code = division_of(view.sector)
        value = (space.density[code] if code in space.density.columns else pd.Series(dtype=float)).reindex(ids)
        why = (space.note if space.note.startswith("relatedness") else
               f"no data for {code}, or {code} has no related division" if code in space.density.columns
               else f"{code} is not a NACE division of this dataset")
    reason = pd.Series(np.where(value.isna(), why, ""), index=ids, dtype=object)
    return value.astype(float), reason, space.note


def space_note(store: DataStore, view: View) -> str:
    """Return the status-bar note of a sector-space map (too few data, complexity undefined), else ``''``."""
    if not view.spec.space:
        return ""
    note = sector_space(store, view).note
    return note if view.indicator == "complexity" or note.startswith("relatedness") else ""


def space_layout(store: DataStore, view: View, method: str = RELATEDNESS_METHOD) -> SpaceLayout:
    """Return the (cached) layout of the sector space: maximum spanning tree plus each division's strongest links.

    Positions from a seeded force-directed layout (networkx ``spring_layout``, Fruchterman–Reingold,
    weights φ); computed once per dataset generation and key.
    """
    return store.derived.get(store.generations(view.dataset), ("sector-space-layout", *_key(view, method)),
                             lambda: _layout(sector_space(store, view, method).relatedness))


def _layout(phi: pd.DataFrame) -> SpaceLayout:
    codes = list(phi.index)
    edges = _links(phi)
    graph: Any = nx.Graph()
    graph.add_nodes_from(codes)
    graph.add_weighted_edges_from(edges.itertuples(index=False, name=None))
    positions = nx.spring_layout(graph, seed=0, weight="weight", iterations=200) if codes else {}
    nodes = pd.DataFrame([positions[c] for c in codes], index=pd.Index(codes, name="nace"),
                         columns=["x", "y"]) if codes else pd.DataFrame(columns=["x", "y"])
    return SpaceLayout(nodes, edges)


def _links(phi: pd.DataFrame) -> pd.DataFrame:
    """Edges (a, b, φ): the maximum spanning forest of φ plus each division's ``TOP_LINKS`` strongest links."""
    values = phi.to_numpy()
    if values.size == 0 or not (values > 0).any():
        return pd.DataFrame(columns=["a", "b", "phi"])
    with np.errstate(divide="ignore"):
        distance = np.where(values > 0, 1.0 / values, 0.0)  # min spanning tree of 1/φ = max spanning tree of φ
    tree = minimum_spanning_tree(csr_matrix(distance)).toarray() > 0
    keep = tree | tree.T
    order = np.argsort(-values, axis=1)[:, :TOP_LINKS]
    strongest = np.zeros_like(keep)
    np.put_along_axis(strongest, order, True, axis=1)
    keep |= (strongest | strongest.T) & (values > 0)
    a, b = np.nonzero(np.triu(keep, k=1))
    return pd.DataFrame({"a": phi.index[a], "b": phi.index[b], "phi": values[a, b]})
