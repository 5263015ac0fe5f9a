"""Every file of tests/fixtures/malformed (plus generated ones) is refused with a message naming the place."""

import io
import zipfile

import pytest

from data.errors import CRSError, LimitError, SchemaError
from ingest.validation import Limits
from ingest.workspace import ingest_file, read_dataset
from tests.conftest import FIXTURES
from tests.ingest._ingest_helpers import FIRMS, snapshot

MALFORMED = FIXTURES / "malformed"

CASES = {  # file → (exception, message pattern naming file, row and column where they exist)
    "wrong_encoding.csv": (SchemaError, r"file 'wrong_encoding.csv', row 0: .*not text in a known encoding"),
    "mixed_delimiters.csv": (SchemaError, r"file 'mixed_delimiters.csv', row 2, column 'name': this line has 1 "
                             r"fields but the header has 6"),
    "missing_coordinates.csv": (SchemaError, r"file 'missing_coordinates.csv', row 0, column 'lat': no coordinates"),
    "text_in_coordinates.csv": (SchemaError, r"file 'text_in_coordinates.csv', row 1, column 'lat': 2 of 2 rows "
                                r"rejected; first problem: coordinate is not a number \(value 'north'\)"),
    "nan_inf_coordinates.csv": (SchemaError, r"file 'nan_inf_coordinates.csv', row 1, column 'lat': 2 of 2 rows"),
    "swapped_lat_lon.csv": (CRSError, r"file 'swapped_lat_lon.csv', columns 'lat' and 'lon': latitude and "
                            r"longitude look swapped"),
    "projected_without_crs.csv": (CRSError, r"file 'projected_without_crs.csv', columns 'lon' and 'lat': values up "
                                  r"to 4,420,000 look like metres"),
    "unknown_nace.csv": (SchemaError, r"file 'unknown_nace.csv', row 1, column 'nace': .*not a NACE Rev. 2 code"),
    "duplicate_ids.csv": (SchemaError, r"file 'duplicate_ids.csv', row 3, column 'id': duplicate id: same id as "
                          r"row 1"),
    "empty_file.csv": (SchemaError, r"file 'empty_file.csv': the file holds no header line"),
    "header_only.csv": (SchemaError, r"file 'header_only.csv', row 1: the file has a header but no data rows"),
    "outside_coverage.csv": (SchemaError, r"file 'outside_coverage.csv', row 1, column 'lat': .*no NUTS 2021 "
                             r"region"),
    "unknown_mapping.csv": (SchemaError, r"file 'unknown_mapping.csv', row 0, column 'nace': no NACE column"),
    "too_many_fields.csv": (SchemaError, r"file 'too_many_fields.csv', row 1, column 'employees': this line has "
                            r"8 fields"),
    "not_a_geojson.geojson": (SchemaError, r"file 'not_a_geojson.geojson': not a readable geographic file"),
    "deeply_nested.geojson": (LimitError, r"file 'deeply_nested.geojson', row 1: JSON nested more than 64"),
    "polygon_not_point.geojson": (SchemaError, r"file 'polygon_not_point.geojson', row 1, column 'geometry': "
                                  r"geometry is not a point"),
    "fake_excel.xlsx": (SchemaError, r"file 'fake_excel.xlsx': the content is not a .xlsx file"),
    "bad_year.csv": (SchemaError, r"file 'bad_year.csv', row \d, column 'year': 2 of 2 rows rejected"),
    "eurostat_no_nace.tsv": (SchemaError, r"file 'eurostat_no_nace.tsv', row 0, column 'nace_r2'"),
    "zip_without_shp.zip": (SchemaError, r"file 'zip_without_shp.zip': a zipped Shapefile needs exactly one .shp"),
    "path_traversal.zip": (SchemaError, r"file 'path_traversal.zip', column 'zip member': unsafe path.*"
                           r"'../../evil.shp'"),
    "truncated.gpkg": (SchemaError, r"file 'truncated.gpkg': not a readable geographic file"),
}


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("firms.shp", b"\0" * (20 << 20))  # 20 MB of zeros -> about 20 kB
    return buffer.getvalue()


GENERATED = {  # name → (bytes factory, limits, exception, pattern)
    "zero_bytes.csv": (lambda: b"", Limits(), SchemaError, r"file 'zero_bytes.csv': the file is empty \(0 bytes\)"),
    "over_limit.csv": (lambda: FIRMS.to_csv(index=False).encode() * 20, Limits(max_bytes=1000), LimitError,
                       r"file 'over_limit.csv': \d[\d,]* bytes is over the limit of 1,000 bytes"),
    "zip_bomb.zip": (_zip_bomb, Limits(), LimitError, r"file 'zip_bomb.zip', zip member 'firms.shp': expands "
                     r"[\d,]+ times"),
    "long_string.csv": (lambda: FIRMS.assign(name=["x" * 5000] + FIRMS["name"].tolist()[1:]).to_csv(
        index=False).encode(), Limits(), LimitError, r"file 'long_string.csv', row 1, column 'name': 5,000 characters"),
    "too_many_rows.csv": (lambda: FIRMS.to_csv(index=False).encode(), Limits(max_rows=5), LimitError,
                          r"file 'too_many_rows.csv': 8 rows is over the limit of 5"),
}


@pytest.fixture
def workspace(tmp_path):
    folder = tmp_path / "ws"
    ingest_file(FIRMS.to_csv(index=False).encode(), filename="good.csv", name="good", workspace=folder)
    return folder


def _assert_refused(workspace, source, filename, limits, exception, pattern):
    before = snapshot(workspace)
    with pytest.raises(exception, match=pattern):
        ingest_file(source, filename=filename, name="upload", workspace=workspace, limits=limits)
    assert snapshot(workspace) == before  # nothing written, not even a temporary folder
    stats, points, meta = read_dataset(workspace / "good")  # the earlier dataset is intact
    assert len(points) == 8 and meta["name"] == "good" and len(stats) > 0


def test_corpus_has_at_least_twenty_files():
    assert len(list(MALFORMED.glob("*.*"))) - 1 >= 20 and set(CASES) <= {p.name for p in MALFORMED.iterdir()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_file_is_refused_with_its_place(workspace, name):
    exception, pattern = CASES[name]
    path = MALFORMED / name
    _assert_refused(workspace, path.read_bytes(), name, Limits(), exception, pattern)


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_bad_upload_is_refused_with_its_place(workspace, name):
    factory, limits, exception, pattern = GENERATED[name]
    _assert_refused(workspace, factory(), name, limits, exception, pattern)


def test_html_in_names_is_accepted_as_plain_text(workspace):
    frame = FIRMS.assign(name=["<script>alert(1)</script>", "=cmd|' /C calc'!A0"] + FIRMS["name"].tolist()[2:])
    result = ingest_file(frame.to_csv(index=False).encode(), filename="html.csv", name="html", workspace=workspace)
    _, points, _ = read_dataset(result.dataset_dir)
    assert points["name"].iloc[0] == "<script>alert(1)</script>"
