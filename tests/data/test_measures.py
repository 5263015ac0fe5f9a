"""The measure registry: one description per measure and dataset kind; the lookup never raises."""

import pandas as pd
import pytest

from analysis.registry import INDICATORS
from data.measures import (
    MEASURES,
    MEASURES_BY_KIND,
    OFFICIAL_CODES,
    Measure,
    measure_order,
    measure_spec,
    measures_of,
)
from data.size_classes import SIZE_CLASSES
from data.store import Dataset
from default_build.build import SBS_MEASURES
from ingest.aggregate import MEASURES as REGISTER_MEASURES


def test_every_kind_lists_its_measures_once_with_label_and_unit():
    assert set(MEASURES_BY_KIND) == {"sbs", "register", "clusters", "table", "context"}
    for kind, measures in MEASURES_BY_KIND.items():
        keys = [m.key for m in measures]
        assert len(keys) == len(set(keys)), kind
        assert all(m.label and m.label[0].isupper() and MEASURES[m.key] == m for m in measures), kind


def test_register_measures_include_every_size_class_of_both_bases():
    keys = {m.key for m in MEASURES_BY_KIND["register"]}
    assert keys == {*REGISTER_MEASURES, *(f"{b}:{s}" for b in REGISTER_MEASURES for s in SIZE_CLASSES)}
    assert measure_spec("employment:large").caption == "Persons employed: large"
    assert measure_spec("enterprises:micro").phrase == "enterprises: micro"


def test_cluster_measures_cannot_be_summed_over_sectors_but_head_counts_can():
    # an organisation listing C and J counts in both sections: the section sum counts it twice
    assert [m.summable for m in MEASURES_BY_KIND["clusters"]] == [False, False]
    assert all(m.summable for kind in ("sbs", "register") for m in MEASURES_BY_KIND[kind])


def test_sbs_measures_agree_with_the_indicator_registry_and_the_eurostat_codes():
    # analysis/ may not import data.measures: its measure indicators repeat label and unit, checked here
    for measure in MEASURES_BY_KIND["sbs"]:
        indicator = INDICATORS[measure.key]
        assert (indicator.scope, indicator.label, indicator.unit) == ("measure", measure.label, measure.unit)
    assert SBS_MEASURES == {m.eurostat: m.key for m in MEASURES_BY_KIND["sbs"]}
    assert OFFICIAL_CODES["V16110"] == "employment" == OFFICIAL_CODES["EMP_LOC_NR"]  # sbs_r_nuts2021 lines up
    assert OFFICIAL_CODES["V11210"] == "local_units" == OFFICIAL_CODES["LOC_NR"]


@pytest.mark.parametrize("key", ["enterprises:giant", "XYZ_NR", "", "employment:", "a" * 500, "<b>x</b>"])
def test_unknown_key_is_described_by_its_code_and_never_raises(key):
    spec = measure_spec(key)
    assert spec == Measure(key, key, "", False)


def test_unknown_key_takes_the_label_its_file_gave():
    labels = {"EMP_PC": "Persons employed, percentage of total"}
    assert measure_spec("EMP_PC", labels).label == "Persons employed, percentage of total"
    assert not measure_spec("EMP_PC", labels).summable  # may be a ratio: never summed over sectors
    assert measure_spec("employment", {"employment": "file text"}).label == "Persons employed"  # registry wins


def test_caption_and_phrase_add_units_and_keep_codes_as_written():
    assert measure_spec("wages_meur").caption == "Wages and salaries (M EUR)"
    assert measure_spec("wages_meur").phrase == "wages and salaries (M EUR)"
    assert measure_spec("local_units").caption == "Local units"
    assert measure_spec("gdp_meur").phrase == "GDP (M EUR)"
    assert measure_spec("LOC_X").phrase == "LOC_X"


def test_dataset_measures_come_in_registry_order_with_file_labels():
    stats = pd.DataFrame({"nuts_id": "DE11", "nuts_version": 2021, "year": 2021, "nace": "C", "value": 1.0,
                          "flag": "", "measure": ["enterprises:large", "EMP_PC", "enterprises", "enterprises:micro"]})
    tree = pd.DataFrame({"level": [1]}, index=pd.Index(["C"], name="code"))
    ds = Dataset.from_stats("t", "T", stats, tree, kind="table", measure_labels={"EMP_PC": "Share employed"})
    assert ds.measures == ("enterprises", "enterprises:micro", "enterprises:large", "EMP_PC")
    assert [m.caption for m in measures_of(ds)] == ["Enterprises", "Enterprises: micro", "Enterprises: large",
                                                     "Share employed"]
    assert measure_order(["b", "a", "employment"]) == ("employment", "a", "b")
