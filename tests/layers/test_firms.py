import numpy as np
import pandas as pd

from layers.firms import COUNTS_MODE, POINTS_MODE, firms_update
from views.map_data import MAX_POINTS, ZOOM_FOR_POINTS, select_around_viewport, select_firms, viewport_bbox


def _table(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"lon": rng.uniform(5, 15, n), "lat": rng.uniform(45, 55, n),
                         "nace": rng.choice(["C2910", "C2841", "I5610"], n),
                         "nuts3": rng.choice(["DE111", "DE212", "AT130"], n), "name": "<b>firm</b>",
                         "employees": rng.integers(0, 300, n)})


REGION_POINTS = pd.DataFrame({"lat": [48.8, 48.1, 48.2], "lon": [9.2, 11.6, 16.4]}, index=["DE11", "DE21", "AT13"])


def test_few_firms_are_sent_as_points_with_escaped_hover():
    update = firms_update(select_firms(_table(50), sector="C29", countries=(), bbox=None), level=2,
                          region_points=REGION_POINTS, visible=True)
    assert update["visible"] and 0 < len(update["lat"]) < 50
    assert update["mode"] == POINTS_MODE == "none"  # drawn by the browser as one image, hover from the trace
    assert all("<b>firm</b>" not in h and "&lt;b&gt;" in h for h in update["customdata"])


def test_more_than_the_limit_are_counted_per_region():
    table = _table(MAX_POINTS + 10)
    update = firms_update(select_firms(table, sector=None, countries=(), bbox=None), level=2,
                          region_points=REGION_POINTS, visible=True)
    assert len(update["lat"]) == 3  # one circle per region
    assert update["mode"] == COUNTS_MODE == "markers"
    assert sum(int(h.split(": ")[1].split(" ")[0].replace(",", "")) for h in update["customdata"]) == len(table)


def test_zoomed_in_viewport_keeps_only_visible_firms():
    table = _table(10_000)
    west, south, east, north = viewport_bbox({"lat": 50.0, "lon": 10.0, "zoom": 8.0})
    assert 7.5 < west < 10 < east < 12.5 and 49 < south < 50 < north < 51  # 512-px tiles at zoom 8
    inside = select_firms(table, sector=None, countries=("DE",), bbox=(west, south, east, north))
    assert len(inside) < len(table) / 20 and inside["nuts3"].str.startswith("DE").all()


def test_hidden_layer_sends_nothing():
    assert firms_update(None, level=2, region_points=REGION_POINTS, visible=False)["lat"] == []


def test_viewport_from_the_browsers_bounds_widened_by_a_margin():
    camera = {"lat": 50.0, "lon": 10.0, "zoom": 7.0, "bounds": [9.0, 49.5, 11.0, 50.5]}
    assert viewport_bbox(camera) == (9.0, 49.5, 11.0, 50.5)
    assert viewport_bbox(camera, 0.5) == (8.0, 49.0, 12.0, 51.0)  # half a view beyond each edge
    assert viewport_bbox({**camera, "bounds": [9.0, 84.0, 11.0, 85.0]}, 0.5)[3] == 85.0  # Mercator's edge


def test_points_around_the_view_cover_the_margin_unless_too_many():
    table = _table(20_000)
    camera = {"zoom": 7.0, "bounds": [9.0, 49.0, 11.0, 51.0]}
    selected, covers = select_around_viewport(table, sector=None, countries=(), camera=camera)
    assert covers == (8.0, 48.0, 12.0, 52.0)
    lon, lat = selected["lon"], selected["lat"]
    assert ((lon >= 8) & (lon <= 12) & (lat >= 48) & (lat <= 52)).all()
    assert len(selected) == ((table["lon"].between(8, 12)) & (table["lat"].between(48, 52))).sum()
    update = firms_update(selected, level=2, region_points=REGION_POINTS, visible=True, covers=covers)
    assert update["meta"] == {"covers": [8.0, 48.0, 12.0, 52.0], "zoom": ZOOM_FOR_POINTS}
    # 300,000 firms over 10° x 10°: a 4° x 4° view holds ~48,000, with its margin (8° x 8°) ~192,000
    crowded, covers = select_around_viewport(_table(300_000), sector=None, countries=(),
                                             camera={"zoom": 7.0, "bounds": [8.0, 48.0, 12.0, 52.0]})
    assert covers == (8.0, 48.0, 12.0, 52.0) and 40_000 < len(crowded) <= MAX_POINTS  # the view alone


def test_whole_selection_covers_no_box():
    update = firms_update(select_firms(_table(50), sector=None, countries=(), bbox=None), level=2,
                          region_points=REGION_POINTS, visible=True)
    assert update["meta"]["covers"] is None
