"""Read uploaded registers (CSV, Excel, Parquet/GeoParquet, GeoPackage, GeoJSON, zipped Shapefile) in chunks.

Every reader checks the limits (:class:`ingest.validation.Limits`) before parsing, and yields
:class:`Chunk` objects: the file's columns (text as read, numbers as stored) plus, for geographic
formats, the point coordinates as columns ``__x``/``__y`` in the file's CRS.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pyogrio
import pyproj
import shapely

from data.errors import LimitError, SchemaError
from ingest.csv_arrow import NotTakenError, arrow_csv_tables
from ingest.validation import Limits

X, Y = "__x", "__y"
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
_MAGIC = {b"PAR1": "parquet", b"SQLite format 3": "gpkg", b"PK\x03\x04": "zip", b"\x1f\x8b": "gzip"}


@dataclass(frozen=True)
class Chunk:
    """A block of rows of one file; ``first_row`` is the row number of its first record (1-based)."""

    frame: pd.DataFrame
    first_row: int
    crs: pyproj.CRS | None = None


def load_source(source: str | Path | bytes, *, filename: str, limits: Limits) -> Path | bytes:
    """Check the size of an upload or file before anything reads it; return bytes or a Path."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        limits.check_size(len(data), file=filename)
        return data
    path = Path(source)
    if not path.is_file():
        raise SchemaError("no such file", file=filename)
    limits.check_size(path.stat().st_size, file=filename)
    return path


def head(source: Path | bytes, size: int = 1 << 16) -> bytes:
    """Return the first ``size`` bytes."""
    if isinstance(source, bytes):
        return source[:size]
    with source.open("rb") as handle:
        return handle.read(size)


def detect_format(filename: str, start: bytes) -> str:
    """Name the format from the content's magic bytes, then the extension.

    Returns one of ``csv``, ``excel``, ``parquet``, ``gpkg``, ``geojson``, ``shapefile``, ``gzip``.
    """
    suffix = Path(filename).suffix.lower()
    for magic, kind in _MAGIC.items():
        if start.startswith(magic):
            if kind == "zip":
                return "excel" if suffix in (".xlsx", ".xlsm") else "shapefile"
            return kind
    if suffix in (".xlsx", ".xlsm", ".parquet", ".geoparquet", ".gpkg", ".zip"):
        raise SchemaError(f"the content is not a {suffix} file (damaged or truncated upload?)", file=filename)
    if suffix in (".geojson", ".json") or start.lstrip()[:1] == b"{":
        return "geojson"
    return "csv"


def read_chunks(source: Path | bytes, *, filename: str, limits: Limits,
                chunk_rows: int = 250_000) -> Iterator[Chunk]:
    """Yield the rows of a register file in chunks of at most ``chunk_rows`` rows.

    Parameters
    ----------
    source : Path or bytes
        From :func:`load_source` (size already checked).
    filename : str
        Name shown in messages; its extension helps to detect the format.
    limits : Limits
        Rows, columns, string length, zip expansion and JSON depth limits.
    chunk_rows : int, default 250 000
        Rows per chunk for CSV and Parquet (memory stays bounded); other formats come in one chunk.

    Raises
    ------
    SchemaError
        Empty file, no data rows, unreadable or damaged file, binary text, bad zip content.
    LimitError
        Over a limit (rows, columns, string length, zip expansion, JSON depth).
    """
    fmt = detect_format(filename, head(source))
    if fmt == "gzip":
        source, fmt = _gunzip(source, filename, limits), "csv"
    readers = {"csv": _csv_chunks, "parquet": _parquet_chunks, "excel": _excel_chunks,
               "gpkg": _geo_chunks, "geojson": _geo_chunks, "shapefile": _shapefile_chunks}
    empty = True
    for chunk in readers[fmt](source, filename, limits, chunk_rows):
        if chunk.frame.empty:
            continue
        limits.check_columns(chunk.frame.shape[1], file=filename)
        check_strings(chunk, filename, limits)
        empty = False
        yield chunk
    if empty:
        raise SchemaError("the file has a header but no data rows", file=filename, row=1)


def check_strings(chunk: Chunk, filename: str, limits: Limits) -> None:
    """Raise :class:`LimitError` naming the first cell longer than ``limits.max_string_length``."""
    if limits.max_string_length is None:
        return
    for column in chunk.frame.columns:
        values = chunk.frame[column]
        if values.dtype.kind not in "OSUT" and not isinstance(values.dtype, pd.StringDtype):
            continue
        lengths = values.astype("string").str.len()
        over = np.flatnonzero((lengths > limits.max_string_length).fillna(False).to_numpy())
        if len(over):
            raise LimitError(f"file '{filename}', row {chunk.first_row + over[0]}, column '{column}': "
                             f"{int(lengths.iloc[over[0]]):,} characters is over the limit of "
                             f"{limits.max_string_length:,}")


# ---- CSV ------------------------------------------------------------------------------------------
def detect_encoding(sample: bytes, *, filename: str) -> str:
    """Pick UTF-8 (with or without BOM), UTF-16 (with BOM), cp1252 or Latin-1 for a text sample.

    Raises
    ------
    SchemaError
        If the sample holds NUL bytes without a UTF-16 BOM (binary file, or UTF-16 without BOM).
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    nul = sample.find(b"\x00")
    if nul >= 0:
        line = sample.count(b"\n", 0, nul)
        raise SchemaError("the file is not text in a known encoding (NUL byte found: binary, or UTF-16 "
                          "without byte-order mark); save it as 'CSV UTF-8'", file=filename, row=line)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def detect_delimiter(text: str) -> str:
    """Sniff the delimiter (``,``, ``;``, tab or ``|``) from the first lines of a CSV text."""
    lines = text.splitlines()[:20]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t|").delimiter
    except csv.Error:
        header = lines[0] if lines else ""
        counts = {d: header.count(d) for d in ",;\t|"}
        return max(counts, key=counts.get)


def count_lines(source: Path | bytes) -> int:
    """Count newline characters without parsing (blocks of 16 MB for files)."""
    if isinstance(source, bytes):
        return source.count(b"\n") + (0 if source.endswith(b"\n") else 1)
    total, last = 0, b"\n"
    with source.open("rb") as handle:
        while block := handle.read(1 << 24):
            total += block.count(b"\n")
            last = block[-1:]
    return total + (0 if last == b"\n" else 1)


def csv_dialect(source: Path | bytes, *, filename: str) -> tuple[str, str]:
    """Return ``(encoding, delimiter)`` of a CSV source."""
    sample = source if isinstance(source, bytes) and len(source) < (64 << 20) else head(source, 1 << 20)
    encoding = detect_encoding(sample, filename=filename)
    text = sample[:1 << 16].decode(encoding, errors="replace").lstrip("\ufeff")
    if not text.strip():
        raise SchemaError("the file holds no header line (only blank space)", file=filename)
    return encoding, detect_delimiter(text)


def _csv_chunks(source: Path | bytes, filename: str, limits: Limits, chunk_rows: int) -> Iterator[Chunk]:
    encoding, delimiter = csv_dialect(source, filename=filename)
    if limits.max_rows is not None:
        limits.check_rows(count_lines(source) - 1, file=filename)
    if isinstance(source, Path):  # files: Arrow's parser (ingest.csv_arrow) unless it declines
        try:
            first = 1
            for table in arrow_csv_tables(source, filename=filename, encoding=encoding, delimiter=delimiter,
                                          chunk_rows=chunk_rows):
                yield Chunk(table.to_pandas(), first)
                first += table.num_rows
            return
        except NotTakenError:
            pass
    if isinstance(source, bytes) or source.stat().st_size < (256 << 20):
        check_fields(source if isinstance(source, bytes) else source.read_bytes(), delimiter,
                     filename=filename, encoding=encoding)
    handle = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        reader = pd.read_csv(handle, sep=delimiter, encoding=encoding, dtype=str, keep_default_na=False,
                             na_values=[], chunksize=chunk_rows, skipinitialspace=True, on_bad_lines="error",
                             index_col=False)
        first = 1
        with reader, warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            for frame in reader:
                frame.columns = [str(c).strip() for c in frame.columns]
                yield Chunk(frame.reset_index(drop=True), first)
                first += len(frame)
    except pd.errors.ParserWarning as error:
        raise SchemaError(f"a line has more fields than the header ({error})", file=filename) from error
    except pd.errors.EmptyDataError as error:
        raise SchemaError("the file holds no header line", file=filename) from error
    except pd.errors.ParserError as error:
        found = re.search(r"line (\d+), saw (\d+)", str(error))
        row = int(found.group(1)) - 1 if found else None
        raise SchemaError(f"wrong number of fields ({error}); is the delimiter '{delimiter}' used throughout?",
                          file=filename, row=row) from error
    except UnicodeDecodeError as error:
        raise SchemaError(f"text is not valid {encoding} further down the file ({error.reason}); "
                          "save it as 'CSV UTF-8'", file=filename) from error


def check_fields(data: bytes, delimiter: str, *, filename: str, encoding: str) -> None:
    """Refuse a line with another number of delimiters than the header (mixed delimiters, broken line).

    Counted on the bytes with numpy. Quotes are not parsed: a quoted delimiter can only add fields,
    so with quotes in the file only short lines are refused here (long ones by the parser). Blank
    lines are ignored.
    """
    if encoding == "utf-16" or not data:
        return
    codes = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(codes == 10)
    line_of = np.searchsorted(newlines, np.flatnonzero(codes == ord(delimiter)))
    counts = np.bincount(line_of, minlength=len(newlines) + 1)
    starts = np.concatenate([[0], newlines + 1])
    ends = np.concatenate([newlines, [len(codes)]])
    blank = (ends - starts) <= 1
    wrong = counts < counts[0]
    if b'"' not in data:  # without quotes, a delimiter is always a field separator
        wrong |= counts > counts[0]
    short = np.flatnonzero(wrong & ~blank)
    if len(short):
        line = int(short[0])
        header = next(csv.reader([data[: ends[0]].decode(encoding, errors="replace").lstrip("\ufeff")],
                                 delimiter=delimiter))
        raise SchemaError(f"this line has {counts[line] + 1} fields but the header has {counts[0] + 1} "
                          f"(delimiter '{delimiter}'); mixed delimiters or a broken line?", file=filename,
                          row=line, column=header[min(counts[line] + 1, len(header) - 1)].strip())


def _gunzip(source: Path | bytes, filename: str, limits: Limits) -> bytes:
    raw = source if isinstance(source, bytes) else source.read_bytes()
    cap = limits.max_expanded_bytes
    with gzip.GzipFile(fileobj=io.BytesIO(raw)) as handle:
        data = handle.read(cap + 1 if cap is not None else -1)
    if cap is not None and len(data) > cap:
        raise LimitError(f"file '{filename}': expands to more than {cap:,} bytes (compressed bomb?)")
    return data


# ---- Parquet ----------------------------------------------------------------------------------------
def _parquet_chunks(source: Path | bytes, filename: str, limits: Limits, chunk_rows: int) -> Iterator[Chunk]:
    try:
        handle = pq.ParquetFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except Exception as error:  # pyarrow raises several types for damaged files
        raise SchemaError(f"not a readable Parquet file ({error})", file=filename) from error
    limits.check_rows(handle.metadata.num_rows, file=filename)
    limits.check_columns(handle.metadata.num_columns, file=filename)
    geo = _geo_metadata(handle.schema_arrow.metadata)
    first = 1
    for batch in handle.iter_batches(batch_size=chunk_rows):
        frame = batch.to_pandas()
        crs = None
        if geo is not None:
            column, crs = geo
            points = shapely.from_wkb(frame.pop(column).to_numpy())
            frame[X], frame[Y] = _point_xy(points, filename, first)
        yield Chunk(frame, first, crs)
        first += len(frame)


def _geo_metadata(metadata: dict | None) -> tuple[str, pyproj.CRS] | None:
    """Return the primary geometry column and its CRS from GeoParquet metadata (OGC:CRS84 default)."""
    if not metadata or b"geo" not in metadata:
        return None
    import json

    geo = json.loads(metadata[b"geo"])
    column = geo["primary_column"]
    crs = geo["columns"][column].get("crs", "OGC:CRS84")
    return column, pyproj.CRS.from_user_input(crs if crs is not None else "OGC:CRS84")


def _point_xy(points: np.ndarray, filename: str, first: int) -> tuple[np.ndarray, np.ndarray]:
    """X and Y of point geometries; NaN for empty or missing; other geometry types are refused."""
    kinds = shapely.get_type_id(points)
    bad = np.flatnonzero((kinds != 0) & (kinds != -1) & ~shapely.is_empty(points))
    if len(bad):
        raise SchemaError("geometry is not a point; a register needs one point per enterprise",
                          file=filename, row=first + int(bad[0]), column="geometry",
                          value=shapely.geometry_type_name(points[bad[0]]) if hasattr(shapely, "geometry_type_name")
                          else None)
    x = np.full(len(points), np.nan)
    y = np.full(len(points), np.nan)
    ok = kinds == 0
    x[ok], y[ok] = shapely.get_x(points[ok]), shapely.get_y(points[ok])
    return x, y


# ---- Excel, GeoPackage, GeoJSON, Shapefile -----------------------------------------------------------
def _excel_chunks(source: Path | bytes, filename: str, limits: Limits, chunk_rows: int) -> Iterator[Chunk]:
    data = source if isinstance(source, bytes) else source.read_bytes()
    safe_members(data, filename, limits)
    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=0, dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as error:  # openpyxl raises many types for damaged workbooks
        raise SchemaError(f"not a readable Excel workbook ({error})", file=filename) from error
    limits.check_rows(len(frame), file=filename)
    frame.columns = [str(c).strip() for c in frame.columns]
    if len(frame):
        yield Chunk(frame, 1)


def _geo_chunks(source: Path | bytes, filename: str, limits: Limits, chunk_rows: int) -> Iterator[Chunk]:
    data = source if isinstance(source, bytes) else source.read_bytes()
    if detect_format(filename, data[:16]) == "geojson":
        check_json_depth(data, filename=filename, limit=limits.max_json_depth)
    yield from _ogr_chunks(data, filename, limits)


def _ogr_chunks(data: bytes, filename: str, limits: Limits) -> Iterator[Chunk]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            info = pyogrio.read_info(data)
            limits.check_rows(int(info["features"]), file=filename)
            limits.check_columns(len(info["fields"]), file=filename)
            gdf = pyogrio.read_dataframe(data)
        except LimitError:
            raise
        except Exception as error:  # GDAL errors: damaged, truncated or unsupported files
            raise SchemaError(f"not a readable geographic file (damaged or truncated?): {error}",
                              file=filename) from error
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    frame[X], frame[Y] = _point_xy(np.asarray(gdf.geometry.values), filename, 1)
    if len(frame):
        yield Chunk(frame, 1, gdf.crs)


def safe_members(data: bytes, filename: str, limits: Limits) -> list[zipfile.ZipInfo]:
    """Check a zip archive before reading it: member names, total and per-member expansion.

    Raises
    ------
    SchemaError
        Not a zip, or a member name that is absolute or climbs out of the archive (``../``).
    LimitError
        Total uncompressed size over ``limits.max_expanded_bytes`` or a member's compression ratio
        over ``limits.max_compression_ratio`` (zip bomb).
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile as error:
        raise SchemaError(f"not a readable zip archive ({error})", file=filename) from error
    for member in members:
        name = member.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts or re.match(r"^[A-Za-z]:", name):
            raise SchemaError("unsafe path in the archive (absolute or '..'); refused",
                              file=filename, column="zip member", value=member.filename)
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > (1 << 20) and ratio > limits.max_compression_ratio:
            raise LimitError(f"file '{filename}', zip member '{member.filename}': expands {ratio:,.0f} times "
                             f"to {member.file_size:,} bytes (zip bomb?); limit {limits.max_compression_ratio:,.0f}")
    total = sum(m.file_size for m in members)
    if limits.max_expanded_bytes is not None and total > limits.max_expanded_bytes:
        raise LimitError(f"file '{filename}': archive expands to {total:,} bytes, over the limit of "
                         f"{limits.max_expanded_bytes:,}")
    return members


def _shapefile_chunks(source: Path | bytes, filename: str, limits: Limits, chunk_rows: int) -> Iterator[Chunk]:
    data = source if isinstance(source, bytes) else source.read_bytes()
    members = safe_members(data, filename, limits)
    shps = [m for m in members if m.filename.lower().endswith(".shp")]
    if len(shps) != 1:
        found = sorted(m.filename for m in members)[:10]
        raise SchemaError(f"a zipped Shapefile needs exactly one .shp member, found {len(shps)} "
                          f"(members: {found})", file=filename)
    stem = shps[0].filename[:-4]
    clean = io.BytesIO()
    cap = limits.max_expanded_bytes
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(clean, "w") as out:
        for member in members:
            suffix = member.filename[len(stem):].lower()
            if member.filename.startswith(stem) and suffix in SHAPEFILE_PARTS:
                with archive.open(member) as handle:
                    content = handle.read(cap + 1 if cap is not None else -1)
                if cap is not None and len(content) > cap:
                    raise LimitError(f"file '{filename}': member '{member.filename}' expands beyond {cap:,} bytes")
                out.writestr("layer" + suffix, content)
    yield from _ogr_chunks(clean.getvalue(), filename, limits)


def check_json_depth(data: bytes, *, filename: str, limit: int) -> None:
    """Refuse JSON nested deeper than ``limit`` (counted on brackets, vectorised with numpy)."""
    codes = np.frombuffer(data, dtype=np.uint8)
    step = np.zeros(len(codes), dtype=np.int32)
    step[(codes == ord("[")) | (codes == ord("{"))] = 1
    step[(codes == ord("]")) | (codes == ord("}"))] = -1
    depth = np.cumsum(step)
    if len(depth) and depth.max() > limit:
        at = int(np.argmax(depth > limit))
        line = data.count(b"\n", 0, at) + 1
        raise LimitError(f"file '{filename}', row {line}: JSON nested more than "
                         f"{limit} levels deep (at byte {at:,})")
