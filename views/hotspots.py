"""Hot spots of the shown indicator: global Moran's I, LISA quadrants and Getis–Ord Gi* (esda)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.spatial import GlobalMoran, getis_ord, local_moran, moran
from analysis.weights import SpatialWeights, spatial_weights
from data.store import DataStore
from views.state import View
from views.values import indicator_values

KINDS = ("lisa", "gi")
#: Display order of categories (codes 1…n on the colour axis).
CATEGORIES = {"lisa": ("HH", "LH", "LL", "HL"), "gi": ("hot", "cold")}
PERMUTATIONS = 999
SEED = 0


@dataclass(frozen=True)
class HotSpots:
    """Global Moran's I of the values and the significant regions of one local statistic."""

    kind: str
    alpha: float
    moran: GlobalMoran
    regions: pd.DataFrame  # index nuts_id; category, p_sim (significant regions only)
    islands: tuple[str, ...]


def weights_for(store: DataStore, version: int, level: int) -> SpatialWeights:
    """Queen-contiguity weights of a NUTS version and level, built once and cached in the store."""
    return store.tables.get((), ("weights", version, level), lambda: spatial_weights(store.regions(version, level)))


def hot_spots(store: DataStore, view: View, *, kind: str = "lisa", alpha: float = 0.05,
              fdr: bool = False) -> HotSpots:
    """Compute global Moran's I and the significant LISA quadrants (or Gi* hot/cold spots) of the view.

    Regions without a value (and regions outside the chosen countries) are left out of the weights
    (see :func:`analysis.spatial.moran`); permutation tests use 999 permutations with seed 0, so
    results are reproducible. ``kind`` is ``"lisa"`` or ``"gi"``; ``alpha`` the pseudo p-value cut.
    """
    if kind not in KINDS:
        raise ValueError(f"kind was {kind!r}; expected one of {list(KINDS)}")
    weights = weights_for(store, view.version, view.level)
    values = indicator_values(store, view)["value"].reindex(weights.graph.unique_ids)
    global_i = moran(values, weights, permutations=PERMUTATIONS, seed=SEED)
    if kind == "lisa":
        local = local_moran(values, weights, permutations=PERMUTATIONS, seed=SEED, alpha=alpha, fdr=fdr)
        category = local["quadrant"].astype(str)
    else:
        local = getis_ord(values, weights, star=True, permutations=PERMUTATIONS, seed=SEED, alpha=alpha)
        category = local["label"].astype(str)
    significant = local["significant"].fillna(False).astype(bool)
    regions = pd.DataFrame({"category": category[significant], "p_sim": local.loc[significant, "p_sim"]})
    return HotSpots(kind, alpha, global_i, regions, tuple(weights.islands))
