import json

import pandas as pd
import plotly.io as pio

from analysis.views import View, effective_view
from layers.choropleth import HIGHLIGHT_TRACE, NO_DATA_TRACE, SITES_TRACE, VALUE_TRACE
from layers.formatting import escape
from layers.map_view import build_figure, filtered_sites, map_keys, map_text, patch_figure
from layers.patching import apply_update, nested
from layers.points import sites_update


def test_full_figure_has_fixed_trace_order_geometry_and_attribution(store):
    figure, values = build_figure(store, View(), camera=None)
    names = [t.name for t in figure.data]
    assert [names[i] for i in (NO_DATA_TRACE, VALUE_TRACE, HIGHLIGHT_TRACE, SITES_TRACE)] == [
        "no data", "indicator", "selected", "industrial sites"]
    assert figure.data[VALUE_TRACE].type == "choroplethmap"
    assert figure.data[VALUE_TRACE].geojson == "/geometry/2013/2.geojson"  # fetched once, not embedded
    assert figure.data[NO_DATA_TRACE].geojson == figure.data[HIGHLIGHT_TRACE].geojson == "/geometry/2013/2.geojson"
    assert figure.layout.map.layers[0].source == "/geometry/2013/0.geojson"
    assert figure.layout.map.style == "white-bg"  # offline: no tiles
    assert "EuroGeographics" in figure.layout.annotations[0].text
    assert "C Manufacturing" in figure.layout.title.text
    assert sum(z is not None for z in figure.data[VALUE_TRACE].z) == values["value"].notna().sum()


def test_patch_for_a_sector_change_carries_values_but_no_geometry(store):
    before = effective_view(store, View(sector="C"))
    after = effective_view(store, View(sector="C29"))
    full, _ = build_figure(store, before, camera=None)
    patch, values = patch_figure(store, after, map_keys(before))
    payload = json.dumps(patch.to_plotly_json(), default=str)
    assert "geojson" not in payload and "coordinates" not in payload
    naive = len(pio.to_json(full)) + len(json.dumps(store.geojson(2013, 2)))  # a figure with its polygons
    assert len(payload) < naive / 20
    assert "C29" in payload


def test_patch_resends_region_list_only_when_countries_change(store):
    before = effective_view(store, View())
    same, _ = patch_figure(store, effective_view(store, View(sector="C10")), map_keys(before))
    other, _ = patch_figure(store, effective_view(store, View(countries=("DE",))), map_keys(before))
    assert '"locations"' not in json.dumps(same.to_plotly_json())
    assert '"locations"' in json.dumps(other.to_plotly_json())


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


def test_flat_updates_apply_to_dicts_without_dropping_siblings():
    trace = {"marker": {"color": "red", "size": 1}}
    apply_update(trace, {"marker.size": 5, "visible": True})
    assert trace == {"marker": {"color": "red", "size": 5}, "visible": True}
    assert nested({"a.b.c": 1, "a.d": 2}) == {"a": {"b": {"c": 1}, "d": 2}}


def test_no_data_layer_explains_each_missing_region(store):
    figure, values = build_figure(store, View(sector="C29"), camera=None)
    reasons = pd.Series(figure.data[NO_DATA_TRACE].customdata, index=figure.data[NO_DATA_TRACE].locations)
    missing = values["value"].isna()
    assert (reasons[missing[missing].index] != "").all() and (reasons[missing[~missing].index] == "").all()


def test_patch_resends_reasons_only_when_they_change(store):
    view = effective_view(store, View(sector="C29"))
    _, values = build_figure(store, view, camera=None)
    again, _ = patch_figure(store, view, map_keys(view, values))
    assert "customdata" in json.dumps(again.to_plotly_json())  # value trace
    payload = json.dumps(again.to_plotly_json())
    assert payload.count('"customdata"') == 1
