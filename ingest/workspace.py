"""Ingest a user's file into a dataset folder of the workspace, atomically; list and read the datasets.

A dataset folder holds ``stats.parquet`` (the ``stats`` schema), ``enterprises.parquet`` or
``clusters.parquet`` (GeoParquet points, EPSG:4326) for registers, ``meta.json`` and ``report.csv``.
``meta.json`` names the folder's ``generation``: a fresh id per ingest, so that a server process can
tell a replaced dataset from the one it has by reading that small file only.
It is written in a hidden temporary folder of the workspace and renamed into place only when
everything succeeded, so a failed upload leaves the workspace as it was.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import queue
import re
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq

from data.errors import InputError, SchemaError
from data.store import DEFAULT_DIR, new_generation
from ingest.aggregate import cluster_stats, partial_counts, stats_from_partials
from ingest.clean import UNDATED_YEAR, Context, prepare_clusters, prepare_enterprises, resolve_roles
from ingest.locate import RegionIndex, load_region_index, parse_crs
from ingest.nace_spelling import ancestry
from ingest.official_tables import is_official_table, read_official_table
from ingest.point_writer import PointWriter, duplicate_ids
from ingest.readers import Chunk, _gunzip, detect_format, head, load_source, read_chunks
from ingest.validation import Limits, ValidationReport

DEFAULT_LIMITS = Limits()
Kind = Literal["enterprises", "clusters", "table"]
FILES = {"enterprises": "enterprises.parquet", "clusters": "clusters.parquet"}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class IngestResult:
    """Outcome of :func:`ingest_file`."""

    dataset_dir: Path
    report: ValidationReport
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    synthetic: bool
    undated_year: int | None = None  # the year given to every row when the file has no year column

    @property
    def notes(self) -> tuple[str, ...]:
        """What the ingest assumed, in one line each (shown with the report)."""
        if self.undated_year is None:
            return ()
        return (f"The file has no year column: every row counts as {self.undated_year} "
                "(set another with --year on the command line, or add a 'year' column).",)


@dataclass(frozen=True)
class DatasetInfo:
    """One dataset of a workspace as listed by :func:`list_datasets`; ``error`` is set if it is damaged."""

    name: str
    path: Path
    label: str = ""
    kind: str = ""
    nuts_version: int | None = None
    years: tuple[int, ...] = ()
    created: str = ""
    synthetic: bool = False
    rows: int = 0
    error: str | None = None
    generation: str = ""


def ingest_file(source: str | Path | bytes, *, filename: str, name: str, kind: Kind | None = None,
                nuts_version: int = 2021, crs: object = None, mapping: dict[str, str] | None = None,
                year: int | None = None, workspace: str | Path, engine: str = "pandas", limits: Limits = DEFAULT_LIMITS,
                label: str | None = None, replace: bool = False, progress: Callable[[int], None] | None = None,
                scheduler: str | None = None, chunk_rows: int = 250_000, data_dir: Path = DEFAULT_DIR) -> IngestResult:
    """Read, validate, place and aggregate a user's file into a new workspace dataset.

    Parameters
    ----------
    source : str, Path or bytes
        The file, or the uploaded bytes.
    filename : str
        The file's name as the user knows it (messages, format detection).
    name : str
        Dataset name: letters, digits, ``_ . -``, at most 64 characters; the folder's name.
    kind : {"enterprises", "clusters", "table"}, optional
        Detected when omitted: official tables by their header, cluster lists by a ``sectors`` or
        ``members`` column, else an enterprise register.
    nuts_version : int, default 2021
        NUTS version to place points in (2013 or 2021); for tables, ``None`` detects it.
    crs : str, int or pyproj.CRS, optional
        CRS of coordinate columns (e.g. ``"EPSG:3035"``); default the file's own CRS, else EPSG:4326.
    mapping : dict, optional
        Role → column, e.g. ``{"lat": "Breite", "nace": "WZ2008"}``, over the recognised names.
    year : int, optional
        Year of the data when the file has no ``year`` column (default :data:`ingest.clean.UNDATED_YEAR`).
    workspace : str or Path
        Folder of the datasets (created if missing).
    engine : {"pandas", "dask"}, default "pandas"
        ``"dask"`` runs the chunks as Dask tasks (``scheduler`` = address of a distributed scheduler).
    limits : Limits
        Size, rows, columns, string length; enforced before parsing.
    label : str, optional
        Title shown in the app; default ``name``.
    replace : bool, default False
        Replace an existing dataset of that name (atomically).
    progress : callable, optional
        Called with the number of rows of each chunk processed.
    scheduler : str, optional
        Address of a Dask scheduler (``engine="dask"``).
    chunk_rows : int, default 250 000
        Rows per chunk (bounded memory).
    data_dir : Path
        Folder of ``regions.parquet`` and ``nace.parquet``.

    Returns
    -------
    IngestResult
        Folder written, report of problems (rows 1-based, header = row 0), counts, synthetic flag.

    Raises
    ------
    SchemaError, CRSError, LimitError
        The file cannot be used; the exception has the report as ``.report`` when one exists.
        Nothing is written then.
    """
    workspace = Path(workspace)
    target = workspace / _check_name(name)
    if target.exists() and not replace:
        raise SchemaError(f"a dataset named '{name}' exists; choose another name, or replace it ('Replace a dataset "
                          "of the same name' in the upload panel, --replace on the command line)", file=filename)
    loaded = load_source(source, filename=filename, limits=limits)
    start = head(loaded)
    fmt = detect_format(filename, start)
    text = _gunzip(loaded, filename, limits) if fmt == "gzip" else loaded
    tree = pd.read_parquet(data_dir / "nace.parquet")
    workspace.mkdir(parents=True, exist_ok=True)
    temp = workspace / f".tmp-{uuid.uuid4().hex}"
    temp.mkdir()
    try:
        if kind == "table" or (kind is None and fmt in ("csv", "gzip") and is_official_table(head(text))):
            data = text if isinstance(text, bytes) else text.read_bytes()
            meta, report, counts = _ingest_table(data, filename, nuts_version if kind == "table" else None,
                                                 tree, data_dir, temp)
        else:
            index = load_region_index(nuts_version, str(data_dir / "regions.parquet"))
            meta, report, counts = _ingest_register(loaded, filename, kind, index, tree, crs, mapping, year, limits,
                                                    engine, progress, scheduler, chunk_rows, temp)
        meta |= {"name": name, "generation": new_generation(), "label": label or name, "source_file": filename,
                 "format": fmt,
                 "created": datetime.now(UTC).isoformat(timespec="seconds"), "engine": engine,
                 "counts": {**counts, "problems": report.total}}
        report.to_csv(temp / "report.csv")
        (temp / "meta.json").write_text(json.dumps(meta, indent=2, default=int) + "\n", encoding="utf-8")
        _move_into_place(temp, target)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return IngestResult(target, report, counts["rows_read"], counts["rows_accepted"], counts["rows_rejected"],
                        bool(meta["synthetic"]), meta.get("undated_year"))


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name) or name in (".", ".."):
        raise SchemaError("dataset name must be 1–64 letters, digits, '_', '.' or '-', starting with a letter "
                          "or digit", column="name", value=name)
    return name


def _move_into_place(temp: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(f".old-{uuid.uuid4().hex}")
        target.rename(old)
    try:
        temp.rename(target)
    except OSError:
        if old is not None:  # put the previous dataset back: a failed write loses nothing
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _ingest_table(data: bytes, filename: str, nuts_version: int | None, tree: pd.DataFrame, data_dir: Path,
                  temp: Path) -> tuple[dict, ValidationReport, dict]:
    regions = pd.read_parquet(data_dir / "regions.parquet", columns=["nuts_id", "nuts_version"])
    codes = {int(v): frozenset(g["nuts_id"]) for v, g in regions.groupby("nuts_version")}
    stats, report, version, rows, labels = read_official_table(data, filename=filename, nuts_version=nuts_version,
                                                       region_codes=codes, tree=tree)
    if stats.empty:
        report.raise_first(prefix="no usable row: ")
        raise SchemaError("the table has no rows for NUTS regions and NACE codes", file=filename)
    stats.to_parquet(temp / "stats.parquet", index=False)
    meta = {"kind": "table", "nuts_version": version, "years": sorted(stats["year"].unique().tolist()),
            "synthetic": False, "measures": sorted(stats["measure"].astype(str).unique()), "measure_labels": labels}
    return meta, report, {"rows_read": rows, "rows_accepted": len(stats), "rows_rejected": rows - len(stats)}


def _detect_kind(roles: dict[str, str]) -> Kind:
    return "clusters" if "sectors" in roles or "members" in roles else "enterprises"


def _ingest_register(loaded, filename, kind, index: RegionIndex, tree, crs, mapping, year, limits, engine,
                     progress, scheduler, chunk_rows, temp: Path) -> tuple[dict, ValidationReport, dict]:
    chunks = (read_chunks(loaded, filename=filename, limits=limits, chunk_rows=chunk_rows)
              if isinstance(loaded, Path | bytes) else loaded)  # else: chunks of a database (ingest.database)
    first = next(chunks)
    roles = resolve_roles(list(first.frame.columns), mapping, file=filename)
    kind = kind or _detect_kind(roles)
    ctx = Context(file=filename, roles=roles, index=index, tree=tree, crs=parse_crs(crs) if crs is not None else None,
                  year=year if year is not None else UNDATED_YEAR, source=f"upload: {filename}")
    lineage = ancestry(tree)
    report = ValidationReport(filename)
    if kind == "clusters":
        frames, read = [], 0
        for chunk in itertools.chain([first], chunks):
            frame, part = prepare_clusters(chunk, ctx)
            frames.append(frame)
            report.extend(part)
            read += len(chunk.frame)
        clusters = pd.concat(frames, ignore_index=True)
        _check_rejections(report, read, len(clusters), limits)
        stats = cluster_stats(clusters, codes=index.codes, ancestry=lineage, nuts_version=index.version, year=ctx.year)
        _write_clusters(clusters, index, temp / FILES["clusters"])
        accepted, years, synthetic = len(clusters), [ctx.year], False
    else:
        writer = PointWriter(temp / FILES["enterprises"], index)
        if engine == "dask":
            from ingest.dask_engine import run_enterprises  # optional dependency

            partials, reports, read = run_enterprises(loaded, filename, first, ctx, limits, writer, chunk_rows,
                                                      scheduler, progress)
        elif engine == "pandas":
            partials, reports, read = [], [], 0
            stream, first = read_ahead(itertools.chain([first], chunks)), None  # hold no chunk longer than its turn
            for chunk in stream:
                firms, part = prepare_enterprises(chunk, ctx)
                partials.append(partial_counts(firms))
                writer.write(firms)
                reports.append(part)
                rows = len(chunk.frame)
                read += rows
                del chunk, firms  # freed before the next chunk is read (the writer holds the firms it writes)
                if progress is not None:
                    progress(rows)
        else:
            raise InputError(f"unknown engine '{engine}'; expected 'pandas' or 'dask'")
        # the sums are added up while the last points are written (PointWriter writes in the background)
        stats = (stats_from_partials(partials, codes=index.codes, ancestry=lineage, nuts_version=index.version)
                 if writer.rows else None)
        writer.close()
        for part in reports:
            report.extend(part)
        duplicate_ids(writer, filename, roles.get("id"))
        accepted = writer.rows
        _check_rejections(report, read, accepted, limits)  # raises when no row was accepted (stats None)
        years, synthetic = sorted(stats["year"].unique().tolist()), writer.synthetic
    stats.to_parquet(temp / "stats.parquet", index=False)
    meta = {"kind": kind, "nuts_version": index.version, "years": years, "synthetic": synthetic,
            "roles": roles, "crs": str(ctx.crs) if ctx.crs is not None else None,
            "measures": sorted(stats["measure"].astype(str).unique()),
            "undated_year": None if "year" in roles else ctx.year}
    return meta, report, {"rows_read": read, "rows_accepted": accepted, "rows_rejected": read - accepted}


def read_ahead(chunks: Iterator[Chunk]) -> Iterator[Chunk]:
    """Yield the chunks of ``chunks`` while a background thread already reads the next one (one at most).

    Parsing (Arrow, GIL released) then overlaps the cleaning of the chunk before; errors of the reader
    are raised here, in order.
    """
    slot: queue.Queue = queue.Queue(maxsize=1)
    done, stop = object(), threading.Event()

    def produce() -> None:
        try:
            for chunk in chunks:
                if stop.is_set():  # the consumer gave up (an error): read no further
                    return
                slot.put(chunk)
            slot.put(done)
        except BaseException as error:  # handed to the consumer, raised there
            slot.put(error)

    threading.Thread(target=produce, name="chunk-reader", daemon=True).start()
    try:
        while (item := slot.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
            del item
    finally:
        stop.set()
        try:  # free the reader if it waits to hand over a chunk
            slot.get_nowait()
        except queue.Empty:
            pass


def _check_rejections(report: ValidationReport, read: int, accepted: int, limits: Limits) -> None:
    rejected = read - accepted
    if accepted == 0 or rejected > limits.max_rejected_share * read:
        report.raise_first(prefix=f"{rejected} of {read} rows rejected; first problem: ")
        raise SchemaError(f"{rejected} of {read} rows rejected", file=report.file)


def _write_clusters(clusters: pd.DataFrame, index: RegionIndex, path: Path) -> None:
    column = f"nuts3_{index.version}"
    gdf = gpd.GeoDataFrame({
        "id": clusters["id"].astype(str), "name": clusters["name"], "nace": clusters["nace"].map(";".join),
        "members": clusters["members"], "website": clusters["website"],
        column: pd.Series(index.codes[clusters["region"].to_numpy()], dtype="string"),
    }, geometry=gpd.points_from_xy(clusters["lon"], clusters["lat"]), crs="EPSG:4326")
    gdf.to_parquet(path, index=False)


def read_dataset(directory: str | Path) -> tuple[pd.DataFrame, gpd.GeoDataFrame | None, dict]:
    """Read a workspace dataset: its stats, its points (or ``None`` for tables) and its meta data.

    The meta data always has ``generation`` (see :func:`dataset_generation`).

    Raises
    ------
    SchemaError
        If ``meta.json`` or a data file is missing or unreadable (named in the message).
    """
    directory = Path(directory)
    meta = _read_meta(directory)
    meta["generation"] = dataset_generation(directory, meta)
    try:
        stats = pd.read_parquet(directory / "stats.parquet")
    except Exception as error:  # pyarrow raises several types for damaged files
        raise SchemaError(f"unreadable stats table ({error})", file=str(directory / "stats.parquet")) from error
    points = None
    name = FILES.get(meta.get("kind", ""))
    if name is not None:
        try:
            points = gpd.read_parquet(directory / name)
            if meta["kind"] == "clusters":
                points["nace"] = points["nace"].str.split(";")  # stored as 'C1011;C1105'
        except Exception as error:  # damaged or missing point layer
            raise SchemaError(f"unreadable point layer ({error})", file=str(directory / name)) from error
    return stats, points, meta


def _read_meta(directory: Path) -> dict:
    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SchemaError(f"missing or unreadable meta data ({error})", file=str(directory / "meta.json")) from error
    if not isinstance(meta, dict) or "kind" not in meta:
        raise SchemaError("meta data without 'kind'", file=str(directory / "meta.json"))
    return meta


def dataset_generation(directory: str | Path, meta: dict) -> str:
    """Return the generation of a dataset folder: the id its ingest wrote into ``meta.json``.

    Folders written before generations existed get one derived from ``meta.json`` and the size and
    modification time of ``stats.parquet``, which change when the folder is replaced.
    """
    generation = meta.get("generation")
    if isinstance(generation, str) and generation:
        return generation
    try:
        written = (Path(directory) / "stats.parquet").stat()
        stamp = f"{written.st_size}:{written.st_mtime_ns}"
    except OSError:  # missing: reading the dataset will say so
        stamp = "none"
    text = json.dumps(meta, sort_keys=True, default=str)
    return "meta-" + hashlib.blake2b(f"{text}|{stamp}".encode(), digest_size=16).hexdigest()


def workspace_generations(workspace: str | Path) -> dict[str, str | None]:
    """Map each dataset folder of a workspace to its generation, reading ``meta.json`` only (cheap).

    A folder whose meta data is missing or unreadable maps to ``None``.
    """
    workspace = Path(workspace)
    if not workspace.is_dir():
        return {}
    found: dict[str, str | None] = {}
    for folder in sorted(p for p in workspace.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            found[folder.name] = dataset_generation(folder, _read_meta(folder))
        except (SchemaError, OSError):  # damaged, or replaced while being read
            found[folder.name] = None
    return found


def list_datasets(workspace: str | Path) -> list[DatasetInfo]:
    """List the datasets of a workspace by name; damaged ones come with ``error`` set, never an exception."""
    workspace = Path(workspace)
    if not workspace.is_dir():
        return []
    infos = []
    for folder in sorted(p for p in workspace.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            meta = _read_meta(folder)
            files = ["stats.parquet", *([FILES[meta["kind"]]] if meta["kind"] in FILES else [])]
            rows = [pq.read_metadata(folder / f).num_rows for f in files]
            infos.append(DatasetInfo(folder.name, folder, str(meta.get("label", folder.name)), str(meta["kind"]),
                                     meta.get("nuts_version"), tuple(meta.get("years", ())),
                                     str(meta.get("created", "")), bool(meta.get("synthetic", False)),
                                     int(rows[-1]), generation=dataset_generation(folder, meta)))
        except Exception as error:  # a damaged dataset is listed with its problem, never raised
            infos.append(DatasetInfo(folder.name, folder, error=f"{type(error).__name__}: {error}"))
    return infos
