import pytest

from exports.figures import atlas_page, export_figure, fit_camera, methodology_note, top_regions
from exports.options import EXPORT_SIZES
from layers.map_contract import FIRMS_TRACE, VALUE_TRACE
from layers.map_view import compute_values
from views.state import View
from views.values import effective_view


def test_a4_at_300_dpi_is_3509_by_2481_pixels():
    a4 = EXPORT_SIZES["a4-landscape"]
    assert a4.pixels == (3509, 2481) and a4.dpi == pytest.approx(300)
    assert a4.points == pytest.approx((841.9, 595.3), abs=0.5)  # A4 in points


def test_fit_camera_centres_a_box_and_doubles_zoom_per_doubling_of_size():
    small = fit_camera((0.0, -10.0, 20.0, 10.0), 400, 400)
    large = fit_camera((0.0, -10.0, 20.0, 10.0), 800, 800)
    assert (small["lon"], small["lat"]) == pytest.approx((10.0, 0.0), abs=1e-3)
    assert large["zoom"] - small["zoom"] == pytest.approx(1.0, abs=1e-3)


def test_export_figure_embeds_geometry_and_dates_the_attribution(store):
    view = effective_view(store, View(sector="C29"))
    figure = export_figure(store, view, {"lat": 50.0, "lon": 10.0, "zoom": 4.0}, size=EXPORT_SIZES["1600x1000"],
                           background="transparent", date="2026-05-01")
    assert isinstance(figure.data[VALUE_TRACE].geojson, dict)
    assert figure.data[VALUE_TRACE].geojson["features"]
    assert isinstance(figure.layout.map.layers[0].source, dict)  # country outlines embedded too
    assert (figure.layout.width, figure.layout.height) == (1600, 1000)
    assert figure.layout.paper_bgcolor == "rgba(0,0,0,0)" and figure.layout.map.style["layers"] == []
    assert figure.layout.annotations[0].text.endswith("Exported 2026-05-01.")
    assert "EuroGeographics" in figure.layout.annotations[0].text
    assert (figure.layout.map.center.lat, figure.layout.map.zoom) == (50.0, 4.0)
    assert "C29" in figure.layout.title.text and "2014" in figure.layout.title.text
    assert figure.data[FIRMS_TRACE].mode == "markers"  # the live map's browser-drawn points are markers here


def test_export_figure_rejects_unknown_background(store):
    with pytest.raises(ValueError, match="expected one of"):
        export_figure(store, View(), None, size=EXPORT_SIZES["1600x1000"], background="black", date="2026-05-01")


def test_atlas_page_has_map_top_ten_table_and_method(store):
    view = effective_view(store, View(sector="C20"))
    figure = atlas_page(store, view, date="2026-05-01", size=EXPORT_SIZES["a4-landscape"])
    table = next(t for t in figure.data if t.type == "table")
    values, _ = compute_values(store, view)
    expected = values["value"].dropna().sort_values(ascending=False).index[:10].tolist()
    assert [region[-5:-1] for region in table.cells.values[1]] == expected
    texts = " ".join(a.text for a in figure.layout.annotations)
    assert "Top 10 regions" in texts and "LQ_rs" in texts and "Exported 2026-05-01" in texts


def test_top_regions_skips_missing_values_and_note_names_reference(store):
    values, _ = compute_values(store, effective_view(store, View(sector="C20", countries=("LU",))))
    assert len(top_regions(values, "ratio")) == values["value"].notna().sum() <= 10
    assert "own country" in methodology_note(View(reference="country"))
    assert "all regions shown" in methodology_note(View())
