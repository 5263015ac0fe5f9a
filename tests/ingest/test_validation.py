import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.errors import LimitError, SchemaError
from ingest.validation import Limits, ValidationReport, parse_numbers


def test_report_keeps_file_row_column_and_caps_the_problems():
    report = ValidationReport("firms.csv", cap=5)
    report.add_rows(np.arange(1, 8), "bad", column="lat", values=[str(i) for i in range(7)])
    report.add("late", row=9, column="nace")
    problems = report.problems
    assert report.total == 8 and len(problems) == 5
    assert problems.loc[0, ["file", "row", "column", "problem"]].tolist() == ["firms.csv", 1, "lat", "bad"]
    assert "8 problem(s), first 5 kept" in report.summary()


def test_report_csv_neutralises_spreadsheet_formulas():
    report = ValidationReport("x.csv")
    report.add("not a number", row=2, column="employees", value="=HYPERLINK(1)")
    text = report.to_csv()
    assert "'=HYPERLINK(1)" in text and "\n=HYPERLINK" not in text


def test_raise_first_names_file_row_and_column():
    report = ValidationReport("x.csv")
    report.add("warn", row=1, column="a", severity="warning")
    report.add("broken", row=3, column="nace", value="C10.9x")
    with pytest.raises(SchemaError, match=r"file 'x.csv', row 3, column 'nace': broken \(value 'C10.9x'\)"):
        report.raise_first()


def test_parse_numbers_reads_decimal_commas_and_leaves_text_missing():
    parsed = parse_numbers(pd.Series(["48,137", "1.234,5", "-3.5", "north", "", None]))
    np.testing.assert_array_equal(parsed.to_numpy(), [48.137, 1234.5, -3.5, np.nan, np.nan, np.nan])


def test_limits_refuse_empty_and_oversized_files():
    with pytest.raises(SchemaError, match="empty"):
        Limits().check_size(0, file="a.csv")
    with pytest.raises(LimitError, match="file 'a.csv': 101 bytes is over the limit of 100"):
        Limits(max_bytes=100).check_size(101, file="a.csv")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.floats(allow_nan=False).map(repr), st.integers(-10**6, 10**6).map(str),
                          st.text(alphabet="0123456789.,-+eE xinfaNd", max_size=8)), min_size=1, max_size=20))
def test_the_arrow_fast_path_of_number_parsing_equals_the_general_path(cells):
    arrow = parse_numbers(pd.Series(cells, dtype="str"))  # Arrow-backed text: the fast path where it applies
    general = parse_numbers(pd.Series(cells, dtype=object))
    assert np.array_equal(arrow.to_numpy(), general.to_numpy(), equal_nan=True)
    assert np.array_equal(np.signbit(arrow.to_numpy()), np.signbit(general.to_numpy()))
