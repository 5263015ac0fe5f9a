"""Run enterprise ingestion on Dask: the same pure chunk functions, as tasks on partitions.

CSV and Parquet files are split by ``dask.dataframe`` (``read_csv`` by byte blocks, ``read_parquet``
by row groups); uploads held in memory and the other formats are split by
:func:`ingest.readers.read_chunks`. Each partition runs :func:`ingest.clean.prepare_enterprises` and
:func:`ingest.aggregate.partial_counts` on a worker; the client adds the partial sums up with
:func:`ingest.aggregate.stats_from_partials` and writes the points in file order, a few partitions at a
time, so that memory stays bounded. The aggregates equal the pandas engine's exactly (integer sums).
With a ``scheduler`` address the cluster need not have this project's code: the partition function and
the context are shipped by value, after a version check (:mod:`ingest.dask_cluster`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import dask
import numpy as np
import pandas as pd

from data.errors import AtlasError, InputError
from ingest.aggregate import partial_counts
from ingest.clean import Context, prepare_enterprises
from ingest.dask_cluster import ByValue, connect
from ingest.point_writer import PointWriter
from ingest.readers import Chunk, X, check_strings, count_lines, csv_dialect, detect_format, head, read_chunks
from ingest.validation import Limits, ValidationReport

#: Byte size of a CSV partition.
BLOCKSIZE = 64 * 2**20


def process_partition(frame: pd.DataFrame, first_row: int, ctx: Context, limits: Limits, crs=None
                      ) -> tuple[pd.DataFrame, pd.DataFrame, ValidationReport, int]:
    """Clean, place and reduce one partition: ``(partial sums, accepted firms, report, rows read)``."""
    chunk = Chunk(frame.reset_index(drop=True), first_row, crs)
    check_strings(chunk, ctx.file, limits)
    firms, report = prepare_enterprises(chunk, ctx)
    return partial_counts(firms), firms, report, len(frame)


def _partitions(loaded: Path | bytes, filename: str, first: Chunk, limits: Limits, chunk_rows: int
                ) -> Iterator[tuple[object, int, object]]:
    """Yield ``(partition, first row, crs)``; a partition is a Dask delayed frame or a pandas frame."""
    if not isinstance(loaded, Path | bytes):  # the remaining chunks of a database read (ingest.database)
        for chunk in itertools.chain([first], loaded):
            yield chunk.frame, chunk.first_row, chunk.crs
        return
    fmt = detect_format(filename, head(loaded))
    if isinstance(loaded, Path) and fmt == "csv":
        import dask.dataframe as dd

        encoding, delimiter = csv_dialect(loaded, filename=filename)
        limits.check_rows(count_lines(loaded) - 1, file=filename)
        ddf = dd.read_csv(loaded, sep=delimiter, encoding=encoding, dtype=str, keep_default_na=False,
                          na_values=[], skipinitialspace=True, blocksize=BLOCKSIZE)
        ddf.columns = [str(c).strip() for c in ddf.columns]
        lengths = ddf.map_partitions(len).compute()
        offsets = 1 + np.concatenate([[0], np.cumsum(lengths)[:-1]])
        yield from zip(ddf.to_delayed(), offsets.tolist(), itertools.repeat(None), strict=False)
    elif isinstance(loaded, Path) and fmt == "parquet" and X not in first.frame.columns:
        import dask.dataframe as dd

        ddf = dd.read_parquet(loaded, split_row_groups=True)
        lengths = ddf.map_partitions(len).compute()
        offsets = 1 + np.concatenate([[0], np.cumsum(lengths)[:-1]])
        yield from zip(ddf.to_delayed(), offsets.tolist(), itertools.repeat(None), strict=False)
    else:
        for chunk in read_chunks(loaded, filename=filename, limits=limits, chunk_rows=chunk_rows):
            yield chunk.frame, chunk.first_row, chunk.crs


def run_enterprises(loaded: Path | bytes, filename: str, first: Chunk, ctx: Context, limits: Limits,
                    writer: PointWriter, chunk_rows: int, scheduler: str | None,
                    progress: Callable[[int], None] | None) -> tuple[list[pd.DataFrame], list[ValidationReport], int]:
    """Ingest an enterprise register on Dask; return partial sums, reports and rows read.

    Parameters
    ----------
    loaded : Path or bytes
        Source from :func:`ingest.readers.load_source`.
    filename : str
        Name for messages.
    first : Chunk
        First chunk, already read (column roles are resolved on it).
    ctx : Context
        Chunk context (sent once to the workers).
    limits : Limits
        Input limits.
    writer : PointWriter
        Receives the accepted firms in file order.
    chunk_rows : int
        Rows per partition for formats that Dask does not split itself.
    scheduler : str or None
        Address of a ``distributed`` scheduler; ``None`` uses the current Dask scheduler (a running
        ``distributed.Client`` if there is one, else threads).
    progress : callable or None
        Called with the rows of each finished partition.
    """
    client = connect(scheduler) if scheduler is not None else None
    remote = client is not None or _default_client() is not None
    try:
        # On a distributed cluster the project's code travels with the tasks (ingest.dask_cluster.ByValue).
        task = ByValue(process_partition) if remote else process_partition
        shared = dask.delayed(ByValue(ctx) if remote else ctx, traverse=False)
        limit = ByValue(limits) if remote else limits
        partials, reports, read = [], [], 0
        batch = 4 if client is None else max(4, 2 * len(client.scheduler_info()["workers"]))
        tasks = (dask.delayed(task, nout=4)(part, offset, shared, limit, crs)
                 for part, offset, crs in _partitions(loaded, filename, first, limits, chunk_rows))
        while group := list(itertools.islice(tasks, batch)):
            try:
                results = dask.compute(*group, **({"scheduler": client} if client else {}))
            except AtlasError:
                raise
            except Exception as error:  # the cluster failed (lost worker, deserialisation …): one line
                where = f" at {scheduler}" if scheduler else ""
                text = (str(error).strip().splitlines() or [""])[0][:300]
                raise InputError(f"the Dask cluster{where} failed: {type(error).__name__}: {text}") from error
            for partial, firms, report, rows in results:
                partials.append(partial)
                reports.append(report)
                writer.write(firms)
                read += rows
                if progress is not None:
                    progress(rows)
        return partials, reports, read
    finally:
        if client is not None:
            client.close()


def _default_client():
    """Return the current ``distributed`` client, or ``None`` (threads)."""
    try:
        from distributed import default_client

        return default_client()
    except (ImportError, ValueError):
        return None
