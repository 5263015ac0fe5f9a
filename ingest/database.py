"""Read an enterprise register from PostgreSQL/PostGIS in chunks (a server-side cursor), like a file.

``postgresql://USER:PASSWORD@HOST:PORT/DB`` with ``table`` (``name`` or ``schema.name``) or ``query``
(one ``SELECT``). Anything the URL leaves out comes from libpq's usual places: the ``PG*`` environment
variables (``PGUSER``, ``PGPASSWORD``, ``PGHOST`` …) and ``~/.pgpass``. The password is never echoed:
:func:`mask_url` is what logs, reports, error messages and ``meta.json`` see.

Rows stream through a named (server-side) cursor, ``chunk_rows`` at a time, into the same
:class:`ingest.readers.Chunk` objects the file readers yield, so validation, placement and
aggregation are those of a CSV upload. A PostGIS ``geometry``/``geography`` column (the first one, or
``geometry=``) becomes the point columns ``__x``/``__y`` in the column's SRID (0 = unknown: the
``crs`` option, else degrees); without one, ``lat``/``lon`` columns are used as in a file.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import numpy as np
import pandas as pd
import pyproj

from data.errors import InputError, SchemaError
from data.store import DEFAULT_DIR, new_generation
from ingest.locate import load_region_index
from ingest.readers import Chunk, X, Y, check_strings
from ingest.validation import Limits
from ingest.workspace import DEFAULT_LIMITS, IngestResult, _check_name, _ingest_register, _move_into_place

SCHEMES = ("postgresql://", "postgres://")
_GTYPE, _SRID = "__gtype", "__srid"
_MASKED_PARAM = re.compile(r"(password=)[^&\s]*", re.IGNORECASE)


def is_database_url(text: object) -> bool:
    """Tell whether ``text`` is a ``postgresql://`` or ``postgres://`` URL (a source of ``ingest``)."""
    return isinstance(text, str) and text.lower().startswith(SCHEMES)


def mask_url(url: str) -> str:
    """Return ``url`` with its password (in the user part or a ``password=`` parameter) replaced by ``***``.

    >>> mask_url("postgresql://ana:s3cret@db.example:5432/firms?sslmode=require&password=x")
    'postgresql://ana:***@db.example:5432/firms?sslmode=require&password=***'
    >>> mask_url("postgresql://ana@localhost/firms")
    'postgresql://ana@localhost/firms'
    """
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        if ":" in user:
            user = user.split(":", 1)[0] + ":***"
        netloc = f"{user}@{host}"
    return urlunsplit(parts._replace(netloc=netloc, query=_MASKED_PARAM.sub(r"\1***", parts.query)))


def _secrets(url: str) -> list[str]:
    """Password strings of the URL (raw and percent-decoded): scrubbed from any message shown."""
    parts = urlsplit(url)
    found = []
    user = parts.netloc.rsplit("@", 1)[0] if "@" in parts.netloc else ""
    if ":" in user:
        found.append(user.split(":", 1)[1])
    found += [m.group(0)[len("password="):] for m in _MASKED_PARAM.finditer(parts.query)]
    return [s for raw in found if raw for s in {raw, unquote(raw), quote(unquote(raw), safe="")}]


@dataclass(frozen=True)
class DatabaseSource:
    """A table or query of a PostgreSQL database; :attr:`label` is safe to show (no password)."""

    url: str
    table: str | None = None
    query: str | None = None
    geometry: str | None = None

    def __post_init__(self) -> None:
        if not is_database_url(self.url):
            raise InputError(f"not a PostgreSQL URL: {mask_url(str(self.url))!r}; expected postgresql://USER@HOST:"
                             "PORT/DB")
        if (self.table is None) == (self.query is None):
            raise InputError("give exactly one of --table NAME or --query \"SELECT …\" with a PostgreSQL source")
        if self.table is not None and not re.fullmatch(r"[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)?", self.table):
            raise InputError(f"table name {self.table!r}: expected NAME or SCHEMA.NAME (letters, digits, _)")

    @property
    def label(self) -> str:
        """``postgresql://user:***@host/db table firms`` (or ``query``): for messages, reports and meta data."""
        return f"{mask_url(self.url)} {'table ' + self.table if self.table else 'query'}"

    def scrub(self, text: str) -> str:
        """``text`` with every form of the password replaced by ``***`` (for error messages)."""
        for secret in sorted(_secrets(self.url), key=len, reverse=True):
            text = text.replace(secret, "***")
        return text


def _relation(source: DatabaseSource):
    from psycopg import sql

    if source.table is not None:
        return sql.SQL("SELECT * FROM {}").format(sql.Identifier(*source.table.split(".")))
    text = source.query.strip().rstrip(";").strip()
    if not re.match(r"(?is)^(select|with|values|table)\b", text):
        raise InputError("--query must be one SELECT (or WITH … SELECT) statement")
    return sql.SQL(text)


def _connect(source: DatabaseSource):
    import psycopg

    try:
        connection = psycopg.connect(source.url, connect_timeout=15, application_name="cluster-atlas ingest",
                                     autocommit=False)
        connection.read_only = True  # a --query can read, never change the database
        return connection
    except psycopg.Error as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(f"cannot connect to {mask_url(source.url)}: {source.scrub(first)}") from None


def _select(source: DatabaseSource, connection) -> tuple[object, str | None]:
    """Return the statement to stream (geometry as ``__x, __y, __srid, __gtype``) and the geometry column."""
    import psycopg
    from psycopg import sql

    relation = _relation(source)
    with connection.cursor() as cursor:
        try:
            cursor.execute(sql.SQL("SELECT * FROM ({}) AS atlas_src LIMIT 0").format(relation))
        except psycopg.Error as error:
            raise SchemaError(f"the database refused the {'table' if source.table else 'query'}: "
                              f"{source.scrub(str(error).strip().splitlines()[0])}", file=source.label) from None
        described = [(d.name, d.type_code) for d in cursor.description]
        cursor.execute("SELECT oid FROM pg_type WHERE typname IN ('geometry', 'geography')")
        spatial = {row[0] for row in cursor.fetchall()}
    columns = [name for name, _ in described]
    geometric = [name for name, oid in described if oid in spatial]
    connection.rollback()
    if source.geometry is not None and source.geometry not in geometric:
        raise SchemaError(f"no PostGIS geometry column '{source.geometry}'; geometry columns: {geometric}",
                          file=source.label, column=source.geometry)
    chosen = source.geometry or (geometric[0] if geometric else None)
    kept = [sql.Identifier(c) for c in columns if c not in geometric]
    if chosen is None:
        return sql.SQL("SELECT {} FROM ({}) AS atlas_src").format(sql.SQL(", ").join(kept), relation), None
    g = sql.SQL("{}::geometry").format(sql.Identifier(chosen))
    point = sql.SQL("CASE WHEN GeometryType({g}) = 'POINT' AND NOT ST_IsEmpty({g}) THEN ST_{a}({g}) END")
    extra = [point.format(g=g, a=sql.SQL("X")) + sql.SQL(f" AS {X}"), point.format(g=g, a=sql.SQL("Y"))
             + sql.SQL(f" AS {Y}"), sql.SQL("ST_SRID({}) AS {}").format(g, sql.Identifier(_SRID)),
             sql.SQL("GeometryType({}) AS {}").format(g, sql.Identifier(_GTYPE))]
    return sql.SQL("SELECT {} FROM ({}) AS atlas_src").format(sql.SQL(", ").join(kept + extra), relation), chosen


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """Rows → DataFrame: numbers stay numbers (Decimal → float), other non-text values become text."""
    frame = pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object:
            kinds = {type(v) for v in values.dropna().head(1000)}
            if kinds - {str, int, float, bool}:
                frame[column] = values.map(lambda v: v if v is None or isinstance(v, str) else str(v))
    return frame


def _chunk(frame: pd.DataFrame, first: int, source: DatabaseSource, column: str | None,
           crs: pyproj.CRS | None) -> tuple[Chunk, pyproj.CRS | None]:
    if column is None:
        return Chunk(frame, first), crs
    kinds, srids = frame.pop(_GTYPE), frame.pop(_SRID)
    bad = np.flatnonzero(kinds.notna().to_numpy() & (kinds.to_numpy(object) != "POINT"))
    if len(bad):
        raise SchemaError("geometry is not a point; a register needs one point per enterprise", file=source.label,
                          row=first + int(bad[0]), column=column, value=kinds.iloc[bad[0]])
    codes = pd.unique(srids.dropna().astype(np.int64))
    if len(codes) > 1 or (crs is not None and len(codes) and int(codes[0]) != crs.to_epsg() and int(codes[0])):
        raise SchemaError(f"mixed SRIDs in the geometry column ({sorted({int(c) for c in codes})}"
                          f"{'' if crs is None else ', earlier ' + str(crs.to_epsg())}); transform them to one",
                          file=source.label, column=column)
    if crs is None and len(codes) and int(codes[0]) != 0:
        crs = pyproj.CRS.from_epsg(int(codes[0]))
    frame[X] = pd.to_numeric(frame[X], errors="coerce").astype(float)
    frame[Y] = pd.to_numeric(frame[Y], errors="coerce").astype(float)
    return Chunk(frame, first, crs), crs


def read_database_chunks(source: DatabaseSource, *, limits: Limits, chunk_rows: int = 250_000) -> Iterator[Chunk]:
    """Yield the rows of a table or query in chunks of at most ``chunk_rows`` rows (server-side cursor).

    Raises
    ------
    InputError
        Connection refused, authentication failed (message without the password).
    SchemaError
        Unknown table, bad query, non-point geometry, mixed SRIDs, no rows.
    LimitError
        Over ``limits`` (rows, columns, string length).
    """
    import psycopg

    connection = _connect(source)
    try:
        statement, column = _select(source, connection)
        first, crs = 1, None
        with connection.transaction(), connection.cursor(name="atlas_ingest") as cursor:
            cursor.itersize = chunk_rows
            try:
                cursor.execute(statement)
                while rows := cursor.fetchmany(chunk_rows):
                    names = [d.name for d in cursor.description]
                    limits.check_rows(first - 1 + len(rows), file=source.label)
                    chunk, crs = _chunk(_frame(rows, names), first, source, column, crs)
                    limits.check_columns(len(names) - (2 if column else 0), file=source.label)
                    check_strings(chunk, source.label, limits)
                    yield chunk
                    first += len(rows)
            except psycopg.Error as error:
                raise SchemaError(f"the database stopped the read: {source.scrub(str(error).strip().splitlines()[0])}",
                                  file=source.label, row=first) from None
        if first == 1:
            raise SchemaError("the table or query returned no rows", file=source.label, row=1)
    finally:
        connection.close()


def ingest_database(source: DatabaseSource, *, name: str, workspace: str | Path, kind: str | None = None,
                    nuts_version: int = 2021, crs: object = None, mapping: dict[str, str] | None = None,
                    year: int | None = None, engine: str = "pandas", limits: Limits = DEFAULT_LIMITS,
                    label: str | None = None, replace: bool = False, progress: Callable[[int], None] | None = None,
                    scheduler: str | None = None, chunk_rows: int = 250_000,
                    data_dir: Path = DEFAULT_DIR) -> IngestResult:
    """Ingest a register (enterprises or cluster organisations) from PostgreSQL into a new workspace dataset.

    The options are those of :func:`ingest.workspace.ingest_file` (official tables come as files only);
    the dataset's ``source_file`` and the report name :attr:`DatabaseSource.label` (password masked).
    """
    if kind == "table":
        raise InputError("Eurostat tables are ingested from files; a database source holds a register")
    workspace = Path(workspace)
    target = workspace / _check_name(name)
    if target.exists() and not replace:
        raise SchemaError(f"a dataset named '{name}' exists; choose another name, or replace it (--replace)",
                          file=source.label)
    tree = pd.read_parquet(data_dir / "nace.parquet")
    index = load_region_index(nuts_version, str(data_dir / "regions.parquet"))
    chunks = read_database_chunks(source, limits=limits, chunk_rows=chunk_rows)
    workspace.mkdir(parents=True, exist_ok=True)
    temp = workspace / f".tmp-{uuid.uuid4().hex}"
    temp.mkdir()
    try:
        meta, report, counts = _ingest_register(chunks, source.label, kind, index, tree, crs, mapping, year, limits,
                                                engine, progress, scheduler, chunk_rows, temp)
        meta |= {"name": name, "generation": new_generation(), "label": label or name, "source_file": source.label,
                 "format": "postgresql", "created": datetime.now(UTC).isoformat(timespec="seconds"),
                 "engine": engine, "counts": {**counts, "problems": report.total}}
        report.to_csv(temp / "report.csv")
        (temp / "meta.json").write_text(json.dumps(meta, indent=2, default=int) + "\n", encoding="utf-8")
        _move_into_place(temp, target)
    finally:
        chunks.close()
        shutil.rmtree(temp, ignore_errors=True)
    return IngestResult(target, report, counts["rows_read"], counts["rows_accepted"], counts["rows_rejected"],
                        bool(meta["synthetic"]), meta.get("undated_year"))
