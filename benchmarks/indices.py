"""All regional indices in one call, spatial weights and Moran/LISA: timings against naive loops.

(a) :func:`benchmarks.regional_batch.regional_indices` on the full panel of the default data (all NUTS 2013 level 2
    regions × all 8 years, employment), once on the 13 business-economy sections (regional indices)
    and once on the NACE divisions (LQ / share / focus) — never on the overlapping codes together.
    Baseline: the same indices written as plain Python loops over years, regions and sectors
    (dict/float arithmetic), measured in the same run; both results are compared (np.allclose).
(b) :func:`analysis.spatial_weights` for NUTS 2013 level 2: one cold build, then the cached call.
    ``analysis`` is pure and has no cache (STYLE §3: no globals), so the cache here is a
    ``functools.lru_cache`` keyed on (NUTS version, level), the wrapper a caller keeps. Then
    :func:`analysis.moran` + :func:`analysis.local_moran` with 999 permutations on the LQ of
    section C in 2014 (regions with a value) against a naive loop permutation test of Moran's I.

Targets (project issue): all indices ≤ 50 ms, ≥ 10× faster than the loop; Moran + LISA ≤ 1 s.
Timings are printed, never asserted; the exit code is 0. Permutations are seeded (SEED).

    python benchmarks/indices.py [--repeats N]
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import esda  # noqa: E402
import geopandas  # noqa: E402
import libpysal  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from analysis import local_moran, location_quotient, moran, spatial_weights  # noqa: E402
from benchmarks.regional_batch import REGIONAL_COLUMNS, regional_indices  # noqa: E402
from data.store import DataStore, load_store  # noqa: E402

SEED = 0
VERSION, LEVEL, MEASURE = 2013, 2, "employment"
TARGET_MS, TARGET_RATIO, TARGET_SPATIAL_S = 50.0, 10.0, 1.0
PERMUTATIONS = 999
NAN = float("nan")


# ---- timing helpers ----------------------------------------------------------------------------
def timings(fn: Callable[[], object], repeats: int) -> list[float]:
    """Wall times (s) of ``repeats`` calls, after one untimed warm-up call."""
    fn()
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def once(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.2f} ms"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def machine() -> str:
    return (f"machine: {platform.platform()}; {platform.machine()} {platform.processor() or ''}; "
            f"{os.cpu_count()} CPUs; Python {platform.python_version()}\n"
            f"versions: numpy {np.__version__}, pandas {pd.__version__}, esda {esda.__version__}, "
            f"libpysal {libpysal.__version__}, geopandas {geopandas.__version__}")


# ---- (a) naive baseline: plain loops over years, regions, sectors --------------------------------
def panel_to_dicts(panel: pd.DataFrame) -> dict[int, dict[str, dict[str, float]]]:
    """Setup (untimed): {year: {region: {sector: value}}} with NaN for missing cells."""
    data: dict[int, dict[str, dict[str, float]]] = {}
    for (year, region), row in zip(panel.index, panel.to_numpy().tolist(), strict=True):
        data.setdefault(year, {})[region] = dict(zip(panel.columns, row, strict=True))
    return data


def naive_indices(data: dict[int, dict[str, dict[str, float]]], sectors: list[str]) -> dict[str, dict]:
    """Per-year, per-region, per-sector loops; same NaN rules as ``analysis`` (skip missing, 0/0 = NaN)."""
    cells: dict[str, dict] = {"lq": {}, "share": {}, "focus": {}}
    regional: dict[tuple, dict[str, float]] = {}
    for year, rows in data.items():
        total = {}
        for region, row in rows.items():
            t, known = 0.0, False
            for s in sectors:
                v = row[s]
                if not math.isnan(v):
                    t += v
                    known = True
            total[region] = t if known else NAN
        sector_total, reference_total = {}, {}
        for s in sectors:
            es, e = 0.0, 0.0
            for region, row in rows.items():
                v = row[s]
                if not math.isnan(v):
                    es += v
                    e += total[region]
            sector_total[s], reference_total[s] = es, e
        for region, row in rows.items():
            t = total[region]
            h = ent = k = avg = 0.0
            any_h = any_ent = any_k = any_avg = False
            for s in sectors:
                v, es, e = row[s], sector_total[s], reference_total[s]
                f = v / t if not math.isnan(v) and not math.isnan(t) and t != 0 else NAN
                share = v / es if not math.isnan(v) and es != 0 else NAN
                ref = es / e if e != 0 else NAN
                lq = f / ref if not math.isnan(f) and not math.isnan(ref) and ref != 0 else NAN
                cells["focus"][year, region, s] = f
                cells["share"][year, region, s] = share
                cells["lq"][year, region, s] = lq
                if not math.isnan(f):
                    h += f * f
                    any_h = True
                    ent += f * math.log2(f) if f > 0 else 0.0
                    any_ent = True
                    if not math.isnan(ref):
                        k += abs(f - ref)
                        any_k = True
                    if not math.isnan(lq):
                        avg += f * lq
                        any_avg = True
            average = avg if any_avg else NAN
            krugman = k if any_k else NAN
            regional[year, region] = {
                "herfindahl": h if any_h else NAN,
                "entropy": -ent + 0.0 if any_ent else NAN,
                "krugman": krugman,
                "specialisation_coefficient": krugman / 2.0,
                "average_lq": average,
                "hachman": 1.0 / average if average != 0 else NAN,
            }
    return {**cells, "regional": regional}


def naive_as_frames(naive: dict[str, dict], panel: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Untimed: put the naive dicts into frames shaped like the fast result."""
    out = {}
    for name in ("lq", "share", "focus"):
        values = [[naive[name][y, r, s] for s in panel.columns] for y, r in panel.index]
        out[name] = pd.DataFrame(values, index=panel.index, columns=panel.columns)
    out["regional"] = pd.DataFrame([naive["regional"][key] for key in panel.index], index=panel.index)[
        list(REGIONAL_COLUMNS)]
    return out


def bench_panel(label: str, panel: pd.DataFrame, repeats: int, reference: pd.Series) -> None:
    fields = ("lq", "share", "focus", "regional")
    fast_times = timings(lambda: regional_indices(panel), repeats)
    ref_times = timings(lambda: regional_indices(panel, reference=reference), repeats)
    data = panel_to_dicts(panel)
    sectors = list(panel.columns)
    naive_times = timings(lambda: naive_indices(data, sectors), repeats)
    fast = regional_indices(panel)
    naive = naive_as_frames(naive_indices(data, sectors), panel)
    same = {f: bool(np.allclose(getattr(fast, f).to_numpy(), naive[f].to_numpy(), rtol=1e-12, atol=1e-12,
                                equal_nan=True)) for f in fields}
    worst = max(float(np.nanmax(np.abs(getattr(fast, f).to_numpy() - naive[f].to_numpy()))) for f in fields)
    known = int(panel.notna().to_numpy().sum())
    best, med = min(fast_times), statistics.median(fast_times)
    nbest, nmed = min(naive_times), statistics.median(naive_times)
    print(f"\n[{label}] panel {panel.shape[0]} rows (8 years × {panel.shape[0] // 8} regions) × "
          f"{panel.shape[1]} sectors, {known} known cells")
    print(f"  regional_indices           best {ms(best)}   median {ms(med)}   "
          f"(target ≤ {TARGET_MS:.0f} ms: {verdict(best * 1e3 <= TARGET_MS)})")
    print(f"  ... reference=country      best {ms(min(ref_times))}   median {ms(statistics.median(ref_times))}")
    print(f"  naive loops (years×regions×sectors)  best {ms(nbest)}   median {ms(nmed)}")
    print(f"  ratio naive/fast: best {nbest / best:.0f}×, median {nmed / med:.0f}× "
          f"(target ≥ {TARGET_RATIO:.0f}×: {verdict(nbest / best >= TARGET_RATIO)})")
    print("  same numbers (np.allclose rtol=atol=1e-12, NaN equal): "
          + ", ".join(f"{f} {same[f]}" for f in fields) + f"; max |diff| {worst:.1e}")


# ---- (b) naive permutation test of Moran's I --------------------------------------------------------
def naive_moran(values: dict[str, float], neighbours: dict[str, list[str]], permutations: int,
                seed: int) -> tuple[float, float]:
    """Moran's I with row-standardised weights and a permutation p-value, in plain loops."""
    ids = list(values)
    n = len(ids)
    mean = sum(values.values()) / n
    z = {i: values[i] - mean for i in ids}
    weights = {i: {j: 1.0 / len(neighbours[i]) for j in neighbours[i]} for i in ids}
    s0 = sum(sum(row.values()) for row in weights.values())

    def statistic(zv: dict[str, float]) -> float:
        num, den = 0.0, 0.0
        for i in ids:
            lag = 0.0
            for j, w in weights[i].items():
                lag += w * zv[j]
            num += zv[i] * lag
            den += zv[i] * zv[i]
        return n / s0 * num / den

    observed = statistic(z)
    rng = np.random.default_rng(seed)
    pool = [z[i] for i in ids]
    larger = 0
    for _ in range(permutations):
        order = rng.permutation(n)
        shuffled = {ids[k]: pool[order[k]] for k in range(n)}
        if statistic(shuffled) >= observed:
            larger += 1
    larger = min(larger, permutations - larger)
    return observed, (larger + 1.0) / (permutations + 1.0)


def bench_spatial(store: DataStore, sections: list[str], repeats: int) -> None:
    regions = store.regions(VERSION, LEVEL)
    cold, weights = once(lambda: spatial_weights(regions))
    rebuild = timings(lambda: spatial_weights(regions), 3)

    @lru_cache(maxsize=16)
    def cached_weights(version: int, level: int):
        return spatial_weights(store.regions(version, level))

    first, _ = once(lambda: cached_weights(VERSION, LEVEL))
    hits = timings(lambda: cached_weights(VERSION, LEVEL), repeats)
    graph = weights.graph
    print(f"\n[spatial weights] NUTS {VERSION} level {LEVEL}: {len(regions)} regions, "
          f"{len(weights.islands)} islands joined to a nearest neighbour")
    print(f"  spatial_weights cold        {ms(cold)}   (rebuild median {ms(statistics.median(rebuild))})")
    print("  cache: analysis has none (pure functions, no globals); functools.lru_cache keyed on "
          "(version, level) in this script")
    print(f"  cached_weights first call   {ms(first)}   cached call best {min(hits) * 1e6:.1f} µs, "
          f"median {statistics.median(hits) * 1e6:.1f} µs")

    matrix = store.matrix("sbs", VERSION, MEASURE, 2014, LEVEL, sections)
    y = location_quotient(matrix)["C"]
    kept = y.dropna()
    cold_moran, _ = once(lambda: moran(y, graph, permutations=PERMUTATIONS, seed=SEED))
    cold_lisa, _ = once(lambda: local_moran(y, graph, permutations=PERMUTATIONS, seed=SEED))
    moran_times = timings(lambda: moran(y, graph, permutations=PERMUTATIONS, seed=SEED), repeats)
    lisa_times = timings(lambda: local_moran(y, graph, permutations=PERMUTATIONS, seed=SEED), repeats)
    both_times = timings(lambda: (moran(y, graph, permutations=PERMUTATIONS, seed=SEED),
                                  local_moran(y, graph, permutations=PERMUTATIONS, seed=SEED)), repeats)
    result = moran(y, graph, permutations=PERMUTATIONS, seed=SEED)
    lisa = local_moran(y, graph, permutations=PERMUTATIONS, seed=SEED)

    sub = graph.subgraph(kept.index)  # setup (untimed): the naive version gets plain dicts
    adjacency = sub.adjacency.reset_index()
    adjacency = adjacency[adjacency["weight"] != 0]
    neighbours = {i: [] for i in kept.index}
    for focal, neighbour in zip(adjacency["focal"], adjacency["neighbor"], strict=True):
        neighbours[focal].append(neighbour)
    values = {i: float(v) for i, v in kept.items()}
    naive_runs = max(1, min(3, repeats))
    naive_times = timings(lambda: naive_moran(values, neighbours, PERMUTATIONS, SEED), naive_runs)
    naive_i, naive_p = naive_moran(values, neighbours, PERMUTATIONS, SEED)
    best_both = min(both_times)
    print(f"\n[Moran + LISA] LQ of C (manufacturing) 2014, NUTS {VERSION} level {LEVEL}: {len(kept)} regions "
          f"with a value, {PERMUTATIONS} permutations, seed {SEED}")
    print(f"  moran        cold {ms(cold_moran)}   best {ms(min(moran_times))}   "
          f"median {ms(statistics.median(moran_times))}")
    print(f"  local_moran  cold {ms(cold_lisa)}   best {ms(min(lisa_times))}   "
          f"median {ms(statistics.median(lisa_times))}")
    print(f"  moran + local_moran         best {ms(best_both)}   median {ms(statistics.median(both_times))}   "
          f"(target ≤ {TARGET_SPATIAL_S:.0f} s: {verdict(best_both <= TARGET_SPATIAL_S)})")
    print(f"  naive loop permutation test of Moran's I  best {ms(min(naive_times))}   "
          f"median {ms(statistics.median(naive_times))}   ({naive_runs} runs)")
    print(f"  ratio naive/moran: best {min(naive_times) / min(moran_times):.0f}×, "
          f"median {statistics.median(naive_times) / statistics.median(moran_times):.0f}×")
    print(f"  I: moran {result.i:.12f}, naive {naive_i:.12f} (same: {math.isclose(result.i, naive_i, rel_tol=1e-12)}); "
          f"p_sim: moran {result.p_sim:.4f}, naive {naive_p:.4f} (different random draws)")
    print(f"  LISA: {int(lisa['significant'].sum())} significant regions at alpha 0.05; quadrants "
          + ", ".join(f"{q} {n}" for q, n in lisa.loc[lisa["significant"], "quadrant"].value_counts().items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed calls per measurement (default 7)")
    args = parser.parse_args()
    print(machine())
    load, store = once(load_store)
    years = store.dataset("sbs").years
    sections = store.codes_at_level("sbs", 1)
    divisions = store.codes_at_level("sbs", 2)
    print(f"store loaded and precomputed in {load:.1f} s (not timed below); years {years[0]}–{years[-1]}; "
          f"{len(sections)} sections, {len(divisions)} divisions; {args.repeats} repeats (best and median)")
    country = store.regions(VERSION, LEVEL)["country"]

    def panel(codes: list[str]) -> pd.DataFrame:
        frames = {y: store.matrix("sbs", VERSION, MEASURE, y, LEVEL, codes) for y in years}
        return pd.concat(frames, names=["year", "nuts_id"])

    bench_panel("sections: all regional indices + LQ/share/focus", panel(sections), args.repeats, country)
    bench_panel("divisions: LQ/share/focus (regional columns computed too)", panel(divisions), args.repeats,
                country)
    bench_spatial(store, sections, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
