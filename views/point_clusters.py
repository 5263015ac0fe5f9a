"""Firm clusters and the K-density test of a view: which firms, which parameters, cached, within a time limit.

The sector filter applies (firms whose NACE code starts with the chosen code, when the indicator is
about a sector; all firms otherwise), as do the chosen countries. Results are cached in ``store.derived``
per (dataset generation, sector, countries, parameters): changing another control costs nothing, and the
map's own update never waits for them (their callback is separate). A request over the time limit is
refused with a message, never started.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from analysis.k_density import KDensityEnvelope, k_density_envelope
from analysis.point_clusters import cluster_summary, point_clusters
from data.store import DataStore
from views.map_data import select_firms
from views.state import View

#: Most firms clustered on request: 100 000 firms take ~2 s here (benchmarks/point_clusters.py), so
#: this stays well inside the time limit of a request.
MAX_CLUSTER_FIRMS = 400_000
#: K-density on the page: at most this many of the sector's firms (a seeded sample above, said in the text),
#: 99 simulations, distances 0–180 km by 1 km (Duranton & Overman 2005).
PAGE_K_FIRMS = 2_000
K_SIMULATIONS = 99
K_DISTANCES = np.arange(0.0, 181.0)
NO_POINTS = ("This dataset has no firm locations: firm clusters and the K-density need an enterprise "
             "register with coordinates (upload one with latitude and longitude).")


@dataclass(frozen=True)
class FirmClusters:
    """Clusters of a view's firms: the summary (None when nothing was computed) and a line for people."""

    summary: gpd.GeoDataFrame | None
    firms: int
    message: str
    seconds: float = 0.0


def _sector(view: View) -> str | None:
    return view.sector if view.spec.scope in {"sector", "measure"} else None


def view_firms(store: DataStore, view: View) -> pd.DataFrame | None:
    """Return the firms a view covers (sector and countries), or None when its dataset has no firm locations."""
    table = store.firm_table(view.dataset) if view.dataset in store.datasets else None
    if table is None:
        return None
    return select_firms(table, sector=_sector(view), countries=view.countries, bbox=None)


def _what(view: View) -> str:
    sector = _sector(view)
    return f"firms in {sector}" if sector else "firms of all sectors"


def firm_clusters(store: DataStore, view: View) -> FirmClusters:
    """Density-based clusters of the view's firms (``view.cluster_method``, ``view.cluster_size``), cached."""
    if view.dataset not in store.datasets or store.firm_table(view.dataset) is None:
        return FirmClusters(None, 0, NO_POINTS)
    key = ("point-clusters", view.dataset, _sector(view), view.countries, view.cluster_method, view.cluster_size,
           view.version)  # the version: the NUTS regions each cluster overlaps
    return store.derived.get(store.generations(view.dataset), key, lambda: _firm_clusters(store, view))


def _firm_clusters(store: DataStore, view: View) -> FirmClusters:
    firms = view_firms(store, view)
    n = len(firms)
    if n > MAX_CLUSTER_FIRMS:
        return FirmClusters(None, n, f"{n:,} {_what(view)}: more than {MAX_CLUSTER_FIRMS:,} would exceed the time "
                                     "limit; choose a sector or countries to find clusters.")
    if n < view.cluster_size:
        return FirmClusters(None, n, f"{n:,} {_what(view)}: fewer than the minimum cluster size "
                                     f"({view.cluster_size}); no clusters.")
    started = time.perf_counter()
    labels = point_clusters(firms, method=view.cluster_method, min_cluster_size=view.cluster_size)
    summary = cluster_summary(firms, labels, nuts=store.regions(view.version))
    seconds = time.perf_counter() - started
    inside = int((labels >= 0).sum())
    method = "HDBSCAN" if view.cluster_method == "hdbscan" else "DBSCAN (10 km)"
    if summary.empty and view.cluster_method == "hdbscan":
        return FirmClusters(summary, n, f"HDBSCAN found no clusters among {n:,} {_what(view)}: when one dense group "
                                        "holds nearly all of them there is no split to select; try DBSCAN.", seconds)
    return FirmClusters(summary, n, f"{len(summary)} firm clusters ({method}, at least {view.cluster_size} firms) "
                                    f"hold {inside:,} of {n:,} {_what(view)}; {seconds:.1f} s.", seconds)


@dataclass(frozen=True)
class Localisation:
    """The K-density test of a view's sector: the result (None when not computed) and a readable sentence."""

    result: KDensityEnvelope | None
    sentence: str


def localisation(store: DataStore, view: View) -> Localisation:
    """Duranton–Overman test of the view's sector against all firms of the register (cached)."""
    if view.dataset not in store.datasets or store.firm_table(view.dataset) is None:
        return Localisation(None, NO_POINTS)
    key = ("k-density", view.dataset, _sector(view), view.countries)
    return store.derived.get(store.generations(view.dataset), key, lambda: _localisation(store, view))


def _localisation(store: DataStore, view: View) -> Localisation:
    firms = view_firms(store, view)
    everyone = select_firms(store.firm_table(view.dataset), sector=None, countries=view.countries, bbox=None)
    if len(firms) < 3:
        return Localisation(None, f"{len(firms)} {_what(view)}: a K-density needs at least 3.")
    if _sector(view) is None:
        return Localisation(None, "Choose a sector indicator and a sector: the K-density compares a sector's "
                                  "firms with all firms.")
    result = k_density_envelope(firms, everyone, distances_km=K_DISTANCES, n_simulations=K_SIMULATIONS, seed=0,
                                max_firms=PAGE_K_FIRMS)
    return Localisation(result, localisation_sentence(result, _sector(view)))


def _ranges(mask: np.ndarray, d: np.ndarray) -> list[tuple[float, float]]:
    """Return the runs of True in ``mask`` as (first, last) distances."""
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return [(float(d[s]), float(d[e])) for s, e in zip(starts, ends, strict=True)]


def _spans(ranges: list[tuple[float, float]]) -> str:
    parts = [f"at {a:g} km" if a == b else f"between {a:g} and {b:g} km" for a, b in ranges]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def localisation_sentence(result: KDensityEnvelope, sector: str) -> str:
    r"""Return one sentence: where the sector is localised (Γ) or dispersed (Ψ), and how it was tested.

    >>> d = np.arange(0.0, 5.0)
    >>> r = KDensityEnvelope(d, d, d, d, d, d, 0.083, 0.0, np.array([1, 1, 0, 0, 0], bool), np.zeros(5, bool), 1.0,
    ...                      10, 10, 100, 99, 0.05, 0, False)
    >>> localisation_sentence(r, "C29")
    'Firms in C29 are localised between 0 and 1 km; Γ = 0.083 (99 simulations, 5\xa0% global bands).'
    """
    how = f"({result.n_simulations} simulations, {result.alpha:.0%} global bands)".replace("%", "\u00a0%")
    if result.localised.any():
        text = f"Firms in {sector} are localised {_spans(_ranges(result.localised, result.distances_km))}; " \
               f"Γ = {result.gamma:.3g} {how}."
    elif result.dispersed.any():
        text = f"Firms in {sector} are dispersed {_spans(_ranges(result.dispersed, result.distances_km))}; " \
               f"Ψ = {result.psi:.3g} {how}."
    else:
        d = result.distances_km
        text = f"Firms in {sector} are neither localised nor dispersed between {d[0]:g} and {d[-1]:g} km {how}."
    if result.sampled:
        text += f" Based on a random sample of {result.n_used:,} of its {result.n_firms:,} firms."
    return text
