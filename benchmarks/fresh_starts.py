"""Fresh starts: does every new gunicorn serve the whole first page? (issue 13 item 4; target N/N starts).

Repeats the start of ``tests/test_fresh_server.py`` ``--starts`` times: ``gunicorn --config
gunicorn.conf.py --workers 4 --threads 4 app:server`` on a free port of 127.0.0.1 with an empty
temporary workspace; as soon as the four workers are forked, 16 client threads at once request every
URL of the page (``/``, its scripts and stylesheets, ``/_dash-layout``, ``/_dash-dependencies``), each
on a new connection; then the server is stopped. A start passes when every answer is < 500 and the
layout and callbacks equal those of the app created in this process. Every ``--recycle-every``-th
start recycles each worker after ``--max-requests`` requests, so that replacement workers get first
requests too.

Prints one line per start (requests, failures, seconds, the server's exceptions) and PASS/FAIL for
"every start clean"; the exit code is 0 whatever the result. Loopback only; each start takes the
app's start-up time (~8 s on an idle machine) plus a few seconds.

    python benchmarks/fresh_starts.py [--starts 20] [--recycle-every 4] [--max-requests 5]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from data.store import load_store  # noqa: E402
from tests.test_fresh_server import FIRERS, THREADS, WORKERS, fresh_start, reference_page  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=20)
    parser.add_argument("--recycle-every", type=int, default=4, help="every k-th start recycles workers (0: never)")
    parser.add_argument("--max-requests", type=int, default=5, help="requests per worker in a recycling start")
    args = parser.parse_args(argv)

    print(f"{platform.platform()}, Python {platform.python_version()}; {WORKERS} workers x {THREADS} threads, "
          f"{FIRERS} client threads")
    with tempfile.TemporaryDirectory(prefix="fresh-starts-") as folder:
        page = reference_page(load_store(), Path(folder, "reference"))
        print(f"page: {len(page.urls)} URLs ({len(page.urls) - 3} from the HTML of /)")
        clean = 0
        for n in range(1, args.starts + 1):
            recycle = args.max_requests if args.recycle_every and n % args.recycle_every == 0 else 0
            workspace = Path(folder, f"workspace-{n}")
            workspace.mkdir()
            began = time.monotonic()
            start = fresh_start(page, workspace, Path(folder, f"gunicorn-{n}.log"), max_requests=recycle)
            clean += start.ok
            what = f"recycling after {recycle} requests" if recycle else "fresh workers"
            print(f"start {n:2d}/{args.starts} ({what}): {start.requests} requests, {len(start.failures)} failed, "
                  f"{time.monotonic() - began:.1f} s" + (f"; e.g. {start.failures[0]}; server: {start.server_errors}"
                                                         if start.failures else ""), flush=True)
    verdict = "PASS" if clean == args.starts else "FAIL"
    print(f"{verdict}: {clean}/{args.starts} starts served every first request < 500 with the whole layout")
    return 0


if __name__ == "__main__":
    sys.exit(main())
