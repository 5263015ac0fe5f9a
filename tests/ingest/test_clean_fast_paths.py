"""Golden values for the fast paths of ``prepare_enterprises``: missing ids get ``row N`` (N = 1-based row of the
file), control characters leave names (the Arrow regex path gives what Python's ``re`` gives)."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from data.store import DEFAULT_DIR
from ingest.clean import _CONTROL, Context, prepare_enterprises
from ingest.locate import load_region_index
from ingest.readers import Chunk

INDEX = load_region_index(2021, str(DEFAULT_DIR / "regions.parquet"))
TREE = pd.read_parquet(DEFAULT_DIR / "nace.parquet")
ROLES = {"id": "id", "name": "name", "lat": "lat", "lon": "lon", "nace": "nace"}


def _prepare(frame: pd.DataFrame, first_row: int = 1) -> pd.DataFrame:
    ctx = Context(file="f.csv", roles=ROLES, index=INDEX, tree=TREE)
    return prepare_enterprises(Chunk(frame, first_row), ctx)[0]


def test_missing_ids_become_row_numbers_and_names_lose_control_characters():
    frame = pd.DataFrame({"id": ["A", "", "C", ""], "name": ["Bad\x07name", "ok", "tab\tkept", "x\x00y\x7f"],
                          "lat": ["48.137"] * 4, "lon": ["11.575"] * 4, "nace": ["C10.11"] * 4})
    firms = _prepare(frame, first_row=101)
    assert firms["id"].tolist() == ["A", "row 102", "C", "row 104"]
    assert firms["name"].tolist() == ["Badname", "ok", "tab\tkept", "xy"]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=12), min_size=1, max_size=8))
def test_control_characters_are_removed_like_python_re_does(names):
    frame = pd.DataFrame({"id": [f"F{i}" for i in range(len(names))], "name": names, "lat": "52.52", "lon": "13.405",
                          "nace": "J62.01"})
    text = frame["name"].astype("string").str.strip().replace("", pd.NA)
    expected = text.str.replace(_CONTROL, "", regex=True)  # the compiled pattern: Python's re, element by element
    found = _prepare(frame)["name"]
    assert [None if pd.isna(v) else v for v in found] == [None if pd.isna(v) else v for v in expected]
