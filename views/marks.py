"""Cluster marks of the chosen sector for the shown regions: ECO stars and US strong clusters."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analysis.clusters import star_components, strong_clusters
from data.store import DataStore
from views.state import View
from views.values import sector_matrix, units_measure

STAR_NAMES = ("size", "specialisation", "focus")


def stars(store: DataStore, view: View) -> pd.DataFrame:
    """European Cluster Observatory stars of the chosen sector for the shown regions.

    Returns
    -------
    DataFrame
        Index ``nuts_id``; columns ``size``, ``specialisation``, ``focus`` (bool; undecidable
        cells count as no star) and ``stars`` (0–3). Computed on the view's measure.
    """
    parts = star_components(sector_matrix(store, view, view.sector))
    out = pd.DataFrame({name: getattr(parts, name)[view.sector].fillna(False).astype(bool) for name in STAR_NAMES})
    out["stars"] = out.sum(axis=1).astype(int)
    return out


def strong(store: DataStore, view: View) -> pd.Series:
    """US Cluster Mapping strong-cluster flag of the chosen sector (employment and local units or firms).

    A region is a strong cluster in the sector when its LQ is at least the 75th percentile of the
    sector's LQs and at least 1, and its employment and units exceed the 25th percentiles
    (:func:`analysis.clusters.strong_clusters`). Regions without both measures are False.
    """
    units_name = units_measure(store, view.dataset)
    if units_name is None or "employment" not in store.dataset(view.dataset).measures:  # e.g. a cluster list
        return pd.Series(False, index=sector_matrix(store, view, view.sector).index, name="strong")
    employment = sector_matrix(store, replace(view, measure="employment"), view.sector)
    units = sector_matrix(store, replace(view, measure=units_name), view.sector)
    known = employment[view.sector].notna() & units[view.sector].notna()
    flags = strong_clusters(employment[known], units[known])[view.sector]
    return flags.reindex(employment.index, fill_value=False).astype(bool).rename("strong")


def cluster_marks(store: DataStore, view: View) -> pd.DataFrame:
    """Stars and strong-cluster flag per shown region (sector indicators only; else empty)."""
    if view.spec.scope not in {"sector", "measure", "change"}:
        return pd.DataFrame(columns=[*STAR_NAMES, "stars", "strong"])
    return stars(store, view).join(strong(store, view))
