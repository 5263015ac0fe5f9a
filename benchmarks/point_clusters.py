"""Benchmark issue 17: firm clusters on 100 000 firms and the K-density envelope on 5 000 firms.

(a) ``point_clusters`` (HDBSCAN via fast-hdbscan, EPSG:3035) on a seeded synthetic register of 100 000
firms with planted clusters, against the common first attempt measured in the same run: scikit-learn's
``HDBSCAN`` on EPSG:4326 degrees with the haversine metric (ball tree). Target ≤ 10 s and ≥ 3× faster.
With ``--sklearn`` also scikit-learn's ``HDBSCAN`` on the same EPSG:3035 coordinates (minutes), and
the agreement of the labels (adjusted Rand index). ``cluster_summary`` is timed as well.
(b) ``k_density_envelope`` for 5 000 firms of a 100 000-firm register, 99 simulations, 0–180 km:
target ≤ 30 s, with the process's peak RSS before and after (memory bounded: blocks of pairs).
Measured 2026-12-02 (``--skip-clusters``, 2 cores, load 6): 4.2 s wall, 2.4 s CPU, peak RSS 477 MB;
the previous pair loop in the same run (load 5.9): 11.6–11.9 s wall, 7.3–7.5 s CPU, results identical
to the bit (earlier session: 32–35 s at load 10–13).

Prints timings, ratios, PASS/FAIL against the targets and the machine; never asserts (exit code 0).
``--baseline-firms N`` times the haversine baseline on N firms only and scales it by (100 000/N)^1.0
(stated) when the full baseline would take too long; default: the full 100 000.

    python benchmarks/point_clusters.py [--firms 100000] [--baseline-firms N] [--skip-k] [--skip-clusters] [--sklearn]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def _clusters(args: argparse.Namespace, register) -> None:
    """Part (a): point_clusters and cluster_summary on the register, against the haversine baseline."""
    from sklearn.cluster import HDBSCAN
    from sklearn.metrics import adjusted_rand_score

    from analysis import cluster_summary, point_clusters
    from analysis._points import projected_xy

    point_clusters(register.iloc[:2000], min_cluster_size=25)  # numba: load the compiled (cached) code
    labels, ours = _timed(lambda: point_clusters(register, min_cluster_size=25))
    print(f"(a) point_clusters HDBSCAN EPSG:3035, {len(register):,} firms: {ours:.2f} s, "
          f"{labels.max() + 1} clusters, {(labels >= 0).mean():.0%} of firms in one")
    summary, t_summary = _timed(lambda: cluster_summary(register, labels))
    print(f"    cluster_summary ({len(summary)} clusters, concave hulls): {t_summary:.2f} s")
    if args.sklearn:  # slow (minutes): scikit-learn's own HDBSCAN on the same metric coordinates
        xy = projected_xy(register)
        sk_labels, t_sk = _timed(lambda: HDBSCAN(min_cluster_size=25, copy=True).fit_predict(xy))
        print(f"    scikit-learn HDBSCAN on the same EPSG:3035 coordinates: {t_sk:.2f} s (ours {t_sk / ours:.1f}× "
              f"faster; adjusted Rand index {adjusted_rand_score(sk_labels, labels):.4f})")
    n_base = args.baseline_firms or len(register)
    degrees = np.radians(register[["lat", "lon"]].to_numpy()[:n_base])
    _, t_base = _timed(lambda: HDBSCAN(min_cluster_size=25, metric="haversine", copy=True).fit_predict(degrees))
    scale = len(register) / n_base
    t_full = t_base * scale
    note = "" if n_base == len(register) else f" (measured on {n_base:,} firms: {t_base:.2f} s, scaled ×{scale:.1f})"
    print(f"    baseline: scikit-learn HDBSCAN, EPSG:4326 degrees, haversine: {t_full:.2f} s{note}")
    ratio = t_full / ours
    print(f"    target ≤ 10 s: {'PASS' if ours <= 10 else 'FAIL'}; ≥ 3× faster than the baseline: "
          f"{ratio:.1f}× {'PASS' if ratio >= 3 else 'FAIL'}")


def main(argv: list[str] | None = None) -> None:
    """Run both parts and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--baseline-firms", type=int, default=None)
    parser.add_argument("--skip-k", action="store_true")
    parser.add_argument("--skip-clusters", action="store_true", help="only part (b), the K-density envelope")
    parser.add_argument("--sklearn", action="store_true", help="also time scikit-learn's HDBSCAN in EPSG:3035")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=FutureWarning)
    from analysis import k_density_envelope
    from data.synthetic_clusters import planted_register

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}; python {platform.python_version()}")
    register = planted_register(args.firms - 5 * 300, groups=5, per_group=300, seed=0)
    print(f"register: {len(register):,} synthetic firms (seed 0), 5 planted groups of 300 in 20 km discs")
    if not args.skip_clusters:
        _clusters(args, register)
    if args.skip_k:
        return
    sector = register.sample(5000, random_state=1)
    k_density_envelope(sector.iloc[:300], register, distances_km=[1.0], n_simulations=1)  # numba: load
    rss0, cpu0 = _rss_mb(), time.process_time()
    res, t_k = _timed(lambda: k_density_envelope(sector, register, distances_km=np.arange(0.0, 181.0),
                                                  n_simulations=99, seed=0))
    print(f"(b) k_density_envelope 5,000 firms × 99 simulations (candidates {len(register):,}): {t_k:.1f} s "
          f"wall, {time.process_time() - cpu0:.1f} s CPU (all threads), load {os.getloadavg()[0]:.1f}, "
          f"peak RSS {rss0:.0f} MB before, {_rss_mb():.0f} MB after; Γ = {res.gamma:.4f}, h = "
          f"{res.bandwidth_km:.1f} km; target ≤ 30 s: {'PASS' if t_k <= 30 else 'FAIL'}")


if __name__ == "__main__":
    main()
