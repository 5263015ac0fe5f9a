"""A negative source value (Eurostat: wages of −8.3 M EUR for NO06 × B06 in 2014) is a flagged gap, never a crash."""

from __future__ import annotations

import numpy as np
import pytest

from callbacks.region_panel import profile_children
from data.flags import NEGATIVE_IN_SOURCE, NEGATIVE_REASON
from views.profile import region_profile
from views.values import View, effective_view, indicator_values, ranking

WAGES_2014 = View(sector="B06", measure="wages_meur", year=2014, level=2)


def test_the_embedded_tables_hold_no_negative_value_and_keep_the_flagged_cell(store):
    stats = store.dataset("sbs").stats
    assert not (stats["value"] < 0).any()
    cell = stats[(stats["nuts_id"] == "NO06") & (stats["nace"] == "B06") & (stats["measure"] == "wages_meur")
                 & (stats["year"] == 2014)]
    assert sorted(cell["nuts_version"].tolist()) == [2013, 2021]  # kept as rows, in both NUTS versions
    assert cell["value"].isna().all() and (cell["flag"].astype(str) == NEGATIVE_IN_SOURCE).all()
    assert not (store.dataset("context").stats["value"] < 0).any()


@pytest.mark.parametrize("version", [2013, 2021])
def test_map_values_and_ranking_of_wages_2014_say_why_no06_has_no_value(store, version):
    view = effective_view(store, View(sector="B06", measure="wages_meur", year=2014, level=2, version=version))
    assert (view.sector, view.measure, view.year, view.level, view.version) == ("B06", "wages_meur", 2014, 2, version)
    values = indicator_values(store, view)
    no06 = values.loc["NO06"]
    assert np.isnan(no06["value"]) and np.isnan(no06["measure_value"])
    assert no06["flag"] == NEGATIVE_IN_SOURCE and no06["reason"] == NEGATIVE_REASON
    assert (values["reason"] == NEGATIVE_REASON).sum() == 1  # the only negative cell of the table
    assert values["value"].notna().sum() > 50  # the other regions keep their LQ
    ranked = ranking(values).set_index("nuts_id")
    assert ranked.loc["NO06", "reason"] == NEGATIVE_REASON and ranked["rank"].isna().loc["NO06"]


@pytest.mark.parametrize("sector", ["B06", "C"])
def test_the_profile_of_no06_with_wages_2014_appears_and_says_why_b06_is_missing(store, sector):
    view = effective_view(store, View(sector=sector, measure="wages_meur", year=2014, level=2))
    profile = region_profile(store, view, "NO06")
    children = profile_children(profile, sector, "wages and salaries")
    assert profile.name and str(children).count("NO06") >= 1
    if sector == "B06":
        label = next(name for name in profile.totals.index if name.endswith(", B06 2014") and "ages" in name)
        assert np.isnan(profile.totals[label]) and profile.reasons[label] == NEGATIVE_REASON
        assert NEGATIVE_REASON in str(children)
        assert profile.trend.set_index("year")["measure_value"].isna().loc[2014]
    assert "B06" not in set(profile.specialisations["nace"])  # no LQ from an unusable cell


def test_a_profile_elsewhere_is_unaffected_by_the_flagged_cell(store):
    profile = region_profile(store, effective_view(store, View(sector="C29", measure="wages_meur", year=2014)),
                             "DE11")
    assert profile.specialisations["nace"].iloc[0] == "C29" and profile.reasons.empty
