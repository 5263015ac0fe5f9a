import numpy as np
import pandas as pd
import pytest

from data.store import DEFAULT_DIR
from ingest.aggregate import partial_counts, stats_from_partials
from ingest.nace_spelling import ancestry

CODES = np.array(["DE111", "DE112", "FR101"])


@pytest.fixture(scope="module")
def lineage():
    return ancestry(pd.read_parquet(DEFAULT_DIR / "nace.parquet"))


def _firms():
    return pd.DataFrame({"year": 2024, "region": [0, 0, 1, 2],
                         "nace": ["C1011", "C10", "C1011", "J6201"],
                         "employees": [5.0, 300.0, np.nan, 20.0],
                         "size_class": ["micro", "large", pd.NA, "small"]})


def _value(stats, nuts, nace, measure):
    hit = stats[(stats["nuts_id"] == nuts) & (stats["nace"] == nace) & (stats["measure"] == measure)]
    return hit["value"].tolist()


def test_counts_roll_up_regions_and_sectors_but_not_below_the_firms_code(lineage):
    stats = stats_from_partials([partial_counts(_firms())], codes=CODES, ancestry=lineage, nuts_version=2021)
    assert list(stats.columns) == ["nuts_id", "nuts_version", "year", "nace", "measure", "value", "flag"]
    assert _value(stats, "DE111", "C1011", "enterprises") == [1.0]
    assert _value(stats, "DE111", "C10", "enterprises") == [2.0]  # the division-coded firm joins at C10 ...
    assert _value(stats, "DE111", "C101", "enterprises") == [1.0]  # ... but not at its groups
    assert _value(stats, "DE", "C", "enterprises") == [3.0] and _value(stats, "DE1", "C", "employment") == [305.0]
    assert _value(stats, "DE112", "C1011", "employment") == [] or np.isnan(_value(stats, "DE112", "C1011",
                                                                                  "employment")[0])
    assert _value(stats, "DE", "C10", "enterprises:large") == [1.0]
    assert _value(stats, "DE", "C10", "employment:micro") == [5.0]
    assert _value(stats, "FR", "J", "enterprises:small") == [1.0]
    assert set(stats["flag"]) == {""} and set(stats["nuts_version"]) == {2021} and set(stats["year"]) == {2024}
    assert set(stats["nuts_id"].str.len()) == {2, 3, 4, 5}


def test_employment_is_nan_where_no_count_is_known(lineage):
    stats = stats_from_partials([partial_counts(_firms())], codes=CODES, ancestry=lineage, nuts_version=2021)
    assert np.isnan(_value(stats, "DE112", "C1011", "employment")[0])
    assert _value(stats, "DE112", "C1011", "enterprises") == [1.0]


def test_chunking_does_not_change_the_result(lineage):
    firms = _firms()
    whole = stats_from_partials([partial_counts(firms)], codes=CODES, ancestry=lineage, nuts_version=2021)
    parts = [partial_counts(firms.iloc[i:i + 1]) for i in range(len(firms))]
    pd.testing.assert_frame_equal(whole, stats_from_partials(parts, codes=CODES, ancestry=lineage, nuts_version=2021))
