"""Playback frame paint time at NUTS 3 in headless Chromium: our fast path vs a full figure per year.

Starts ``python app.py`` on a free loopback port and drives Debian's Chromium (``/usr/bin/chromium``,
SwiftShader WebGL, the launch arguments and viewport of ``tests/browser/conftest.py``) on
``/?indicator=gdp_meur&level=3&version=2021&year=2019`` (1 514 NUTS-3 regions, GDP; the context table has
21 playable years at NUTS 3).

* **Ours** (issue 14 playback): the play button is pressed (``assets/playback.js``, ``frameMs`` set to 0 so
  that frames follow each other as fast as they paint); per frame, ``window.atlasPlayback.times`` holds the
  time from handing the frame's changes to ``atlas_map.apply`` until the map is drawn (MapLibre ``idle``
  after the feature-state recolouring and the colour-bar/title update).
* **Naive baseline**, in a second tab of the same browser and server: a figure per year built by the same
  server code (``layers.map_view.build_figure``: all traces, polygons by URL, fetched once and cached by
  plotly.js) replaced with ``Plotly.react`` in a div of the live map's size — what a ``dcc.Graph`` does when
  its ``figure`` changes; per frame the time until ``Plotly.react`` resolves and MapLibre is ``idle``.

Rounds alternate ours and the baseline (``--rounds``, default 2, after one warm-up round each). Prints
median and p95 per frame of both, the ratios, the target (≤ 200 ms median) as PASS/FAIL, the machine and
the load average; nothing is asserted; the exit code is 0.

    python benchmarks/playback_frames.py [--rounds N]

Run it under the browser lock on a shared machine: ``flock /tmp/browser.lock python benchmarks/playback_frames.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.browser_latency import machine, start_server, stop  # noqa: E402
from tests.browser.conftest import CHROMIUM, GRAPH, LAUNCH_ARGS, VIEWPORT, wait_for_map  # noqa: E402

START = "/?indicator=gdp_meur&level=3&version=2021&year=2019&layers=outlines"
TARGET_MS = 200.0
PLOTLY_JS = "/assets/vendor/plotly-atlas.min.js"

NAIVE_FRAME_JS = """async ([figure]) => {
  const div = document.getElementById('naive');
  const started = performance.now();
  await Plotly.react(div, figure.data, figure.layout, {displayModeBar: false});
  const map = div._fullLayout.map._subplot.map;
  await new Promise(resolve => { map.once('idle', resolve); map.triggerRepaint(); });
  return performance.now() - started;
}"""


def p95(values: list[float]) -> float:
    """95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(0.95 * len(ordered)) - 1))]


def naive_figures() -> tuple[list[int], list[dict]]:
    """The full figure of every playable year of the start view (built by our server code, polygons by URL)."""
    from data.store import load_store
    from layers.map_view import build_figure
    from views.playback import playback_years
    from views.state import View
    from views.values import effective_view

    store = load_store()
    view = effective_view(store, View(indicator="gdp_meur", level=3, version=2021, year=2019))
    years = list(playback_years(store, view))
    figures = []
    for year in years:
        figure = build_figure(store, effective_view(store, View(indicator="gdp_meur", level=3, version=2021,
                                                                year=year)), None).figure
        figures.append(json.loads(figure.to_json()))
    return years, figures


def play_ours(page, years: int) -> list[float]:
    """Press play, wait for the last frame; return the per-frame paint times (ms)."""
    page.evaluate("() => { window.atlasPlayback.frameMs = 0; }")
    page.get_by_role("button", name="Play years").click()
    page.wait_for_function("n => window.atlasPlayback.state === 'stopped' && window.atlasPlayback.times.length === n",
                           arg=years, timeout=600_000)
    times = page.evaluate("() => window.atlasPlayback.times.map(t => t.ms)")
    wait_for_map(page)  # the pause wrote the last year: the map's own change is applied
    page.wait_for_function("() => { const s = document.querySelector('#status-bar'); return s && "
                           "s.textContent.includes('regions with data'); }")
    return times


def play_naive(page, figures: list[dict]) -> list[float]:
    """Replace the figure once per year; return the per-frame paint times (ms)."""
    return [page.evaluate(NAIVE_FRAME_JS, [figure]) for figure in figures]


def naive_page(context, url: str, width: float, height: float):
    """A tab on our server with plotly.js only and an empty div of the live map's size."""
    page = context.new_page()
    page.set_default_timeout(600_000)
    page.goto(f"{url}/health")
    page.set_content(f"<div id='naive' style='width:{width}px;height:{height}px'></div>")
    page.add_script_tag(url=f"{url}{PLOTLY_JS}")
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    print("building the baseline's figures (loads the store) …", file=sys.stderr)
    years, figures = naive_figures()
    url, process = start_server("playback", "app.py", None)
    ours: list[float] = []
    naive: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.set_default_timeout(120_000)
            page.goto(f"{url}{START}")
            wait_for_map(page)
            box = page.evaluate(f"() => {{ const r = {GRAPH}.getBoundingClientRect(); return [r.width, r.height]; }}")
            gl = page.evaluate("() => { const c = document.createElement('canvas').getContext('webgl');"
                               " const d = c && c.getExtension('WEBGL_debug_renderer_info');"
                               " return d ? c.getParameter(d.UNMASKED_RENDERER_WEBGL) : 'unknown'; }")
            regions = page.evaluate(f"() => {GRAPH}.data[1].locations.length")
            other = naive_page(context, url, *box)
            for round_ in range(args.rounds + 1):
                page.bring_to_front()
                mine = play_ours(page, len(years))
                other.bring_to_front()
                theirs = play_naive(other, figures)
                label = "warm-up" if round_ == 0 else f"round {round_}"
                print(f"{label}: ours median {statistics.median(mine):.0f} ms, naive median "
                      f"{statistics.median(theirs):.0f} ms", file=sys.stderr)
                if round_:
                    ours += mine
                    naive += theirs
            info = machine(browser, {"gl": gl})
            browser.close()
    finally:
        stop(process)
    mo, mn = statistics.median(ours), statistics.median(naive)
    po, pn = p95(ours), p95(naive)
    print(f"Playback frame paint time at NUTS 3 ({regions} regions, {len(years)} years {years[0]}–{years[-1]}, "
          f"{args.rounds} round(s), {len(ours)} frames each)")
    print(f"{'':18}{'median ms':>12}{'p95 ms':>10}{'min ms':>10}{'max ms':>10}")
    print(f"{'ours (fast path)':18}{mo:12.0f}{po:10.0f}{min(ours):10.0f}{max(ours):10.0f}")
    print(f"{'naive (react)':18}{mn:12.0f}{pn:10.0f}{min(naive):10.0f}{max(naive):10.0f}")
    print(f"ratio naive/ours: median {mn / mo:.1f}x, p95 {pn / po:.1f}x")
    print(f"target median <= {TARGET_MS:.0f} ms: {'PASS' if mo <= TARGET_MS else 'FAIL'} ({mo:.0f} ms)")
    print(info)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at the end: {load}; {time.strftime('%Y-%m-%d %H:%M')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
