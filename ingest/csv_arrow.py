"""Read a large UTF-8 CSV file in chunks with Arrow's multi-threaded parser (the fast path of CSV reading).

The chunks equal those of the pandas reader in :mod:`ingest.readers` (every column as text, empty
cells as ``''``, spaces after a delimiter skipped, header names stripped; a line break inside quotes
is refused, as :func:`ingest.readers.check_fields` refuses it), at a fraction of the CPU time and on
both cores. Files the fast path does not take (another encoding, a repeated column
name) or that Arrow cannot parse *before the first chunk is handed out* go back to the pandas
reader, which names the faulty row; a parse error further down is reported with Arrow's message.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from data.errors import SchemaError

#: Bytes parsed per Arrow block (a block is split over the cores; a chunk is made of whole blocks).
BLOCK_BYTES = 16 << 20
#: Encodings the fast path reads (Arrow checks UTF-8 itself and skips a byte-order mark).
ENCODINGS = ("utf-8", "utf-8-sig")


class NotTakenError(Exception):
    """The fast path does not read this file; use the pandas reader."""


def arrow_csv_tables(path: Path, *, filename: str, encoding: str, delimiter: str,
                     chunk_rows: int) -> Iterator[pa.Table]:
    """Yield the rows of a CSV file as Arrow tables of ``chunk_rows`` rows (the last one shorter), all text.

    Raises
    ------
    NotTakenError
        Before anything was yielded: the pandas reader is to read the file instead.
    SchemaError
        A line that Arrow cannot parse after the first table was yielded (wrong number of fields,
        text that is not UTF-8).
    """
    if encoding not in ENCODINGS:
        raise NotTakenError(encoding)
    try:
        reader = pacsv.open_csv(
            path, read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES, use_threads=True),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                 column_types=_all_text(path, delimiter)))
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        raise NotTakenError(str(error)) from error
    names = [str(name).strip() for name in reader.schema.names]
    if len(set(names)) < len(names) or "" in names:  # pandas renames repeated and empty names
        raise NotTakenError("repeated or empty column names")
    if any(field.type != pa.string() for field in reader.schema):  # a header line that Python's csv read otherwise
        raise NotTakenError("header not read alike")
    pending: list[pa.RecordBatch] = []
    held, done, yielded = 0, 0, False
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except pa.ArrowInvalid as error:
            if not yielded:
                raise NotTakenError(str(error)) from error
            raise SchemaError(f"unreadable line at or after this row ({str(error).splitlines()[0][:300]}); is the "
                              "delimiter used throughout, and is the text UTF-8?", file=filename, row=done + held + 1
                              ) from error
        broken = _line_break(batch)
        if broken is not None:
            if not yielded:
                raise NotTakenError("line break inside quotes")
            raise SchemaError("a line break inside quotes splits this record over two lines; remove it",
                              file=filename, row=done + held + broken + 1, column=names[0])
        pending.append(batch)
        held += batch.num_rows
        while held >= chunk_rows:
            table = pa.Table.from_batches(pending)
            yield _text_table(table.slice(0, chunk_rows), names)
            yielded, done = True, done + chunk_rows
            rest = table.slice(chunk_rows)
            pending, held = rest.to_batches(), rest.num_rows
    if held:
        yield _text_table(pa.Table.from_batches(pending), names)


def _line_break(batch: pa.RecordBatch) -> int | None:
    """Position of the first record of a batch with a line break in a cell (only a quoted cell can hold one)."""
    for column in batch.columns:
        hits = pc.match_substring_regex(column, "[\\r\\n]")
        if pc.any(hits).as_py():
            return int(pc.index(hits, True).as_py())
    return None


def _all_text(path: Path, delimiter: str) -> dict[str, pa.DataType]:
    """Column name → string type for the header line of the file (Arrow would infer numbers otherwise)."""
    with path.open("rb") as handle:
        line = handle.readline(1 << 20).decode("utf-8-sig")
    return dict.fromkeys(next(csv.reader([line], delimiter=delimiter), []), pa.string())


def _text_table(table: pa.Table, names: list[str]) -> pa.Table:
    """Skip the spaces at the start of each cell (pandas' ``skipinitialspace``) and strip the header names."""
    columns = [pc.utf8_ltrim(column, characters=" ") for column in table.columns]
    return pa.table(columns, names=names)
