"""Write accepted enterprises chunk by chunk into one GeoParquet file, and find duplicate ids.

The encoding and compression of a chunk run on a background thread (Arrow and the hashing release
the GIL), so that the next chunk is cleaned meanwhile on the other core; one chunk at a time is in
flight, and :meth:`PointWriter.close` waits for it.
"""

from __future__ import annotations

import json
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pyproj

from data.errors import SchemaError
from ingest.locate import RegionIndex


class PointWriter:
    """Append cleaned firms (from :func:`ingest.clean.prepare_enterprises`) to a GeoParquet file.

    Columns: ``id, name, nace, employees, size_class, nuts3_<version>, year, source, geometry``
    (WKB points in EPSG:4326; no point when the firm was placed by its NUTS code only). Keeps the
    64-bit hashes and rows of the ids to find duplicates without holding the ids themselves.
    :attr:`rows` counts the firms handed over; :attr:`synthetic` and :meth:`duplicates` are complete
    after :meth:`close`.
    """

    def __init__(self, path: Path, index: RegionIndex) -> None:
        self.path, self.index = path, index
        self.column = f"nuts3_{index.version}"
        self.schema = pa.schema([("id", pa.string()), ("name", pa.string()), ("nace", pa.string()),
                                 ("employees", pa.int64()), ("size_class", pa.string()), (self.column, pa.string()),
                                 ("year", pa.int64()), ("source", pa.string()), ("geometry", pa.binary())],
                                metadata={"geo": json.dumps(_geo_metadata())})
        self._writer: pq.ParquetWriter | None = None
        self.rows = 0
        self.synthetic = False
        self._hashes: list[np.ndarray] = []
        self._lines: list[np.ndarray] = []
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="point-writer")
        self._pending: Future | None = None

    def write(self, firms: pd.DataFrame) -> None:
        """Hand over one chunk of accepted firms (written in the background once the previous chunk is)."""
        self._wait()
        self.rows += len(firms)
        self._pending = self._background.submit(self._write, firms)

    def _wait(self) -> None:
        """Wait for the chunk in flight; raise its error, if any."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def _write(self, firms: pd.DataFrame) -> None:
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, self.schema, compression="zstd")
        geometry = point_wkb(firms["lon"].to_numpy(float), firms["lat"].to_numpy(float))
        region = pa.DictionaryArray.from_arrays(pa.array(firms["region"].to_numpy(np.int32)),
                                                pa.array(self.index.codes, type=pa.string()))
        arrays = {
            "id": firms["id"].astype(str), "name": firms["name"].astype("string"), "nace": firms["nace"].astype(str),
            "employees": firms["employees"].astype("Int64"), "size_class": firms["size_class"].astype("string"),
            "year": firms["year"].astype(np.int64), "source": firms["source"].astype("string"),
        }
        columns = {k: pa.array(v, from_pandas=True).cast(self.schema.field(k).type) for k, v in arrays.items()}
        table = pa.table(columns | {self.column: region.cast(pa.string()), "geometry": geometry}).select(
            self.schema.names).cast(self.schema)
        self._writer.write_table(table)
        self.synthetic |= bool(pc.any(pc.starts_with(columns["source"], "synthetic")).as_py())
        # 64-bit hashes of the ids (no categorisation first: as fast for unique ids, the hashes are the same)
        self._hashes.append(pd.util.hash_array(firms["id"].astype(str).to_numpy(object), categorize=False))
        self._lines.append(firms["row"].to_numpy(np.int64))

    def close(self) -> None:
        """Wait for the last chunk and finish the file (an empty file with the schema if nothing was written)."""
        try:
            self._wait()
        finally:
            self._background.shutdown(wait=True)
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, self.schema)
        self._writer.close()

    def duplicates(self) -> tuple[int, int] | None:
        """Return the rows ``(first, again)`` of the first repeated id, or ``None``."""
        if not self._hashes:
            return None
        hashes, rows = np.concatenate(self._hashes), np.concatenate(self._lines)
        order = np.lexsort((rows, hashes))
        same = np.flatnonzero(hashes[order][1:] == hashes[order][:-1])
        if not len(same):
            return None
        again = same[np.argmin(rows[order][same + 1])]
        return int(rows[order][again]), int(rows[order][again + 1])


def duplicate_ids(writer: PointWriter, filename: str, column: str | None) -> None:
    """Raise :class:`SchemaError` naming the first repeated id (rows of both occurrences).

    Raises
    ------
    SchemaError
        When two accepted rows share an id (a register counts each enterprise once).
    """
    found = writer.duplicates() if column is not None else None
    if found is not None:
        raise SchemaError(f"duplicate id: same id as row {found[0]}; ids must be unique (each enterprise is "
                          "counted once)", file=filename, row=found[1], column=column)


def point_wkb(lon: np.ndarray, lat: np.ndarray) -> pa.Array:
    """Encode points as little-endian WKB (21 bytes each) with numpy; null where a coordinate is NaN."""
    record = np.dtype([("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])
    buffer = np.empty(len(lon), dtype=record)
    buffer["order"], buffer["type"], buffer["x"], buffer["y"] = 1, 1, lon, lat
    missing = ~(np.isfinite(lon) & np.isfinite(lat))
    fixed = pa.FixedSizeBinaryArray.from_buffers(pa.binary(21), len(lon), [None, pa.py_buffer(buffer.tobytes())])
    wkb = fixed.cast(pa.binary())
    return pc.if_else(pa.array(missing), pa.nulls(len(lon), pa.binary()), wkb) if missing.any() else wkb


def _geo_metadata() -> dict:
    return {"version": "1.0.0", "primary_column": "geometry",
            "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"],
                                     "crs": pyproj.CRS.from_epsg(4326).to_json_dict()}}}
