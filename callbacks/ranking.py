"""Ranking table of the shown regions for the chosen sector and indicator (dash-ag-grid, infinite row model).

The grid asks for one block of rows at a time (``getRowsRequest``: ``startRow``, ``endRow``,
``sortModel``, ``filterModel``). The server filters and sorts the view's ranking in pandas and answers
with that block only (``getRowsResponse``: ``rowData`` and the exact ``rowCount``). The ranking of a
view is computed once and kept in a bounded cache, so further blocks cost a filter, a sort and a slice.
A view change purges the grid's blocks in the browser; the grid then asks again from the top, and
that request reads the new view.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import replace

import dash_ag_grid as dag
import numpy as np
import pandas as pd
from dash import Dash, Input, Output, State, html, no_update

from callbacks import ids
from callbacks.controls import control_list, control_states, controls_after_map, shown_view
from callbacks.status import report_error
from callbacks.unchanged import unless_shown
from data.cache import Cache
from data.measures import Measure, measure_spec
from data.store import DataStore
from views.change import RANKING_COLUMNS, base_label, is_change, with_trend
from views.state import CONTROLS, View
from views.values import indicator_values, ranking, view_measure

COLUMNS = ["rank", "nuts_id", "name", "country", "value", "measure_value", "flag", "reason"]
#: Rows per block: the grid asks for this many (``cacheBlockSize``); an answer never has more.
BLOCK_SIZE = 100
#: Ranked tables kept per app (one per recent view; a NUTS 3 table is about 0.3 MB).
CACHE_VIEWS = 32
#: Controls (View fields) that change the ranking: all but the layers and the hot-spot significance.
RANKING_CONTROLS = tuple(name for name in CONTROLS if name not in ("layers", "alpha", "palette"))
EMPTY_PAGE = {"rowData": [], "rowCount": 0}

# Scroll to the top, then drop every block: the grid asks for the first block again. No output.
# The map redraws first (``atlasAfterMap`` in assets/map.js): a purge re-renders the grid, ~0.1 s of the
# browser's main thread that would otherwise delay the map.
PURGE_BLOCKS = """
function () {
    const purge = () => dash_ag_grid.getApiAsync(GRID_ID).then((api) => {
        if (api.getDisplayedRowCount() > 0) { api.ensureIndexVisible(0, "top"); }
        api.purgeInfiniteCache();
    });
    if (window.atlasAfterMap) { window.atlasAfterMap(purge); } else { purge(); }
}
""".replace("GRID_ID", json.dumps(ids.RANKING_TABLE))


def panel() -> html.Div:
    """Build the table: sortable, filterable, single-row selection, rows fetched a block at a time."""
    return html.Div(className="ranking", children=[
        html.H3("Ranking"),
        dag.AgGrid(id=ids.RANKING_TABLE, rowModelType="infinite", columnDefs=column_defs(View()),
                   defaultColDef={"sortable": True, "filter": True, "resizable": True},
                   dashGridOptions={"rowSelection": {"mode": "singleRow", "enableClickSelection": True,
                                                     "checkboxes": False},
                                    "cacheBlockSize": BLOCK_SIZE,
                                    # one request at a time: dash-ag-grid keeps only the latest request,
                                    # so each answer is matched to the block that asked for it
                                    "maxConcurrentDatasourceRequests": 1,
                                    "animateRows": False,
                                    # compare mode's regions (the rows' ``compared`` flag, see ``_rows``)
                                    "rowClassRules": {"compared-row": "params.data && params.data.compared"},
                                    # Tab leaves the grid (arrows move between cells): one tab stop, not 900
                                    "tabToNextCell": {"function": "false"}},
                   getRowId="params.data.nuts_id", className="ag-theme-alpine ranking-grid",
                   style={"height": "360px"}),
    ])


def column_defs(view: View, measure: Measure | None = None) -> list[dict]:
    """Column definitions; the value header names the indicator, the measure header the measure.

    ``measure`` describes the view's measure (:func:`views.values.view_measure`); default the registry's
    description of ``view.measure``. Text or number filters by column.
    """
    number = {"type": "numericColumn", "filter": "agNumberColumnFilter",
              "valueFormatter": {"function": "params.value == null ? '' : d3.format(',.3~f')(params.value)"}}
    text = {"filter": "agTextColumnFilter"}
    return [*_single_year_defs(view, measure, number, text), *(
        _change_defs(view, (measure or measure_spec(view.measure)).caption, number) if is_change(view) else [])]


def _change_defs(view: View, caption: str, number: dict) -> list[dict]:
    """Columns of a change view: the base value in both years, its change and a trend glyph (sortable numbers)."""
    base = base_label(view, caption)
    glyph = {"function": "params.value == null ? '' : params.value > 0 ? '▲' : params.value < 0 ? '▼' : '▬'"}
    return [
        {"field": "start_value", "headerName": f"{base} {view.start}", "flex": 1, "minWidth": 110, **number},
        {"field": "end_value", "headerName": f"{base} {view.year}", "flex": 1, "minWidth": 110, **number},
        {"field": "change", "headerName": f"Change {view.start}–{view.year}", "flex": 1, "minWidth": 110, **number},
        {"field": "trend", "headerName": "Trend", "width": 80, "type": "numericColumn",
         "filter": "agNumberColumnFilter", "valueFormatter": glyph,
         "headerTooltip": "▲ rising, ▬ within ±1 %, ▼ falling"},
    ]


def _single_year_defs(view: View, measure: Measure | None, number: dict, text: dict) -> list[dict]:
    return [
        {"field": "rank", "headerName": "#", "width": 70, "type": "numericColumn", "filter": "agNumberColumnFilter"},
        {"field": "nuts_id", "headerName": "NUTS", "width": 90, **text},
        {"field": "name", "headerName": "Region", "flex": 2, "minWidth": 160, **text},
        {"field": "country", "headerName": "Ctry", "width": 70, **text},
        {"field": "value", "headerName": view.spec.label, "flex": 1, "minWidth": 110, **number},
        {"field": "measure_value", "headerName": (measure or measure_spec(view.measure)).caption, "flex": 1,
         "minWidth": 110, **number},
        {"field": "flag", "headerName": "Flag", "width": 70, **text},
        {"field": "reason", "headerName": "Why missing", "flex": 1, "minWidth": 120, **text},
    ]


# ---- the ranked table --------------------------------------------------------------------------
def ranking_table(values: pd.DataFrame) -> pd.DataFrame:
    """Return the ranking as the grid shows it: :data:`COLUMNS`, rank order, index ``0 … n-1``.

    ``rank`` is nullable (missing values last, unranked); values are rounded (the grid shows 3
    decimals: fewer bytes per block); the reason is cut to its first clause (the map hover has the rest).
    """
    values = with_trend(values)
    columns = [*COLUMNS, *RANKING_COLUMNS] if "start_value" in values else COLUMNS
    table = ranking(values).reset_index(drop=True)[columns]
    return table.assign(value=table["value"].round(4), measure_value=table["measure_value"].round(2),
                        reason=table["reason"].str.replace(r"\s*[:(].*$", "", regex=True))


def table_records(table: pd.DataFrame) -> list[dict]:
    """JSON rows of a table (NaN and NA → null; names stay plain text, the grid renders text)."""
    return table.astype(object).where(table.notna(), None).to_dict("records")


def ranking_rows(values: pd.DataFrame) -> list[dict]:
    """JSON rows of the whole ranking (what a client-side grid would get; the tests' reference)."""
    return table_records(ranking_table(values))


class RankingCache:
    """Ranked tables of the last :data:`CACHE_VIEWS` views of one store (least recently used dropped).

    The key is the effective view without the fields that do not change the ranking (layers, hot-spot
    significance), and the generations of the datasets it reads (:meth:`DataStore.generations`), which
    change whenever a dataset is replaced (an upload): a new dataset never meets an old table. The
    tables are shared: never change one.
    """

    def __init__(self, store: DataStore, *, maxsize: int = CACHE_VIEWS) -> None:
        self.store = store
        self._tables = Cache(maxsize=maxsize)

    def __call__(self, view: View) -> pd.DataFrame:
        """Return the ranked table of an effective view."""
        key = replace(view, layers=(), alpha=View.alpha, notices=(), compare=())
        return self._tables.get(self.store.generations(view.dataset, "context"), key, lambda: self._build(key))

    def _build(self, view: View) -> pd.DataFrame:
        return ranking_table(indicator_values(self.store, view))


# ---- one block: filter, sort, slice ------------------------------------------------------------
def _as_number(value: object) -> float | None:
    """Read a finite number from a filter model value (JSON number or numeric text), else None."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if np.isfinite(number) else None


def _blank(column: pd.Series) -> pd.Series:
    """Cells AG Grid calls blank: missing, or text of spaces only."""
    text = column.astype("string")
    return (text.isna() | (text.str.strip() == "")).astype(bool)


#: AG Grid text filter types (case-insensitive, as the grid's default matcher) → test on lower-cased text.
TEXT_TESTS: dict[str, Callable[[pd.Series, str], pd.Series]] = {
    "contains": lambda s, t: s.str.contains(t, regex=False),
    "notContains": lambda s, t: ~s.str.contains(t, regex=False),
    "equals": lambda s, t: s == t,
    "notEqual": lambda s, t: s != t,
    "startsWith": lambda s, t: s.str.startswith(t),
    "endsWith": lambda s, t: s.str.endswith(t),
}
#: Text filter types that a missing cell passes (as in the grid).
TEXT_NULL_PASSES = frozenset({"notEqual", "notContains"})
#: AG Grid number filter types → test on the cell values ``x`` with ``filter`` ``a`` and ``filterTo`` ``b``.
NUMBER_TESTS: dict[str, Callable[[pd.Series, float, float], pd.Series]] = {
    "equals": lambda x, a, b: x == a,
    "notEqual": lambda x, a, b: x != a,
    "lessThan": lambda x, a, b: x < a,
    "lessThanOrEqual": lambda x, a, b: x <= a,
    "greaterThan": lambda x, a, b: x > a,
    "greaterThanOrEqual": lambda x, a, b: x >= a,
    "inRange": lambda x, a, b: (x > a) & (x < b),  # the grid's default: both ends excluded
}


def _text_condition(column: pd.Series, condition: Mapping) -> pd.Series | None:
    """Rows passing one text condition; None when the condition is unknown or has no text."""
    kind = condition.get("type")
    if kind in ("blank", "notBlank"):
        blank = _blank(column)
        return blank if kind == "blank" else ~blank
    needle = condition.get("filter")
    if kind not in TEXT_TESTS or needle is None or isinstance(needle, dict | list):
        return None
    passes = TEXT_TESTS[kind](column.astype("string").str.lower(), str(needle).lower())
    return passes.fillna(kind in TEXT_NULL_PASSES).astype(bool)


def _number_condition(column: pd.Series, condition: Mapping) -> pd.Series | None:
    """Rows passing one number condition (missing cells pass ``blank`` only); None when unknown."""
    kind = condition.get("type")
    numbers = pd.to_numeric(column, errors="coerce").astype(float)
    present = numbers.notna()
    if kind in ("blank", "notBlank"):
        return ~present if kind == "blank" else present
    low, high = _as_number(condition.get("filter")), _as_number(condition.get("filterTo"))
    if kind not in NUMBER_TESTS or low is None or (kind == "inRange" and high is None):
        return None
    return (NUMBER_TESTS[kind](numbers, low, high) & present).astype(bool)


CONDITIONS: dict[str, Callable[[pd.Series, Mapping], pd.Series | None]] = {
    "text": _text_condition,
    "number": _number_condition,
}


def _column_filter(column: pd.Series, model: Mapping) -> pd.Series | None:
    """Rows passing one column's filter model: one condition, or ``conditions`` joined by ``operator``."""
    condition = CONDITIONS.get(model.get("filterType"))
    if condition is None:
        return None
    parts = model["conditions"] if "conditions" in model else [model]
    if not isinstance(parts, list):
        return None
    masks = [m for m in (condition(column, p) for p in parts if isinstance(p, Mapping)) if m is not None]
    if not masks:
        return None
    joined = np.logical_or.reduce if model.get("operator") == "OR" else np.logical_and.reduce
    return pd.Series(joined([m.to_numpy() for m in masks]), index=column.index)


def filter_mask(table: pd.DataFrame, filter_model: object) -> pd.Series:
    """Rows passing AG Grid's ``filterModel`` (all columns ANDed); unknown columns and types are ignored.

    Text filters compare lower-cased text; number filters exclude missing cells except for ``blank``;
    ``inRange`` excludes both ends (the grid's defaults).
    """
    mask = pd.Series(True, index=table.index)
    if not isinstance(filter_model, Mapping):
        return mask
    for column, model in filter_model.items():
        if column in table.columns and isinstance(model, Mapping):
            passes = _column_filter(table[column], model)
            if passes is not None:
                mask &= passes
    return mask


def sort_table(table: pd.DataFrame, sort_model: object) -> pd.DataFrame:
    """Sort by AG Grid's ``sortModel`` (stable: ties keep the rank order; missing values last).

    Entries with an unknown column or direction are ignored; without any, the rank order stays.
    """
    entries = [e for e in sort_model if isinstance(e, Mapping)] if isinstance(sort_model, list) else []
    keys = [(e["colId"], e["sort"] == "asc") for e in entries
            if e.get("colId") in table.columns and e.get("sort") in ("asc", "desc")]
    if not keys:
        return table
    return table.sort_values([c for c, _ in keys], ascending=[a for _, a in keys], na_position="last",
                             kind="stable")


def _row_index(value: object) -> int | None:
    """Read a row index from the request (a non-negative whole number), else None."""
    number = _as_number(value)
    return int(number) if number is not None and number >= 0 and number == int(number) else None


def block_bounds(request: Mapping, *, block_size: int = BLOCK_SIZE) -> tuple[int, int]:
    """Return the asked rows ``[start, end)``: never more than ``block_size`` rows, a bad range → the first block."""
    start = _row_index(request.get("startRow")) or 0
    end = _row_index(request.get("endRow"))
    end = start + block_size if end is None or end <= start else min(end, start + block_size)
    return start, end


def ranking_page(table: pd.DataFrame, request: object, *, block_size: int = BLOCK_SIZE) -> dict:
    """Answer one grid request: the rows ``[startRow, endRow)`` after filtering and sorting, and the row count.

    Parameters
    ----------
    table : DataFrame
        A :func:`ranking_table`.
    request : dict
        The grid's ``getRowsRequest``: ``startRow``, ``endRow``, ``sortModel``, ``filterModel``. Parts
        that are missing or malformed count as absent.
    block_size : int, default :data:`BLOCK_SIZE`
        Most rows in one answer.

    Returns
    -------
    dict
        ``{"rowData": [...], "rowCount": n}``: JSON rows (NaN → null) and the number of rows passing the
        filter, so that the grid knows where the table ends.
    """
    request = request if isinstance(request, Mapping) else {}
    shown = sort_table(table[filter_mask(table, request.get("filterModel"))], request.get("sortModel"))
    start, end = block_bounds(request, block_size=block_size)
    return {"rowData": table_records(shown.iloc[start:end]), "rowCount": len(shown)}


def ranking_view(store: DataStore, controls: Mapping[str, object]) -> View:
    """Return the effective view of the :data:`RANKING_CONTROLS` values by field (the others at their defaults)."""
    return shown_view(store, {name: controls[name] for name in RANKING_CONTROLS})


def register(app: Dash, store: DataStore) -> None:
    """Wire the table: the view sets the columns and purges the blocks; every block is answered from the cache."""
    tables = RankingCache(store)

    @app.callback(output=Output(ids.RANKING_TABLE, "columnDefs"),
                  inputs=dict(settled=Input(ids.VIEW_AFTER_MAP, "data")),
                  state=dict(shown=State(ids.RANKING_TABLE, "columnDefs")), prevent_initial_call=True)
    def _columns(settled, shown):
        controls = controls_after_map(settled)
        if controls is None:
            return no_update
        view = ranking_view(store, controls)
        return unless_shown(column_defs(view, view_measure(store, view)), shown)

    app.clientside_callback(PURGE_BLOCKS, *control_list(RANKING_CONTROLS), prevent_initial_call=True)

    @app.callback(output=Output(ids.RANKING_TABLE, "getRowsResponse"),
                  inputs=dict(request=Input(ids.RANKING_TABLE, "getRowsRequest")),
                  state=dict(controls=control_states(RANKING_CONTROLS)))
    def _rows(request, controls):
        if not request:
            return no_update
        try:
            table = tables(ranking_view(store, controls))
        except Exception as error:  # an unanswered request would stop the grid asking for any more rows
            report_error(error)
            return EMPTY_PAGE
        compared = tuple(controls.get("compare") or ())  # compare mode's regions are marked (``compared-row``)
        return ranking_page(table.assign(compared=table["nuts_id"].isin(compared)) if compared else table, request)
