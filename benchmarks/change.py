"""Shift-share and a change map: timings against naive baselines measured in the same run (issue 14).

(a) :func:`analysis.shift_share` (Esteban-Marquillas, all five parts) on the NACE divisions of every NUTS 2013
    level-2 region of the default data, 2009 → 2014 (employment), against the same decomposition written as
    plain Python loops over regions and sectors (dict/float arithmetic); results compared (np.allclose).
(b) The values of a change map (``lq_change`` of section C, NUTS 2, 2009–2014, :func:`views.values.indicator_values`)
    against the two single-year LQ maps it is the difference of (the naive way to get it).

Timings are printed (median of ``--repeats``), never asserted; the exit code is 0.

    python benchmarks/change.py [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from analysis import shift_share  # noqa: E402
from data.store import load_store  # noqa: E402
from views.url import parse_query  # noqa: E402
from views.values import effective_view, indicator_values  # noqa: E402

LINK = "?sector=C&indicator=lq_change&start=2009&year=2014&level=2"


def median_s(fn: Callable[[], object], repeats: int) -> float:
    """Median wall time (s) of ``repeats`` calls after one untimed warm-up."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def naive_shift_share(start: pd.DataFrame, end: pd.DataFrame) -> dict[str, np.ndarray]:
    """The Esteban-Marquillas decomposition with loops over cells (the baseline)."""
    rows, cols = list(start.index), list(start.columns)
    s, e = start.to_dict("index"), end.to_dict("index")
    known = {(r, c) for r in rows for c in cols if s[r][c] == s[r][c] and e[r][c] == e[r][c]}
    t0 = sum(s[r][c] for r, c in known)
    g = sum(e[r][c] for r, c in known) / t0 - 1
    sec0 = {c: sum(s[r][c] for r in rows if (r, c) in known) for c in cols}
    sec1 = {c: sum(e[r][c] for r in rows if (r, c) in known) for c in cols}
    reg0 = {r: sum(s[r][c] for c in cols if (r, c) in known) for r in rows}
    out = {k: np.full((len(rows), len(cols)), np.nan) for k in ("national", "industry_mix", "competitive",
                                                                "net_competitive", "allocation")}
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            if (r, c) not in known:
                continue
            g_i = sec1[c] / sec0[c] - 1 if sec0[c] > 0 else np.nan
            x0, x1 = s[r][c], e[r][c]
            national = 0.0 if x0 == 0 else x0 * g
            mix = 0.0 if x0 == 0 else x0 * (g_i - g)
            out["national"][i, j], out["industry_mix"][i, j] = national, mix
            out["competitive"][i, j] = x1 - x0 - national - mix
            if x0 > 0:
                gap = x1 / x0 - 1 - g_i
                hom = reg0[r] * sec0[c] / t0
                out["net_competitive"][i, j], out["allocation"][i, j] = hom * gap, (x0 - hom) * gap
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    store = load_store()
    codes = store.codes_at_level("sbs", 2)
    m0 = store.matrix("sbs", 2013, "employment", 2009, 2, codes)
    m1 = store.matrix("sbs", 2013, "employment", 2014, 2, codes)
    fast = shift_share(m0, m1, method="esteban_marquillas")
    slow = naive_shift_share(m0, m1)
    same = all(np.allclose(getattr(fast, k).to_numpy(), v, equal_nan=True, rtol=1e-9, atol=1e-6)
               for k, v in slow.items())
    t_fast = median_s(lambda: shift_share(m0, m1, method="esteban_marquillas"), args.repeats)
    t_slow = median_s(lambda: naive_shift_share(m0, m1), max(1, args.repeats // 2))
    print(f"(a) shift-share, {m0.shape[0]} regions × {m0.shape[1]} divisions: vectorised {t_fast * 1e3:.1f} ms, "
          f"loops {t_slow * 1e3:.1f} ms, ratio {t_slow / t_fast:.1f}× (results equal: {same})")

    view = effective_view(store, parse_query(LINK, store).view)
    single = [replace(view, indicator="lq", start=None, year=y) for y in (2009, 2014)]
    t_change = median_s(lambda: indicator_values(store, view), args.repeats)
    t_two = median_s(lambda: [indicator_values(store, v) for v in single], args.repeats)
    print(f"(b) change map values (lq_change, NUTS 2): {t_change * 1e3:.1f} ms; two single-year LQ maps "
          f"{t_two * 1e3:.1f} ms; ratio change / two maps {t_change / t_two:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
