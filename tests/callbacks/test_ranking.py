"""Ranking grid on the infinite row model: server-side sort, filter and blocks, the view cache, the wiring."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from app import create_app
from callbacks import ids
from callbacks.controls import after_map
from callbacks.ranking import (
    BLOCK_SIZE,
    PURGE_BLOCKS,
    RANKING_CONTROLS,
    RankingCache,
    block_bounds,
    filter_mask,
    panel,
    ranking_page,
    ranking_rows,
    ranking_table,
    ranking_view,
    sort_table,
)
from data.store import DataStore, new_generation
from layers.map_view import compute_values
from views.state import CONTROLS, View, control_values
from views.values import effective_view

ENDPOINT = "/_dash-update-component"
NUTS3_GDP = View(indicator="gdp_meur", level=3, version=2021, year=2019)


def _values(rows: list[tuple]) -> pd.DataFrame:
    """``indicator_values``-shaped frame from (nuts_id, name, country, value, measure_value, flag, reason)."""
    frame = pd.DataFrame(rows, columns=["nuts_id", "name", "country", "value", "measure_value", "flag", "reason"])
    return frame.set_index("nuts_id", drop=False).rename_axis("nuts_id")


# rank order: BE2 3.0, DE1 2.25, FR2 2.0, AT1 1.5, FR1 0.5, DE2 missing (last, unranked)
SMALL = _values([
    ("AT1", "Ostösterreich", "AT", 1.5, 100.0, "", ""),
    ("BE2", "Vlaams Gewest", "BE", 3.0, 300.0, "", ""),
    ("DE1", "Baden-Württemberg", "DE", 2.25, 250.0, "p", ""),
    ("DE2", "Bayern", "DE", np.nan, np.nan, "c", "confidential: not published (Eurostat flag c)"),
    ("FR1", "Île-de-France", "FR", 0.5, 50.0, None, ""),
    ("FR2", "Bassin Parisien", "FR", 2.0, 80.0, " ", ""),
])
RANK_ORDER = ["BE2", "DE1", "FR2", "AT1", "FR1", "DE2"]


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    return ranking_table(SMALL)


def _ids(page: dict) -> list[str]:
    return [row["nuts_id"] for row in page["rowData"]]


def _page(table: pd.DataFrame, *, start: int = 0, end: int = BLOCK_SIZE, sort=None, filters=None) -> dict:
    request = {"startRow": start, "endRow": end, "sortModel": sort or [], "filterModel": filters or {}}
    return ranking_page(table, request)


# ---- the ranked table --------------------------------------------------------------------------
def test_ranking_table_ranks_rounds_and_shortens_reasons(small):
    assert list(small.columns) == ["rank", "nuts_id", "name", "country", "value", "measure_value", "flag", "reason"]
    assert small["nuts_id"].tolist() == RANK_ORDER and small.index.tolist() == list(range(6))
    assert small["rank"].tolist()[:5] == [1, 2, 3, 4, 5] and small["rank"].isna().tolist()[5]
    assert small.loc[5, "reason"] == "confidential"
    rounded = ranking_table(_values([("X1", "x", "XX", 1.234567, 10.556, "", "")]))
    assert (rounded.loc[0, "value"], rounded.loc[0, "measure_value"]) == (1.2346, 10.56)


def test_without_sort_or_filter_the_page_is_the_ranking(small):
    page = _page(small)
    assert page["rowCount"] == 6 and _ids(page) == RANK_ORDER
    assert page["rowData"] == ranking_rows(SMALL)
    assert page["rowData"][-1]["rank"] is None and page["rowData"][-1]["value"] is None
    assert page["rowData"][4]["flag"] is None  # NaN and None cells become JSON null


# ---- sort --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("sort", "expected"), [
    ([{"colId": "name", "sort": "asc"}], ["DE1", "FR2", "DE2", "AT1", "BE2", "FR1"]),  # code-point order: Î last
    ([{"colId": "name", "sort": "desc"}], ["FR1", "BE2", "AT1", "DE2", "FR2", "DE1"]),
    ([{"colId": "value", "sort": "asc"}], ["FR1", "AT1", "FR2", "DE1", "BE2", "DE2"]),  # missing last
    ([{"colId": "value", "sort": "desc"}], RANK_ORDER),
    ([{"colId": "rank", "sort": "desc"}], ["FR1", "AT1", "FR2", "DE1", "BE2", "DE2"]),  # unranked last
    ([{"colId": "country", "sort": "asc"}, {"colId": "value", "sort": "asc"}],
     ["AT1", "BE2", "DE1", "DE2", "FR1", "FR2"]),
    ([{"colId": "country", "sort": "desc"}], ["FR2", "FR1", "DE1", "DE2", "BE2", "AT1"]),  # ties keep the rank order
    ([{"colId": "nope", "sort": "asc"}, {"colId": "name", "sort": "sideways"}], RANK_ORDER),  # ignored
])
def test_sort_model_orders_rows_server_side(small, sort, expected):
    assert _ids(_page(small, sort=sort)) == expected


def test_sort_ignores_malformed_models_and_keeps_the_input(small):
    for model in (None, "name", {"colId": "name"}, [None, 3, {"sort": "asc"}]):
        pd.testing.assert_frame_equal(sort_table(small, model), small)


# ---- filter: text --------------------------------------------------------------------------------
def _text(column: str, kind: str, text: str | None = None) -> dict:
    condition = {"filterType": "text", "type": kind} | ({"filter": text} if text is not None else {})
    return {column: condition}


@pytest.mark.parametrize(("filters", "expected"), [
    (_text("name", "contains", "PAR"), ["FR2"]),  # case-insensitive, like the grid's default matcher
    (_text("name", "notContains", "st"), ["DE1", "FR2", "FR1", "DE2"]),
    (_text("name", "equals", "bayern"), ["DE2"]),
    (_text("name", "notEqual", "bayern"), ["BE2", "DE1", "FR2", "AT1", "FR1"]),
    (_text("name", "startsWith", "ba"), ["DE1", "FR2", "DE2"]),
    (_text("name", "endsWith", "N"), ["FR2", "DE2"]),
    (_text("nuts_id", "startsWith", "de"), ["DE1", "DE2"]),
    # missing cells (FR1's flag): pass notEqual and notContains only, as in the grid
    (_text("flag", "contains", "c"), ["DE2"]),
    (_text("flag", "notContains", "c"), ["BE2", "DE1", "FR2", "AT1", "FR1"]),
    (_text("flag", "notEqual", "p"), ["BE2", "FR2", "AT1", "FR1", "DE2"]),
    # blank: missing, empty or spaces only
    (_text("flag", "blank"), ["BE2", "FR2", "AT1", "FR1"]),
    (_text("flag", "notBlank"), ["DE1", "DE2"]),
])
def test_text_filters(small, filters, expected):
    page = _page(small, filters=filters)
    assert _ids(page) == expected and page["rowCount"] == len(expected)


# ---- filter: number ------------------------------------------------------------------------------
def _number(column: str, kind: str, low=None, high=None) -> dict:
    condition = {"filterType": "number", "type": kind}
    condition |= {"filter": low} if low is not None else {}
    condition |= {"filterTo": high} if high is not None else {}
    return {column: condition}


@pytest.mark.parametrize(("filters", "expected"), [
    (_number("value", "equals", 1.5), ["AT1"]),
    (_number("value", "notEqual", 1.5), ["BE2", "DE1", "FR2", "FR1"]),  # missing values fail, as in the grid
    (_number("value", "lessThan", 2), ["AT1", "FR1"]),
    (_number("value", "lessThanOrEqual", 2), ["FR2", "AT1", "FR1"]),
    (_number("value", "greaterThan", 2), ["BE2", "DE1"]),
    (_number("value", "greaterThanOrEqual", 2.25), ["BE2", "DE1"]),
    (_number("value", "inRange", 0.5, 2.25), ["FR2", "AT1"]),  # both ends excluded (the grid's default)
    (_number("value", "blank"), ["DE2"]),
    (_number("value", "notBlank"), ["BE2", "DE1", "FR2", "AT1", "FR1"]),
    (_number("rank", "lessThanOrEqual", 2), ["BE2", "DE1"]),
    (_number("rank", "blank"), ["DE2"]),
    (_number("measure_value", "greaterThan", "99.5"), ["BE2", "DE1", "AT1"]),  # numeric text is a number
])
def test_number_filters(small, filters, expected):
    page = _page(small, filters=filters)
    assert _ids(page) == expected and page["rowCount"] == len(expected)


# ---- filter: combined, several columns, unknown parts --------------------------------------------
def test_combined_conditions_join_with_their_operator(small):
    either = {"name": {"filterType": "text", "operator": "OR", "conditions": [
        {"filterType": "text", "type": "contains", "filter": "bay"},
        {"filterType": "text", "type": "startsWith", "filter": "île"}]}}
    assert _ids(_page(small, filters=either)) == ["FR1", "DE2"]
    both = {"value": {"filterType": "number", "operator": "AND", "conditions": [
        {"filterType": "number", "type": "greaterThan", "filter": 1},
        {"filterType": "number", "type": "lessThan", "filter": 3}]}}
    assert _ids(_page(small, filters=both)) == ["DE1", "FR2", "AT1"]


def test_filters_on_several_columns_are_all_applied(small):
    filters = _text("country", "equals", "de") | _number("value", "notBlank")
    assert _ids(_page(small, filters=filters)) == ["DE1"]


@pytest.mark.parametrize("filters", [
    {"nope": {"filterType": "text", "type": "contains", "filter": "x"}},  # unknown column
    {"country": {"filterType": "set", "values": ["DE"]}},  # filter type the server does not know
    {"value": {"filterType": "number", "type": "roughly", "filter": 1}},  # unknown condition type
    {"value": {"filterType": "number", "type": "greaterThan", "filter": "many"}},  # not a number
    {"value": {"filterType": "number", "type": "inRange", "filter": 1}},  # range without its end
    {"name": {"filterType": "text", "type": "contains"}},  # no text
    {"name": {"filterType": "text", "operator": "OR", "conditions": "contains x"}},
    {"name": "contains x"},
    "name contains x",
    None,
])
def test_unknown_filter_parts_are_ignored(small, filters):
    assert filter_mask(small, filters).all()
    assert _page(small, filters=filters)["rowCount"] == 6


def test_an_unknown_condition_does_not_widen_an_or(small):
    model = {"name": {"filterType": "text", "operator": "OR", "conditions": [
        {"filterType": "text", "type": "contains", "filter": "bay"}, {"filterType": "text", "type": "fuzzy"}]}}
    assert _ids(_page(small, filters=model)) == ["DE2"]


# ---- blocks ----------------------------------------------------------------------------------------
def _large_values() -> pd.DataFrame:
    """250 regions with distinct values, R000 (highest) … R249; every 10th one missing."""
    value = np.linspace(250.0, 1.0, 250)
    value[9::10] = np.nan
    return _values([(f"R{i:03d}", f"Region {i}", "XX", v, v, "", "") for i, v in enumerate(value)])


@pytest.fixture(scope="module")
def large() -> pd.DataFrame:
    return ranking_table(_large_values())


def test_blocks_tile_the_ranking_without_gaps_or_overlaps(large):
    pages = [_page(large, start=s, end=s + BLOCK_SIZE) for s in (0, 100, 200)]
    assert [p["rowCount"] for p in pages] == [250, 250, 250]
    assert [len(p["rowData"]) for p in pages] == [100, 100, 50]
    assert [row for p in pages for row in p["rowData"]] == ranking_rows(_large_values())
    assert pages[0]["rowData"][-1]["rank"] == 100 and pages[1]["rowData"][0]["rank"] == 101
    assert pages[2]["rowData"][24]["rank"] == 225 and pages[2]["rowData"][25]["rank"] is None  # 25 missing last


def test_blocks_follow_the_filter_and_sort(large):
    filters = _number("value", "notBlank")
    pages = [_page(large, start=s, end=s + BLOCK_SIZE, sort=[{"colId": "value", "sort": "asc"}], filters=filters)
             for s in (0, 100, 200)]
    assert [p["rowCount"] for p in pages] == [225, 225, 225]
    assert [len(p["rowData"]) for p in pages] == [100, 100, 25]
    values = [row["value"] for p in pages for row in p["rowData"]]
    assert values == sorted(values) and len(set(values)) == 225


@pytest.mark.parametrize(("request_", "bounds"), [
    ({"startRow": 100, "endRow": 200}, (100, 200)),
    ({"startRow": 0, "endRow": 10_000}, (0, BLOCK_SIZE)),  # never more than a block
    ({"startRow": 40, "endRow": 60}, (40, 60)),
    ({"startRow": -5, "endRow": 50}, (0, 50)),
    ({"startRow": "x", "endRow": None}, (0, BLOCK_SIZE)),
    ({"startRow": 2.5, "endRow": True}, (0, BLOCK_SIZE)),
    ({"startRow": 300, "endRow": 200}, (300, 300 + BLOCK_SIZE)),
    ({}, (0, BLOCK_SIZE)),
])
def test_block_bounds_are_clamped(request_, bounds):
    assert block_bounds(request_) == bounds


def test_a_block_past_the_end_is_empty_but_counts_the_rows(large):
    assert _page(large, start=300, end=400) == {"rowData": [], "rowCount": 250}
    assert ranking_page(large, None)["rowCount"] == 250 and len(ranking_page(large, "x")["rowData"]) == BLOCK_SIZE


# ---- the view cache ---------------------------------------------------------------------------------
def test_cache_returns_the_same_table_per_view_and_ignores_layers(store):
    cache = RankingCache(store, maxsize=2)
    view = effective_view(store, View(sector="C29"))
    table = cache(view)
    assert cache(view) is table
    assert cache(replace(view, layers=("sites",), alpha=0.01)) is table
    values, _ = compute_values(store, view)
    pd.testing.assert_frame_equal(table, ranking_table(values))
    cache(effective_view(store, View(sector="C10")))
    cache(effective_view(store, View(sector="C11")))
    assert cache(view) is not table  # bounded: the least recently used view was dropped


def test_cache_is_dropped_when_the_datasets_change():
    store = DataStore()  # its own store: this test replaces a dataset
    cache = RankingCache(store)
    view = effective_view(store, View(sector="C29"))
    table = cache(view)
    # same data, replaced as an upload would: a new generation
    store.add_dataset(replace(store.dataset("sbs"), generation=new_generation()))
    again = cache(view)
    assert again is not table
    pd.testing.assert_frame_equal(again, table)


# ---- the wiring ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(store):
    return create_app(store).server.test_client()


def test_grid_uses_the_infinite_row_model_with_one_block_at_a_time():
    grid = panel().children[1]
    assert grid.rowModelType == "infinite" and not hasattr(grid, "rowData")
    assert grid.dashGridOptions["cacheBlockSize"] == BLOCK_SIZE
    assert grid.dashGridOptions["maxConcurrentDatasourceRequests"] == 1
    assert grid.dashGridOptions["rowSelection"]["mode"] == "singleRow" and grid.getRowId == "params.data.nuts_id"


def test_view_change_purges_the_blocks_in_the_browser_and_renames_the_value_column(client):
    callbacks = client.get("/_dash-dependencies").get_json()
    ranking_ids = {ids.CONTROL_IDS[name] for name in RANKING_CONTROLS}
    wired = [c for c in callbacks if {i["id"] for i in c["inputs"]} == ranking_ids]
    purge = [c for c in wired if c["no_output"]]  # every view control but the layers and the significance
    assert len(purge) == 1 and purge[0]["clientside_function"] and purge[0]["prevent_initial_call"]
    assert set(CONTROLS) - set(RANKING_CONTROLS) == {"layers", "alpha", "palette"}  # none changes a value
    # the columns follow the controls once the map shows them (the map's requests go first)
    columns = [c for c in callbacks if c["output"] == f"{ids.RANKING_TABLE}.columnDefs"]
    assert [[i["id"] for i in c["inputs"]] for c in columns] == [[ids.VIEW_AFTER_MAP]]
    body = {"output": f"{ids.RANKING_TABLE}.columnDefs",
            "outputs": {"id": ids.RANKING_TABLE, "property": "columnDefs"},
            "inputs": [{"id": ids.VIEW_AFTER_MAP, "property": "data",
                        "value": after_map(control_values(NUTS3_GDP))}],
            "state": [{"id": ids.RANKING_TABLE, "property": "columnDefs", "value": None}],
            "changedPropIds": [f"{ids.VIEW_AFTER_MAP}.data"]}
    defs = client.post(ENDPOINT, json=body).get_json()["response"][ids.RANKING_TABLE]["columnDefs"]
    assert [d["headerName"] for d in defs if d["field"] == "value"] == [NUTS3_GDP.spec.label]
    assert "purgeInfiniteCache" in PURGE_BLOCKS and json.dumps(ids.RANKING_TABLE) in PURGE_BLOCKS
    assert "purgeInfiniteCache" in client.get("/").get_data(as_text=True)  # the inline function is served


def _rows_body(view: View, request: dict | None, **override) -> dict:
    """Body of the block callback: the grid's request plus the ranking controls as state."""
    controls = control_values(view, RANKING_CONTROLS) | override
    return {
        "output": f"{ids.RANKING_TABLE}.getRowsResponse",
        "outputs": {"id": ids.RANKING_TABLE, "property": "getRowsResponse"},
        "inputs": [{"id": ids.RANKING_TABLE, "property": "getRowsRequest", "value": request}],
        "state": [{"id": ids.CONTROL_IDS[name], "property": "value", "value": value}
                  for name, value in controls.items()],
        "changedPropIds": [f"{ids.RANKING_TABLE}.getRowsRequest"],
    }


def test_a_filter_change_sends_one_block_of_the_new_view(client, store):
    """The request after a view change reads the new controls: the new ranking's first block, ≤ 100 rows."""
    first = {"startRow": 0, "endRow": BLOCK_SIZE, "sortModel": [], "filterModel": {}}
    for view in (View(sector="C29"), NUTS3_GDP, View(indicator="population", level=3, version=2021, year=2019)):
        response = client.post(ENDPOINT, json=_rows_body(view, first))
        assert response.status_code == 200
        page = response.get_json()["response"][ids.RANKING_TABLE]["getRowsResponse"]
        values, _ = compute_values(store, effective_view(store, view))
        assert len(page["rowData"]) <= BLOCK_SIZE and page["rowCount"] == len(values)
        assert page["rowData"] == ranking_rows(values)[:BLOCK_SIZE]
    assert page["rowCount"] == 1514  # NUTS 3, version 2021


def test_the_first_block_is_a_fraction_of_the_whole_ranking_at_nuts3(store):
    values, _ = compute_values(store, effective_view(store, NUTS3_GDP))
    whole = len(json.dumps(ranking_rows(values)))
    block = len(json.dumps(ranking_page(ranking_table(values), {"startRow": 0, "endRow": BLOCK_SIZE})))
    assert block * 10 < whole


def test_a_request_the_server_cannot_answer_gets_an_empty_block_and_a_status_message(client):
    body = _rows_body(View(), {"startRow": 0, "endRow": BLOCK_SIZE}, level="not a level")
    response = client.post(ENDPOINT, json=body)
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["response"][ids.RANKING_TABLE]["getRowsResponse"] == {"rowData": [], "rowCount": 0}
    assert "Something went wrong (ValueError)" in json.dumps(answer["sideUpdate"][ids.STATUS_BAR])


def test_ranking_view_ignores_layers_and_significance(store):
    view = ranking_view(store, control_values(View(sector="C29", layers=("lisa",), alpha=0.01)))
    assert view.sector == "C29" and view.layers == View().layers and view.alpha == View().alpha
