"""Peers, compare mode and the region report: timings against a naive loop, measured in the same run.

(a) :func:`analysis.similar_regions` (Krugman and cosine) for every NUTS 3 region of the default data
    (NUTS 2013 level 3 × NACE divisions plus the rest of the economy, persons employed 2014), against a
    naive baseline that computes each distance with a Python loop over regions and sectors (dict/float
    arithmetic); the two rankings are compared (same ids, np.allclose distances).
(b) :func:`views.peers.region_peers` and :func:`views.compare.comparison` (10 regions) at NUTS 2: the first
    (cold: division tables, weights) and the cached calls; :func:`exports.report.report_pdf` per page.

Timings are printed, never asserted; the exit code is 0.

    python benchmarks/peers.py [--repeats N] [--regions N]
"""

from __future__ import annotations

import argparse
import math
import platform
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from analysis import similar_regions  # noqa: E402
from data.store import load_store  # noqa: E402
from views.peers import division_tables, region_peers  # noqa: E402
from views.state import View  # noqa: E402
from views.values import effective_view  # noqa: E402


def median_s(fn, repeats: int) -> float:
    """Median wall time (s) of ``repeats`` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def naive_krugman(rows: dict[str, dict[str, float]], region: str, k: int) -> list[tuple[str, float]]:
    """Baseline: shares and Σ|s_ir − s_il| with Python loops, NaN cells skipped, sorted by (distance, id)."""
    def shares(row: dict[str, float]) -> dict[str, float]:
        total = sum(v for v in row.values() if not math.isnan(v))
        return {s: (v / total if total > 0 else math.nan) for s, v in row.items()}

    mine = shares(rows[region])
    out = []
    for other, row in rows.items():
        if other == region:
            continue
        theirs = shares(row)
        common = [s for s in mine if not math.isnan(mine[s]) and not math.isnan(theirs[s])]
        if common:
            out.append((other, sum(abs(mine[s] - theirs[s]) for s in common)))
    return sorted(out, key=lambda item: (item[1], item[0]))[:k]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--regions", type=int, default=50, help="NUTS 3 regions whose peers are timed")
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    store = load_store()
    nuts3 = effective_view(store, View(level=3, year=2014))
    matrix = division_tables(store, nuts3).structure
    ids = list(matrix.index[:: max(1, len(matrix) // args.regions)][: args.regions])
    rows = {r: {s: float(v) for s, v in row.items()} for r, row in matrix.to_dict("index").items()}
    print(f"(a) similar_regions on {matrix.shape[0]} NUTS 3 regions × {matrix.shape[1]} sectors, {len(ids)} regions")
    for r in ids[:5]:  # the two agree
        ours = similar_regions(matrix, r, k=10)
        theirs = naive_krugman(rows, r, 10)
        assert list(ours.index) == [i for i, _ in theirs] and np.allclose(ours.to_numpy(), [d for _, d in theirs])
    krugman = median_s(lambda: [similar_regions(matrix, r, k=10) for r in ids], args.repeats)
    cosine = median_s(lambda: [similar_regions(matrix, r, k=10, metric="cosine") for r in ids], args.repeats)
    naive = median_s(lambda: [naive_krugman(rows, r, 10) for r in ids], max(1, args.repeats // 2))
    per = 1000 / len(ids)
    print(f"    krugman {krugman * per:8.2f} ms/region   cosine {cosine * per:8.2f} ms/region   "
          f"naive loop {naive * per:8.2f} ms/region   naive/ours {naive / krugman:6.1f}×")

    nuts2 = effective_view(store, View(year=2014))
    start = time.perf_counter()
    region_peers(store, nuts2, "DE11")
    cold = time.perf_counter() - start
    warm = median_s(lambda: region_peers(store, nuts2, "FR10"), args.repeats)
    print(f"(b) region_peers NUTS 2: first {cold * 1000:8.1f} ms (division tables, weights), "
          f"then {warm * 1000:6.1f} ms")
    from views.compare import comparison

    ten = tuple(store.region_table(2013, 2).index[::30][:10])
    compare = replace(nuts2, compare=ten)
    start = time.perf_counter()
    comparison(store, compare)
    first = time.perf_counter() - start
    again = median_s(lambda: comparison(store, compare), args.repeats)
    print(f"    comparison of 10 regions: first {first * 1000:8.1f} ms, then {again * 1000:6.1f} ms")
    from exports.report import report_pdf

    page = median_s(lambda: report_pdf(store, nuts2, ["DE11"], day="2026-01-01"), max(1, args.repeats // 2))
    batch = median_s(lambda: report_pdf(store, nuts2, list(ten), day="2026-01-01"), 1)
    print(f"    report: one page {page * 1000:8.1f} ms; 10 pages {batch * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
