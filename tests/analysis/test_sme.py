"""Tests for analysis.sme (SME share) and its use on a register with size classes (views.values)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import INDICATORS
from analysis.sme import sme_share
from data.errors import InputError
from data.store import Dataset, DataStore
from views.state import View
from views.values import effective_view, indicator_values


def test_sme_share_golden():
    idx = ["R1", "R2", "R3", "R4"]
    s = sme_share(pd.Series([90.0, 0, 0, 5], idx), pd.Series([8.0, 0, 3, 5], idx),
                  pd.Series([1.0, 0, 0, 0], idx), pd.Series([1.0, 0, 1, np.nan], idx))
    # R1 99/100; R2 0/0 → NaN; R3 3/4; R4 a missing class → NaN (never read as 0)
    assert s["R1"] == pytest.approx(0.99) and np.isnan(s["R2"]) and s["R3"] == 0.75 and np.isnan(s["R4"])
    assert INDICATORS["sme_share"].func is sme_share and INDICATORS["sme_share"].bounds == (0.0, 1.0)
    with pytest.raises(InputError):
        sme_share(pd.Series([1.0], ["A"]), pd.Series([1.0], ["B"]), pd.Series([1.0], ["A"]), pd.Series([1.0], ["A"]))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(*[st.floats(0, 1e6)] * 4), min_size=1, max_size=20))
def test_sme_share_is_a_share(rows):
    a = np.array(rows)
    s = sme_share(*(pd.Series(a[:, k]) for k in range(4)))
    ok = s.dropna()
    assert ((ok >= 0) & (ok <= 1 + 1e-12)).all()
    assert s.isna().equals(pd.Series(a.sum(axis=1) == 0))


@pytest.fixture(scope="module")
def register_store() -> DataStore:
    store = DataStore()
    rows = []
    # DE11 C: 8 micro, 1 small, 0 medium, 1 large; employment 20, 30, 0, 500. DE12 C: 2 micro only.
    for region, counts, jobs in (("DE11", (8, 1, 0, 1), (20, 30, 0, 500)), ("DE12", (2, 0, 0, 0), (5, 0, 0, 0))):
        for cls, n, e in zip(("micro", "small", "medium", "large"), counts, jobs, strict=True):
            rows += [(region, "C", f"enterprises:{cls}", n), (region, "C", f"employment:{cls}", e)]
        rows += [(region, "C", "enterprises", sum(counts)), (region, "C", "employment", sum(jobs))]
    stats = pd.DataFrame(rows, columns=["nuts_id", "nace", "measure", "value"]).assign(
        nuts_version=2013, year=2024, flag="", value=lambda f: f["value"].astype(float))
    store.add_dataset(Dataset.from_stats("firms", "Test register", stats, store.tree, synthetic=True))
    return store


def test_sme_share_on_a_register(register_store):
    view = effective_view(register_store, View(dataset="firms", sector="C", year=2024, indicator="sme_share",
                                               measure="enterprises"))
    assert view.indicator == "sme_share" and view.notices == ()
    values = indicator_values(register_store, view)["value"]
    assert values["DE11"] == pytest.approx(0.9) and values["DE12"] == 1.0  # 9 of 10 firms; 2 of 2
    jobs = indicator_values(register_store, effective_view(register_store, View(
        dataset="firms", sector="C", year=2024, indicator="sme_share", measure="employment")))["value"]
    assert jobs["DE11"] == pytest.approx(50 / 550)


def test_sme_share_without_size_classes_explains_and_falls_back(store):
    view = effective_view(store, View(indicator="sme_share"))
    assert view.indicator == "lq" and any("size class" in n for n in view.notices)
