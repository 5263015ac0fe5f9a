from dataclasses import replace

import numpy as np

from views.marks import cluster_marks, stars, strong
from views.profile import region_profile
from views.state import View
from views.values import indicator_values


def test_stuttgart_has_three_stars_in_motor_vehicles(store):
    table = stars(store, View(sector="C29"))
    assert table.loc["DE11"].tolist() == [True, True, True, 3]
    assert table["stars"].between(0, 3).all()


def test_region_profile_lists_specialisations_trend_and_totals(store):
    profile = region_profile(store, View(sector="C29"), "DE11")
    assert profile.name == "Stuttgart" and profile.level == 2
    assert profile.specialisations["nace"].iloc[0] == "C29"
    assert profile.specialisations["lq"].is_monotonic_decreasing
    assert profile.trend["year"].tolist() == list(range(2008, 2016))
    assert profile.trend.set_index("year").loc[2015, "measure_value"] == 160445.0
    assert profile.totals["Persons employed, C29 2014"] == 158012.0


def test_a_profile_is_the_same_whatever_the_indicator(store):
    a = region_profile(store, View(sector="C29", indicator="lq"), "DE11")
    b = region_profile(store, replace(View(sector="C29"), indicator="focus"), "DE11")
    assert a.totals.equals(b.totals)


def test_stuttgart_is_a_strong_motor_vehicle_cluster_and_its_portfolio_lists_it(store):
    marks = cluster_marks(store, View(sector="C29"))
    assert marks.loc["DE11", "strong"] and marks.loc["DE11", "stars"] == 3
    assert marks["strong"].sum() < 0.25 * marks["strong"].size  # top quartile of LQ, at most
    profile = region_profile(store, View(sector="C29"), "DE11")
    portfolio = profile.portfolio.set_index("nace")
    assert portfolio.loc["C29", "stars"] == 3 and portfolio.loc["C29", "strong"]
    assert 0 < profile.cluster_strength < 1


def test_strong_clusters_need_lq_of_at_least_one(store):
    view = View(sector="C20")
    flags = strong(store, view)
    lq = indicator_values(store, view)["value"]
    assert (lq[flags] >= 1).all() and flags.any()


def test_stars_count_the_three_criteria(store):
    table = stars(store, View(sector="C10"))
    np.testing.assert_array_equal(table["stars"], table[["size", "specialisation", "focus"]].sum(axis=1))


def test_marks_are_empty_for_regional_indices(store):
    assert cluster_marks(store, View(indicator="herfindahl")).empty
