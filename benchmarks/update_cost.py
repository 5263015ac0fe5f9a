"""Server time and bytes per map update at NUTS 2: our app (geometry once, then values) vs a naive app.

The naive baseline is what a plain Dash app does: one callback ``Output("map", "figure")`` that
rebuilds ``px.choropleth_map(..., geojson=...)`` on every change and returns the whole figure.
Both apps use the same store, the same controls (ids and option values) and the same numbers
(:func:`views.values.indicator_values` of the effective view). Both are driven through the real
HTTP callback endpoint (``POST /_dash-update-component``) with Flask's test client, with the JSON
body the Dash renderer sends, over one realistic sequence of changes at NUTS 2 (sectors, then
indicators, then years). The sequence is repeated ``--repeats`` times, ours and naive interleaved
step by step.

Targets (project issue): naive/ours >= 10x in server time and >= 20x in bytes per update.
Timings are printed, never asserted; the exit code is 0 whatever the result.

    python benchmarks/update_cost.py [--repeats N] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import os
import platform
import pstats
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import dash  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import plotly  # noqa: E402
import plotly.express as px  # noqa: E402
from dash import Dash, Output, dcc, html  # noqa: E402

from app import create_app  # noqa: E402
from callbacks import filters, ids  # noqa: E402
from callbacks.controls import control_inputs  # noqa: E402
from data.store import DataStore, load_store  # noqa: E402
from layers.colours import DIVERGING, SEQUENTIAL  # noqa: E402
from tests.dash_requests import ENDPOINT, Callbacks, map_body  # noqa: E402
from views.state import View, view_from_controls  # noqa: E402
from views.values import effective_view, indicator_values  # noqa: E402

TARGET_TIME, TARGET_BYTES = 10.0, 20.0

SECTORS = ("C10", "C20", "C24", "C25", "C28", "C29", "J62", "M72", "G", "F", "C")
INDICATORS = ("share", "focus", "employment", "lq")  # the start view is LQ: end on it, then change years
YEARS = tuple(range(2008, 2016))


# ---- setup ---------------------------------------------------------------------------------------
def change_sequence(start: View) -> list[tuple[str, str, View]]:
    """Realistic user changes at NUTS 2: (phase, changed control id, view after the change)."""
    steps, view = [], start
    for phase, control, field, values in (("sector", ids.SECTOR_SELECT, "sector", SECTORS),
                                          ("indicator", ids.INDICATOR_SELECT, "indicator", INDICATORS),
                                          ("year", ids.YEAR_SELECT, "year", YEARS)):
        for value in values:
            if getattr(view, field) == value:
                continue
            view = replace(view, **{field: value})
            steps.append((phase, control, view))
    return steps


def naive_app(store: DataStore) -> Dash:
    """A plain Dash app: same controls, one callback rebuilding the whole px figure every time."""
    app = Dash("naive_baseline", serve_locally=True, update_title=None)
    app.layout = html.Div([filters.panel(store, View()), dcc.Graph(id=ids.MAP)])

    @app.callback(output=Output(ids.MAP, "figure"), inputs=dict(controls=control_inputs()))
    def _update(controls):
        view = effective_view(store, view_from_controls(controls))
        values = indicator_values(store, view)
        spec = view.spec
        colour = ({"color_continuous_scale": DIVERGING, "color_continuous_midpoint": spec.centre}
                  if spec.centre else {"color_continuous_scale": SEQUENTIAL})
        figure = px.choropleth_map(
            values, geojson=store.geojson(view.version, view.level), locations="nuts_id",
            featureidkey="id", color="value", hover_name="name", hover_data=["measure_value", "flag"],
            map_style="white-bg", center={"lat": 53.0, "lon": 11.0}, zoom=2.9, opacity=1.0,
            title=f"{view.sector} — {spec.label}, {view.year}, NUTS {view.level}", **colour)
        figure.update_traces(marker_line_width=0.4, marker_line_color="#ffffff")
        figure.update_layout(margin={"l": 0, "r": 0, "t": 56, "b": 28})
        return figure

    return app


def post(client, body: dict) -> tuple[float, bytes]:
    """POST one callback request; return (server wall time in s, uncompressed response body)."""
    payload = json.dumps(body)
    start = time.perf_counter()
    response = client.post(ENDPOINT, data=payload, content_type="application/json")
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"{body['output']}: HTTP {response.status_code}: {response.get_data(as_text=True)[:500]}")
    return elapsed, response.get_data()


def keys_from(response: bytes, previous: dict | None = None) -> dict:
    """The ``map-keys`` the browser holds after our response (unchanged keys are not re-sent)."""
    answer = json.loads(response)["response"]
    return answer[ids.MAP_KEYS]["data"] if ids.MAP_KEYS in answer else previous


def is_patch(response: bytes) -> bool:
    """True when the answer carries only restyle changes (no new figure, so no geometry)."""
    answer = json.loads(response)["response"]
    return ids.MAP not in answer and ids.MAP_CHANGES in answer


def shim_empty_sites(store: DataStore) -> str | None:
    """Work around an app bug, in this process only, if present: ``sites_update`` on no sites.

    ``layers.points.sites_update`` raises ``TypeError`` when the sector has no industrial site (C10,
    C25, J62, ...: ``"<b>" + ...`` meets an empty float Series), so the map callback answers HTTP 500.
    If the probe fails, ``layers.map_view.sites_update`` is wrapped to return the empty update the
    fixed function should return. Nothing is done once the app is fixed.
    """
    import layers.map_view as map_view
    try:
        map_view.sites_update(store.sites.iloc[:0], visible=True)
        return None
    except Exception as error:  # noqa: BLE001 - any failure means the bug is still there
        real = map_view.sites_update

        def sites_update(sites, *, visible):
            if len(sites):
                return real(sites, visible=visible)
            return {"lat": [], "lon": [], "customdata": [], "marker.size": [], "visible": visible}

        map_view.sites_update = sites_update
        return f"{type(error).__name__}: {error}"


# ---- timed runs ----------------------------------------------------------------------------------
def run(ours: Dash, naive: Dash, start: View, steps: list, repeats: int) -> dict:
    """Time every step ``repeats`` times (ours and naive interleaved); bytes from the last repeat."""
    c_ours, c_naive = ours.server.test_client(), naive.server.test_client()
    calls, naive_calls = Callbacks.from_app(ours), Callbacks.from_app(naive)  # the bodies follow their signatures
    # The browser's first call (page load): our full figure with geometry; its keys are the State after.
    initial_time, initial = post(c_ours, map_body(calls, start, None, None))
    naive_initial_time, naive_initial = post(c_naive, map_body(naive_calls, start))
    first_keys = keys_from(initial)
    for _ in range(2):  # warm-up: every step once (caches, imports, JIT-free but lazy paths)
        keys = first_keys
        for _phase, control, view in steps:
            keys = keys_from(post(c_ours, map_body(calls, view, control, keys))[1], keys)
            post(c_naive, map_body(naive_calls, view, control))
    times = {"ours": [[] for _ in steps], "naive": [[] for _ in steps]}
    sizes = {"ours": [0] * len(steps), "naive": [0] * len(steps)}
    gz = {"ours": [0] * len(steps), "naive": [0] * len(steps)}
    patches = 0
    for _ in range(repeats):
        keys = first_keys
        for i, (_phase, control, view) in enumerate(steps):
            t, body = post(c_ours, map_body(calls, view, control, keys))
            keys = keys_from(body, keys)
            times["ours"][i].append(t)
            sizes["ours"][i], gz["ours"][i] = len(body), len(gzip.compress(body))
            patches += is_patch(body)
            t, body = post(c_naive, map_body(naive_calls, view, control))
            times["naive"][i].append(t)
            sizes["naive"][i], gz["naive"][i] = len(body), len(gzip.compress(body))
    return {"times": times, "sizes": sizes, "gz": gz, "patches": patches,
            "initial": (initial_time, len(initial), len(gzip.compress(initial))),
            "naive_initial": (naive_initial_time, len(naive_initial), len(gzip.compress(naive_initial)))}


def profile_ours(ours: Dash, start: View, steps: list, top: int = 25) -> str:
    """cProfile of our update path over the whole sequence once (after warm-up), by cumulative time."""
    client, calls = ours.server.test_client(), Callbacks.from_app(ours)
    keys = keys_from(post(client, map_body(calls, start, None, None))[1])
    profiler = cProfile.Profile()
    profiler.enable()
    for _phase, control, view in steps:
        keys = keys_from(post(client, map_body(calls, view, control, keys))[1], keys)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# ---- report --------------------------------------------------------------------------------------
def machine() -> str:
    return (f"machine: {platform.platform()}; {platform.machine()} {platform.processor() or ''}; "
            f"{os.cpu_count()} CPUs; Python {platform.python_version()}\n"
            f"versions: numpy {np.__version__}, pandas {pd.__version__}, plotly {plotly.__version__}, "
            f"dash {dash.__version__}")


def fmt_bytes(n: float) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB"


def report(result: dict, steps: list, repeats: int, level: int) -> None:
    times, sizes, gz = result["times"], result["sizes"], result["gz"]
    phases = ["sector", "indicator", "year", "all"]
    print(f"\nUpdates at NUTS {level}: {len(steps)} changes "
          f"({', '.join(f'{p} {sum(s[0] == p for s in steps)}' for p in phases[:-1])}), "
          f"{repeats} repeats; per update: median over changes of (median | best over repeats)")
    head = (f"{'changes':<10} {'ours ms':>15} {'naive ms':>17} {'time x':>7}   "
            f"{'ours bytes':>11} {'naive bytes':>12} {'bytes x':>8}   {'ours gzip':>10} {'naive gzip':>11}")
    print(head)
    print("-" * len(head))
    summary = {}
    for phase in phases:
        idx = [i for i, s in enumerate(steps) if phase == "all" or s[0] == phase]
        med = {k: statistics.median(statistics.median(times[k][i]) for i in idx) * 1e3 for k in times}
        best = {k: statistics.median(min(times[k][i]) for i in idx) * 1e3 for k in times}
        size = {k: statistics.median(sizes[k][i] for i in idx) for k in sizes}
        zipped = {k: statistics.median(gz[k][i] for i in idx) for k in gz}
        t_ratio, b_ratio = med["naive"] / med["ours"], size["naive"] / size["ours"]
        summary[phase] = (t_ratio, b_ratio, best["naive"] / best["ours"])
        print(f"{phase:<10} {med['ours']:>7.1f} | {best['ours']:>5.1f} {med['naive']:>8.1f} | {best['naive']:>6.1f} "
              f"{t_ratio:>6.1f}x   {fmt_bytes(size['ours']):>11} {fmt_bytes(size['naive']):>12} {b_ratio:>7.0f}x   "
              f"{fmt_bytes(zipped['ours']):>10} {fmt_bytes(zipped['naive']):>11}")
    t0, b0, g0 = result["initial"]
    tn, bn, gn = result["naive_initial"]
    print(f"\nfirst load (once, geometry included): ours {t0 * 1e3:.0f} ms, {fmt_bytes(b0)} ({fmt_bytes(g0)} gzip); "
          f"naive {tn * 1e3:.0f} ms, {fmt_bytes(bn)} ({fmt_bytes(gn)} gzip)")
    print("our updates answered with restyle changes only (no figure, no geometry): "
          f"{result['patches']} of {len(steps) * repeats}")
    total = {k: sum(sizes[k]) for k in sizes}
    print(f"all {len(steps)} changes together: ours {fmt_bytes(total['ours'])}, naive {fmt_bytes(total['naive'])} "
          f"-> {total['naive'] / total['ours']:.1f}x (the medians above hide the largest updates)")
    for k in ("ours", "naive"):
        i = max(range(len(steps)), key=lambda j: sizes[k][j])
        phase, _control, view = steps[i]
        print(f"largest {k} update: {phase} -> {getattr(view, phase)}: {fmt_bytes(sizes[k][i])} "
              f"({fmt_bytes(gz[k][i])} gzip)")
    t_ratio, b_ratio, best_ratio = summary["all"]
    ok_t, ok_b = t_ratio >= TARGET_TIME, b_ratio >= TARGET_BYTES
    print(f"\nserver time: naive/ours = {t_ratio:.1f}x (target >= {TARGET_TIME:.0f}x) -> {'PASS' if ok_t else 'FAIL'}"
          f"  [best-of-repeats ratio {best_ratio:.1f}x: {'PASS' if best_ratio >= TARGET_TIME else 'FAIL'};"
          f" naive medians include cyclic-GC pauses over the loaded store, a real per-request cost; best-of mostly"
          f" misses them]")
    print(f"bytes:       naive/ours = {b_ratio:.0f}x (target >= {TARGET_BYTES:.0f}x) -> {'PASS' if ok_b else 'FAIL'}")
    print(f"overall: {'PASS' if ok_t and ok_b else 'FAIL'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed passes over the change sequence")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of our update path")
    args = parser.parse_args(argv)
    print(machine())
    start_load = time.perf_counter()
    store = load_store()
    ours, naive = create_app(store), naive_app(store)
    bug = shim_empty_sites(store)
    if bug:
        print(f"WARNING: app bug: layers.points.sites_update fails on a sector without sites ({bug}); "
              "map callback returns HTTP 500 for C10, C25, J62, ... -> benchmark wraps it in-process "
              "(empty sites -> empty update)")
    print(f"setup: store loaded and both apps built in {time.perf_counter() - start_load:.1f} s (not timed below)")
    start = View(level=2)
    steps = change_sequence(start)
    result = run(ours, naive, start, steps, max(1, args.repeats))
    report(result, steps, max(1, args.repeats), start.level)
    if args.profile:
        print("\ncProfile of our update path (whole sequence once, cumulative):")
        print(profile_ours(ours, start, steps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
