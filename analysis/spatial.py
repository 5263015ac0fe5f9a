"""Spatial statistics: contiguity weights, global and local Moran's I, Getis–Ord Gi*.

Thin wrappers around ``libpysal.graph.Graph`` and ``esda`` that align values to the
weights by label (never by position), drop missing values, never modify the weights
passed in (``Graph.transform`` returns a new object) and make every permutation test
reproducible with an explicit ``seed``.

NaN rule: regions whose value is NaN are dropped, together with their links (the graph
is reduced with ``Graph.subgraph``); a region may become an isolate as a result. To
analyse a subset of regions (e.g. some countries), pass NaN for the others.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import esda
import numpy as np
import pandas as pd
from libpysal.graph import Graph

from analysis._checks import AlignmentError, InputError, check_choice, check_fraction
from analysis.weights import SpatialWeights, spatial_weights

__all__ = [
    "GlobalMoran",
    "SpatialWeights",
    "getis_ord",
    "local_moran",
    "moran",
    "spatial_weights",
]

_QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
_TRANSFORMS = ("r", "b", "R", "B")


@dataclass(frozen=True, slots=True)
class GlobalMoran:
    """Result of the global Moran's I test; every field is always present.

    Attributes
    ----------
    i : float
        Moran's I, roughly in [−1, 1].
    expected : float
        E[I] = −1 / (n − 1) under no spatial autocorrelation.
    variance_norm, variance_rand : float
        Var[I] under normality and under randomisation.
    z_norm, p_norm : float
        z-value and two-sided p-value under normality.
    p_sim : float
        Pseudo p-value from ``permutations`` random permutations (one-sided, folded as
        in esda: (min(#≥I, #<I) + 1) / (permutations + 1)); NaN if ``permutations`` is
        0.
    permutations : int
        Number of permutations drawn.
    seed : int or None
        Seed of the permutation generator.
    n : int
        Number of regions used (after dropping NaN values).

    """

    i: float
    expected: float
    variance_norm: float
    variance_rand: float
    z_norm: float
    p_norm: float
    p_sim: float
    permutations: int
    seed: int | None
    n: int


#: Fewest regions with a value and a neighbour with a value that a local statistic is computed for.
MIN_LINKED = 3


def _check_linked(graph: Graph) -> None:
    """Refuse a local statistic whose regions with values have (almost) no neighbours with values.

    esda's conditional permutations need neighbours to draw from; with fewer than :data:`MIN_LINKED`
    linked regions there is nothing to test (it fails with a broadcasting error).
    """
    linked = int((graph.cardinalities > 0).sum())
    if linked < MIN_LINKED:
        raise InputError(f"hot spots need at least {MIN_LINKED} regions with a value next to another region with "
                         f"a value; this view has {linked}")


def _aligned(values: Any, weights: Any) -> tuple[pd.Series, Graph]:
    """Return non-NaN values in graph order and the graph reduced to their ids."""
    if isinstance(weights, SpatialWeights):
        weights = weights.graph
    if not isinstance(weights, Graph):
        raise TypeError(
            f"weights must be a libpysal.graph.Graph, got {type(weights).__name__}"
        )
    if not isinstance(values, pd.Series):
        raise TypeError(
            "values must be a pandas Series indexed by region id, got "
            f"{type(values).__name__}"
        )
    if not pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(
        values.dtype
    ):
        raise TypeError(f"values must be numeric, got dtype {values.dtype}")
    ids = pd.Index(weights.unique_ids)
    missing = ids.difference(values.index)
    if len(missing):
        raise AlignmentError(
            f"{len(missing)} regions in the weights have no value, e.g. "
            f"{list(missing[:5])}"
        )
    extra = values.index.difference(ids)
    if len(extra):
        raise AlignmentError(
            f"{len(extra)} values have no region in the weights, e.g. {list(extra[:5])}"
        )
    y = pd.Series(
        values.to_numpy(dtype="float64", na_value=np.nan), index=values.index
    ).reindex(ids)
    keep = y.notna()
    if (~keep).any():
        y = y[keep]
        weights = weights.subgraph(y.index)
    if len(y) < 3:
        raise InputError(f"need at least 3 regions with a value for a spatial statistic, found {len(y)}")
    return y, weights


def moran(
    values: pd.Series,
    weights: Graph,
    *,
    permutations: int = 999,
    seed: int | None = 0,
    transform: str = "r",
) -> GlobalMoran:
    """Compute global Moran's I with analytical and permutation tests.

    Parameters
    ----------
    values : Series
        One value per region (any unit), indexed by the graph ids; NaN values are
        dropped.
    weights : Graph or SpatialWeights
        Spatial weights, e.g. ``spatial_weights(regions).graph``; not modified.
    permutations : int, default 999
        Number of random permutations for ``p_sim`` (0 to skip).
    seed : int or None, default 0
        Seed of ``numpy.random.default_rng`` for the permutations.
    transform : {"r", "b"}, default "r"
        Weights transformation: row-standardised or binary.

    Returns
    -------
    GlobalMoran
        Frozen dataclass with ``i``, ``expected``, ``variance_norm``, ``variance_rand``,
        ``z_norm``, ``p_norm``, ``p_sim``, ``permutations``, ``seed`` and ``n``.

    Raises
    ------
    AlignmentError
        If a graph id has no value or a value has no graph id.

    Notes
    -----
    I = (n / S0) Σ_ij w_ij z_i z_j / Σ_i z_i², z = y − ȳ, E[I] = −1/(n − 1). The
    analytical parts come from ``esda.Moran``. esda draws its permutations from the
    global NumPy generator without a seed, so ``p_sim`` is computed here from
    ``default_rng(seed)`` permutations with esda's folded one-sided rule.

    References
    ----------
    .. [1] Moran, P. A. P. (1950). Notes on Continuous Stochastic Phenomena.
       *Biometrika* 37, 17–23. ``esda.Moran``.

    Examples
    --------
    >>> from libpysal.weights import lat2W
    >>> g = Graph.from_W(lat2W(3, 3))
    >>> moran(pd.Series(np.arange(1.0, 10.0)), g, transform="b").i
    0.5

    """
    check_choice(transform, name="transform", allowed=_TRANSFORMS)
    y, graph = _aligned(values, weights)
    if (
        isinstance(permutations, bool)
        or not isinstance(permutations, (int, np.integer))
        or permutations < 0
    ):
        raise InputError(f"permutations was {permutations!r}; allowed: an integer ≥ 0")
    transformed = graph.transform(transform.upper())
    with np.errstate(divide="ignore", invalid="ignore"):
        result = esda.Moran(
            y.to_numpy(), transformed, transformation=transform.upper(), permutations=0
        )
    p_sim = float("nan")
    if permutations:
        z = y.to_numpy() - y.mean()
        rng = np.random.default_rng(seed)
        perms = rng.permuted(np.tile(z, (permutations, 1)), axis=1)
        w = transformed.sparse
        lagged = (w @ perms.T).T
        with np.errstate(divide="ignore", invalid="ignore"):
            sim = len(z) / w.sum() * (perms * lagged).sum(axis=1) / (z @ z)
        larger = int((sim >= result.I).sum())
        larger = min(larger, permutations - larger)
        p_sim = (larger + 1.0) / (permutations + 1.0)
    return GlobalMoran(
        i=float(result.I),
        expected=float(result.EI),
        variance_norm=float(result.VI_norm),
        variance_rand=float(result.VI_rand),
        z_norm=float(result.z_norm),
        p_norm=float(result.p_norm),
        p_sim=p_sim,
        permutations=int(permutations),
        seed=seed,
        n=len(y),
    )


@contextmanager
def _quiet_esda() -> Iterator[None]:
    """Contain esda's floating-point state and its notice about a future default.

    ``esda.Moran_Local`` calls ``np.seterr``; inside ``np.errstate`` the caller's state
    is restored on exit. esda's conditional randomisation warns that its default
    alternative will change; we keep the documented current ("directed", folded)
    p-values.
    """
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="The alternative hypothesis", category=DeprecationWarning
        )
        yield


def _back_to_input(frame: pd.DataFrame, values: pd.Series) -> pd.DataFrame:
    """Reindex a per-region result to the input's index (dropped regions get NaN)."""
    return frame.reindex(values.index)


def local_moran(
    values: pd.Series,
    weights: Graph,
    *,
    permutations: int = 999,
    seed: int | None = 0,
    alpha: float = 0.05,
    fdr: bool = False,
    transform: str = "r",
) -> pd.DataFrame:
    """Compute local Moran's I (LISA) with quadrants and permutation p-values.

    Parameters
    ----------
    values : Series
        One value per region, indexed by the graph ids; NaN values are dropped.
    weights : Graph or SpatialWeights
        Spatial weights; not modified.
    permutations : int, default 999
        Number of conditional permutations per region.
    seed : int or None, default 0
        Seed passed to ``esda.Moran_Local``.
    alpha : float, default 0.05
        Significance level.
    fdr : bool, default False
        If True, test against the false-discovery-rate threshold ``esda.fdr(p_sim,
        alpha)``.
    transform : {"r", "b"}, default "r"
        Weights transformation.

    Returns
    -------
    DataFrame
        Indexed like ``values``; columns ``lisa`` (I_i), ``quadrant`` (categorical
        "HH", "LH", "LL", "HL"), ``p_sim`` (pseudo p-value, one-sided folded) and
        ``significant`` (bool). Regions with NaN value get NaN/<NA> and False.

    Notes
    -----
    I_i = (z_i / m2) Σ_j w_ij z_j with z = (y − ȳ)/s and m2 = Σ z²/n. Quadrant of
    (z_i, lag z_i): HH = high value among high neighbours, LH, LL, HL. A region with
    I_i = 0 (value at the mean or no neighbour) is never significant, although esda's
    folded p_sim is then 1/(permutations + 1). ``esda.Moran_Local``
    changes ``np.seterr`` while it runs; the call is wrapped in ``np.errstate`` so the
    caller's error state is restored (NumPy 2 keeps it per thread/context).

    References
    ----------
    .. [1] Anselin, L. (1995). Local Indicators of Spatial Association—LISA.
       *Geographical Analysis* 27(2), 93–115. ``esda.Moran_Local``.

    Examples
    --------
    >>> from libpysal.weights import lat2W
    >>> g = Graph.from_W(lat2W(3, 3))
    >>> out = local_moran(pd.Series(np.arange(1.0, 10.0)), g, permutations=99)
    >>> out["quadrant"].tolist()[:3]
    ['LL', 'LL', 'LL']

    """
    check_choice(transform, name="transform", allowed=_TRANSFORMS)
    alpha = check_fraction(alpha, name="alpha")
    y, graph = _aligned(values, weights)
    _check_linked(graph)
    with _quiet_esda():
        lisa = esda.Moran_Local(
            y.to_numpy(),
            graph,
            transformation=transform.upper(),
            permutations=permutations,
            seed=seed,
            n_jobs=1,
        )
    p_sim = (
        np.asarray(lisa.p_sim, dtype="float64")
        if permutations
        else np.full(len(y), np.nan)
    )
    threshold = esda.fdr(p_sim, alpha) if fdr and permutations else alpha
    quadrant = pd.Categorical(
        pd.Series(lisa.q).map(_QUADRANTS), categories=list(_QUADRANTS.values())
    )
    frame = pd.DataFrame(
        {
            "lisa": lisa.Is,
            "quadrant": quadrant,
            "p_sim": p_sim,
            "significant": (p_sim <= threshold) & (lisa.Is != 0),
        },
        index=y.index,
    )
    out = _back_to_input(frame, values)
    out["significant"] = out["significant"].fillna(False).astype(bool)
    return out


def getis_ord(
    values: pd.Series,
    weights: Graph,
    *,
    star: bool = True,
    permutations: int = 999,
    seed: int | None = 0,
    alpha: float = 0.05,
    transform: str = "r",
) -> pd.DataFrame:
    """Compute the local Getis–Ord Gi (or Gi*) statistic and label hot and cold spots.

    Parameters
    ----------
    values : Series
        One value per region, ≥ 0 for a meaningful G, indexed by the graph ids; NaN
        values are dropped.
    weights : Graph or SpatialWeights
        Spatial weights; not modified.
    star : bool, default True
        If True compute Gi* (the region itself is included), else Gi.
    permutations : int, default 999
        Number of conditional permutations per region.
    seed : int or None, default 0
        Seed passed to ``esda.G_Local``.
    alpha : float, default 0.05
        Significance level for the labels.
    transform : {"r", "b"}, default "r"
        Weights transformation.

    Returns
    -------
    DataFrame
        Indexed like ``values``; columns ``g`` (G_i), ``z`` (analytical z-value),
        ``p_sim``, ``significant`` (bool, p_sim ≤ alpha) and ``label`` ("hot" if
        significant and z > 0, "cold" if significant and z < 0, else "not significant";
        <NA> for regions with NaN value).

    Notes
    -----
    G*_i = Σ_j w_ij y_j / Σ_j y_j (j including i, self-weight 1 before the
    transformation); Gi excludes i. z from the analytical moments of ``esda.G_Local``.

    References
    ----------
    .. [1] Getis, A., Ord, J. K. (1992). The Analysis of Spatial Association by Use of
       Distance Statistics. *Geographical Analysis* 24(3), 189–206; Ord, J. K., Getis,
       A. (1995). ``esda.G_Local``.

    Examples
    --------
    >>> from libpysal.weights import lat2W
    >>> g = Graph.from_W(lat2W(3, 3))
    >>> out = getis_ord(pd.Series(np.arange(1.0, 10.0)), g, permutations=99)
    >>> out["z"].round(2).tolist()[:2]
    [-1.03, -0.87]

    """
    check_choice(transform, name="transform", allowed=_TRANSFORMS)
    alpha = check_fraction(alpha, name="alpha")
    y, graph = _aligned(values, weights)
    _check_linked(graph)
    if star:
        graph = graph.assign_self_weight(1.0)
    with _quiet_esda():
        result = esda.G_Local(
            y.to_numpy(),
            graph,
            transform=transform.upper(),
            permutations=permutations,
            star=None if star else False,
            seed=seed,
            n_jobs=1,
        )
    p_sim = (
        np.asarray(result.p_sim, dtype="float64")
        if permutations
        else np.full(len(y), np.nan)
    )
    z = np.asarray(result.Zs, dtype="float64")
    significant = p_sim <= alpha
    label = np.where(
        significant & (z > 0),
        "hot",
        np.where(significant & (z < 0), "cold", "not significant"),
    )
    frame = pd.DataFrame(
        {
            "g": result.Gs,
            "z": z,
            "p_sim": p_sim,
            "significant": significant,
            "label": label,
        },
        index=y.index,
    )
    out = _back_to_input(frame, values)
    out["significant"] = out["significant"].fillna(False).astype(bool)
    out["label"] = out["label"].astype("string")
    return out
