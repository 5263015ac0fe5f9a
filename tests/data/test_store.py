import json
import threading

import numpy as np
import pandas as pd
import pytest

from data.errors import DatasetNotFoundError, SchemaError
from data.store import DEFAULT_GENERATION, Dataset, DataStore


def test_sbs_sample_values_match_the_raw_readme(store):
    m = store.matrix("sbs", 2013, "employment", 2015, 2, ["C", "C28", "C29", "J62", "M72"])
    assert m.loc["DE11"].tolist() == [570229.0, 159827.0, 160445.0, 52003.0, 4723.0]


def test_missing_and_confidential_cells_stay_missing_never_zero(store):
    m = store.matrix("sbs", 2013, "employment", 2008, 2, ["C29"])
    flags = store.flags("sbs", 2013, "employment", 2008, 2, ["C29"])
    assert np.isnan(m.loc["BE10", "C29"]) and flags.loc["BE10", "C29"] == "c"
    stats = store.dataset("sbs").stats
    assert stats["value"].isna().sum() > 0.15 * len(stats)


def test_nuts_2010_codes_fill_the_2013_regions_they_became(store):
    # EL11 (NUTS 2010) became EL51 (NUTS 2013): 2010 C29 = 426 persons (raw file), EL51 has no 2010 value
    m = store.matrix("sbs", 2013, "employment", 2010, 2, ["C29"])
    assert m.loc["EL51", "C29"] == pytest.approx(426.0, rel=1e-9)
    assert "EL11" not in m.index


def test_nuts_2021_conversion_keeps_country_totals(store):
    v13 = store.matrix("sbs", 2013, "employment", 2014, 2, ["C"])["C"]
    v21 = store.matrix("sbs", 2021, "employment", 2014, 2, ["C"])["C"]
    complete = [c for c in ("AT", "ES", "SE", "PT", "CZ", "IT", "FR", "PL")
                if v13[v13.index.str.startswith(c)].notna().all()]
    assert len(complete) >= 4
    for country in complete:
        a = v13[v13.index.str.startswith(country)]
        b = v21[v21.index.str.startswith(country)]
        assert b.notna().all(), country
        assert b.sum() == pytest.approx(a.sum(), rel=1e-6), country


def test_business_total_is_the_sum_of_known_sections(store):
    total = store.business_total("sbs", 2013, "employment", 2014, 2)
    sections = store.matrix("sbs", 2013, "employment", 2014, 2, store.codes_at_level("sbs", 1))
    np.testing.assert_allclose(total.loc["DE11"], sections.loc["DE11"].sum(), rtol=1e-12)
    uncovered = ~store.has_row("sbs", 2013, "employment", 2014, 2)
    assert total[uncovered].isna().all()


def test_matrix_is_a_copy_the_store_stays_intact(store):
    m = store.matrix("sbs", 2013, "employment", 2014, 2)
    m.loc["DE11", "C"] = -1
    assert store.matrix("sbs", 2013, "employment", 2014, 2).loc["DE11", "C"] == 561839.0


def test_unknown_dataset_and_level_raise_with_the_known_keys(store):
    with pytest.raises(DatasetNotFoundError, match=r"known: \['context', 'sbs'\]"):
        store.dataset("orbis")
    with pytest.raises(DatasetNotFoundError, match="NUTS 2013 level 7"):
        store.regions(2013, 7)


def test_a_folder_without_the_built_files_names_what_is_missing(tmp_path):
    with pytest.raises(SchemaError, match="run 'python -m default_build'"):
        DataStore(tmp_path)


def test_context_covers_nuts3_and_the_geojson_is_small_enough(store):
    gdp = store.matrix("context", 2021, "gdp_meur", 2020, 3, ["TOTAL"])["TOTAL"]
    assert gdp.loc["FR101"] == pytest.approx(226006.86, rel=1e-9)  # data/raw README sample
    assert gdp.notna().sum() == 1297
    assert len(json.dumps(store.geojson(2013, 2))) < 600_000


# ---- generations: a replaced dataset never meets a table of the old one ---------------------------
REGIONS = ["DE11", "DE12", "AT11"]


def _register(key: str, employees: list[float], *, generation: str | None = None) -> Dataset:
    """A register of sections C and G in three NUTS 2 regions (2013), C employment as given."""
    rows = pd.DataFrame({"nuts_id": REGIONS * 2, "nace": ["C"] * 3 + ["G"] * 3, "measure": "employment",
                         "value": [*employees, 50.0, 60.0, 70.0], "nuts_version": 2013, "year": 2024, "flag": ""})
    tree = pd.DataFrame({"level": [1, 1]}, index=pd.Index(["C", "G"], name="code"))
    return Dataset.from_stats(key, key, rows, tree, generation=generation)


@pytest.fixture(scope="module")
def own_store() -> DataStore:
    return DataStore()  # its own store: these tests add and replace datasets


def test_default_datasets_have_a_fixed_generation_and_others_a_fresh_one(own_store):
    assert own_store.generations("sbs", "context") == (("sbs", DEFAULT_GENERATION), ("context", DEFAULT_GENERATION))
    a, b = _register("a", [1.0, 2.0, 3.0]), _register("a", [1.0, 2.0, 3.0])
    assert a.generation != b.generation and len(a.generation) == 32
    assert _register("a", [1.0, 2.0, 3.0], generation="ingest-7").generation == "ingest-7"
    with pytest.raises(DatasetNotFoundError, match="unknown dataset 'orbis'"):
        own_store.generations("orbis")


def test_a_replaced_dataset_serves_its_new_numbers_everywhere(own_store):
    own_store.add_dataset(_register("swap", [100.0, 200.0, 300.0]))
    args = ("swap", 2013, "employment", 2024, 2)
    assert own_store.matrix(*args, ["C"]).loc["DE11", "C"] == 100.0
    assert own_store.business_total(*args).loc["DE11"] == 150.0
    assert own_store.coverage("swap", 2013, "employment", 2).loc[2024] == 3
    assert list(own_store.sector_codes("swap")) == ["C", "G"]
    cached = len(own_store.tables)

    replacement = _register("swap", [111.0, 222.0, np.nan])
    own_store.add_dataset(replacement)
    assert len(own_store.tables) < cached  # the old generation's tables were dropped
    assert own_store.matrix(*args, ["C"]).loc["DE11", "C"] == 111.0
    assert own_store.business_total(*args).loc["DE11"] == 161.0
    assert own_store.flags(*args, ["C"]).loc["AT11", "C"] == ""
    assert own_store.dataset("swap") is replacement


def test_a_matrix_built_while_its_dataset_is_replaced_is_not_kept(own_store, monkeypatch):
    """Thread 1 builds from the old dataset; the upload replaces it meanwhile: later requests get the new numbers."""
    own_store.add_dataset(_register("race", [100.0, 200.0, 300.0]))
    built_old, release = threading.Event(), threading.Event()
    original = DataStore._wide_tables

    def pausing(self, *args):
        tables = original(self, *args)
        if not built_old.is_set():  # the first build (old data) waits after reading its tables
            built_old.set()
            release.wait()
        return tables

    monkeypatch.setattr(DataStore, "_wide_tables", pausing)
    args = ("race", 2013, "employment", 2024, 2)
    seen = {}
    thread = threading.Thread(target=lambda: seen.update(old=own_store.matrix(*args, ["C"]).loc["DE11", "C"]))
    thread.start()
    built_old.wait()
    own_store.add_dataset(_register("race", [999.0, 200.0, 300.0]))  # the upload
    assert own_store.matrix(*args, ["C"]).loc["DE11", "C"] == 999.0
    release.set()
    thread.join()
    assert seen["old"] == 100.0  # asked before the replacement
    assert own_store.matrix(*args, ["C"]).loc["DE11", "C"] == 999.0
    assert own_store.business_total(*args).loc["DE11"] == 1049.0
