"""A dataset ingested from an enterprise register goes through the same views as the SBS table."""

import numpy as np
import pandas as pd
import pytest

from data.store import Dataset, DataStore
from views.marks import cluster_marks
from views.profile import region_profile
from views.state import View
from views.values import effective_view, indicator_values

REGIONS = ["DE11", "DE12", "DE21", "AT11", "AT12"]


@pytest.fixture(scope="module")
def register_store() -> DataStore:
    store = DataStore()  # its own store: the session store stays as loaded
    firms = pd.DataFrame({"nuts_id": REGIONS * 2, "nace": ["C"] * 5 + ["G"] * 5,
                          "enterprises": [10, 5, 1, 2, 0, 20, 25, 30, 10, 12],
                          "employment": [500, 80, 10, 40, 0, 100, 150, 120, 50, 60]})
    division = firms[firms["nace"] == "C"].assign(nace="C10")
    rows = pd.concat([firms, division]).melt(id_vars=["nuts_id", "nace"], var_name="measure", value_name="value")
    stats = rows.assign(nuts_version=2013, year=2024, flag="", value=rows["value"].astype(float))
    store.add_dataset(Dataset.from_stats("firms", "Test register", stats, store.tree, synthetic=True))
    return store


def test_register_dataset_is_described_from_its_stats(register_store):
    ds = register_store.dataset("firms")
    assert ds.measures == ("employment", "enterprises") and ds.levels == (2,) and ds.years == (2024,)
    assert ds.total_codes == ("C", "G") and ds.synthetic and ds.kind == "register"


def test_lq_of_a_register_uses_its_sections_as_the_total(register_store):
    view = effective_view(register_store, View(dataset="firms", sector="C", year=2024))
    assert view.dataset == "firms" and view.measure == "employment" and view.notices == ()
    values = indicator_values(register_store, view)["value"]
    # hand-computed: DE11 C share 500/600; total C 630 of 1110 employed
    assert values["DE11"] == pytest.approx((500 / 600) / (630 / 1110), rel=1e-12)
    assert values["AT12"] == 0.0  # no manufacturing employment: LQ 0, not missing
    assert np.isnan(values["DE13"])  # not in the register: missing, never 0

def test_missing_measure_and_sector_fall_back_with_notices(register_store):
    view = effective_view(register_store, View(dataset="firms", measure="local_units", sector="J62", year=2024))
    assert view.measure == "employment" and view.sector in {"C", "C10", "G"}
    assert len(view.notices) == 2


def test_profile_and_marks_work_on_a_register(register_store):
    view = effective_view(register_store, View(dataset="firms", sector="C10", year=2024))
    profile = region_profile(register_store, view, "DE11")
    assert profile.totals["Persons employed, all sectors 2024"] == 600
    marks = cluster_marks(register_store, view)
    assert set(marks.columns) >= {"stars", "strong"}


def test_unknown_dataset_falls_back_to_sbs(register_store):
    view = effective_view(register_store, View(dataset="nope"))
    assert view.dataset == "sbs" and any("nope" in n for n in view.notices)


def test_a_register_cell_without_firms_is_zero_but_an_unlisted_region_is_missing(register_store):
    # the register lists C and G for the five regions, so every listed region has both; drop one cell
    ds = register_store.dataset("firms")
    stats = ds.stats[~((ds.stats["nuts_id"] == "AT11") & (ds.stats["nace"] == "G"))]
    from data.store import Dataset

    register_store.add_dataset(Dataset.from_stats("sparse", "Sparse", stats, register_store.tree))
    m = register_store.matrix("sparse", 2013, "employment", 2024, 2, ["C", "G"])
    assert m.loc["AT11", "G"] == 0.0 and m.loc["AT11", "C"] == 40.0
    assert np.isnan(m.loc["DE13", "C"])  # not in the register at all
