import numpy as np
import pandas as pd
import pytest

from data.errors import SchemaError
from ingest.eurostat_tsv import parse_cells, read_eurostat_tsv
from tests.conftest import FIXTURES


def test_missing_and_confidential_cells_are_nan_and_keep_their_flag():
    parsed = parse_cells(pd.Series(["1234 p", ":", ": c", "475763 d", "3.5", ": bc"]))
    np.testing.assert_array_equal(parsed["value"], [1234.0, np.nan, np.nan, 475763.0, 3.5, np.nan])
    assert parsed["flag"].tolist() == ["p", "", "c", "d", "", "bc"]


def test_bulk_tsv_is_read_into_one_row_per_key_and_year():
    long = read_eurostat_tsv(FIXTURES / "sbs_extract.tsv")
    assert list(long.columns) == ["nace_r2", "indic_sb", "geo", "year", "value", "flag"]
    assert len(long) == 10 * 8
    de11 = long[(long["geo"] == "DE11") & (long["nace_r2"] == "C29")].set_index("year")
    assert de11.loc[2015, "value"] == 160445.0  # data/raw README sample
    assert de11.loc[2009, "flag"] == "d"
    be10 = long[(long["geo"] == "BE10") & (long["year"] == 2008)].iloc[0]
    assert np.isnan(be10["value"]) and be10["flag"] == "c"


def test_a_file_without_the_bulk_header_names_file_and_column(tmp_path):
    bad = tmp_path / "table.tsv"
    bad.write_text("geo\t2015\nAT\t1\n")
    with pytest.raises(SchemaError, match=r"file 'table.tsv', row 0, column 'geo'"):
        read_eurostat_tsv(bad)


def test_a_non_year_column_is_rejected(tmp_path):
    bad = tmp_path / "years.tsv"
    bad.write_text("nace_r2,geo\\time\t2015 \ttotal\nC,AT\t1\t2\n")
    with pytest.raises(SchemaError, match="column 'total'"):
        read_eurostat_tsv(bad)
