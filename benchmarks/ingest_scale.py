"""Ingest at scale: ``python app.py ingest`` end to end vs a naive baseline, in the same run; PostGIS vs CSV.

Run ``python -m benchmarks.ingest_scale [--firms 1000000 3000000] [--postgis 100000] [--dir DIR]``.

* **Ours**: ``python app.py ingest FILE.csv --name … --replace`` as a fresh process (interpreter start,
  imports, validation, NACE normalisation, one point-in-polygon pass at NUTS 3, one group-by at
  NUTS 3 × NACE class × size class rolled up to NUTS 0–2 and four NACE levels, GeoParquet + stats
  written). Since 2026-12-02 (issue 18 part 4): CSV parsed by Arrow on both cores (``ingest.csv_arrow``),
  numbers cast by Arrow, a two-level lookup grid (STRtree only for ~1 km boundary sub-cells), sums on
  integer codes, points written and the next chunk read on background threads. Wall time (best of
  ``--repeat`` runs alternating with the baseline) and peak RSS of the process tree (sampled every 0.05 s).
* **Naive baseline** (in this process, imports already done): reading the polygons, ``pandas.read_csv``
  + ``geopandas.sjoin`` of the points with the NUTS 1, 2 and 3 polygons + a group-by (region × NACE:
  firms, employees) per level.
* **PostGIS**: the same firms in a throwaway PostgreSQL + PostGIS cluster (``tests/ingest/_postgis.py``),
  ingested through ``python app.py ingest postgresql://… --table``; the stats must equal the CSV's.

Data are synthetic and seeded (``data.synthetic``); generating them is setup and is not timed. Prints
figures and ratios — of wall time and of CPU time (user + system, less disturbed by other processes on a
shared machine); asserts nothing about time.

Measured 2026-12-02 (after issue 18 part 4) on a 2-core, 24 GB machine shared with other engineers' test
runs (load average 5–6), ``--dir`` reused so that generating the files is not timed:

* 1,000,000 firms (``--repeat 3``, load 4.9–5.2): ours 7.6 s wall / 6.8 s CPU vs naive 6.1 s wall / 5.9 s
  CPU: ratio wall 1.24, CPU 1.17 (ours [7.6, 7.9, 8.9] s, naive [6.1, 6.7, 7.1] s); peak RSS 1.37 GB.
  Before (same day, same machine): ratio 1.42–1.8. Fixed costs (interpreter, imports, polygons,
  grid cache) are about 0.6 s of the 6.8 s CPU.
* 3,000,000 firms (``--repeat 2``, load 5.7–6.0): ours 29.9 s wall / 12.6 s CPU vs naive 37.0 s wall /
  18.8 s CPU: ratio wall 0.81, CPU 0.67; peak RSS 1.69 GB.
* 10,000,000 firms (``--repeat 1``, load 5.2): ours 36.3 s wall / 32.7 s CPU, peak RSS 2.40 GB (chunks of
  1 M rows; target ≤ 60 s, ≤ 3 GB). Direct ``/usr/bin/time`` runs of earlier states of this work at load
  5–9: 37.8–51.8 s wall, 2.5–2.8 GB; the benchmark while a test suite ran beside it: 102.6 s wall, 32.1 s
  CPU, 2.36 GB; a second benchmark round at load 5.2–7.4: 98.9 s wall / 41.4 s CPU, 2.39 GB — at 10 M the
  wall time depends on the machine's load (≤ 60 s only when a core is free). Naive baseline not run here.
* Second 1 M round (load 5.2–5.6): ours 13.0 s / 6.1 s CPU vs naive 9.6 s / 5.1 s: wall 1.36, CPU 1.19.
* Final round, with Arrow's jemalloc pool (``cli.ingest.use_jemalloc``), load 3.8–4.7: 1 M firms ours
  6.3 s / 6.1 s CPU vs naive 6.0 s / 5.6 s: wall 1.05, CPU 1.09 (ours [8.2, 6.3, 6.4], naive [6.0, 6.7,
  8.5]), peak RSS 1.29 GB; 10 M firms 43.5 s wall / 32.8 s CPU, peak RSS 2.15 GB.
* PostGIS, 100,000 firms (measured before part 4): 15.2 s through ``postgresql://… --table`` vs 15.0 s from
  the same CSV (ratio 1.02), stats identical; peak RSS 0.62 GB vs 0.58 GB.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import psutil

from benchmarks.ingest import machine
from data.store import DEFAULT_DIR
from data.synthetic import write_firms

ROOT = Path(__file__).resolve().parent.parent


def run_measured(command: list[str]) -> tuple[float, float, int, str, float]:
    """Run ``command`` in ROOT; return wall seconds, peak RSS (GB) of its process tree, exit code, last line, CPU s."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = psutil.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        try:
            peak = max(peak, sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]))
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    tail = (process.stdout.read().decode().strip().splitlines() or [""])[-1]
    return seconds, peak / 2**30, process.returncode, tail, cpu


def naive(source: Path) -> tuple[float, int, float]:
    """The naive baseline: read_csv + sjoin at NUTS 1, 2, 3 + group-by; return seconds, result rows, CPU s."""
    start, cpu = time.perf_counter(), time.process_time()
    regions = gpd.read_parquet(DEFAULT_DIR / "regions.parquet", columns=["nuts_id", "level", "nuts_version",
                                                                          "geometry"])
    regions = regions[regions["nuts_version"] == 2021]
    frame = pd.read_csv(source)
    points = gpd.GeoDataFrame(frame[["nace", "employees"]], geometry=gpd.points_from_xy(frame["lon"], frame["lat"]),
                              crs="EPSG:4326")
    rows = 0
    for level in (1, 2, 3):
        polygons = regions.loc[regions["level"] == level, ["nuts_id", "geometry"]]
        joined = gpd.sjoin(points, polygons, how="inner", predicate="within")
        table = joined.groupby(["nuts_id", "nace"]).agg(firms=("nace", "size"), employees=("employees", "sum"))
        rows += len(table)
    return time.perf_counter() - start, rows, time.process_time() - cpu


def bench_scale(folder: Path, firms: int, repeat: int = 1, baseline_max: int = 10**12) -> None:
    source = folder / f"firms_{firms}.csv"
    if not source.exists():
        start = time.perf_counter()
        write_firms(firms, source, seed=0)
        print(f"  (setup: generated {firms:,} firms in {time.perf_counter() - start:.0f} s, "
              f"{source.stat().st_size / 2**20:.0f} MB)")
    command = [sys.executable, "app.py", "ingest", str(source), "--name", f"scale{firms}", "--workspace",
               str(folder / "ws"), "--replace", "--chunk-rows", "1000000"]
    runs, baselines = [], []
    for _ in range(repeat):  # alternate, so that both see the same load of a shared machine; best of each
        runs.append(run_measured(command))
        if firms <= baseline_max:
            baselines.append(naive(source))
    if not baselines:
        ours, peak, code, tail, cpu = min(runs)
        print(f"{firms:,} firms CSV: python app.py ingest {ours:.1f} s, CPU {cpu:.1f} s (peak RSS {peak:.2f} GB, exit "
              f"{code}: {tail}); baseline not run above {baseline_max:,} firms")
        return
    ours, peak, code, tail, cpu = min(runs)
    baseline, rows, _ = min(baselines)
    cpu_naive = min(b[2] for b in baselines)
    print(f"{firms:,} firms CSV: python app.py ingest {ours:.1f} s (CPU {min(r[4] for r in runs):.1f} s, peak RSS "
          f"{peak:.2f} GB, exit {code}: {tail}) | naive read_csv + sjoin NUTS 1-3 + groupby {baseline:.1f} s "
          f"(CPU {cpu_naive:.1f} s, {rows:,} rows) | ratio ours/naive: wall {ours / baseline:.2f}, CPU "
          f"{min(r[4] for r in runs) / cpu_naive:.2f} (target <= 1.5; best of {repeat}; wall ours "
          f"{[round(r[0], 1) for r in runs]}, naive {[round(b[0], 1) for b in baselines]})")


def bench_postgis(folder: Path, firms: int) -> None:
    sys.path.insert(0, str(ROOT))
    from data.synthetic import generate_firms
    from tests.ingest._postgis import PostgisCluster, load_firms, postgis_installed

    if not postgis_installed():
        print("PostGIS: not installed (apt-get install postgresql postgis); skipped")
        return
    frame = pd.concat(generate_firms(firms, seed=0), ignore_index=True).astype(str)
    source = folder / f"pg_firms_{firms}.csv"
    frame.to_csv(source, index=False)
    with PostgisCluster() as pg:
        start = time.perf_counter()
        load_firms(pg, frame, table="firms", geometry=True)
        loaded = time.perf_counter() - start
        ws = folder / "ws"
        csv_s, csv_peak, _, _, _ = run_measured([sys.executable, "app.py", "ingest", str(source), "--name", "pgcsv",
                                              "--workspace", str(ws), "--replace"])
        pg_s, pg_peak, code, _, _ = run_measured([sys.executable, "app.py", "ingest", pg.url, "--table", "firms",
                                                  "--name", "pgdb", "--workspace", str(ws), "--replace"])
    same = pd.read_parquet(ws / "pgcsv" / "stats.parquet").equals(pd.read_parquet(ws / "pgdb" / "stats.parquet"))
    print(f"PostGIS {firms:,} firms (table loaded in {loaded:.1f} s, setup): ingest from PostGIS {pg_s:.1f} s "
          f"(peak RSS {pg_peak:.2f} GB, exit {code}) vs the same CSV {csv_s:.1f} s ({csv_peak:.2f} GB) -> ratio "
          f"{pg_s / csv_s:.2f}; stats identical: {same}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, nargs="*", default=[1_000_000])
    parser.add_argument("--repeat", type=int, default=2, help="alternating runs of ours and the baseline")
    parser.add_argument("--baseline-max", type=int, default=3_000_000, help="no naive baseline above N firms")
    parser.add_argument("--postgis", type=int, default=0, help="also ingest N firms from PostGIS (e.g. 100000)")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the generated files (default: temp)")
    args = parser.parse_args(argv)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="atlas-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(machine())
    for firms in args.firms:
        bench_scale(folder, firms, args.repeat, args.baseline_max)
    if args.postgis:
        bench_postgis(folder, args.postgis)


if __name__ == "__main__":
    main()
