import numpy as np
import pandas as pd

from layers.firms import MAX_POINTS, firms_update, select_firms, viewport_bbox


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
    assert all("<b>firm</b>" not in h and "&lt;b&gt;" in h for h in update["customdata"])


def test_more_than_the_limit_are_counted_per_region():
    table = _table(MAX_POINTS + 10)
    update = firms_update(select_firms(table, sector=None, countries=(), bbox=None), level=2,
                          region_points=REGION_POINTS, visible=True)
    assert len(update["lat"]) == 3  # one circle per region
    assert sum(int(h.split(": ")[1].split(" ")[0].replace(",", "")) for h in update["customdata"]) == len(table)


def test_zoomed_in_viewport_keeps_only_visible_firms():
    table = _table(10_000)
    west, south, east, north = viewport_bbox({"lat": 50.0, "lon": 10.0, "zoom": 8.0})
    assert 7.5 < west < 10 < east < 12.5 and 49 < south < 50 < north < 51  # 512-px tiles at zoom 8
    inside = select_firms(table, sector=None, countries=("DE",), bbox=(west, south, east, north))
    assert len(inside) < len(table) / 20 and inside["nuts3"].str.startswith("DE").all()


def test_hidden_layer_sends_nothing():
    assert firms_update(None, level=2, region_points=REGION_POINTS, visible=False)["lat"] == []
