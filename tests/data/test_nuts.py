import numpy as np
import pandas as pd
import shapely

from data.nuts import DISPLAY_DECIMALS, convert_counts, merge_flags, read_crosswalk


def test_regions_have_the_gisco_counts_per_version_and_level(store):
    for version, expected in {2013: [35, 116, 320, 1480], 2021: [37, 125, 334, 1514]}.items():
        counts = [len(store.regions(version, level)) for level in range(4)]
        assert counts == expected
    regions = store.regions(2013)
    assert regions.crs.to_epsg() == 4326
    assert set(regions.columns) >= {"nuts_id", "level", "country", "name", "nuts_version", "geometry"}


def test_display_geometry_is_simplified_and_rounded_but_analysis_geometry_is_not(store):
    full = store.regions(2021, 2)
    display = store.regions(2021, 2, display=True)
    assert shapely.get_num_coordinates(display.geometry.values).sum() < shapely.get_num_coordinates(
        full.geometry.values).sum()
    coords = shapely.get_coordinates(display.geometry.values)
    np.testing.assert_allclose(coords, np.round(coords, DISPLAY_DECIMALS), atol=1e-9)
    assert shapely.is_valid(full.geometry.values).all()


def test_geojson_features_carry_the_nuts_id(store):
    collection = store.geojson(2013, 2)
    ids = [f["id"] for f in collection["features"]]
    assert len(ids) == 320 and "DE11" in ids


def test_crosswalk_weights_sum_to_one_and_drop_slivers(tmp_path):
    path = tmp_path / "n2_cm_v2010_v2013.csv"
    path.write_text("code_v2010,code_v2013,pop18\nA1,B1,900\nA1,B2,100\nA1,B3,1\nA2,B2,50\n")
    cw = read_crosswalk(path)
    assert set(cw["target"]) == {"B1", "B2"}  # B3 holds 0.1 % of A1: a sliver
    np.testing.assert_allclose(cw.groupby("source")["weight"].sum(), [1.0, 1.0], rtol=1e-12)


def test_conversion_splits_counts_and_a_missing_source_makes_the_target_missing():
    cw = pd.DataFrame({"source": ["A1", "A1", "A2"], "target": ["B1", "B2", "B2"], "weight": [0.9, 0.1, 1.0]})
    stats = pd.DataFrame({"nuts_id": ["A1", "A2", "A1", "A2"], "year": [2014, 2014, 2015, 2015],
                          "value": [100.0, 50.0, 10.0, np.nan], "flag": ["", "p", "", "c"]})
    out = convert_counts(stats, cw, ["year"]).set_index(["nuts_id", "year"]).sort_index()
    np.testing.assert_allclose(out.loc[("B1", 2014), "value"], 90.0)
    np.testing.assert_allclose(out.loc[("B2", 2014), "value"], 10.0 + 50.0)
    assert out.loc[("B2", 2014), "flag"] == "p"
    assert np.isnan(out.loc[("B2", 2015), "value"]) and out.loc[("B2", 2015), "flag"] == "c"
    np.testing.assert_allclose(out.loc[("B1", 2015), "value"], 9.0)


def test_merged_flags_are_unique_sorted_letters():
    assert merge_flags(pd.Series(["cpc", "", "db"])).tolist() == ["cp", "", "bd"]
