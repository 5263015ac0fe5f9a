"""Gunicorn settings for Cluster Atlas: ``gunicorn app:server`` (this file is read from the working folder).

Why these values
----------------
* ``preload_app = True``. The store takes ~8 s and ~0.5 GB to load and precompute (longer on a
  busy machine). Loading it once in the master and forking the workers means: one load per start
  instead of one per worker; the precomputed matrices (large numpy buffers that are only read)
  stay shared copy-on-write, so 4 workers cost far less than 4 × 0.5 GB; and a crashed or
  recycled worker is replaced by a fork in well under a second instead of an 8 s reload during
  which its share of the traffic waits. The price: code changes need a full restart (``HUP``
  re-forks from the already imported app). A dataset a worker adds later (an upload) is written to
  the workspace; every other worker loads it, or its replacement, at its next page load (by generation).
* ``workers`` = number of cores (at least 2). Callbacks are CPU-bound pandas/numpy work under
  the GIL, so more processes than cores only add memory and context switches; two processes
  are the minimum so that one crash or one slow PDF export never takes the site down.
  ``WEB_CONCURRENCY`` overrides it (the load benchmark runs 4).
* ``worker_class = "gthread"``, ``threads = 4``: a worker keeps answering small requests
  (``/health``, assets, status) while one thread runs a long callback or a slow client is
  sending or reading; callbacks hold no per-user state on the server, and the store's caches are
  filled before the fork (``precompute``) or through ``data.cache.Cache`` (thread-safe, one build per
  key, keyed by dataset generation), so threads are safe.
* ``timeout = 120``: the worker's heartbeat. With gthread workers the heartbeat runs in the
  worker's main loop, so only a wedged process (not one slow request) is killed; 120 s leaves
  room for a server-side PDF atlas export. ``graceful_timeout = 30`` lets in-flight requests
  finish on ``TERM``/``HUP``; ``keepalive = 5`` keeps a browser's connection between its
  callback requests.
* ``max_requests``/``max_requests_jitter``: each worker is replaced after about 5 000 requests,
  a bound on memory from caches that grow per worker (uploaded datasets, lazily built tables);
  with preload the replacement is a cheap fork, and the jitter keeps workers from restarting
  together.
* Workers are ready before they serve: ``create_app`` does Dash's first-request set-up (component
  paths, assets, callbacks) before the fork, so every worker, the first ones and every replacement,
  answers its first parallel requests with the whole page.
* ``worker_exit`` ends a worker that has finished its requests (recycled, ``HUP``, shutdown) with
  ``os._exit``: the interpreter's teardown of the inherited store touches every page shared with the
  master (copy-on-write) and took 20+ s per worker on a busy machine, during which the arbiter did
  not replace it. Exits with an error code keep the normal path, so the arbiter still sees them.
* Compression is done by the app (flask-compress); logs go to stdout/stderr (one line per
  request, tracebacks of failed callbacks in the error log).

Environment: ``ATLAS_BIND`` (default ``127.0.0.1:8050``), ``WEB_CONCURRENCY``, ``ATLAS_THREADS``,
``ATLAS_TIMEOUT``, ``ATLAS_LOG_LEVEL``, ``ATLAS_CONTROL_SOCKET``; ``ATLAS_WORKSPACE`` (read by the app) is the folder of
uploaded datasets. Command-line options override this file (``gunicorn -w 2 -b 127.0.0.1:9000 app:server``).
"""

from __future__ import annotations

import logging
import os
import sys

bind = os.environ.get("ATLAS_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, os.cpu_count() or 1)))
worker_class = "gthread"
threads = int(os.environ.get("ATLAS_THREADS", 4))
preload_app = True

timeout = int(os.environ.get("ATLAS_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
max_requests = 5000
max_requests_jitter = 500

# The worker heartbeat file on a RAM disk: a busy or slow disk never looks like a hung worker.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Request limits (gunicorn's own defaults, spelled out): a request line or header over these is
# answered 400 before the app sees it. Body size is for the app to limit (see README "Serving").
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# gunicorn's control socket (``gunicornc``) defaults to one path per user, which two instances on
# one machine (tests, benchmarks, a second deployment) would fight over: off unless a path is given.
control_socket = os.environ.get("ATLAS_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("ATLAS_LOG_LEVEL", "info")
proc_name = "cluster-atlas"


def when_ready(server) -> None:
    """Log once the store is loaded (preload) and the workers are being started."""
    server.log.info("Cluster Atlas ready: %s workers x %s threads, preload=%s", server.cfg.workers,
                    server.cfg.threads, server.cfg.preload_app)


def child_exit(server, worker) -> None:
    """Log every worker exit (crash, kill or recycling); the arbiter starts a replacement."""
    server.log.info("worker %s exited; the arbiter replaces it", worker.pid)


def worker_exit(server, worker) -> None:
    """End a worker that exits cleanly at once: no interpreter teardown of the store it shares with the master."""
    error = sys.exc_info()[1]  # the SystemExit gunicorn raised to end this worker
    if isinstance(error, SystemExit) and error.code in (0, None):
        logging.shutdown()  # flush gunicorn's and the app's log handlers
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
