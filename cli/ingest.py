"""``python app.py ingest FILE --name NAME``: ingest a register or table into the workspace (chunked, with progress).

``FILE`` may be a PostgreSQL URL (``postgresql://USER@HOST:PORT/DB`` with ``--table`` or ``--query``):
the register is then read from the database in chunks (``ingest.database``); the password is never printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def report_failure(error: Exception) -> int:
    """Print an ingest failure as one line (plus its validation report's summary, if any); return exit code 2."""
    print(f"error: {error}", file=sys.stderr)
    report = getattr(error, "report", None)
    if report is not None:
        print(report.summary(), file=sys.stderr)
    return 2


def default_workspace() -> Path:
    """Workspace folder: ``$ATLAS_WORKSPACE`` or ``./workspace``."""
    return Path(os.environ.get("ATLAS_WORKSPACE", "workspace"))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``ingest`` (nothing here imports pandas: ``ingest --help`` starts at once)."""
    parser.add_argument("file", help="file, or postgresql://USER@HOST:PORT/DB (with --table or --query)")
    parser.add_argument("--name", required=True, help="dataset name (letters, digits, _ . -)")
    parser.add_argument("--label", default=None)
    parser.add_argument("--kind", choices=["enterprises", "clusters", "table"], default=None)
    parser.add_argument("--nuts-version", type=int, default=2021, choices=[2013, 2021])
    parser.add_argument("--crs", default=None, help="CRS of coordinate columns, e.g. EPSG:3035")
    parser.add_argument("--engine", choices=["pandas", "dask"], default="pandas")
    parser.add_argument("--scheduler", default=None, help="address of a Dask scheduler (with --engine dask)")
    parser.add_argument("--workspace", type=Path, default=None)
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--map", action="append", default=[], metavar="ROLE=COLUMN",
                        help="column of a role, e.g. --map lat=Breite (repeatable)")
    parser.add_argument("--chunk-rows", type=int, default=500_000)
    parser.add_argument("--replace", action="store_true", help="replace a dataset of the same name")
    parser.add_argument("--table", default=None, help="PostgreSQL source: table NAME or SCHEMA.NAME")
    parser.add_argument("--query", default=None, help="PostgreSQL source: one SELECT statement")
    parser.add_argument("--geometry", default=None, help="PostgreSQL source: PostGIS column (default: the first)")


def use_jemalloc() -> None:
    """Give Arrow its jemalloc pool unless ``ARROW_DEFAULT_MEMORY_POOL`` chooses one (or jemalloc is not built in).

    Measured on 10 M firms in chunks of 1 M rows (two alternating pairs): peak RSS 2.25 GB vs 2.53 GB with
    the default mimalloc pool, same CPU time.
    """
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    import pyarrow as pa

    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except (NotImplementedError, pa.ArrowNotImplementedError):
        pass


def run(args: argparse.Namespace) -> int:
    """Ingest; print the report summary; exit status 0 on success, 2 on bad input."""
    use_jemalloc()
    from tqdm import tqdm

    from data.errors import InputError
    from ingest.validation import UNLIMITED
    from ingest.workspace import ingest_file

    mapping = dict(item.split("=", 1) for item in args.map)
    workspace = args.workspace or default_workspace()
    options = dict(name=args.name, kind=args.kind, nuts_version=args.nuts_version, crs=args.crs,
                   mapping=mapping or None, year=args.year, workspace=workspace, engine=args.engine,
                   limits=UNLIMITED, label=args.label, replace=args.replace, scheduler=args.scheduler,
                   chunk_rows=args.chunk_rows)
    database = args.file.lower().startswith(("postgresql://", "postgres://"))
    if not database and (args.table or args.query or args.geometry):
        print("error: --table, --query and --geometry go with a postgresql:// source", file=sys.stderr)
        return 2
    try:
        if database:
            from ingest.database import DatabaseSource, ingest_database

            source = DatabaseSource(args.file, table=args.table, query=args.query, geometry=args.geometry)
            title, call = source.label, lambda bar: ingest_database(source, progress=bar.update, **options)
        else:
            path = Path(args.file)
            title, call = path.name, lambda bar: ingest_file(path, filename=path.name, progress=bar.update,
                                                             **options)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with tqdm(unit=" rows", unit_scale=True, file=sys.stderr, desc=title) as bar:
        try:
            result = call(bar)
        except InputError as error:
            bar.close()
            return report_failure(error)
    print(result.report.summary())
    for note in result.notes:
        print(note)
    print(f"{result.rows_accepted:,} of {result.rows_read:,} rows accepted ({result.rows_rejected:,} rejected)"
          f"{' [synthetic]' if result.synthetic else ''} -> {result.dataset_dir}")
    return 0
