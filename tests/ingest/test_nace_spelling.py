import pandas as pd
import pytest

from data.store import DEFAULT_DIR
from ingest.nace_spelling import ancestry, normalise_nace


@pytest.fixture(scope="module")
def tree():
    return pd.read_parquet(DEFAULT_DIR / "nace.parquet")


@pytest.mark.parametrize(("written", "code"), [
    ("C10.11", "C1011"), ("10.11", "C1011"), ("1011", "C1011"), ("C1011", "C1011"), ("c 10.11", "C1011"),
    ("10.1", "C101"), ("C10.1", "C101"), ("10", "C10"), ("C", "C"), ("01.1", "A011"), ("1.1", "A011"),
    ("62.01", "J6201"), ("J62", "J62"),
])
def test_written_forms_normalise_to_dissemination_codes(tree, written, code):
    assert normalise_nace(pd.Series([written]), tree).iloc[0] == code


@pytest.mark.parametrize("written", ["C10.9x", "99.99", "B10", "10.10.1", "", "Z", "B-N_S95_X_K"])
def test_unknown_or_inconsistent_codes_are_missing(tree, written):
    assert pd.isna(normalise_nace(pd.Series([written]), tree).iloc[0])


def test_normalisation_keeps_the_index(tree):
    codes = pd.Series(["10", None, "C"], index=[7, 3, 5])
    out = normalise_nace(codes, tree)
    assert out.index.tolist() == [7, 3, 5] and out.isna().tolist() == [False, True, False]


def test_each_class_has_four_ancestry_rows_and_each_division_two(tree):
    lineage = ancestry(tree)
    counts = lineage.groupby("code").size()
    levels = tree.loc[counts.index, "level"]
    assert (counts[levels == 4] == 4).all() and (counts[levels == 2] == 2).all()
    assert lineage.query("code == 'C10'")["ancestor"].tolist() == ["C10", "C"]
