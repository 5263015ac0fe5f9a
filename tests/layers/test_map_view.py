import json

import pandas as pd
import plotly.io as pio

from layers.colours import NO_DATA
from layers.formatting import escape, format_number
from layers.map_contract import (
    HIGHLIGHT_TRACE,
    HOTSPOT_TRACE,
    NO_DATA_TRACE,
    SHARED_HOVER,
    SITES_TRACE,
    STARS_TRACE,
    STRONG_TRACE,
    VALUE_TRACE,
)
from layers.map_view import build_figure, map_keys, map_text, patch_figure
from layers.patching import nested
from layers.points import sites_update
from views.map_data import filtered_sites
from views.state import View
from views.values import effective_view


def test_full_figure_has_fixed_trace_order_geometry_and_attribution(store):
    update = build_figure(store, View(), camera=None)
    figure, values = update.figure, update.values
    names = [t.name for t in figure.data]
    assert names == ["no data", "indicator", "selected", "industrial sites", "hot spots", "strong clusters",
                     "stars", "enterprises", "compared", "firm clusters"]
    assert (NO_DATA_TRACE, VALUE_TRACE, HIGHLIGHT_TRACE, SITES_TRACE) == (0, 1, 2, 3)
    assert figure.data[VALUE_TRACE].type == "choroplethmap"
    assert figure.data[VALUE_TRACE].geojson == "/geometry/2013/2.geojson"  # fetched once, not embedded
    assert figure.data[NO_DATA_TRACE].geojson == figure.data[HIGHLIGHT_TRACE].geojson == "/geometry/2013/2.geojson"
    assert figure.layout.map.layers[0].source == "/geometry/2013/0.geojson"
    assert figure.layout.map.style == "white-bg"  # offline: no tiles
    assert "EuroGeographics" in figure.layout.annotations[0].text
    assert "C Manufacturing" in figure.layout.title.text
    assert sum(z is not None for z in figure.data[VALUE_TRACE].z) == values["value"].notna().sum()


def test_layout_has_no_object_plotly_would_redraw_the_map_for_after_a_pan(store):
    # Dash re-plots a deep copy of the layout after every pan: plotly.js compares objects in it by
    # reference (template, meta) and redrew every polygon; texts compare by value.
    layout = build_figure(store, View(), camera=None).figure.to_plotly_json()["layout"]
    assert "template" not in layout
    assert isinstance(layout["meta"], str)
    assert json.loads(layout["meta"]) == {"geometry": list(map_keys(effective_view(store, View())).geometry),
                                          "no_data": NO_DATA}


def test_patch_for_a_sector_change_carries_values_but_no_geometry(store):
    before = effective_view(store, View(sector="C"))
    after = effective_view(store, View(sector="C29"))
    full = build_figure(store, before, camera=None).figure
    patch = patch_figure(store, after, map_keys(before)).figure
    payload = json.dumps(patch, default=str)
    assert "geojson" not in payload and "coordinates" not in payload
    naive = len(pio.to_json(full)) + len(json.dumps(store.geojson(2013, 2)))  # a figure with its polygons
    assert len(payload) < naive / 20
    assert "C29" in payload


def test_patch_resends_region_list_only_when_countries_change(store):
    before = effective_view(store, View())
    same = patch_figure(store, effective_view(store, View(sector="C10")), map_keys(before)).figure
    other = patch_figure(store, effective_view(store, View(countries=("DE",))), map_keys(before)).figure
    assert '"locations"' not in json.dumps(same)
    assert '"locations"' in json.dumps(other)


def test_sites_follow_the_sector_subtree_and_countries(store):
    steel = filtered_sites(store, View(sector="C24", layers=("sites",)))
    assert set(steel["nace"]) == {"C241", "C244"}
    assert len(filtered_sites(store, View(sector="C24", layers=()))) == 0  # hidden: nothing sent
    german_cement = filtered_sites(store, View(sector="C2351", countries=("DE",), layers=("sites",)))
    assert len(german_cement) and set(german_cement["country"]) == {"DE"}


def test_site_hover_shows_names_as_text_not_html():
    import geopandas as gpd
    from shapely.geometry import Point
    sites = gpd.GeoDataFrame({"name": ["<script>alert(1)</script>"], "site_name": ["A & B"], "city": ["X"],
                              "country": ["DE"], "subsector": ["Glass"], "emissions_t": [10.0]},
                             geometry=[Point(9.1, 48.7)], crs="EPSG:4326")
    update = sites_update(sites, visible=True)
    assert "<script>" not in update["customdata"][0] and "&lt;script&gt;" in update["customdata"][0]
    assert escape("A & B") == "A &amp; B"


def test_titles_name_sector_indicator_year_level_and_version(store):
    text = map_text(store, View(sector="C29", indicator="share", year=2012, level=1, reference="country"))
    assert text.title.startswith("C29 Manufacture of motor vehicles") and "Share of the sector" in text.title
    assert "2012" in text.subtitle and "NUTS 1 (version 2013)" in text.subtitle
    assert "own country" in text.subtitle


def test_flat_updates_nest_into_figure_properties():
    assert nested({"a.b.c": 1, "a.d": 2}) == {"a": {"b": {"c": 1}, "d": 2}}


def test_hover_explains_each_missing_region_in_both_region_traces(store):
    update = build_figure(store, View(sector="C29"), camera=None)
    figure, values = update.figure, update.values
    value, grey = figure.data[VALUE_TRACE], figure.data[NO_DATA_TRACE]
    assert grey.hovertemplate == value.hovertemplate and "Measure: %{customdata[1]}" in value.hovertemplate
    hover = pd.Series([tuple(row) for row in value.customdata], index=value.locations)
    assert [tuple(row) for row in grey.customdata] == list(hover)  # whichever trace answers, same text
    missing = values["value"].isna()
    assert all(row[0].startswith("none — ") for row in hover[missing[missing].index])
    region = values[~missing].index[0]
    assert hover[region][0] == format_number(values.loc[region, "value"], "ratio")
    assert hover[region][1].startswith(format_number(values.loc[region, "measure_value"], "count"))
    context = build_figure(store, View(indicator="population", version=2021, level=3, year=2019), camera=None)
    assert "Measure" not in context.figure.data[VALUE_TRACE].hovertemplate


def test_value_changes_carry_hover_once_and_an_explicit_colour_scale(store):
    view = effective_view(store, View(sector="C29"))
    build_figure(store, view, camera=None)
    other = effective_view(store, View(sector="C10"))
    again = patch_figure(store, other, map_keys(view)).figure
    payload = json.dumps(again)
    assert payload.count('"customdata"') == payload.count('"hovertemplate"') == 1
    assert list(again["traces"]) == [VALUE_TRACE]
    scale = again["traces"][VALUE_TRACE]["colorscale"]
    assert all(isinstance(stop, list) and len(stop) == 2 for stop in scale) and scale[0][0] == 0.0
    assert set(SHARED_HOVER) <= set(again["traces"][VALUE_TRACE])  # the browser gives them to the no-data trace


def test_hot_spot_layer_colours_significant_regions_and_states_morans_i(store):
    view = effective_view(store, View(layers=("outlines", "lisa"), alpha=0.01))
    update = build_figure(store, view, camera=None)
    trace = update.figure.data[HOTSPOT_TRACE]
    assert trace.visible and len(trace.locations) == len(update.spots.regions) > 10
    assert set(update.spots.regions["category"]) <= {"HH", "LH", "LL", "HL"}
    assert (update.spots.regions["p_sim"] <= 0.01).all()
    assert update.spots.moran.i > 0.3 and update.spots.moran.p_sim <= 0.01  # manufacturing LQ clusters in space
    assert update.figure.data[VALUE_TRACE].marker.opacity < 1


def test_switching_hot_spots_off_hides_them_by_patch(store):
    on = effective_view(store, View(layers=("gi",)))
    off = effective_view(store, View(layers=()))
    build_figure(store, on, camera=None)
    patch = patch_figure(store, off, map_keys(on)).figure
    assert patch["traces"][HOTSPOT_TRACE]["visible"] is False
    sent = json.loads(json.dumps(patch))  # as the browser gets it: trace indices as object keys
    assert sent["traces"][str(HOTSPOT_TRACE)]["visible"] is False and sent["geometry"] == list(map_keys(on).geometry)


def test_cluster_marks_show_stars_and_strong_outlines(store):
    view = effective_view(store, View(sector="C29", layers=("marks",)))
    figure = build_figure(store, view, camera=None).figure
    stars_trace, strong_trace = figure.data[STARS_TRACE], figure.data[STRONG_TRACE]
    assert stars_trace.visible and "DE11: ★★★" in " ".join(stars_trace.customdata)
    assert "DE11" in strong_trace.locations
    assert max(stars_trace.marker.size) == 18


def test_compared_regions_are_outlined_in_their_colours_and_sent_only_when_they_change(store):
    from layers.compare import COMPARE_COLOURS
    from layers.map_contract import COMPARE_TRACE

    view = effective_view(store, View(compare=("DE11", "DE111", "FR10")))
    trace = build_figure(store, view, camera=None).figure.data[COMPARE_TRACE]
    assert list(trace.locations) == ["DE11", "FR10"] and trace.visible  # DE111 is not a NUTS 2 region
    assert list(trace.marker.line.color) == list(COMPARE_COLOURS[:2])
    old = map_keys(view)
    again = patch_figure(store, view, old).figure["traces"]
    assert COMPARE_TRACE not in again  # unchanged comparison: nothing sent for it
    fewer = patch_figure(store, effective_view(store, View(compare=("ITC4",))), old).figure["traces"]
    assert fewer[COMPARE_TRACE]["locations"] == ["ITC4"] and fewer[COMPARE_TRACE]["visible"] is True
    none = patch_figure(store, effective_view(store, View()), old).figure["traces"]
    assert none[COMPARE_TRACE]["visible"] is False
