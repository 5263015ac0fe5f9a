"""Firm clusters and K-density of a view on a synthetic register with planted clusters (views, layers, callbacks)."""

from dataclasses import replace

import pytest
from shapely.geometry import Point

from callbacks.point_clusters import cluster_outputs, hidden, k_children, zoom_changes
from data.store import DataStore
from data.synthetic_clusters import CENTRES, planted_register
from ingest.workspace import ingest_file
from ingest.workspace_store import load_workspace
from layers.map_contract import POINT_CLUSTERS_TRACE
from layers.point_clusters import point_clusters_update, table_rows
from views.point_clusters import NO_POINTS, firm_clusters, localisation, view_firms
from views.state import View
from views.values import effective_view


@pytest.fixture(scope="module")
def planted_store(tmp_path_factory):
    workspace = tmp_path_factory.mktemp("planted")
    firms = planted_register(4000, groups=3, per_group=300, seed=1)
    ingest_file(firms.to_csv(index=False).encode(), filename="planted.csv", name="planted", workspace=workspace)
    store = DataStore()
    load_workspace(store, workspace)
    return store


def _view(store, **fields) -> View:
    return effective_view(store, View(dataset="planted", layers=("outlines", "pointclusters"), **fields))


def test_planted_groups_are_found_as_the_largest_clusters(planted_store):
    result = firm_clusters(planted_store, _view(planted_store, indicator="herfindahl"))  # all sectors
    summary = result.summary
    assert result.firms == 4900 and summary is not None and len(summary) >= 3
    # each planted centre lies inside the hull of a cluster of ≥ 270 firms (300 planted in a 20 km disc)
    for (lon, lat), _ in CENTRES[:3]:
        around = summary[summary.contains(Point(lon, lat))]
        assert len(around) == 1 and around["firms"].iloc[0] >= 270, (lon, lat)
    assert "firm clusters (HDBSCAN, at least 25 firms)" in result.message
    again = firm_clusters(planted_store, _view(planted_store, indicator="herfindahl"))
    assert again is result  # cached per (generation, sector, countries, parameters)


def test_sector_filter_and_dbscan(planted_store):
    view = _view(planted_store, sector="C29", cluster_method="dbscan", cluster_size=50)
    assert view.sector == "C29" and len(view_firms(planted_store, view)) >= 300
    summary = firm_clusters(planted_store, view).summary
    assert len(summary) == 1 and summary.iloc[0]["nace"] == "C2910 100%"  # only the Stuttgart group
    assert summary.iloc[0]["sme_firm_share"] > 0.9
    assert summary.iloc[0]["nuts2"].startswith("DE11")  # Stuttgart region


def test_hdbscan_on_one_group_explains(planted_store):
    result = firm_clusters(planted_store, _view(planted_store, sector="C29"))
    assert result.summary is not None and result.summary.empty and "try DBSCAN" in result.message


def test_layer_updates_table_and_zoom(planted_store):
    view = _view(planted_store, sector="C29", cluster_method="dbscan")
    changes, rows, status = cluster_outputs(planted_store, view, [2021, 2, True, False])
    trace = changes["traces"][POINT_CLUSTERS_TRACE]
    assert trace["visible"] and trace["locations"] == [str(r["cluster"]) for r in rows]
    assert len(trace["geojson"]["features"]) == len(rows) and "Firm cluster 0" in trace["customdata"][0]
    assert rows[0]["firms"] >= 270 and "firm clusters" in status
    zoom = zoom_changes(rows[0], [2021, 2, True, False])
    assert zoom["layout"]["map.center.lon"] == pytest.approx(9.18, abs=0.1) and 6 <= zoom["layout"]["map.zoom"] <= 11
    assert hidden([1])["traces"][POINT_CLUSTERS_TRACE]["visible"] is False
    assert point_clusters_update(None, visible=True)["visible"] is False and table_rows(None) == []


def test_k_density_of_a_planted_sector_is_localised(planted_store):
    found = localisation(planted_store, _view(planted_store, sector="C29"))
    assert found.result is not None and found.result.gamma > 0
    assert found.sentence.startswith("Firms in C29 are localised between 0 and ")
    assert "Γ = " in found.sentence
    children = k_children(planted_store, _view(planted_store, sector="C29"))
    assert len(children) == 2  # sentence and chart


def test_datasets_without_points_explain(store):
    view = effective_view(store, View(layers=("pointclusters",)))
    assert firm_clusters(store, view).message == NO_POINTS and localisation(store, view).sentence == NO_POINTS
    assert "no firm locations" in NO_POINTS


def test_over_the_limit_is_refused_with_a_message(planted_store, monkeypatch):
    import views.point_clusters as vpc
    monkeypatch.setattr(vpc, "MAX_CLUSTER_FIRMS", 100)
    result = vpc.firm_clusters(planted_store, replace(_view(planted_store, sector="C"), cluster_size=10))
    assert result.summary is None and "would exceed the time limit" in result.message
