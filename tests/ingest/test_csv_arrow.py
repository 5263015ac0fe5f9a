"""The Arrow fast path of CSV reading gives the pandas reader's chunks, or declines (files are read by Arrow,
the same bytes held in memory by pandas, so the two readers are compared on one input)."""

import pandas as pd
import pytest

from data.errors import SchemaError
from ingest.csv_arrow import NotTakenError, arrow_csv_tables
from ingest.readers import read_chunks
from ingest.validation import UNLIMITED

CASES = {
    "plain": b"id,name,lat,lon,nace\n1,A,48.1,11.5,C10.11\n2,B,52.5,13.4,J62\n3,,50.1,8.6,\n",
    "spaces after delimiters": b"id, name, lat, lon\n1, A b ,48.1, 11.5\n2,  B,52.5,13.4\n",
    "header names with spaces": b" id , lat\n1,48\n2,49\n",
    "quoted delimiters and quotes": b'id,name,lat\n1,"Smith, Jones",48\n2,"say ""hi""",50\n',
    "semicolons and decimal commas": b"id;lat;lon\n1;48,137;11,575\n2;52,52;13,405\n",
    "byte-order mark and CRLF": b"\xef\xbb\xbfid,lat\r\n1,48\r\n2,49\r\n",
    "blank lines": b"id,lat\n1,48\n\n2,49\n\n",
    "unicode": "id,name\n1,Zürich Straße\n2,Łódź\n".encode(),
    "tabs": b"id\tname\tlat\n1\tA\t48\n2\tB\t49\n",
}


def _chunks(source, chunk_rows):
    return [(c.first_row, c.frame) for c in read_chunks(source, filename="f.csv", limits=UNLIMITED,
                                                        chunk_rows=chunk_rows)]


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("chunk_rows", [1, 2, 1000])
def test_arrow_chunks_equal_the_pandas_chunks(name, chunk_rows, tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(CASES[name])
    fast, slow = _chunks(path, chunk_rows), _chunks(CASES[name], chunk_rows)
    assert [row for row, _ in fast] == [row for row, _ in slow]
    for (_, a), (_, b) in zip(fast, slow, strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_the_fast_path_is_taken_for_utf8_and_declines_other_encodings_and_repeated_names(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(CASES["plain"])
    tables = list(arrow_csv_tables(path, filename="f.csv", encoding="utf-8", delimiter=",", chunk_rows=2))
    assert [t.num_rows for t in tables] == [2, 1] and tables[0].column_names == ["id", "name", "lat", "lon", "nace"]
    with pytest.raises(NotTakenError):
        next(arrow_csv_tables(path, filename="f.csv", encoding="cp1252", delimiter=",", chunk_rows=2))
    path.write_bytes(b"id,id\n1,2\n")
    with pytest.raises(NotTakenError):
        next(arrow_csv_tables(path, filename="f.csv", encoding="utf-8", delimiter=",", chunk_rows=2))


def test_a_line_break_inside_quotes_is_refused_as_the_pandas_reader_refuses_it(tmp_path):
    data = b'id,name,lat\n1,"two\nlines",49\n'
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    for source in (path, data):
        with pytest.raises(SchemaError, match="fields"):
            _chunks(source, 1000)


def test_a_broken_line_in_the_first_chunk_gets_the_pandas_message_with_its_row(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"id,lat,lon\n1,48,11\n2,49\n3,50,12\n")
    with pytest.raises(SchemaError) as caught:
        _chunks(path, 1000)
    assert caught.value.row == 2 and "fields" in str(caught.value)


def test_a_broken_line_further_down_is_refused_with_arrows_message(tmp_path, monkeypatch):
    import ingest.csv_arrow as fast

    monkeypatch.setattr(fast, "BLOCK_BYTES", 1 << 16)  # many small blocks: the first chunk is out before the error
    good = "".join(f"{i},{40 + i % 10},{10 + i % 7}\n" for i in range(20_000))
    path = tmp_path / "f.csv"
    path.write_text("id,lat,lon\n" + good + "999,48\n" + good)
    with pytest.raises(SchemaError, match="unreadable line") as caught:
        _chunks(path, 1000)
    assert caught.value.row <= 20_001
    path.write_text("id,name,lat\n" + good + '999,"two\nlines",48\n' + good)
    with pytest.raises(SchemaError, match="line break inside quotes") as caught:
        _chunks(path, 1000)
    assert caught.value.row == 20_001
