"""A seeded synthetic register with planted firm clusters (for tests, benchmarks and demos; labelled synthetic).

Scattered firms come from :func:`data.synthetic.generate_firms` (population-weighted, all sectors); on top,
``groups`` dense groups of ``per_group`` firms each, uniformly in discs of ``radius_km`` (measured in
EPSG:3035 metres) around :data:`CENTRES`, all of the NACE class of their centre. Every planted row has
``source = "synthetic (seed N, planted cluster K)"``, so a test knows which firms it planted.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from pyproj import Transformer

from data.store import DEFAULT_DIR
from data.synthetic import generate_firms

#: Planted cluster centres (lon, lat) and the NACE class of their firms: Stuttgart (cars), Toulouse
#: (aircraft), Eindhoven (electronic components), Łódź (clothing), Bologna (machinery).
CENTRES = (((9.18, 48.78), "C29.10"), ((1.44, 43.60), "C30.30"), ((5.47, 51.44), "C26.11"),
           ((19.46, 51.76), "C14.13"), ((11.34, 44.49), "C28.41"))


def planted_register(scattered: int = 20_000, *, groups: int = 3, per_group: int = 300, radius_km: float = 20.0,
                     seed: int = 0, data_dir: Path = DEFAULT_DIR) -> pd.DataFrame:
    """Return a register of ``scattered`` firms plus ``groups`` planted dense groups (columns as generate_firms).

    Parameters
    ----------
    scattered : int
        Firms spread as :func:`data.synthetic.generate_firms` spreads them.
    groups : int
        Planted groups (at most ``len(CENTRES)``), each ``per_group`` firms in a disc of ``radius_km``.
    seed : int
        Seed of both parts; the same arguments give the same register.
    """
    if not 0 <= groups <= len(CENTRES):
        raise ValueError(f"groups must be between 0 and {len(CENTRES)}")
    base = pd.concat(list(generate_firms(scattered, seed=seed, data_dir=data_dir)), ignore_index=True)
    rng = np.random.default_rng([seed, 17])
    to_laea = Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    to_degrees = Transformer.from_crs("EPSG:3035", "EPSG:4326", always_xy=True)
    parts = [base]
    for k, ((lon, lat), nace) in enumerate(CENTRES[:groups]):
        cx, cy = to_laea.transform(lon, lat)
        r = radius_km * 1000.0 * np.sqrt(rng.uniform(size=per_group))
        t = rng.uniform(0.0, 2.0 * np.pi, per_group)
        x, y = to_degrees.transform(cx + r * np.cos(t), cy + r * np.sin(t))
        ids = np.arange(per_group) + scattered + k * per_group
        employees = np.clip(np.round(rng.lognormal(2.0, 1.3, per_group)), 0, 5_000).astype(np.int64)
        parts.append(pd.DataFrame({
            "id": pd.Series(ids).map("SYN{:09d}".format),
            "name": pd.Series(ids).map(f"Synthetic cluster {k} firm {{:d}}".format),
            "lat": np.round(y, 6), "lon": np.round(x, 6), "nace": nace, "employees": employees,
            "source": f"synthetic (seed {seed}, planted cluster {k})"}))
    return pd.concat(parts, ignore_index=True)
