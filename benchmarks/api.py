"""Data API cost per request against the page's own data download of the same view (same process, same run).

Baseline: the ranking download the page serves (``exports.map_export.table_file(..., "csv")``, what *Download
data* returns, called directly, no HTTP). Ours: ``GET /api/v1/values?…&format=csv`` and ``format=json``
through Flask's test client (parameter checks, rate limit, ETag, gzip included), and a revalidation with
``If-None-Match`` (304). Views: NUTS 2 (SBS, C29, LQ) and NUTS 3 (GDP per capita, 1 514 regions, NUTS 2021).
Both warm (the view's values cached in the store), as a second request of the same view. Times are medians of
``--repeats`` rounds; printed, never asserted.

    python benchmarks/api.py [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask_compress import Compress  # noqa: E402

from api import RATE_CONFIG, RateLimit, create_api  # noqa: E402
from data.store import load_store  # noqa: E402
from exports.map_export import table_file  # noqa: E402
from views.api_url import api_values_path  # noqa: E402
from views.state import View  # noqa: E402
from views.url import encode_query  # noqa: E402
from views.values import effective_view  # noqa: E402

VIEWS = {"NUTS 2 LQ C29": View(sector="C29"),
         "NUTS 3 GDP/capita": View(indicator="gdp_per_capita", level=3, version=2021, year=2021)}


def _median_ms(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    store = load_store()
    server = Flask("bench")
    server.config["COMPRESS_MIMETYPES"] = ["application/json", "text/csv"]
    server.config[RATE_CONFIG] = RateLimit(per_minute=1e9, burst=10**9)
    Compress(server)
    server.register_blueprint(create_api(store))
    client = server.test_client()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; repeats {args.repeats}")
    print(f"{'view':<20}{'download ms':>12}{'csv ms':>9}{'json ms':>9}{'304 ms':>8}{'csv/dl':>8}{'json/dl':>8}"
          f"{'304/dl':>8}{'csv kB gz':>10}{'json kB gz':>11}")
    for name, view in VIEWS.items():
        print(_row(store, client, name, view, args.repeats))


def _row(store, client, name: str, view: View, repeats: int) -> str:
    """Time one view: the download (baseline), the API's CSV, JSON and 304; sizes gzip-compressed."""
    shown = effective_view(store, view)
    query = encode_query(shown)
    csv_path, json_path = api_values_path(shown, "csv"), api_values_path(shown)
    gz = {"Accept-Encoding": "gzip"}
    table_file(store, shown, "csv", query=query)  # warm the view's values
    etag = client.get(json_path, headers=gz).headers["ETag"]
    baseline = _median_ms(lambda: table_file(store, shown, "csv", query=query), repeats)
    csv_ms = _median_ms(lambda: client.get(csv_path, headers=gz), repeats)
    json_ms = _median_ms(lambda: client.get(json_path, headers=gz), repeats)
    not_modified = _median_ms(lambda: client.get(json_path, headers={**gz, "If-None-Match": etag}), repeats)
    csv_kb = len(client.get(csv_path, headers=gz).data) / 1024
    json_kb = len(client.get(json_path, headers=gz).data) / 1024
    return (f"{name:<20}{baseline:>12.1f}{csv_ms:>9.1f}{json_ms:>9.1f}{not_modified:>8.1f}"
            f"{csv_ms / baseline:>8.2f}{json_ms / baseline:>8.2f}{not_modified / baseline:>8.2f}"
            f"{csv_kb:>10.1f}{json_kb:>11.1f}")


if __name__ == "__main__":
    main()
