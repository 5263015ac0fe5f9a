"""Change views (issue 14): the start-year rules, the link contract and the change indicators' values."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from analysis import TRAJECTORIES, shift_share
from analysis.registry import INDICATORS
from views.change import both_years, is_change
from views.map_data import map_values
from views.state import View
from views.url import encode_query, parse_query
from views.values import effective_view, indicator_values, sector_matrix

LINK = "?sector=C&indicator=lq_change&start=2009&year=2014&level=2"
CHANGE_KEYS = [k for k, spec in INDICATORS.items() if spec.scope == "change"]


def _view(store, query: str) -> View:
    return effective_view(store, parse_query(query, store).view)


def test_the_link_gives_the_difference_of_the_single_year_lqs(store):
    view = _view(store, LINK)
    assert (view.indicator, view.start, view.year, view.level, view.notices) == ("lq_change", 2009, 2014, 2, ())
    change = indicator_values(store, view)["value"]
    lq = {y: indicator_values(store, _view(store, f"?sector=C&indicator=lq&year={y}&level=2"))["value"]
          for y in (2009, 2014)}
    expected = lq[2014] - lq[2009]
    assert change.notna().sum() > 150
    np.testing.assert_allclose(change.to_numpy(), expected.reindex(change.index).to_numpy(), rtol=1e-12)


def test_a_start_year_travels_in_the_url_and_none_is_omitted(store):
    view = replace(View(), indicator="growth", start=2010)
    assert "start=2010" in encode_query(view) and "start" not in encode_query(View())
    assert parse_query(encode_query(view), store).view == view
    state = parse_query("?start=1990", store)
    assert state.view.start is None and "'start'='1990' ignored" in state.notices[0]


@pytest.mark.parametrize(("query", "notice"), [
    ("?indicator=growth&start=2014&year=2014", "start year 2014 is not earlier than the year 2014"),
    ("?indicator=growth&start=2015&year=2012", "start year 2015 is not earlier than the year 2012"),
    ("?indicator=lq_change", "Change of the location quotient needs a start year"),
])
def test_a_start_year_not_before_the_year_is_cleared_with_a_notice(store, query, notice):
    view = _view(store, query)
    assert view.start is None and view.indicator == "lq" and not is_change(view)
    assert any(n.startswith(notice) for n in view.notices), view.notices


def test_a_single_year_indicator_with_a_start_year_keeps_it(store):
    view = _view(store, "?indicator=lq&start=2009")
    assert view.start == 2009 and not is_change(view) and both_years(view) == "2014"


def test_growth_and_shift_share_of_one_region_by_hand(store):
    view = _view(store, "?sector=C&indicator=change&start=2009&year=2014&level=2")
    raw = {y: store.matrix("sbs", 2013, "employment", y, 2, ["C"])["C"] for y in (2009, 2014)}
    region = indicator_values(store, view)["value"].dropna().index[0]
    e0, e1 = raw[2009][region], raw[2014][region]
    values = {k: indicator_values(store, replace(view, indicator=k)) for k in CHANGE_KEYS}
    assert values["change"].loc[region, "value"] == pytest.approx(e1 - e0)
    assert values["growth"].loc[region, "value"] == pytest.approx(100 * (e1 / e0 - 1))
    assert values["cagr"].loc[region, "value"] == pytest.approx(100 * ((e1 / e0) ** (1 / 5) - 1))
    assert values["change"].loc[region, "start_value"] == e0 and values["change"].loc[region, "end_value"] == e1
    m0, m1 = sector_matrix(store, view, "C", 2009), sector_matrix(store, view, "C", 2014)
    known = m0.notna().all(axis=1) & m1.notna().all(axis=1)
    g_s = m1.loc[known, "C"].sum() / m0.loc[known, "C"].sum() - 1
    expected = m0.loc[region, "C"] * (m1.loc[region, "C"] / m0.loc[region, "C"] - 1 - g_s)
    assert values["competitive_shift"].loc[region, "value"] == pytest.approx(expected)
    assert values["competitive_shift"].loc[region, "value"] == pytest.approx(
        shift_share(m0, m1).competitive.loc[region, "C"])
    share = 100 * (m1.loc[region, "C"] / m1.loc[known | m1["C"].notna(), "C"].sum()
                   - m0.loc[region, "C"] / m0.loc[m0["C"].notna(), "C"].sum())
    assert values["share_change"].loc[region, "value"] == pytest.approx(share)
    codes = values["trajectory"]["value"].dropna()
    assert set(codes) <= set(range(len(TRAJECTORIES))) and len(set(codes)) >= 3


def test_change_maps_name_both_years_and_diverge_around_zero(store):
    data = map_values(store, _view(store, LINK))
    assert data.centre == 0.0 and data.title.endswith("2009–2014")
    trajectory = map_values(store, _view(store, LINK.replace("lq_change", "trajectory")))
    assert trajectory.categories == TRAJECTORIES and trajectory.centre is None
