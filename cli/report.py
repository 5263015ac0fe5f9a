"""``python app.py report``: one-page A4 region reports (PDF), one page per region, without the dashboard.

``--region DE11`` writes one page; ``--region DE11,DE12,…`` one page each into one PDF. Pages are made
by :func:`exports.report.report_pdf`, the same code as the profile's "Download report" button; they are
drawn with ReportLab (no browser needed).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from data.store import DEFAULT_DIR, DataStore, load_store


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``report``."""
    parser.add_argument("--region", required=True, help="comma-separated NUTS ids, e.g. DE11 or DE11,DE12,FR10")
    parser.add_argument("--year", type=int, default=2014)
    parser.add_argument("--sector", default="C", help="NACE code whose trend the report shows, e.g. C29")
    parser.add_argument("--version", type=int, default=2013, choices=(2013, 2021), help="NUTS version")
    parser.add_argument("--out", type=Path, default=None, help="PDF file (default: <first region>.pdf)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR, help="folder of a built dataset")


def run(args: argparse.Namespace, store: DataStore | None = None) -> int:
    """Write the report; exit code 2 on unknown regions, sector or year (the message says which)."""
    from data.errors import InputError
    from exports.report import report_pdf  # the report stack: loaded to run, not for --help
    from views.state import View
    from views.values import effective_view

    started = time.perf_counter()
    store = store if store is not None else load_store(args.data)
    regions = [r.strip() for r in args.region.split(",") if r.strip()]
    if args.sector not in set(store.sector_codes("sbs")):
        print(f"error: --sector: unknown NACE code {args.sector!r}; e.g. C29", file=sys.stderr)
        return 2
    if args.year not in store.dataset("sbs").years:
        print(f"error: --year: no data for {args.year}; years: {list(store.dataset('sbs').years)}", file=sys.stderr)
        return 2
    levels = {len(r) - 2 for r in regions}
    if len(levels) != 1 or not levels <= {0, 1, 2}:
        print("error: --region: give NUTS 0, 1 or 2 ids of one level, e.g. DE11,FR10", file=sys.stderr)
        return 2
    view = effective_view(store, View(sector=args.sector, year=args.year, version=args.version, level=levels.pop()))
    try:
        file = report_pdf(store, view, regions, day=date.today().isoformat())
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    out = args.out if args.out is not None else Path(f"{regions[0]}.pdf")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(file.content)
    print(f"wrote {out}: {len(regions)} page(s), {len(file.content) / 1e3:.0f} kB in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0
