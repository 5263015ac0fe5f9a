"""Relatedness and complexity of the SBS NUTS 2 × division matrix of one year: timings against a per-sector loop.

Ours (``analysis``): incidence (binary LQ) → co-occurrence → relatedness with the 4 methods → relatedness
density → complexity by reflections (20 steps) and by eigenvector, all vectorised. Baseline: the same
measures written as loops over sectors (and sector pairs, and reflection steps over regions), each
iteration on numpy vectors — the way a per-sector script computes them — measured in the same run; the
results are compared (np.allclose). Input: the default store's SBS table, NUTS 2013 level 2, employment,
2014, the 68 NACE divisions plus the rest of the business economy.

Target (issue 16): ours ≤ 50 ms and ≥ 10× faster than the loop. Timings are printed, never asserted.

    python benchmarks/relatedness.py [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from analysis import co_occurrence, complexity, incidence, relatedness, relatedness_density  # noqa: E402
from analysis.relatedness import METHODS  # noqa: E402
from data.store import load_store  # noqa: E402
from views.sector_space import blas_controller  # noqa: E402

VERSION, LEVEL, MEASURE, YEAR = 2013, 2, "employment", 2014
TARGET_MS, TARGET_RATIO = 50.0, 10.0


def matrix() -> pd.DataFrame:
    """SBS divisions of all NUTS 2 regions plus the rest of the business economy (rows sum to E_r·)."""
    store = load_store()
    args = ("sbs", VERSION, MEASURE, YEAR, LEVEL)
    m = store.matrix(*args, store.codes_at_level("sbs", 2))
    m["_rest"] = (store.business_total(*args).reindex(m.index) - m.sum(axis=1, min_count=1)).clip(lower=0)
    return m.dropna(how="all")


def ours(m: pd.DataFrame) -> dict[str, object]:
    """Everything, vectorised (``analysis``), single-threaded BLAS as in ``views.sector_space``."""
    with blas_controller().limit(limits=1, user_api="blas"):
        return _ours(m)


def _ours(m: pd.DataFrame) -> dict[str, object]:
    inc = incidence(m).drop(columns="_rest")
    c = co_occurrence(inc)
    phi = {method: relatedness(c, method) for method in METHODS}
    out: dict[str, object] = {"co_occurrence": c.to_numpy(), **{k: v.to_numpy() for k, v in phi.items()}}
    out["density"] = relatedness_density(inc, phi["probability"]).to_numpy()
    reflections = complexity(inc, "reflections", steps=20, disconnected="largest")
    eigen = complexity(inc, "eigenvector", disconnected="largest")
    out["reflections"] = reflections.regions.to_numpy()
    out["eigenvector"] = eigen.regions.to_numpy()
    return out


def loop(m: pd.DataFrame) -> dict[str, object]:
    """The same, one sector (pair) at a time."""
    values = m.to_numpy()
    row = np.nansum(values, axis=1)
    k = values.shape[1] - 1  # without the rest
    inc = np.full((values.shape[0], k), np.nan)
    for s in range(k):  # LQ per sector
        known = ~np.isnan(values[:, s])
        lq = (values[:, s] / row) / (np.nansum(values[known, s]) / np.nansum(row[known]))
        inc[:, s] = np.where(np.isnan(lq), np.nan, (lq >= 1 - 1e-12).astype(float))
    keep = ~np.isnan(inc).all(axis=1)
    inc = np.nan_to_num(inc[keep])
    c = np.zeros((k, k))
    for i in range(k):
        for j in range(k):
            if i != j:
                c[i, j] = float(np.sum(inc[:, i] * inc[:, j]))
    s = c.sum(axis=0)
    t = s.sum()
    out: dict[str, object] = {"co_occurrence": c}
    for method in METHODS:
        phi = np.zeros((k, k))
        for i in range(k):
            for j in range(k):
                if i == j or c[i, j] == 0:
                    continue
                if method == "association":
                    phi[i, j] = c[i, j] * t / (s[i] * s[j])
                elif method == "cosine":
                    phi[i, j] = c[i, j] / np.sqrt(s[i] * s[j])
                elif method == "jaccard":
                    phi[i, j] = c[i, j] / (s[i] + s[j] - c[i, j])
                else:
                    phi[i, j] = c[i, j] / ((s[i] * s[j] / 2) * (1 / (t - s[i]) + 1 / (t - s[j])))
        out[method] = phi
    phi = out["probability"]
    density = np.full(inc.shape, np.nan)
    for j in range(k):  # per sector
        weight = phi[:, j].sum()
        if weight > 0:
            density[:, j] = 100 * (inc @ phi[:, j]) / weight
    out["density"] = density
    regions, sectors = inc.sum(axis=1), inc.sum(axis=0)
    d, u = regions.copy(), sectors.copy()
    for step in range(1, 21):  # reflections, one region and one sector at a time
        new_r = np.array([inc[r] @ sectors / d[r] if d[r] else np.nan for r in range(len(d))])
        new_s = np.array([inc[:, j] @ regions / u[j] if u[j] else np.nan for j in range(k)])
        if step >= 3:
            new_r = (new_r - np.nanmin(new_r)) / (np.nanmax(new_r) - np.nanmin(new_r)) * 100
            new_s = (new_s - np.nanmin(new_s)) / (np.nanmax(new_s) - np.nanmin(new_s)) * 100
        regions, sectors = new_r, new_s
    out["reflections"] = regions
    mask_r, mask_s = d > 0, u > 0
    sub = inc[np.ix_(mask_r, mask_s)]
    transition = (sub / sub.sum(axis=1)[:, None]) @ (sub.T / sub.sum(axis=0)[:, None])
    w, v = np.linalg.eig(transition)
    vec = v[:, np.argsort(-w.real)[1]].real
    eci = np.full(len(d), np.nan)
    eci[mask_r] = (vec - vec.mean()) / vec.std(ddof=1)
    out["eigenvector"] = eci
    return out


def timings(fn: Callable[[], object], repeats: int) -> list[float]:
    """Wall times (s) of ``repeats`` calls after one warm-up."""
    fn()
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def same(a: dict, b: dict) -> bool:
    """Same numbers (the eigenvector up to its sign)."""
    ok = all(np.allclose(np.asarray(a[key], float), np.asarray(b[key], float), equal_nan=True, atol=1e-9)
             for key in a if key != "eigenvector")
    x, y = np.asarray(a["eigenvector"], float), np.asarray(b["eigenvector"], float)
    return ok and (np.allclose(x, y, equal_nan=True, atol=1e-6) or np.allclose(x, -y, equal_nan=True, atol=1e-6))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    repeats = parser.parse_args().repeats
    m = matrix()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f}; Python {platform.python_version()}")
    print(f"matrix: {m.shape[0]} NUTS 2 regions × {m.shape[1] - 1} divisions (+ rest), {MEASURE} {YEAR}")
    print(f"same numbers as the loop: {same(ours(m), loop(m))}")
    fast, slow = timings(lambda: ours(m), repeats), timings(lambda: loop(m), max(2, repeats // 3))
    threaded = timings(lambda: _ours(m), max(2, repeats // 3))
    print(f"ours with the default (threaded) BLAS: median {statistics.median(threaded) * 1e3:.1f} ms")
    med_fast, med_slow = statistics.median(fast) * 1e3, statistics.median(slow) * 1e3
    ratio = med_slow / med_fast
    print(f"ours: median {med_fast:.1f} ms (best {min(fast) * 1e3:.1f} ms) over {repeats}")
    print(f"loop: median {med_slow:.1f} ms (best {min(slow) * 1e3:.1f} ms)")
    print(f"ratio loop/ours: {ratio:.1f}×")
    verdict = "PASS" if med_fast <= TARGET_MS and ratio >= TARGET_RATIO else "FAIL"
    print(f"target ≤ {TARGET_MS:.0f} ms and ≥ {TARGET_RATIO:.0f}×: {verdict}")


if __name__ == "__main__":
    main()
