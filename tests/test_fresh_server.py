"""A fresh server never serves a broken first page (issue 13 item 4).

Dash sets a process up on the first request it receives (``Dash._setup_server``, a ``before_request``
hook): it marks itself done *before* it registers the component paths, walks the assets and merges the
callbacks, so a second request arriving meanwhile on another thread of a new gunicorn worker is served
by a half set-up app: HTTP 500 "Error loading dependency. "dash" is not a registered library" and a
page without a map. ``create_app`` now does that set-up before the app is returned, so with
``preload_app`` the master forks workers (and replacements of recycled ones) that are ready.

Each start here is ``gunicorn --config gunicorn.conf.py --workers 4 --threads 4 app:server`` on a free
loopback port, with an empty workspace. As soon as its four workers are forked (and before any request
has reached it) ``FIRERS`` threads at once request every URL of the page: ``/``, every script and
stylesheet its HTML names, ``/_dash-layout`` and ``/_dash-dependencies``; each thread starts at a
different URL and uses a new connection per request, so every worker gets parallel first requests.
Every answer must be < 500, and the layout and the callbacks must equal those of the same app created
in this process. One of the starts recycles each worker after 5 requests, so that replacement workers
get first requests too. ``benchmarks/fresh_starts.py --starts 20`` repeats this over 20 starts.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest
import requests
from dash.fingerprint import check_fingerprint

from app import create_app
from data.store import DataStore

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS, THREADS = 4, 4
FIRERS = 16  # client threads per start, each requesting every URL of the page once
START_SECONDS = 300  # import + store + precompute: ~8 s on an idle machine, over 120 s seen under heavy load
#: Requests that must be answered whatever the HTML says: the layout and the callbacks the renderer asks for.
API = ("/_dash-layout", "/_dash-dependencies")
#: Compression is not what is tested; identity keeps ~3 MB of scripts × 16 threads cheap for the server.
HEADERS = {"Accept-Encoding": "identity"}


@dataclass(frozen=True)
class Page:
    """What one page load asks for, and what a ready server answers (from an app created in-process)."""

    urls: tuple[str, ...]
    layout: dict
    dependencies: list


@dataclass
class Start:
    """The outcome of one fresh start: failed requests (status, URL, first line of the answer)."""

    requests: int = 0
    failures: list[str] = field(default_factory=list)
    log: str = ""

    @property
    def ok(self) -> bool:
        return self.requests > 0 and not self.failures

    @property
    def server_errors(self) -> list[str]:
        """The distinct exceptions in the server's log (the last line of each traceback)."""
        return sorted(set(re.findall(r"^[\w.]+(?:Error|Exception): .*$", self.log, re.MULTILINE)))


def page_urls(html: str) -> tuple[str, ...]:
    """The local scripts, stylesheets and icons an index page loads (``src``/``href`` starting with ``/``)."""
    return tuple(dict.fromkeys(re.findall(r'(?:src|href)="(/[^"]*)"', html)))


def reference_page(store: DataStore, workspace: Path) -> Page:
    """The page as an app created in this process serves it (Flask test client, no server)."""
    client = create_app(store, workspace=workspace).server.test_client()
    html = client.get("/").get_data(as_text=True)
    return Page(urls=("/", *page_urls(html), *API), layout=client.get(API[0]).get_json(),
                dependencies=client.get(API[1]).get_json())


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _live_workers(master: psutil.Process) -> int:
    try:
        return sum(child.status() != psutil.STATUS_ZOMBIE for child in master.children())
    except psutil.Error:
        return 0


def _check(url: str, response: requests.Response, page: Page) -> str | None:
    """Why an answer is wrong (``None`` if it is right)."""
    if response.status_code >= 500:
        return f"{response.status_code} {url}: {response.text.strip().splitlines()[0][:200] if response.text else ''}"
    if url == "/" and page_urls(response.text) != page.urls[1:-len(API)]:
        return f"{response.status_code} /: the page loads other scripts than the app in-process"
    if url == API[0] and response.json() != page.layout:
        return f"{response.status_code} {url}: not the complete layout"
    if url == API[1] and response.json() != page.dependencies:
        return f"{response.status_code} {url}: not all callbacks"
    return None


def _fire(base: str, page: Page, start: Start) -> None:
    """``FIRERS`` threads released together, each requesting every URL once from a different first URL."""
    gate, lock = threading.Barrier(FIRERS), threading.Lock()

    def run(offset: int) -> None:
        gate.wait()
        for i in range(len(page.urls)):
            url = page.urls[(offset + i) % len(page.urls)]
            try:
                response = requests.get(base + url, headers={**HEADERS, "Connection": "close"}, timeout=60)
                problem = _check(url, response, page)
            except requests.RequestException as error:
                problem = f"--- {url}: {type(error).__name__}: {error}"
            with lock:
                start.requests += 1
                if problem:
                    start.failures.append(problem)

    threads = [threading.Thread(target=run, args=(k,), daemon=True) for k in range(FIRERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)


def fresh_start(page: Page, workspace: Path, log: Path, *, max_requests: int = 0) -> Start:
    """Start gunicorn (project config, ``app:server``), fire the page's first requests at it, stop it.

    ``max_requests`` > 0 recycles each worker after that many requests (no jitter), so that replacement
    workers receive first requests as well.
    """
    port = _free_port()
    recycle = ["--max-requests", str(max_requests), "--max-requests-jitter", "0"] if max_requests else []
    env = {**os.environ, "ATLAS_WORKSPACE": str(workspace), "PYTHONPATH": str(ROOT)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"), "--workers", str(WORKERS),
             "--threads", str(THREADS), "--bind", f"{HOST}:{port}", *recycle, "app:server"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    start = Start()
    try:
        master = psutil.Process(process.pid)
        deadline = time.monotonic() + START_SECONDS
        # no request before the burst: ready means forked (the socket is bound before the fork)
        while _live_workers(master) < WORKERS:
            if process.poll() is not None or time.monotonic() > deadline:
                start.failures.append(f"gunicorn did not start {WORKERS} workers")
                return start
            time.sleep(0.05)
        _fire(f"http://{HOST}:{port}", page, start)
    finally:
        process.send_signal(signal.SIGINT)  # quick shutdown (SIGTERM would wait for idle keep-alives)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        start.log = log.read_text(errors="replace")
    return start


@pytest.fixture(scope="module")
def page(store, tmp_path_factory) -> Page:
    return reference_page(store, tmp_path_factory.mktemp("reference-workspace"))


def test_a_new_app_has_registered_every_script_of_the_page_before_any_request(store, page, tmp_path):
    app = create_app(store, workspace=tmp_path)
    suites = [url.split("/_dash-component-suites/", 1)[1] for url in page.urls if "/_dash-component-suites/" in url]
    assert len(suites) >= 5
    for suite in suites:
        namespace, fingerprinted = suite.split("/", 1)
        assert check_fingerprint(fingerprinted)[0] in app.registered_paths[namespace], suite


@pytest.mark.parametrize("max_requests", [0, 5], ids=["fresh-workers", "recycled-workers"])
def test_every_first_request_of_a_fresh_server_gets_the_whole_page(page, tmp_path, max_requests):
    assert len(page.urls) > 10 and any("_dash-component-suites/dash/" in url for url in page.urls)
    (tmp_path / "workspace").mkdir()
    start = fresh_start(page, tmp_path / "workspace", tmp_path / "gunicorn.log", max_requests=max_requests)
    assert start.requests == FIRERS * len(page.urls), start.log[-3000:]
    assert not start.failures, (f"{len(start.failures)} of {start.requests} requests failed, e.g. {start.failures[:3]};"
                                f" server: {start.server_errors}")
    if max_requests:
        assert start.log.count("Autorestarting worker") >= 1, "no worker was recycled"
