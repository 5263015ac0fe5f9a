"""Load test: gunicorn (``--config gunicorn.conf.py``) under concurrent simulated users, over loopback only.

Starts ``gunicorn app:server`` with ``--workers`` workers on a free port of 127.0.0.1 (a subprocess
with a temporary, empty workspace), waits for ``/health``, then runs ``--sessions`` simulated
users in a bounded thread pool. Each user is one ``requests.Session`` (its own connection, like
one browser tab) and does what the page does on load and on every filter change: POST the real
body of the map callback to ``/_dash-update-component`` (all control values, the camera store and
the ``map-keys`` State it got back from its previous answer). Its first request is the page load
(full figure with geometry); then ``--interactions`` realistic changes of sector, indicator, year,
NUTS level and countries, drawn from a seeded random generator (one per user), with an optional
think time between them.

Reports errors (target 0), latency p50/p95/p99 (target p95 <= 300 ms), requests/s, and the RSS of
the gunicorn master + workers before and after (psutil; "unique" = USS, memory not shared with
the other processes after the fork). ``--kill-worker`` sends SIGKILL to one worker halfway through
and reports whether gunicorn replaced it and how many requests failed (only those in flight on
the killed worker may).

Bounded: every request has a timeout, the whole run a deadline (``--deadline``, default 600 s,
after which users stop early and the report says so); only 127.0.0.1 is ever contacted. Prints
PASS/FAIL per target; the exit code is 0 whatever the result.

    python benchmarks/load.py [--workers 4] [--sessions 50] [--interactions 100] [--think 0]
                              [--kill-worker] [--deadline 600] [--shim]

``--shim`` serves ``benchmarks.load:shimmed_server`` instead of ``app:server``: the same app with
one known performance bug worked around in the served processes (see :func:`shim_sector_codes`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
import requests  # noqa: E402

from callbacks import ids  # noqa: E402
from tests.dash_requests import DEPENDENCIES, ENDPOINT, Callbacks, map_body  # noqa: E402
from views.state import View  # noqa: E402

HOST = "127.0.0.1"  # loopback only, never another address
TARGET_P95_MS = 300.0

SECTORS = ("C", "C10", "C20", "C21", "C24", "C25", "C28", "C29", "C30", "J62", "M72", "G", "F", "H", "I")
INDICATORS = ("lq", "share", "focus", "employment", "lq")
YEARS = tuple(range(2008, 2016))
LEVELS = (1, 2, 2, 2, 0)  # NUTS 2 most of the time, like the default view
COUNTRY_SETS = ((), (), ("DE",), ("FR",), ("IT", "ES", "PT"), ("DE", "AT", "CH"), ("PL", "CZ", "SK", "HU"),
                ("NL", "BE", "LU"), ("SE", "FI", "DK"))
CHANGES = ("sector", "sector", "sector", "indicator", "year", "year", "level", "countries")


def next_change(rng: random.Random, view: View) -> tuple[str, View]:
    """One realistic filter change: (changed control id, new view)."""
    kind = rng.choice(CHANGES)
    if kind == "sector":
        return ids.SECTOR_SELECT, replace(view, sector=rng.choice([s for s in SECTORS if s != view.sector]))
    if kind == "indicator":
        return ids.INDICATOR_SELECT, replace(view, indicator=rng.choice([i for i in INDICATORS
                                                                           if i != view.indicator]))
    if kind == "year":
        return ids.YEAR_SELECT, replace(view, year=rng.choice([y for y in YEARS if y != view.year]))
    if kind == "level":
        return ids.LEVEL_SELECT, replace(view, level=rng.choice([v for v in LEVELS if v != view.level]))
    return ids.COUNTRY_SELECT, replace(view, countries=rng.choice([c for c in COUNTRY_SETS if c != view.countries]))


# ---- gunicorn -----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def __getattr__(name: str):
    """``benchmarks.load:shimmed_server``: the app with :func:`shim_sector_codes` applied (``--shim``)."""
    if name == "shimmed_server":
        from data.store import DataStore

        shim_sector_codes(DataStore)
        import app

        return app.server
    raise AttributeError(name)


def shim_sector_codes(store_class) -> None:
    """Work around an app bug in the served process only: ``DataStore.sector_codes`` is uncached.

    ``views.values.effective_view`` calls it on every request and it converts the whole SBS
    ``nace`` column (categorical, millions of rows) to str to find the unique codes: ~250 ms of
    CPU per map update (~90 % of it). The shim memoises the result per (store, dataset) object.
    """
    real = store_class.sector_codes

    def sector_codes(self, dataset: str):
        key = (dataset, id(self.dataset(dataset)))
        memo = self.__dict__.setdefault("_shim_sector_codes", {})
        if key not in memo:
            memo[key] = real(self, dataset)
        return memo[key]

    store_class.sector_codes = sector_codes


def start_gunicorn(workers: int, port: int, workspace: Path, log: Path, *, shim: bool = False) -> subprocess.Popen:
    env = {**os.environ, "ATLAS_WORKSPACE": str(workspace), "ATLAS_LOG_LEVEL": "warning"}
    command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"), "--workers",
               str(workers), "--bind", f"{HOST}:{port}", "--access-logfile", "/dev/null",
               "benchmarks.load:shimmed_server" if shim else "app:server"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_workers(master: psutil.Process, workers: int, seconds: float) -> list[int]:
    """Wait until the master has ``workers`` children (all forked) or ``seconds`` pass."""
    start = time.monotonic()
    while time.monotonic() - start < seconds and len(worker_pids(master)) < workers:
        time.sleep(0.1)
    return worker_pids(master)


def wait_healthy(base: str, process: subprocess.Popen, seconds: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode} before answering")
        try:
            if requests.get(base + "/health", timeout=2).status_code == 200:
                return time.monotonic() - start
        except requests.RequestException:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"gunicorn did not answer /health within {seconds:.0f} s")


def worker_pids(master: psutil.Process) -> list[int]:
    return sorted(c.pid for c in master.children() if c.is_running())


def memory(master: psutil.Process) -> dict:
    """RSS and USS (MB) of the master and each worker."""
    out = {}
    for name, proc in [("master", master)] + [(f"worker {c.pid}", c) for c in master.children()]:
        try:
            info = proc.memory_full_info()
            out[name] = (info.rss / 2**20, info.uss / 2**20)
        except psutil.Error:
            pass
    return out


def fmt_memory(mem: dict) -> str:
    rss, uss = sum(v[0] for v in mem.values()), sum(v[1] for v in mem.values())
    parts = ", ".join(f"{k} {v[0]:.0f}" for k, v in mem.items())
    return f"RSS sum {rss:,.0f} MB (unique {uss:,.0f} MB) [{parts}]"


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# ---- simulated users ----------------------------------------------------------------------------
@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    errors: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: int = 0
    stopped_early: int = 0

    def ok(self, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.done += 1

    def error(self, when: float, text: str) -> None:
        with self.lock:
            self.errors.append((when, text))
            self.done += 1


def check_answer(response: requests.Response, previous: dict | None = None) -> dict:
    """The map-keys after a good answer (unchanged keys are not re-sent); raise with a short reason otherwise."""
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}")
    answer = response.json()["response"]
    keys = answer[ids.MAP_KEYS]["data"] if ids.MAP_KEYS in answer else previous
    if not keys or not isinstance(answer[ids.MAP_STATUS_STORE]["data"], str):
        raise RuntimeError("answer without map keys or status")
    return keys


def user(number: int, base: str, callbacks: Callbacks, interactions: int, think: float, deadline: float,
         results: Results, timeout: float) -> None:
    """One browser tab: page load, then ``interactions`` filter changes, keeping its own map-keys."""
    rng = random.Random(1000 + number)
    view, changed, keys = View(), None, None
    with requests.Session() as session:
        for step in range(interactions + 1):
            if time.monotonic() > deadline:
                with results.lock:
                    results.stopped_early += interactions + 1 - step
                return
            if step:
                changed, view = next_change(rng, view)
                if think:
                    time.sleep(rng.expovariate(1 / think))
            start = time.perf_counter()
            try:
                response = session.post(base + ENDPOINT, data=json.dumps(map_body(callbacks, view, changed, keys)),
                                        headers={"Content-Type": "application/json",
                                                 "Accept-Encoding": "gzip"}, timeout=timeout)
                keys = check_answer(response, keys)
                results.ok(time.perf_counter() - start)
            except Exception as error:  # noqa: BLE001 - every failure is counted and reported
                results.error(time.monotonic(), f"{type(error).__name__}: {str(error)[:120]}")
                keys = None  # a browser would reload the figure after a failed update


def killer(master: psutil.Process, results: Results, total: int, deadline: float, report: dict) -> None:
    """SIGKILL one worker once half of the requests are done; record what happened."""
    while results.done < total // 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    before = worker_pids(master)
    if not before:
        return
    # The busiest worker: the one holding most client connections (each a session's keep-alive).
    def connections(pid: int) -> int:
        try:
            return sum(c.status == psutil.CONN_ESTABLISHED for c in psutil.Process(pid).net_connections())
        except psutil.Error:
            return 0

    held = {pid: connections(pid) for pid in before}
    victim = max(before, key=held.get)
    report.update(victim=victim, before=before, at=time.monotonic(), done_at_kill=results.done,
                  connections=held[victim])
    os.kill(victim, signal.SIGKILL)
    start = time.monotonic()
    while time.monotonic() - start < 30:
        now = worker_pids(master)
        if victim not in now and len(now) == len(before):
            report.update(replaced_after=time.monotonic() - start, after=now)
            return
        time.sleep(0.05)
    report.update(after=worker_pids(master))


# ---- report -------------------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--sessions", type=int, default=50, help="concurrent simulated users")
    parser.add_argument("--interactions", type=int, default=100, help="filter changes per user (after page load)")
    parser.add_argument("--think", type=float, default=0.0, help="mean think time between changes, seconds")
    parser.add_argument("--kill-worker", action="store_true", help="SIGKILL one worker halfway through")
    parser.add_argument("--deadline", type=float, default=600.0, help="stop the users after this many seconds")
    parser.add_argument("--timeout", type=float, default=60.0, help="timeout of one request, seconds")
    parser.add_argument("--shim", action="store_true",
                        help="serve benchmarks.load:shimmed_server (app bug worked around: uncached sector_codes)")
    args = parser.parse_args(argv)
    sessions, interactions = max(1, min(args.sessions, 200)), max(0, min(args.interactions, 1000))
    total = sessions * (interactions + 1)
    print(f"machine: {platform.platform()}; {os.cpu_count()} CPUs; Python {platform.python_version()}; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"plan: gunicorn --config gunicorn.conf.py --workers {args.workers} on {HOST}; {sessions} sessions x "
          f"(1 page load + {interactions} changes) = {total} map-callback requests; think time {args.think:g} s; "
          f"deadline {args.deadline:.0f} s{'; SIGKILL one worker at 50%' if args.kill_worker else ''}")
    if args.shim:
        print("WARNING: --shim: serving the app with DataStore.sector_codes memoised (app bug: ~250 ms CPU per "
              "map update recomputes it); numbers are for the fixed app")

    with tempfile.TemporaryDirectory(prefix="atlas-load-") as tmp:
        port = free_port()
        base = f"http://{HOST}:{port}"
        log = Path(tmp) / "gunicorn.log"
        (Path(tmp) / "workspace").mkdir()
        process = start_gunicorn(args.workers, port, Path(tmp) / "workspace", log, shim=args.shim)
        try:
            try:
                startup = wait_healthy(base, process, 180)
            except RuntimeError as error:
                print(f"FAIL: {error}\n--- gunicorn log ---\n{log.read_text()[-3000:]}")
                return 0
            master = psutil.Process(process.pid)
            pids = wait_workers(master, args.workers, 60)
            print(f"gunicorn ready in {startup:.1f} s (store loaded once in the master, preload); "
                  f"workers {pids}")
            mem_before = memory(master)
            callbacks = Callbacks.from_dependencies(requests.get(base + DEPENDENCIES, timeout=60).json())
            print(f"memory before: {fmt_memory(mem_before)}")

            results, kill_report = Results(), {}
            start = time.monotonic()
            deadline = start + args.deadline
            kill_thread = None
            if args.kill_worker:
                kill_thread = threading.Thread(target=killer, args=(master, results, total, deadline, kill_report),
                                               daemon=True)
                kill_thread.start()
            with ThreadPoolExecutor(max_workers=sessions) as pool:
                futures = [pool.submit(user, n, base, callbacks, interactions, args.think, deadline, results,
                                       args.timeout) for n in range(sessions)]
                for future in futures:
                    future.result()
            elapsed = time.monotonic() - start
            if kill_thread is not None:
                kill_thread.join(timeout=35)
            mem_after = memory(master)
            healthy = requests.get(base + "/health", timeout=5).status_code == 200
        finally:
            stop_gunicorn(process)
        server_log = log.read_text(errors="replace")

    lat = sorted(results.latencies)
    done = len(lat) + len(results.errors)
    print(f"\nduration {elapsed:.1f} s; requests {done} of {total} "
          f"({results.stopped_early} not sent: deadline)" if results.stopped_early else
          f"\nduration {elapsed:.1f} s; requests {done} of {total}")
    print(f"throughput {done / elapsed:.1f} requests/s")
    if lat:
        p50, p95, p99 = (percentile(lat, q) * 1e3 for q in (50, 95, 99))
        print(f"latency ms: p50 {p50:.0f}, p95 {p95:.0f}, p99 {p99:.0f}, max {lat[-1] * 1e3:.0f} "
              f"(mean {statistics.fmean(lat) * 1e3:.0f})")
    else:
        p95 = float("inf")
    print(f"memory after:  {fmt_memory(mem_after)}")
    print(f"/health after the run: {'200' if healthy else 'not 200'}")
    kinds: dict[str, int] = {}
    for _, text in results.errors:
        kinds[text] = kinds.get(text, 0) + 1
    print(f"errors: {len(results.errors)}" + "".join(f"\n  {n} x {k}" for k, n in sorted(kinds.items())))
    tracebacks = server_log.count("Traceback")
    print(f"server log: {tracebacks} tracebacks, {server_log.count('WORKER TIMEOUT')} worker timeouts")

    verdicts = []
    if args.kill_worker:
        replaced = "replaced_after" in kill_report
        print(f"\nkill-worker: SIGKILL worker {kill_report.get('victim')} after {kill_report.get('done_at_kill')} "
              f"requests; workers before {kill_report.get('before')}, after {kill_report.get('after')}")
        replaced_text = f"yes, in {kill_report['replaced_after']:.2f} s" if replaced else "NO"
        print(f"kill-worker: gunicorn replaced it: {replaced_text}")
        late = [t for t, _ in results.errors if t > kill_report.get("at", 0) + 5]
        print(f"kill-worker: failed requests {len(results.errors)}; the killed worker held "
              f"{kill_report.get('connections')} client connections (a request in flight or queued on each at most); "
              f"failures later than 5 s after the kill: {len(late)}")
        verdicts.append(("worker replaced after SIGKILL", replaced))
        verdicts.append(("only in-flight requests failed", len(late) == 0
                         and len(results.errors) <= kill_report.get("connections", 0)))
    else:
        verdicts.append(("errors == 0", not results.errors))
    verdicts.append((f"p95 <= {TARGET_P95_MS:.0f} ms", p95 <= TARGET_P95_MS))
    verdicts.append(("all requests sent before the deadline", results.stopped_early == 0))
    print()
    for name, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
