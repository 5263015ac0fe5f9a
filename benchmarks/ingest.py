"""Ingestion benchmarks: 1 M firms CSV → aggregates; region assignment vs a plain sjoin; 10 M firms memory.

Run ``python -m benchmarks.ingest [--firms 1000000] [--ten-million] [--dir DIR]``. Data are synthetic and
seeded (``data.synthetic``); generating them is setup and is not timed. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import psutil

from data.store import DEFAULT_DIR
from data.synthetic import write_firms
from ingest.locate import load_region_index
from ingest.validation import UNLIMITED
from ingest.workspace import ingest_file

ROOT = Path(__file__).resolve().parent.parent
REGIONS = str(DEFAULT_DIR / "regions.parquet")


def best_of(repeat: int, func, *args, **kwargs) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return min(times), result


def machine() -> str:
    load = os.getloadavg()
    return (f"{platform.processor() or platform.machine()}, {psutil.cpu_count()} cores, "
            f"{psutil.virtual_memory().total / 2**30:.0f} GB RAM, Python {platform.python_version()}, "
            f"load average {load[0]:.1f} (others may share the machine)")


def bench_csv(folder: Path, firms: int) -> None:
    source = folder / f"firms_{firms}.csv"
    if not source.exists():
        write_firms(firms, source, seed=0)
    load_region_index(2021, REGIONS)  # build the lookup grid once, as a running server would
    seconds, result = best_of(1, ingest_file, source, filename=source.name, name="bench", workspace=folder / "ws",
                              limits=UNLIMITED, replace=True)
    rows = len(pd.read_parquet(result.dataset_dir / "stats.parquet", columns=["value"]))
    print(f"CSV {firms:,} firms -> stats ({rows:,} rows, NUTS 0-3 x NACE 4 levels x 10 measures): "
          f"{seconds:.1f} s ({firms / seconds:,.0f} firms/s), {source.stat().st_size / 2**20:.0f} MB file")


def bench_assignment(folder: Path, firms: int) -> None:
    source = folder / f"firms_{firms}.csv"
    frame = pd.read_csv(source, usecols=["lat", "lon"])
    lon, lat = frame["lon"].to_numpy(), frame["lat"].to_numpy()
    start = time.perf_counter()
    load_region_index.cache_clear()
    index = load_region_index(2021, REGIONS)
    build = time.perf_counter() - start
    fast, positions = best_of(3, index.locate, lon, lat)
    regions = gpd.read_parquet(REGIONS)
    level3 = regions[(regions["nuts_version"] == 2021) & (regions["level"] == 3)][["nuts_id", "geometry"]]

    def plain_sjoin():
        points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
        return gpd.sjoin(points, level3, how="left", predicate="within")

    naive, joined = best_of(3, plain_sjoin)
    expected = joined[~joined.index.duplicated()]["nuts_id"].to_numpy(dtype=object)
    found = np.where(positions >= 0, index.codes[np.maximum(positions, 0)], None)
    same = np.mean([(a == b) or (a is None and (b is None or b != b)) for a, b in zip(found[:200_000],
                                                                                 expected[:200_000], strict=True)])
    print(f"region assignment of {firms:,} points (NUTS 2021 level 3, full geometry): grid+STRtree "
          f"{fast:.2f} s vs plain geopandas.sjoin {naive:.2f} s -> {naive / fast:.1f}x faster "
          f"(index build {build:.2f} s once per process; agreement on first 200k points {same:.4%})")


def bench_ten_million(folder: Path) -> None:
    source = folder / "firms_10000000.parquet"
    if not source.exists():
        start = time.perf_counter()
        write_firms(10_000_000, source, seed=0)
        print(f"generated 10,000,000 firms in {time.perf_counter() - start:.0f} s (setup)")
    command = [sys.executable, "app.py", "ingest", str(source), "--name", "ten", "--workspace", str(folder / "ws"),
               "--replace", "--chunk-rows", "1000000"]
    start = time.perf_counter()
    process = psutil.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    tail = process.stdout.read().decode().strip().splitlines()[-1:]
    print(f"Parquet 10,000,000 firms in chunks of 1,000,000 -> stats: {seconds:.0f} s, peak RSS "
          f"{peak / 2**30:.2f} GB (sampled every 0.1 s), exit {process.returncode}: {tail}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=1_000_000)
    parser.add_argument("--ten-million", action="store_true", help="also ingest 10 M firms (generates ~190 MB)")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the generated files (default: temp)")
    args = parser.parse_args(argv)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(machine())
    bench_csv(folder, args.firms)
    bench_assignment(folder, args.firms)
    if args.ten_million:
        bench_ten_million(folder)


if __name__ == "__main__":
    main()
