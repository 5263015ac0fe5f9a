"""Ranking of a change view (issue 14): start value, end value, change and a trend glyph, each sortable."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from callbacks.ranking import column_defs, ranking_page, ranking_table
from views.change import with_trend
from views.url import parse_query
from views.values import effective_view, indicator_values

ROWS = pd.DataFrame({
    "nuts_id": ["A", "B", "C", "D", "E"], "name": list("ABCDE"), "country": ["AT"] * 5,
    "value": [0.2, -0.1, 0.005, np.nan, 0.0], "measure_value": [1.0] * 5, "flag": [""] * 5, "reason": [""] * 5,
    "start_value": [1.0, 2.0, 1.0, np.nan, 0.0], "end_value": [1.2, 1.9, 1.005, 1.0, 0.0],
}).set_index("nuts_id", drop=False).rename_axis("nuts_id")


def test_trend_is_the_sign_of_the_change_with_a_steady_band():
    out = with_trend(ROWS)
    # A +0.2 (20 %) rising; B −0.1 (5 %) falling; C +0.005 (0.5 % ≤ 1 %) steady; D no start; E 0 → 0 steady
    assert out["change"].tolist()[:3] == pytest.approx([0.2, -0.1, 0.005])
    assert out["trend"].tolist()[:3] == [1.0, -1.0, 0.0] and np.isnan(out["trend"]["D"]) and out["trend"]["E"] == 0
    assert "change" not in with_trend(ROWS.drop(columns=["start_value", "end_value"]))


def test_every_change_column_sorts():
    table = ranking_table(ROWS)
    assert list(table.columns[-4:]) == ["start_value", "end_value", "change", "trend"]
    for column, first in (("change", "B"), ("trend", "B"), ("start_value", "E"), ("end_value", "E")):
        page = ranking_page(table, {"startRow": 0, "endRow": 10, "sortModel": [{"colId": column, "sort": "asc"}]})
        assert page["rowData"][0]["nuts_id"] == first, column


def test_a_change_view_ranks_with_both_years(store):
    view = effective_view(store, parse_query("?sector=C&indicator=lq_change&start=2009&year=2014", store).view)
    headers = [c["headerName"] for c in column_defs(view)]
    assert headers[-4:] == ["Location quotient 2009", "Location quotient 2014", "Change 2009–2014", "Trend"]
    table = ranking_table(indicator_values(store, view))
    known = table.dropna(subset=["value"])
    np.testing.assert_allclose(known["change"], known["value"], atol=2e-4)  # value rounded to 4 decimals
    single = effective_view(store, parse_query("?sector=C&indicator=lq&year=2014", store).view)
    assert "trend" not in ranking_table(indicator_values(store, single))
    assert "Trend" not in [c["headerName"] for c in column_defs(single)]
