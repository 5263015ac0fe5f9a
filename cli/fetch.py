"""``python app.py fetch DATASET [--name NAME] [--since YEAR]``: download a Eurostat table and ingest it.

The table comes from Eurostat's dissemination API as compressed SDMX-CSV (:mod:`ingest.eurostat_api`),
with a progress bar; it is validated and ingested like an upload, and its source URL and download date
go into the dataset's metadata and attribution. Any failure prints one line and changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.ingest import default_workspace, report_failure


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``fetch`` (nothing here imports pandas)."""
    parser.add_argument("dataset", help="Eurostat dataset code, e.g. sbs_r_nuts2021")
    parser.add_argument("--name", default=None, help="dataset name in the workspace (default: the code)")
    parser.add_argument("--since", type=int, default=None, metavar="YEAR", help="first reference year to download")
    parser.add_argument("--label", default=None, help="title shown in the app")
    parser.add_argument("--workspace", type=Path, default=None)
    parser.add_argument("--replace", action="store_true", help="replace a dataset of the same name")
    parser.add_argument("--api", default=None, metavar="URL",
                        help="SDMX 2.1 data endpoint (default Eurostat's; env ATLAS_EUROSTAT_API)")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for the server")


def run(args: argparse.Namespace) -> int:
    """Fetch and ingest; print the report summary; exit status 0 on success, 2 on failure (nothing changed)."""
    from tqdm import tqdm

    from data.errors import InputError
    from ingest.eurostat_api import fetch_dataset

    workspace = args.workspace or default_workspace()
    with tqdm(unit="B", unit_scale=True, file=sys.stderr, desc=f"{args.dataset} download", delay=0.5) as bar:
        def progress(done: int, total: int | None) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            fetched = fetch_dataset(args.dataset, workspace=workspace, name=args.name, since=args.since,
                                    label=args.label, replace=args.replace, base=args.api, progress=progress,
                                    timeout=args.timeout)
        except InputError as error:
            bar.close()
            return report_failure(error)
    result = fetched.ingest
    print(result.report.summary())
    print(f"{result.rows_accepted:,} of {result.rows_read:,} rows accepted ({result.rows_rejected:,} rejected) "
          f"from {fetched.url} ({fetched.bytes:,} bytes, {fetched.downloaded}) -> {result.dataset_dir}")
    return 0
