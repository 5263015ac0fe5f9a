"""Browser-test fixtures: one live app server per session, Debian's Chromium driven by sync Playwright.

The browser tests run after the others; their server is started when collection ends, so that its
start-up overlaps the other tests in a whole-suite run.

Shaped after Dash's ``tests/integration`` (start the app, wait for expected text, assert on the console),
without ``dash_duo``/Selenium and without the pytest-playwright plugin's fixtures: ours are named
``atlas_browser`` and ``atlas_page`` so that the plugin, when installed, does not clash.
Synchronisation is always on a condition (``expect``, ``wait_for_function``), never on a sleep.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, expect, sync_playwright

from layers.map_contract import VALUE_TRACE

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "artefacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    "--disable-background-networking", "--disable-component-update",
]
VIEWPORT = {"width": 1400, "height": 1000}
HEALTH_TIMEOUT_S = 240
TIMEOUT_MS = 30_000  # generous for a cold first figure on a slow CI machine; conditions end waits early

# Known harmless WebGL driver chatter from SwiftShader (a "warning", listed in case a build reports it louder).
IGNORED_CONSOLE = ("GPU stall due to ReadPixels",)

GRAPH = "document.querySelector('#map .js-plotly-plot')"

expect.set_options(timeout=TIMEOUT_MS)


def artefact(name: str) -> str:
    """Path of a file under ``artefacts/browser/`` (git-ignored), creating the folder."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return str(ARTEFACTS / name)


# ---------------------------------------------------------------------------------------------- server


@dataclass
class LiveServer:
    """A running ``python app.py`` subprocess and its workspace folder (removed when it stops)."""

    url: str
    process: subprocess.Popen
    log_path: Path
    workspace: Path

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server log (for failure messages)."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return response.status == 200 and json.load(response).get("status") == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
        return False


def _start_server() -> LiveServer:
    """Start ``python app.py --port <free>`` from the repo root with a fresh workspace (not waiting for it)."""
    port = _free_port()
    workspace = Path(tempfile.mkdtemp(prefix="atlas-browser-workspace-"))
    log_path = Path(artefact("server.log"))
    with log_path.open("w") as log:
        process = subprocess.Popen([sys.executable, "app.py", "--port", str(port), "--workspace", str(workspace)],
                                   cwd=ROOT, stdout=log,
                                   stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    return LiveServer(f"http://127.0.0.1:{port}", process, log_path, workspace)


def _stop(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)
    shutil.rmtree(server.workspace, ignore_errors=True)


#: The server started when collection ends (``pytest_collection_finish``), taken by ``live_server``.
_EARLY: dict[str, LiveServer] = {}


def _is_browser(item: pytest.Item) -> bool:
    return item.get_closest_marker("browser") is not None


def pytest_collection_modifyitems(config, items):
    """Run the browser tests after the others (their server starts meanwhile, see below); order kept within."""
    items[:] = [i for i in items if not _is_browser(i)] + [i for i in items if _is_browser(i)]


def pytest_collection_finish(session):
    """Start the live server as soon as browser tests are collected.

    Its start-up (loading and precomputing the store, 20–60 s) then runs on the second core while the
    single-process test run works through the other tests; ``live_server`` waits for ``/health``.
    """
    if any(_is_browser(i) for i in session.items) and not session.config.option.collectonly:
        _EARLY["server"] = _start_server()


def pytest_sessionfinish(session):
    """Stop the early server if no browser test took it (all deselected after a failure, ``-x``)."""
    server = _EARLY.pop("server", None)
    if server is not None:
        _stop(server)


@pytest.fixture(scope="session")
def live_server():
    """The app server (``python app.py --port <free>``), started when collection ended; wait for ``/health``
    (≤ HEALTH_TIMEOUT_S); stop it at the end.

    Uploads go to a fresh workspace folder of the session, never to the repository's ``workspace/``.
    """
    server = _EARLY.pop("server", None) or _start_server()
    process, url = server.process, server.url
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while not _healthy(url):
            if process.poll() is not None:
                pytest.fail(f"app.py exited with code {process.returncode} before /health answered:\n"
                            f"{server.log_tail()}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"app.py did not answer {url}/health within {HEALTH_TIMEOUT_S} s:\n{server.log_tail()}",
                            pytrace=False)
            time.sleep(0.25)  # polling a subprocess, not synchronising with the page
        yield server
    finally:
        _stop(server)


# ---------------------------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def atlas_browser():
    """Debian's Chromium (``/usr/bin/chromium``) with software WebGL for MapLibre. Missing → the tests fail."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: browser tests need Debian's Chromium (apt-get install chromium). "
                    "They fail rather than skip (STYLE §9).", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so ``atlas_page`` can screenshot failures."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def atlas_page(atlas_browser: Browser, request):
    """A fresh context and page per test (downloads accepted); a screenshot is kept when the test fails."""
    context = atlas_browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and not page.is_closed():
        page.screenshot(path=artefact(f"FAILED_{request.node.name}.png"))
    context.close()


# ---------------------------------------------------------------------------------------------- helpers


def collect_console_errors(page: Page) -> list[str]:
    """A list that fills with console errors and uncaught page errors (call before ``goto``)."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not any(text in message.text for text in IGNORED_CONSOLE):
            errors.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    return errors


def wait_for_map(page: Page, timeout: float | None = None) -> None:
    """Wait until the map is drawn with values, our region layer painted and MapLibre loaded and still.

    ``timeout`` in ms (default: the page's), longer for a first request that compiles numba code (esda).
    """
    page.wait_for_function(f"""() => {{
        const gd = {GRAPH};
        if (!gd || !gd._fullData || !gd.data || !gd.data[{VALUE_TRACE}]) return false;
        const z = gd.data[{VALUE_TRACE}].z;
        const subplot = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
        const painted = !!gd._atlas && gd._atlas.painted === gd.data[{VALUE_TRACE}].locations;  // assets/map.js
        return !!z && z.length > 0 && !!subplot && subplot.map.loaded() && !subplot.map.isMoving() && painted;
    }}""", timeout=timeout)


def trace_property(page: Page, trace: int, name: str):
    """One property of a trace of the map (``gd.data[trace][name]``) as JSON."""
    return page.evaluate(f"() => {{ const v = {GRAPH}.data[{trace}][{json.dumps(name)}]; "
                         "return v === undefined ? null : Array.from(v); }")


def value_z(page: Page) -> list:
    """The z array of the value trace (index 1); ``None`` for regions without a value."""
    return trace_property(page, VALUE_TRACE, "z")


def outlined_region(page: Page) -> str | None:
    """The region outlined as selected on the live map (``assets/map.js``: a one-polygon source)."""
    return page.evaluate(f"""() => {{
        const source = {GRAPH}._fullLayout.map._subplot.map.getSource('atlas-selection');
        const data = source && source.serialize().data;
        return data && data.features && data.features.length ? data.features[0].properties.id : null;
    }}""")


def wait_for_outline(page: Page, region: str) -> None:
    """Wait until ``region`` is outlined on the map and exports would outline it too."""
    page.wait_for_function(f"""id => {{
        const gd = {GRAPH};
        const source = gd._fullLayout.map._subplot.map.getSource('atlas-selection');
        const data = source && source.serialize().data;
        return gd._atlasSelected === id && !!data && data.features.length === 1
            && data.features[0].properties.id === id;
    }}""", arg=region)


def drawn_regions(page: Page) -> dict:
    """What the live map draws per region: the value trace's data and the colour each region is painted.

    ``colours`` come from the feature state of the ``atlas-regions`` source (``assets/map.js``); the
    rest from ``gd.data[1]``.
    """
    return page.evaluate(f"""() => {{
        const gd = {GRAPH};
        const map = gd._fullLayout.map._subplot.map;
        const t = gd.data[{VALUE_TRACE}];
        const state = id => map.getFeatureState({{source: 'atlas-regions', id}}) || {{}};
        const colours = Array.from(t.locations).map(id => state(id).c || null);
        return {{locations: Array.from(t.locations), z: Array.from(t.z), colorscale: t.colorscale, zmin: t.zmin,
                 zmax: t.zmax, opacity: (t.marker && t.marker.opacity) ?? 1, colours: colours,
                 no_data: JSON.parse(gd.layout.meta).no_data}};
    }}""")


def map_pixel(page: Page, lon: float, lat: float) -> tuple[float, float]:
    """Page coordinates of a longitude/latitude, projected by the MapLibre map behind the Plotly graph.

    The map is scrolled into view first (as a user scrolls up from the ranking to click the map).
    """
    page.locator("#map").scroll_into_view_if_needed()
    x, y = page.evaluate(f"""([lon, lat]) => {{
        const map = {GRAPH}._fullLayout.map._subplot.map;
        const box = map.getCanvas().getBoundingClientRect();
        const p = map.project([lon, lat]);
        return [box.left + p.x, box.top + p.y];
    }}""", [lon, lat])
    return x, y


def screen_pixel(page: Page, x: float, y: float) -> tuple[int, int, int]:
    """RGB of the page pixel at (x, y) as seen on screen (a screenshot, decoded by the browser itself)."""
    png = base64.b64encode(page.screenshot(clip={"x": round(x), "y": round(y), "width": 1, "height": 1})).decode()
    return tuple(page.evaluate("""async png => {
        const blob = await (await fetch('data:image/png;base64,' + png)).blob();
        const canvas = new OffscreenCanvas(1, 1);
        const context = canvas.getContext('2d');
        context.drawImage(await createImageBitmap(blob), 0, 0);
        return Array.from(context.getImageData(0, 0, 1, 1).data.slice(0, 3));
    }""", png))


def choose(page: Page, dropdown_id: str, option: str, search: str | None = None) -> None:
    """Pick an option of a Dash 4 ``dcc.Dropdown``: open it, type in its search box, click the option.

    Dash 4 dropdowns are a button (``#id``) that opens a popover (``.dash-dropdown-content``, in a
    portal) with a search input and labelled native radios (``assets/a11y.js`` makes the list a radio group).
    """
    trigger = page.locator(f"#{dropdown_id}")
    trigger.click()
    popover = page.locator(".dash-dropdown-content")
    popover.locator("input.dash-dropdown-search").fill(search if search is not None else option.split()[0])
    # the radio itself is visually hidden (Dash's CSS): click its label, found by the radio's accessible name
    popover.locator("label.dash-options-list-option").filter(has=page.get_by_role("radio", name=option)).click()
    expect(trigger).to_have_attribute("aria-expanded", "false")
    expect(page.locator(f"#{dropdown_id}-value")).to_contain_text(option)


def dropdown_text(page: Page, dropdown_id: str) -> str:
    """The label shown by a Dash 4 single dropdown."""
    return page.locator(f"#{dropdown_id}-value").inner_text().strip()


def selected_radio(page: Page, radio_id: str) -> str:
    """The label of the selected option of a ``dcc.RadioItems``."""
    return page.locator(f"#{radio_id} label:has(input:checked)").inner_text().strip()


@dataclass
class DashTraffic:
    """Responses of ``_dash-update-component`` requests, with the callback outputs they answer."""

    responses: list[tuple[str, Response]] = field(default_factory=list)

    def clear(self) -> None:
        """Forget what was recorded so far."""
        self.responses.clear()

    def bodies(self, output_prefix: str) -> list[bytes]:
        """Decoded response bodies of the callbacks whose output string starts with ``output_prefix``."""
        return [response.body() for output, response in self.responses if output.startswith(output_prefix)]


def record_dash_traffic(page: Page) -> DashTraffic:
    """Record every Dash callback response of the page (call before ``goto``)."""
    traffic = DashTraffic()

    def on_response(response: Response) -> None:
        if "/_dash-update-component" in response.url and response.request.post_data:
            traffic.responses.append((json.loads(response.request.post_data)["output"], response))

    page.on("response", on_response)
    return traffic
