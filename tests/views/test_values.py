import numpy as np
import pytest

from analysis.specialisation import location_quotient
from views.state import View
from views.values import effective_view, indicator_values, ranking, sector_matrix


def test_default_view_is_manufacturing_lq_at_nuts2_in_2014(store):
    view = effective_view(store, View())
    assert (view.sector, view.indicator, view.level, view.year, view.version) == ("C", "lq", 2, 2014, 2013)
    assert view.notices == ()


def test_lq_of_stuttgart_in_motor_vehicles_is_computed_from_the_business_total(store):
    view = View(sector="C29")
    values = indicator_values(store, view)
    m = sector_matrix(store, view, "C29")
    e_rs, e_r = m.loc["DE11", "C29"], m.loc["DE11"].sum()
    known = m["C29"].notna()
    expected = (e_rs / e_r) / (m.loc[known, "C29"].sum() / m.loc[known].sum(axis=1).sum())
    assert values.loc["DE11", "value"] == pytest.approx(expected, rel=1e-9)
    assert values.loc["DE11", "value"] > 4  # Stuttgart is Europe's motor-vehicle region
    assert values.loc["DE11", "measure_value"] == 158012.0


def test_missing_values_say_why(store):
    values = indicator_values(store, View(sector="C29"))
    missing = values[values["value"].isna()]
    assert (missing["reason"] != "").all() and (values.loc[values["value"].notna(), "reason"] == "").all()
    assert "confidential (Eurostat flag c)" in set(missing["reason"])
    assert any(r.startswith("not covered") for r in missing["reason"])


def test_country_filter_restricts_regions_and_the_reference(store):
    view = View(sector="C29", countries=("DE", "AT"))
    values = indicator_values(store, view)
    assert set(values["country"]) == {"DE", "AT"}
    m = sector_matrix(store, view, "C29")
    np.testing.assert_allclose(values["value"], location_quotient(m)["C29"], rtol=1e-12)


def test_own_country_reference_makes_the_weighted_mean_lq_one_in_each_country(store):
    values = indicator_values(store, View(sector="C", reference="country"))
    m = sector_matrix(store, View(sector="C"), "C").dropna()
    weights = m.sum(axis=1)  # E_r., the business-economy total
    lq = values.loc[m.index, "value"]
    countries = values.loc[m.index, "country"]
    weighted = (lq * weights).groupby(countries).sum() / weights.groupby(countries).sum()
    np.testing.assert_allclose(weighted.to_numpy(), 1.0, rtol=1e-9)
    assert not np.allclose(lq, indicator_values(store, View(sector="C")).loc[m.index, "value"])


def test_context_indicator_moves_to_nuts_2021_with_a_notice(store):
    view = effective_view(store, View(indicator="gdp_per_capita", level=3, year=2014))
    assert (view.version, view.level) == (2021, 3)
    assert any("NUTS 2021" in n for n in view.notices)
    values = indicator_values(store, view)
    assert values["value"].notna().sum() > 1200
    paris = values.loc["FR101", "value"]
    assert 80_000 < paris < 250_000  # EUR per inhabitant, Paris


def test_region_scope_indices_stay_in_their_bounds(store):
    for key, (low, high) in {"herfindahl": (0, 1), "krugman": (0, 2), "entropy": (0, np.log2(13))}.items():
        values = indicator_values(store, View(indicator=key))["value"].dropna()
        assert len(values) > 250 and values.between(low, high).all(), key


def test_ranking_puts_the_highest_first_and_missing_last(store):
    ranked = ranking(indicator_values(store, View(sector="C29")))
    assert ranked.iloc[0]["rank"] == 1 and ranked["value"].iloc[0] == ranked["value"].max()
    assert ranked["value"].iloc[-1] != ranked["value"].iloc[-1]  # NaN last
    assert ranked["rank"].isna().sum() == ranked["value"].isna().sum()
