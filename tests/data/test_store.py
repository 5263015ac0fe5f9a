import json

import numpy as np
import pytest

from data.errors import DatasetNotFoundError, SchemaError
from data.store import DataStore


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
