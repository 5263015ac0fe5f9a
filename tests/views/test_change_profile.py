"""The region profile's change section (issue 14): shift-share waterfall, actual vs expected, growth index."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import shift_share
from callbacks.region_panel import region_children
from layers.change import build_shift_share_waterfall
from views.change_profile import WATERFALL_LABELS, change_profile, change_years, top_gains_and_losses
from views.url import parse_query
from views.values import effective_view

LINK = "?sector=C&indicator=lq_change&start=2009&year=2014&level=2"


@pytest.fixture(scope="module")
def view(store):
    return effective_view(store, parse_query(LINK, store).view)


def test_the_waterfall_adds_up_to_the_regions_change_over_its_divisions(store, view):
    profile = change_profile(store, view, "DE11")
    codes = store.codes_at_level("sbs", 2)
    m0 = store.matrix("sbs", 2013, "employment", 2009, 2, codes)
    m1 = store.matrix("sbs", 2013, "employment", 2014, 2, codes)
    known = m0.loc["DE11"].notna() & m1.loc["DE11"].notna()
    w = profile.waterfall
    assert w["total"] == pytest.approx((m1.loc["DE11"] - m0.loc["DE11"])[known].sum())
    assert w["national"] + w["industry_mix"] + w["competitive"] == pytest.approx(w["total"])
    # the national part by hand: E0 of the region's known divisions × g of all shown regions' known cells
    both = m0.notna() & m1.notna()
    g = m1[both].sum().sum() / m0[both].sum().sum() - 1
    assert w["national"] == pytest.approx(m0.loc["DE11"][known].sum() * g)
    assert w["competitive"] == pytest.approx(shift_share(m0, m1).competitive.loc["DE11"].sum())


def test_sectors_are_ranked_by_competitive_shift_actual_minus_expected(store, view):
    sectors = change_profile(store, view, "DE11").sectors
    assert sectors["competitive"].is_monotonic_decreasing and len(sectors) > 20
    np.testing.assert_allclose(sectors["actual"] - sectors["expected"], sectors["competitive"], atol=1e-6)
    top = top_gains_and_losses(sectors, n=3)
    assert list(top["competitive"] > 0) == [True] * 3 + [False] * 3
    assert top["competitive"].iloc[0] == sectors["competitive"].max()
    assert top["competitive"].iloc[-1] == sectors["competitive"].min()


def test_growth_index_starts_at_100_and_follows_the_measure(store, view):
    trend = change_profile(store, view, "DE11").trend
    assert trend["year"].tolist() == list(range(2009, 2015))
    assert trend.loc[0, "region_index"] == pytest.approx(100) and trend.loc[0, "reference_index"] == pytest.approx(100)
    c = store.matrix("sbs", 2013, "employment", 2014, 2, ["C"])["C"]
    c0 = store.matrix("sbs", 2013, "employment", 2009, 2, ["C"])["C"]
    assert trend["region_index"].iloc[-1] == pytest.approx(100 * c["DE11"] / c0["DE11"], rel=1e-9)


def test_without_a_start_year_the_profile_compares_with_the_first_year(store, view):
    from dataclasses import replace

    assert change_years(store, replace(view, start=None)) == (2008, 2014)
    assert change_years(store, replace(view, start=None, year=2008)) is None


def test_the_panel_shows_the_waterfall_and_the_gains_and_losses(store, view):
    text = str(region_children(store, view, "DE11"))
    for part in ("region-waterfall", "region-competitive", "region-change-trend", "Change 2009–2014"):
        assert part in text
    figure = build_shift_share_waterfall(pd.Series({"national": 11.0, "industry_mix": -1.0, "competitive": 10.0,
                                                    "total": 20.0}), WATERFALL_LABELS, start=2009, end=2014,
                                         measure_label="persons employed")
    trace = figure.data[0]
    assert trace.type == "bar" and list(trace.y) == [11, -1, 10, 20] and list(trace.base) == [0, 11, 10, 0]
