"""Compare mode's figures: trace types the browser bundle has, colours per region, the heat-map's values."""

import numpy as np
import pandas as pd

from layers.compare import COMPARE_COLOURS, build_compare_trend, build_lq_heatmap, compare_update, region_colours

BUNDLED = {"scatter", "bar", "scattermap", "choroplethmap"}  # tools/plotly_bundle/entry.js


def test_heatmap_cells_colour_log2_lq_and_leave_missing_cells_empty():
    lq = pd.DataFrame({"label": ["Motor vehicles", "Machinery"], "DE11": [4.0, 0.5], "FR10": [np.nan, 0.0]},
                      index=["C29", "C28"])
    figure = build_lq_heatmap(lq, pd.Series({"DE11": "Stuttgart", "FR10": "Île de France"}))
    [trace] = figure.data
    assert trace.type in BUNDLED
    assert len(trace.x) == 3  # FR10 × C29 is missing: no cell
    # log2(4) = 2, log2(0.5) = -1, LQ 0 → the low end (-2)
    assert list(trace.marker.color) == [2.0, -1.0, -2.0]
    assert list(trace.x) == ["Stuttgart (DE11)", "Stuttgart (DE11)", "Île de France (FR10)"]
    assert list(trace.y) == ["C29 Motor vehicles", "C28 Machinery", "C28 Machinery"]
    assert list(figure.layout.yaxis.categoryarray) == ["C29 Motor vehicles", "C28 Machinery"]


def test_trend_lines_keep_each_region_colour():
    trend = pd.DataFrame({"DE11": [1.0, 2.0], "FR10": [3.0, np.nan]}, index=pd.Index([2013, 2014], name="year"))
    figure = build_compare_trend(trend, pd.Series({"DE11": "Stuttgart"}), sector="C", measure_label="Persons")
    assert {t.type for t in figure.data} <= BUNDLED
    assert [t.line.color for t in figure.data] == list(COMPARE_COLOURS[:2])
    assert [t.name for t in figure.data] == ["Stuttgart", "FR10"]


def test_ten_distinct_colours_and_the_map_update():
    assert len(set(COMPARE_COLOURS)) == 10
    assert list(region_colours(("A", "B")).values()) == list(COMPARE_COLOURS[:2])
    update = compare_update(("DE11", "FR10"))
    assert update["locations"] == ["DE11", "FR10"] and update["marker.line.color"] == list(COMPARE_COLOURS[:2])
    assert compare_update(())["visible"] is False
