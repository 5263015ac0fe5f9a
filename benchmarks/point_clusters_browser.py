"""Issue 17 in a real browser: the *Firm clusters* layer on a 100,000-firm register, and sector changes with it.

A seeded synthetic register (``data.synthetic_clusters.planted_register``: firms spread as
``data.synthetic.generate_firms`` plus 5 planted groups of 300 firms in 20 km discs; labelled synthetic) is
ingested into a temporary workspace (``ingest.workspace.ingest_file``, timed); ``python app.py`` serves it
(``ATLAS_WORKSPACE``) on a free loopback port and Playwright drives Debian's Chromium (``/usr/bin/chromium``,
the launch arguments of ``tests/browser/conftest.py``), with the servers, page set-up and change timing of
``benchmarks/browser_latency.py``.

1. Layer on: from ``/?dataset=…&indicator=herfindahl&level=2&version=2021&layers=outlines`` (all sectors: every
   firm is clustered) the layer's checkbox is clicked; ``t0`` = ``performance.now()`` at its ``pointerdown``;
   done when the hull trace is visible with its clusters, MapLibre has a layer of that trace and is loaded
   and idle, and the table under the map has rows (polled every 20 ms). Three times: (a) first use in the
   server process (imports fast-hdbscan, loads its compiled code), (b) a new minimum cluster size chosen
   while the layer is off, then on again (computed, warm process), (c) off and on again (cached).
   Target: ≤ 12 s.
2. Sector changes: indicator Location quotient; sectors picked through the UI; per change the map's recolour
   time (last ``plotly_afterplot`` − ``t0`` at the option's ``pointerdown``, status bar and values changed, as
   in ``browser_latency.py``). A pass with the layer off warms the map values of every sector; then the same
   sectors are timed with the layer off and with the layer on (each sector's clusters computed for the
   first time, in a parallel request), and the time until that sector's clusters are listed. Target:
   on/off ratio of the median first afterplot ≤ 1.2 (the clusters do not slow the rest of the map).

Printed, never asserted; exit code 0. About 4 minutes on 2 cores.

Measured 2026-12-02 (100,000 firms, 2 shared cores, ``python app.py``), four runs at load 2.2–7.0: layer on
2.6–8.0 s at first use in the process (clustering 2.3–6.7 s), 2.5–4.9 s with a new minimum size, 0.66–1.06 s
cached. Last run (05:31 UTC, load 1.3–2.5): 3.55 / 2.50 / 1.03 s; sector recolour (first afterplot) median
122 ms with the layer on vs 112 ms off (1.09×; max 132 vs 128 ms), the sector's clusters listed after
1.13–1.44 s; the run before (05:23, load 4.7 → 2.1) gave 194 vs 133 ms (1.46×, FAIL), so the clusters do
cost the recolour some tens of ms when the machine is busy. The last afterplot of a change can be the
clusters' own painting (H: 826 ms; its map request's TTFB 5 ms), hence the first afterplot as the recolour.
fast-hdbscan holds the GIL at most ~20 ms at a time (a probe thread during clustering, measured in-process),
so the map's request is not blocked by it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.browser_latency import QUIET_MS, App, Driver, machine, new_page, start_server, stop  # noqa: E402
from callbacks import ids  # noqa: E402
from layers.map_contract import POINT_CLUSTERS_TRACE  # noqa: E402
from tests.browser.conftest import CHROMIUM, GRAPH, LAUNCH_ARGS, choose  # noqa: E402

NAME = "planted100k"
START = f"/?dataset={NAME}&indicator=herfindahl&level=2&version=2021&layers=outlines"
SECTOR_START = f"/?dataset={NAME}&indicator=lq&sector=G&level=2&version=2021&layers=outlines"
LAYER_LABEL = "Firm clusters (found from the firms' locations; registers)"
SECTORS = ("C", "F", "M", "I", "N", "H")  # NACE sections with 4,700–13,400 firms each (seed 0)
TARGETS = {"layer_s": 12.0, "ratio": 1.2}
#: Done when the clusters are painted (trace visible, MapLibre layer present, map loaded and idle) and listed.
CLUSTERS_SHOWN = f"""want => {{
    const gd = {GRAPH};
    const t = gd && gd.data && gd.data[{POINT_CLUSTERS_TRACE}];
    if (window.__t0 === null || !t || t.visible !== true || !t.locations || t.locations.length < 1) return false;
    const status = document.querySelector('#{ids.CLUSTER_STATUS}');
    if (!status || !status.textContent.includes(want)) return false;
    if (!document.querySelectorAll('#{ids.CLUSTER_TABLE} .ag-center-cols-container .ag-row').length) return false;
    const map = gd._fullLayout.map._subplot.map;
    const uid = gd._fullData[{POINT_CLUSTERS_TRACE}].uid;
    const own = map.getStyle().layers.filter(l => l.id.startsWith('plotly-trace-layer-' + uid));
    if (!own.length || !map.loaded() || map.isMoving()) return false;
    window.__shown = performance.now();
    return true;
}}"""
#: The cluster status once a sector's clusters are listed (the line names the sector), timed from t0.
SECTOR_LISTED = f"""want => {{
    const s = document.querySelector('#{ids.CLUSTER_STATUS}');
    if (!s || !s.textContent.includes(want)) return false;
    window.__listed = performance.now();
    return true;
}}"""


class SectorDriver(Driver):
    """:class:`benchmarks.browser_latency.Driver` with sector changes (the status bar names the sector)."""

    def __init__(self, page, app: App, indicator: str, sector: str, level: int = 2):
        super().__init__(page, app, indicator=indicator, level=level)
        self.sector = sector

    def expected(self) -> list[str]:
        return [f" · {self.sector} · ", f"NUTS {self.level} "]

    def pick_sector(self, sector: str):
        start = self.arm(".dash-dropdown-content label.dash-options-list-option")  # a11y.js drops role=option
        label = sector_option(sector)  # conftest's choose() matches names by substring ('F Construction' twice)
        self.page.locator(f"#{ids.SECTOR_SELECT}").click()
        popover = self.page.locator(".dash-dropdown-content")
        popover.locator("input.dash-dropdown-search").fill(label)
        popover.locator("label.dash-options-list-option").filter(
            has=self.page.get_by_role("radio", name=label, exact=True)).click()
        self.sector = sector
        self.wait_done(None)
        return self.measure("sector", sector, start)


def sector_option(code: str) -> str:
    """The sector dropdown's label of a NACE section, e.g. 'C Manufacturing' (``callbacks.filters.sector_options``)."""
    import pandas as pd

    from data.nace import sector_label
    from data.store import DEFAULT_DIR

    return sector_label(pd.read_parquet(DEFAULT_DIR / "nace.parquet"), code)


def build_workspace(firms: int, folder: Path) -> tuple[int, float]:
    """Ingest the seeded register of ``firms`` firms into ``folder``; return (rows, seconds)."""
    from data.synthetic_clusters import planted_register
    from ingest.workspace import ingest_file

    started = time.perf_counter()
    register = planted_register(firms - 5 * 300, groups=5, per_group=300, seed=0)
    result = ingest_file(register.to_csv(index=False).encode(), filename=f"{NAME}.csv", name=NAME, workspace=folder)
    return result.rows_accepted, time.perf_counter() - started


def layer_on(page, want: str) -> float:
    """Click the layer's checkbox (on); seconds from its pointerdown until the clusters are painted and listed."""
    page.evaluate(f"() => {{ window.__t0 = null; window.__arm = '#{ids.LAYER_TOGGLES}'; }}")
    page.get_by_text(LAYER_LABEL).click()
    page.wait_for_function(CLUSTERS_SHOWN, arg=want, polling=20, timeout=180_000)
    return page.evaluate("() => (window.__shown - window.__t0) / 1000")


def layer_off(page) -> None:
    page.get_by_text(LAYER_LABEL).click()
    page.wait_for_function(f"() => {GRAPH}.data[{POINT_CLUSTERS_TRACE}].visible === false", timeout=60_000)


def status(page) -> str:
    return page.locator(f"#{ids.CLUSTER_STATUS}").inner_text().strip()


def run(browser, url: str, rounds: int) -> dict:
    """Both scenarios on one page; returns the timings."""
    context, page = new_page(browser)
    page.goto(url + START)
    page.wait_for_function("() => window.__drawn !== null", polling=20, timeout=180_000)
    page.wait_for_timeout(QUIET_MS)
    out: dict = {"layer": []}
    out["layer"].append(("first use in the server process", layer_on(page, "firms of all sectors"), status(page)))
    layer_off(page)
    choose(page, ids.CLUSTER_SIZE_SELECT, "at least 50 firms", search="50")
    out["layer"].append(("new minimum size (50), computed", layer_on(page, "at least 50 firms"), status(page)))
    layer_off(page)
    out["layer"].append(("again (cached)", layer_on(page, "at least 50 firms"), status(page)))
    print("\n1. layer 'Firm clusters' switched on, all sectors (pointerdown → hulls painted and table filled):")
    for label, seconds, line in out["layer"]:
        print(f"   {label:<36} {seconds:6.2f} s   status: {line}", flush=True)
    layer_off(page)
    page.goto(url + SECTOR_START)
    page.wait_for_function("() => window.__drawn !== null", polling=20, timeout=180_000)
    page.wait_for_timeout(QUIET_MS)
    driver = SectorDriver(page, App("ours", url, 1, "status", f"..{ids.MAP}.figure..."), "lq", sector="G")
    for sector in SECTORS * 2:  # warm: every sector's map values cached, the layer off
        driver.pick_sector(sector)
    off, on, listed = [], [], []
    for _ in range(max(1, rounds)):
        off += [driver.pick_sector(s) for s in SECTORS]
    layer_on(page, f"firms in {driver.sector}")
    for round_ in range(max(1, rounds)):
        for sector in SECTORS:
            on.append(driver.pick_sector(sector))
            page.wait_for_function(SECTOR_LISTED, arg=f"firms in {sector}", polling=20, timeout=180_000)
            listed.append(page.evaluate("() => (window.__listed - window.__t0) / 1000"))
        out["last_status"] = status(page)
        if round_ + 1 < rounds:  # the next round's clusters: not cached
            size = "at least 100 firms" if round_ % 2 == 0 else "at least 25 firms"
            choose(page, ids.CLUSTER_SIZE_SELECT, size, search=size.split()[2])
    out.update(off=off, on=on, listed=listed)
    context.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=1, help="timed passes over the sectors (off, then on)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium (never `playwright install`).")
        return 0
    with tempfile.TemporaryDirectory(prefix="atlas-k17-") as folder:
        rows, seconds = build_workspace(args.firms, Path(folder))
        print(f"register: {rows:,} synthetic firms (seed 0; 5 planted groups of 300 in 20 km discs), ingested into "
              f"a temporary workspace in {seconds:.1f} s; load {os.getloadavg()[0]:.1f}", flush=True)
        os.environ["ATLAS_WORKSPACE"] = folder  # read by `python app.py` (ingest/workspace_store.py)
        started = time.perf_counter()
        url, process = start_server("point_clusters", "app.py", None)
        print(f"server: python app.py at {url}, /health after {time.perf_counter() - started:.1f} s", flush=True)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
                print(machine(browser, {"gl": "SwiftShader (launch arguments of tests/browser/conftest.py)"}))
                result = run(browser, url, args.rounds) | {"firms": rows}
                browser.close()
        finally:
            stop(process)
    report(result)
    return 0


def report(result: dict) -> None:
    print("\n2. sector changes, indicator Location quotient (map values warm), last afterplot − pointerdown:")
    print(f"   {'sector':<8} {'layer off ms':>12} {'layer on ms':>12} {'clusters listed s':>18}   "
          "first afterplot off / on ms;  on: map request pre / TTFB / net / client ms")
    for off, on, listed in zip(result["off"], result["on"], result["listed"], strict=True):
        print(f"   {off.value:<8} {off.ms:>12.0f} {on.ms:>12.0f} {listed:>18.2f}   {off.first_ms:.0f} / "
              f"{on.first_ms:.0f};  {on.pre_ms:.0f} / {on.ttfb_ms:.0f} / {on.net_ms:.0f} / {on.client_ms:.0f}")
    print("   (the last afterplot within 300 ms of quiet can be the clusters' own: when a sector's clusters are "
          "computed quickly, their painting counts in 'layer on ms')")
    last_off = statistics.median(c.ms for c in result["off"])
    last_on = statistics.median(c.ms for c in result["on"])
    med_off = statistics.median(c.first_ms for c in result["off"])  # the recolour: first afterplot after t0
    med_on = statistics.median(c.first_ms for c in result["on"])
    print(f"   {'median':<8} {last_off:>12.0f} {last_on:>12.0f} {statistics.median(result['listed']):>18.2f}   "
          f"{med_off:.0f} / {med_on:.0f}")
    print(f"   {'max':<8} {max(c.ms for c in result['off']):>12.0f} {max(c.ms for c in result['on']):>12.0f} "
          f"{max(result['listed']):>18.2f}")
    print(f"   last cluster status: {result['last_status']}")
    computed = [s for label, s, _ in result["layer"] if "cached" not in label]
    ratio = med_on / med_off
    print(f"\ntargets (load {os.getloadavg()[0]:.1f}):")
    print(f"  {'PASS' if max(computed) <= TARGETS['layer_s'] else 'FAIL'}  layer on, {result['firms']:,} firms, "
          f"computed: {' / '.join(f'{s:.1f}' for s in computed)} s ≤ {TARGETS['layer_s']:.0f} s")
    print(f"  {'PASS' if ratio <= TARGETS['ratio'] else 'FAIL'}  sector recolour (first afterplot) with the layer "
          f"on / off (medians, "
          f"same run): {med_on:.0f} / {med_off:.0f} ms = {ratio:.2f} ≤ {TARGETS['ratio']}")


if __name__ == "__main__":
    try:
        main()
    except Exception:  # noqa: BLE001 - a benchmark reports, it does not fail the caller
        import traceback
        traceback.print_exc()
        print("benchmark aborted (see the traceback above); exit code 0 by design")
    sys.exit(0)
