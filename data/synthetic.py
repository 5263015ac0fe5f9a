"""Generate a seeded synthetic enterprise register (for benchmarks and demos; always labelled synthetic).

``python -m data.synthetic --firms N --out FILE [--seed 0]`` writes CSV or Parquet (by extension).
Firms are spread over the NUTS 2021 level-3 regions in proportion to their population (Eurostat
``demo_r_pjanaggr3``, latest year with a value, from ``data/default/context.parquet``), at uniformly
random points inside the region polygons, with a NACE class mix weighted by section (trade,
professional services and construction are common) and a size distribution where most firms are
micro. Every row has ``source = "synthetic (seed N)"``.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from data.store import DEFAULT_DIR

#: Approximate shares of enterprises by NACE section in the EU business economy and beyond.
SECTION_SHARES = {"A": 0.03, "B": 0.002, "C": 0.08, "D": 0.005, "E": 0.005, "F": 0.13, "G": 0.22, "H": 0.05,
                  "I": 0.08, "J": 0.04, "K": 0.02, "L": 0.05, "M": 0.14, "N": 0.06, "P": 0.02, "Q": 0.03,
                  "R": 0.02, "S": 0.048}
#: Shares of enterprises by size class (micro <10, small 10–49, medium 50–249, large ≥250 employees).
SIZE_SHARES = {"micro": 0.93, "small": 0.058, "medium": 0.01, "large": 0.002}
_SIZE_RANGES = {"micro": (0, 10), "small": (10, 50), "medium": (50, 250), "large": (250, 50_000)}


def population_weights(data_dir: Path = DEFAULT_DIR) -> pd.Series:
    """Return the population of each NUTS 2021 level-3 region (latest year with a value), by ``nuts_id``."""
    context = pd.read_parquet(data_dir / "context.parquet")
    rows = context[(context["measure"] == "population") & context["value"].notna()].astype({"nuts_id": str})
    rows = rows[rows["nuts_id"].str.len() == 5].sort_values("year")
    return rows.groupby("nuts_id")["value"].last()


def _points_in(geometries: np.ndarray, region: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Uniform random points inside ``geometries[region]`` by rejection sampling in the bounding boxes."""
    bounds = shapely.bounds(geometries)
    x, y = np.full(len(region), np.nan), np.full(len(region), np.nan)
    todo = np.arange(len(region))
    while len(todo):
        box = bounds[region[todo]]
        cx = rng.uniform(box[:, 0], box[:, 2])
        cy = rng.uniform(box[:, 1], box[:, 3])
        inside = shapely.contains_xy(geometries[region[todo]], cx, cy)
        x[todo[inside]], y[todo[inside]] = cx[inside], cy[inside]
        todo = todo[~inside]
    return x, y


def generate_firms(n: int, *, seed: int = 0, data_dir: Path = DEFAULT_DIR, chunk: int = 1_000_000
                   ) -> Iterator[pd.DataFrame]:
    """Yield a synthetic register of ``n`` firms in chunks of at most ``chunk`` rows.

    Parameters
    ----------
    n : int
        Number of firms.
    seed : int, default 0
        Seed; the same ``(n, seed, chunk)`` gives the same firms.
    data_dir : Path
        Folder with ``regions.parquet``, ``nace.parquet`` and ``context.parquet``.
    chunk : int, default 1 000 000
        Rows per yielded frame.

    Yields
    ------
    DataFrame
        Columns ``id, name, lat, lon, nace`` (dotted, e.g. ``C10.11``), ``employees``, ``source``.
    """
    regions = gpd.read_parquet(data_dir / "regions.parquet")
    level3 = regions[(regions["nuts_version"] == 2021) & (regions["level"] == 3)].set_index("nuts_id")
    weights = population_weights(data_dir).reindex(level3.index).fillna(0.0)
    geometries = np.asarray(level3.geometry.values, dtype=object)
    shapely.prepare(geometries)
    tree = pd.read_parquet(data_dir / "nace.parquet")
    classes = tree[tree["level"] == 4]
    base = np.random.default_rng([seed, 0])
    within = base.dirichlet(np.full(len(classes), 0.5))  # uneven class mix inside each section
    section_total = pd.Series(within, index=classes.index).groupby(classes["section"]).transform("sum")
    share = classes["section"].map(SECTION_SHARES).fillna(0.0) * within / section_total.to_numpy()
    share = (share / share.sum()).to_numpy()
    codes = (classes["section"] + classes["dotted"]).to_numpy()
    sizes = list(SIZE_SHARES)
    for number, start in enumerate(range(0, n, chunk)):
        rng = np.random.default_rng([seed, number + 1])
        count = min(chunk, n - start)
        region = rng.choice(len(level3), size=count, p=(weights / weights.sum()).to_numpy())
        x, y = _points_in(geometries, region, rng)
        size = rng.choice(len(sizes), size=count, p=list(SIZE_SHARES.values()))
        low = np.array([_SIZE_RANGES[s][0] for s in sizes])[size]
        high = np.array([_SIZE_RANGES[s][1] for s in sizes])[size]
        employees = np.floor(np.exp(rng.uniform(np.log(low + 1), np.log(high + 1)))) - 1
        employees = np.clip(employees, low, high - 1).astype(np.int64)
        ids = np.arange(start, start + count)
        yield pd.DataFrame({
            "id": pd.Series(ids).map("SYN{:09d}".format), "name": pd.Series(ids).map("Synthetic firm {:d}".format),
            "lat": np.round(y, 6), "lon": np.round(x, 6), "nace": codes[rng.choice(len(codes), size=count, p=share)],
            "employees": employees, "source": f"synthetic (seed {seed})",
        })


def write_firms(n: int, out: str | Path, *, seed: int = 0, data_dir: Path = DEFAULT_DIR,
                chunk: int = 1_000_000) -> Path:
    """Write :func:`generate_firms` to CSV (``.csv``) or Parquet (``.parquet``), chunk by chunk."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    writer = None
    for number, frame in enumerate(generate_firms(n, seed=seed, data_dir=data_dir, chunk=chunk)):
        if out.suffix == ".parquet":
            table = pa.Table.from_pandas(frame, preserve_index=False)
            writer = writer or pq.ParquetWriter(out, table.schema, compression="zstd")
            writer.write_table(table, row_group_size=min(chunk, 1_000_000))
        else:
            frame.to_csv(out, mode="w" if number == 0 else "a", header=number == 0, index=False)
    if writer is not None:
        writer.close()
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m data.synthetic --firms N --out FILE --seed 0``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    write_firms(args.firms, args.out, seed=args.seed, chunk=args.chunk)
    print(f"wrote {args.firms:,} synthetic firms (seed {args.seed}) to {args.out}")


if __name__ == "__main__":
    main()
