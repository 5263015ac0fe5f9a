"""Compare mode and peers on the default data: the URL parameter, the comparison, the peers with why."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from analysis import location_quotient, similar_regions
from views.compare import FIGURES, comparison, comparison_table
from views.peers import PEER_SETS, division_tables, region_peers
from views.state import MAX_COMPARE, View
from views.url import encode_query, parse_query
from views.values import effective_view

VIEW = View(compare=("DE11", "FR10", "ITC4"))


def test_url_keeps_known_ids_in_order_and_drops_the_others_with_a_notice(store):
    state = parse_query("?compare=ITC4,XX99,DE11,ITC4", store)
    assert state.view.compare == ("ITC4", "DE11")
    assert len(state.notices) == 1 and "XX99" in state.notices[0]
    assert parse_query(encode_query(VIEW), store).view == VIEW


def test_url_takes_at_most_ten_regions(store):
    ids = list(store.region_table(2013, 2).index[:12])
    state = parse_query("?compare=" + ",".join(ids), store)
    assert state.view.compare == tuple(ids[:MAX_COMPARE])
    assert ",".join(ids[MAX_COMPARE:]) in state.notices[0]


def test_comparison_figures_agree_with_the_store(store):
    result = comparison(store, VIEW)
    figures = result.figures
    assert list(figures.index) == ["DE11", "FR10", "ITC4"] and set(FIGURES) <= set(figures.columns)
    assert figures.loc["DE11", "name"] == "Stuttgart"
    total = store.business_total("sbs", 2013, "employment", 2014, 2)
    assert_allclose(figures["employment_total"], total.reindex(figures.index), rtol=1e-12)
    sector = store.matrix("sbs", 2013, "employment", 2014, 2, ["C"])["C"]
    assert_allclose(figures["sector_value"], sector.reindex(figures.index))
    # LQ of C by hand over the regions with both numbers: (E_rC / E_r) / (Σ E_C / Σ E)
    both = sector.notna() & total.notna()
    expected = (sector / total) / (sector[both].sum() / total[both].sum())
    assert_allclose(figures["sector_lq"], expected.reindex(figures.index), rtol=1e-9)
    tables = division_tables(store, VIEW)
    assert (figures["strong_clusters"] == tables.strong.loc[figures.index].sum(axis=1)).all()
    assert figures.loc["DE11", "strong_clusters"] == len(result.strong["DE11"]) > 0
    assert figures["gdp_per_inhabitant"].notna().any()


def test_comparison_lq_heatmap_and_trend(store):
    result = comparison(store, VIEW)
    assert list(result.lq.columns) == ["label", "DE11", "FR10", "ITC4"]
    assert result.lq.index.str.match(r"^[A-S]\d\d$").all() and len(result.lq) > 50
    tables = division_tables(store, VIEW)
    assert_allclose(result.lq.loc["C29", "DE11"], location_quotient(tables.structure).loc["DE11", "C29"])
    assert list(result.trend.index) == list(store.dataset("sbs").years)
    assert result.trend.loc[2014, "DE11"] == result.figures.loc["DE11", "sector_value"]


def test_regions_of_another_level_are_skipped(store):
    result = comparison(store, replace(VIEW, compare=("DE11", "DE111", "FR10")))
    assert list(result.figures.index) == ["DE11", "FR10"] and result.skipped == ("DE111",)


def test_comparison_table_has_one_row_per_region_and_the_lq_columns(store):
    table = comparison_table(comparison(store, VIEW))
    assert table["nuts_id"].tolist() == ["DE11", "FR10", "ITC4"]
    assert {"lq_C29", "employment_total", "strong_cluster_codes", "year", "nace"} <= set(table.columns)


def test_peers_say_why_and_follow_the_distances(store):
    peers = region_peers(store, View(), "DE11")
    assert set(peers["set"]) == set(PEER_SETS) and (peers["nuts_id"] != "DE11").all()
    assert peers["why"].str.len().gt(5).all() and peers["name"].notna().all()
    structure = peers[peers["set"] == "structure"]
    expected = similar_regions(division_tables(store, View()).structure, "DE11", k=len(structure))
    assert structure["nuts_id"].tolist() == list(expected.index)
    assert_allclose(structure["distance"], expected.to_numpy())
    assert structure["why"].iloc[0] == f"similar sector structure: {expected.iloc[0]:.2f} Krugman distance"
    assert (peers.loc[peers["set"] == "country", "country"] == "DE").all()
    neighbours = set(peers.loc[peers["set"] == "neighbour", "nuts_id"])
    assert neighbours <= {"DE12", "DE13", "DE14", "DE25", "DE26", "DE27", "DE24", "DEB3"} and neighbours
    strong = division_tables(store, View()).strong
    for _, row in peers[peers["set"] == "cluster"].iterrows():  # five rows
        n = int(row["why"].split()[1])
        assert n == int((strong.loc["DE11"] & strong.loc[row["nuts_id"]]).sum())


@pytest.mark.parametrize("region", ["DE11", "ITC4", "FRA1", "FRY1"])
def test_peers_never_fail_on_real_regions(store, region):
    peers = region_peers(store, View(), region)
    assert isinstance(peers, pd.DataFrame) and np.isfinite(peers["distance"].dropna()).all()
    assert peers.empty == (region == "FRY1")  # FRY1 is a NUTS 2021 code; the view shows NUTS 2013


def test_compared_regions_share_the_map_values_of_the_view(store):
    from views.map_data import map_values

    view = effective_view(store, View(sector="C29"))
    assert map_values(store, replace(view, compare=("DE11", "FR10"))) is map_values(store, view)
