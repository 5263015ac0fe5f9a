"""Duranton–Overman K-density of bilateral distances between firms, and its counterfactual envelope.

Duranton & Overman (2005) test whether a sector is localised by comparing the density of the
distances between all pairs of its firms with the same density for sites drawn at random from all
firms (the existing sites). Distances here are Euclidean in EPSG:3035 (ETRS89-LAEA, km), which
differs from great-circle distance by well under 1 % across Europe at the ranges that matter
(≤ 200 km).

Kernel density (Gaussian kernel φ, bandwidth h, reflected at 0 so that it integrates to 1 over d ≥ 0),
over the N = n(n−1)/2 pairs i < j with distance d_ij and pair weight w_ij (1, or wᵢ·wⱼ):

    K̂(d) = 1 / (h Σ w_ij) · Σ_{i<j} w_ij [φ((d − d_ij)/h) + φ((d + d_ij)/h)]

h = 0.9 · min(sd, IQR/1.34) · N^(−1/5) over the unweighted pairwise distances (Silverman's rule as
R's ``bw.nrd0``, which R's ``density`` also uses with weights), as ``dbmss::Kdhat(…, Original=TRUE)``.

Exactness: no n × n matrix is ever held. Up to :data:`EXACT_PAIRS` pairs (visited in blocks) every
pair is evaluated at every distance. Above, one compiled pass (numba; float64, distances of one firm to
the rest computed as a vector, firms sorted by x so that neighbouring pairs hit neighbouring bins) puts
every pair's distance into a 10 m histogram of int32 counts (memory: the histogram, 6 MB across Europe
with its outermost regions): the sd is exact,
the quartiles are within 10 m, and the kernel sum runs over bins of width ≤ h/100 at their centres
(relative error below 1e-4, far below the sampling noise). Above :data:`MAX_FIRMS` firms a seeded
random sample of :data:`MAX_FIRMS` is used; the result says so.

NaN rule: points without coordinates raise; zero total weight gives NaN densities.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numba
import numpy as np
import pandas as pd
from scipy.spatial.distance import cdist

from analysis._checks import InputError, check_fraction
from analysis._points import aligned_weights, projected_xy

__all__ = ["EXACT_PAIRS", "MAX_FIRMS", "KDensityEnvelope", "k_density", "k_density_envelope", "silverman_bandwidth"]

EXACT_PAIRS = 20_000  #: up to this many pairs every pair meets every distance (no histogram)
MAX_FIRMS = 20_000  #: above this many firms a seeded random sample of this size is used
_FINE_KM = 0.01  # histogram resolution for the quartiles and the kernel sum (10 m)
_SCAN = 4096  # bins per block when searching the histogram for quartiles
_BLOCK = 2048  # rows per block of pairwise distances (2048² × 8 bytes = 32 MB at most)
_SQRT_2PI = np.sqrt(2.0 * np.pi)


def _phi(z: np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * z * z) / _SQRT_2PI


def silverman_bandwidth(distances: np.ndarray) -> float:
    """R's ``bw.nrd0``: 0.9 · min(sd, IQR/1.34) · N^(−1/5) (sd with N − 1; quartiles as R's type 7).

    >>> round(silverman_bandwidth(np.array([3.0, 4.0, 5.0])), 6)
    0.539155
    """
    x = np.asarray(distances, dtype=float)
    if len(x) < 2:
        raise InputError("a bandwidth needs at least two distances (three firms)")
    sd = float(np.std(x, ddof=1))
    q1, q3 = np.quantile(x, [0.25, 0.75])
    return _nrd0(sd, float(q3 - q1), len(x), float(x[0]))


def _nrd0(sd: float, iqr: float, n: int, first: float) -> float:
    lo = min(sd, iqr / 1.34)
    if not lo:
        lo = sd or abs(first) or 1.0
    return 0.9 * lo * n ** -0.2


def _blocks(xy_km: np.ndarray, w: np.ndarray | None):
    """Yield (distances, pair weights or None) for every pair i < j, block by block."""
    n = len(xy_km)
    for a in range(0, n, _BLOCK):
        for b in range(a, n, _BLOCK):
            d = cdist(xy_km[a:a + _BLOCK], xy_km[b:b + _BLOCK])
            ww = None if w is None else np.outer(w[a:a + _BLOCK], w[b:b + _BLOCK])
            if a == b:
                upper = np.triu_indices(len(d), k=1)
                d = d[upper]
                ww = None if ww is None else ww[upper]
            yield d.ravel(), None if ww is None else ww.ravel()


@numba.njit(cache=True, nogil=True)
def _pair_histogram(x, y, w, inv_bin, counts, weighted, use_w):  # pragma: no cover - compiled
    """Add every pair i < j to the 10 m histograms (counts; Σ wᵢwⱼ); return Σ d_ij. One pass, no matrix.

    Row by row: the distances of firm i to firms i+1 … n−1 first (a loop the compiler vectorises),
    then their bins. With the firms sorted by x, neighbouring j give neighbouring bins (cache hits).
    """
    n = len(x)
    row = np.empty(n)
    total = 0.0
    for i in range(n):
        xi, yi = x[i], y[i]
        m = n - i - 1
        for k in range(m):
            dx, dy = x[i + 1 + k] - xi, y[i + 1 + k] - yi
            row[k] = math.sqrt(dx * dx + dy * dy)
        for k in range(m):
            d = row[k]
            total += d
            b = int(d * inv_bin)
            counts[b] += 1
            if use_w:
                weighted[b] += w[i] * w[i + 1 + k]
    return total


def _density(xy_km: np.ndarray, w: np.ndarray | None, d_eval: np.ndarray, span_km: float,
             exact: bool | None = None) -> tuple[np.ndarray, float]:
    """K̂ at ``d_eval`` and the bandwidth, for firms at ``xy_km`` (km) with weights ``w``."""
    n = len(xy_km)
    pairs = n * (n - 1) // 2
    if exact if exact is not None else pairs <= EXACT_PAIRS:
        parts = list(_blocks(xy_km, w))
        dist = np.concatenate([p[0] for p in parts])
        ww = np.ones_like(dist) if w is None else np.concatenate([p[1] for p in parts])
        h = silverman_bandwidth(dist)
        total = ww.sum()
        k = np.zeros(len(d_eval))
        step = max(1, 1_000_000 // len(d_eval))  # ≤ 1e6 kernel terms (8 MB) at a time
        for s in range(0, len(dist), step):
            dd, wb = dist[s:s + step], ww[s:s + step]
            k += (_phi((d_eval[:, None] - dd) / h) + _phi((d_eval[:, None] + dd) / h)) @ wb
        return (k / (h * total) if total > 0 else np.full(len(d_eval), np.nan)), h
    bins = int(np.ceil(span_km / _FINE_KM)) + 2
    counts = np.zeros(bins, dtype=np.int32 if pairs < 2**31 else np.int64)  # exact counts, half the memory
    weighted = np.zeros(bins if w is not None else 1)
    by_x = np.argsort(xy_km[:, 0], kind="stable")  # the sums do not depend on the order of the firms
    x, y = xy_km[by_x, 0], xy_km[by_x, 1]
    s1 = _pair_histogram(x, y, np.ones(1) if w is None else w[by_x], 1.0 / _FINE_KM, counts, weighted, w is not None)
    weighted = None if w is None else weighted
    first = float(np.hypot(*(xy_km[1] - xy_km[0])))
    centred = xy_km - xy_km.mean(axis=0)
    s2 = n * float((centred * centred).sum())  # Σ_{i<j} d_ij² = n Σ|x_i − x̄|² (exact, O(n))
    sd = float(np.sqrt(max(s2 - s1 * s1 / pairs, 0.0) / (pairs - 1)))
    q1, q3 = _hist_quantiles(counts, pairs, (0.25, 0.75))
    h = _nrd0(sd, q3 - q1, pairs, float(first))
    mass = counts if weighted is None else weighted
    factor = max(1, int(h / (100 * _FINE_KM)))
    used = int(np.ceil((d_eval.max() + 8 * h) / (_FINE_KM * factor))) + 1
    fine = np.zeros(used * factor)
    take = min(len(mass), len(fine))
    fine[:take] = mass[:take]
    coarse = fine.reshape(used, factor).sum(axis=1)
    centres = (np.arange(used) + 0.5) * factor * _FINE_KM
    total = mass.sum()
    k = (_phi((d_eval[:, None] - centres) / h) + _phi((d_eval[:, None] + centres) / h)) @ coarse
    return (k / (h * total) if total > 0 else np.full(len(d_eval), np.nan)), h


def _hist_quantiles(counts: np.ndarray, n: int, probs: tuple[float, ...]) -> tuple[float, ...]:
    """Type-7 quantiles of values given as a fine histogram (values spread evenly inside their bin).

    The k-th value is found in two steps (block totals of :data:`_SCAN` bins, then the bins of one
    block), so the 1.5 million bins of a continent are summed once, not cumulated.
    """
    starts = np.arange(0, len(counts), _SCAN)
    block_cum = np.cumsum(np.add.reduceat(counts, starts), dtype=np.int64)

    def value(k: int) -> float:  # the k-th smallest value (k from 0)
        blk = int(np.searchsorted(block_cum, k, side="right"))
        offset = int(block_cum[blk - 1]) if blk else 0
        inside = np.cumsum(counts[starts[blk]:starts[blk] + _SCAN], dtype=np.int64) + offset
        b = int(np.searchsorted(inside, k, side="right"))
        before = inside[b - 1] if b else offset
        return (starts[blk] + b + (k - before + 0.5) / counts[starts[blk] + b]) * _FINE_KM

    out = []
    for p in probs:
        pos = (n - 1) * p
        lo, frac = int(np.floor(pos)), pos - np.floor(pos)
        vals = [value(k) for k in (lo, min(lo + 1, n - 1))]
        out.append(vals[0] + frac * (vals[1] - vals[0]))
    return tuple(out)


def _check_distances(distances_km: np.ndarray) -> np.ndarray:
    d = np.asarray(distances_km, dtype=float).ravel()
    if not len(d) or not np.isfinite(d).all() or (d < 0).any():
        raise InputError("distances_km must be a non-empty list of finite distances ≥ 0 (km)")
    return d


def _span(xy_km: np.ndarray) -> float:
    """Diagonal of the bounding box: no pair is farther apart."""
    return float(np.hypot(*(xy_km.max(axis=0) - xy_km.min(axis=0)))) if len(xy_km) else 0.0


def k_density(points: pd.DataFrame, *, distances_km: np.ndarray, weights: pd.Series | np.ndarray | None = None,
              bandwidth: str = "silverman") -> pd.Series:
    """Return the Duranton–Overman K-density of the pairwise distances between firms (module docstring).

    Parameters
    ----------
    points : GeoDataFrame or DataFrame
        Firm locations (point geometries with a CRS, or ``lon``/``lat`` in degrees); at least 3.
    distances_km : array
        Distances (km, ≥ 0) at which to evaluate the density.
    weights : Series or array, optional
        Weight per firm (e.g. employees); a pair weighs wᵢ·wⱼ.
    bandwidth : {"silverman"}
        Silverman's rule of thumb as R's ``bw.nrd0`` over the N pairwise distances.

    Returns
    -------
    Series
        K̂(d) per km (integrates to 1 over d ≥ 0) on the index ``distance_km``; ``attrs`` hold
        ``bandwidth_km``, ``n_firms`` and ``n_used`` (< ``n_firms`` when sampled above :data:`MAX_FIRMS`).

    Examples
    --------
    Three firms 3, 4 and 5 km apart (a right triangle):

    >>> pts = pd.DataFrame({"x": [0.0, 3000.0, 0.0], "y": [0.0, 0.0, 4000.0]})
    >>> import geopandas as gpd
    >>> g = gpd.GeoDataFrame(geometry=gpd.points_from_xy(pts.x, pts.y), crs=3035)
    >>> round(float(k_density(g, distances_km=[4.0]).iloc[0]), 4)
    0.335
    """
    if bandwidth != "silverman":
        raise InputError(f"bandwidth was {bandwidth!r}; allowed: 'silverman'")
    d_eval = _check_distances(distances_km)
    xy = projected_xy(points) / 1000.0
    w = aligned_weights(weights, points.index)
    if len(xy) < 3:
        raise InputError(f"a K-density needs at least 3 firms, got {len(xy)}")
    n_firms = len(xy)
    if n_firms > MAX_FIRMS:
        keep = np.sort(np.random.default_rng(0).choice(n_firms, MAX_FIRMS, replace=False))
        xy, w = xy[keep], None if w is None else w[keep]
    k, h = _density(xy, w, d_eval, _span(xy))
    out = pd.Series(k, index=pd.Index(d_eval, name="distance_km"), name="k_density")
    out.attrs.update(bandwidth_km=h, n_firms=n_firms, n_used=len(xy))
    return out


@dataclass(frozen=True, slots=True)
class KDensityEnvelope:
    """K-density of a sector against counterfactual sites drawn from all firms; every field always present.

    Attributes
    ----------
    distances_km, k : ndarray
        Evaluation distances and the sector's K̂(d).
    local_lower, local_upper : ndarray
        α and 1 − α quantiles of the simulated K̂ at each distance.
    global_lower, global_upper : ndarray
        Bands hit anywhere by at most a share α of the simulations (each side; Duranton & Overman 2005).
    gamma : float
        Localisation Γ = Σ_d max(K̂(d) − global_upper(d), 0) (over the evaluation distances).
    psi : float
        Dispersion Ψ = Σ_d max(global_lower(d) − K̂(d), 0), counted only when Γ = 0 (as DO 2005).
    localised, dispersed : ndarray of bool
        K̂ above the global upper band / below the global lower band, per distance.
    bandwidth_km : float
        The sector's bandwidth h.
    n_firms, n_used, n_candidates, n_simulations : int
        Firms of the sector, firms used (a seeded sample when above :data:`MAX_FIRMS`), candidate
        sites, simulations.
    alpha : float
    seed : int
    weighted : bool
    """

    distances_km: np.ndarray
    k: np.ndarray
    local_lower: np.ndarray
    local_upper: np.ndarray
    global_lower: np.ndarray
    global_upper: np.ndarray
    gamma: float
    psi: float
    localised: np.ndarray
    dispersed: np.ndarray
    bandwidth_km: float
    n_firms: int
    n_used: int
    n_candidates: int
    n_simulations: int
    alpha: float
    seed: int
    weighted: bool

    @property
    def sampled(self) -> bool:
        """Whether a random sample of the sector's firms was used (more than :data:`MAX_FIRMS`)."""
        return self.n_used < self.n_firms


def _global_bands(sims: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Upper and lower bands, each left anywhere by at most a share ``alpha`` of the simulations."""
    s = len(sims)
    ranks = np.argsort(np.argsort(sims, axis=0, kind="stable"), axis=0, kind="stable")
    ordered = np.sort(sims, axis=0)
    at = int(np.ceil((1 - alpha) * s)) - 1
    top = np.sort(ranks.max(axis=1))[at]
    bottom = np.sort((s - 1 - ranks).max(axis=1))[at]
    return ordered[s - 1 - bottom], ordered[top]


def k_density_envelope(points: pd.DataFrame, candidates: pd.DataFrame, *, distances_km: np.ndarray,
                       weights: pd.Series | np.ndarray | None = None, n_simulations: int = 99,
                       alpha: float = 0.05, seed: int = 0, max_firms: int | None = None) -> KDensityEnvelope:
    """Test a sector's localisation against sites drawn at random from all firms (Duranton & Overman 2005).

    Each simulation draws ``n`` sites without replacement from ``candidates`` (the register's firms)
    and, when weighted, gives them the sector's weights in random order; its K̂ uses its own bandwidth.

    Parameters
    ----------
    points, candidates : GeoDataFrame or DataFrame
        The sector's firms and all firms (as for :func:`k_density`); ``len(candidates)`` ≥ firms used.
    distances_km : array
        Evaluation distances (km), e.g. 0, 1, …, 180 as DO 2005.
    weights : Series or array, optional
        Weights of the sector's firms (employees).
    n_simulations : int, default 99
    alpha : float, default 0.05
        Share of simulations outside each global band, and the quantiles of the local bands.
    seed : int, default 0
        Seeds the sample above :data:`MAX_FIRMS` and every draw.
    max_firms : int, optional
        Sample above this many firms instead (default :data:`MAX_FIRMS`; the page uses fewer).
    """
    d_eval = _check_distances(distances_km)
    alpha = check_fraction(alpha, name="alpha", high=0.5)
    if int(n_simulations) < 1:
        raise InputError(f"n_simulations was {n_simulations!r}; allowed: an integer ≥ 1")
    rng = np.random.default_rng(seed)
    xy = projected_xy(points) / 1000.0
    w = aligned_weights(weights, points.index)
    sites = projected_xy(candidates) / 1000.0
    n_firms = len(xy)
    if n_firms < 3:
        raise InputError(f"a K-density needs at least 3 firms, got {n_firms}")
    limit = MAX_FIRMS if max_firms is None else max(3, int(max_firms))
    if n_firms > limit:
        keep = np.sort(rng.choice(n_firms, limit, replace=False))
        xy, w = xy[keep], None if w is None else w[keep]
    n = len(xy)
    if len(sites) < n:
        raise InputError(f"{len(sites)} candidate sites cannot hold {n} firms; pass all firms of the register")
    span = max(_span(sites), _span(xy))
    k, h = _density(xy, w, d_eval, span)
    draws = [(rng.choice(len(sites), n, replace=False), None if w is None else rng.permutation(n))
             for _ in range(int(n_simulations))]  # drawn in order first: the same seed, the same draws

    def simulate(draw: tuple[np.ndarray, np.ndarray | None]) -> np.ndarray:
        where, order = draw
        return _density(sites[where], None if w is None else w[order], d_eval, span)[0]

    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:  # the pair loop releases the GIL
        sims = np.array(list(pool.map(simulate, draws))).reshape(int(n_simulations), len(d_eval))
    local_lower, local_upper = np.quantile(sims, [alpha, 1 - alpha], axis=0)
    global_lower, global_upper = _global_bands(sims, alpha)
    gamma = float(np.maximum(k - global_upper, 0).sum())
    psi = float(np.maximum(global_lower - k, 0).sum()) if gamma == 0 else 0.0
    return KDensityEnvelope(d_eval, k, local_lower, local_upper, global_lower, global_upper, gamma, psi,
                            k > global_upper, k < global_lower, h, n_firms, n, len(sites), int(n_simulations),
                            alpha, int(seed), w is not None)
