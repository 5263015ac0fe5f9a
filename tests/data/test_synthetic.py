import geopandas as gpd
import numpy as np
import pandas as pd

from data.store import DEFAULT_DIR
from data.synthetic import generate_firms
from ingest.locate import load_region_index


def test_generator_is_seeded_labelled_and_places_firms_inside_regions():
    first = pd.concat(generate_firms(2000, seed=3, chunk=700))
    again = pd.concat(generate_firms(2000, seed=3, chunk=700))
    pd.testing.assert_frame_equal(first, again)
    assert len(first) == 2000 and first["id"].is_unique and set(first["source"]) == {"synthetic (seed 3)"}
    index = load_region_index(2021, str(DEFAULT_DIR / "regions.parquet"))
    assert (index.locate(first["lon"].to_numpy(), first["lat"].to_numpy()) >= 0).mean() > 0.99
    share_micro = (first["employees"] < 10).mean()
    assert 0.88 < share_micro < 0.97 and (first["employees"] >= 0).all()


def test_firms_follow_population():
    firms = pd.concat(generate_firms(5000, seed=0))
    points = gpd.GeoSeries(gpd.points_from_xy(firms["lon"], firms["lat"]))
    in_paris_region = points.within(gpd.GeoSeries.from_xy([2.35], [48.86]).buffer(1.0).iloc[0]).mean()
    assert in_paris_region > 0.01  # Île-de-France holds about 2.5 % of the population covered
    assert not np.allclose(firms["lat"].std(), 0)
