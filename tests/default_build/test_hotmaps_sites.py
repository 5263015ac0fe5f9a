import numpy as np
import pandas as pd

from data.size_classes import size_class
from default_build.build import DEFAULT_RAW
from default_build.hotmaps_sites import SUBSECTOR_NACE, read_hotmaps_sites


def test_size_classes_follow_the_eu_thresholds():
    classes = size_class(pd.Series([0, 9, 10, 49, 50, 249, 250, np.nan]))
    assert classes.tolist()[:7] == ["micro", "micro", "small", "small", "medium", "medium", "large"]
    assert pd.isna(classes.iloc[7])


def test_hotmaps_sites_are_relabelled_mapped_and_located():
    sites = read_hotmaps_sites(DEFAULT_RAW / "hotmaps_industrial_database.csv.gz")
    assert len(sites) == 4505  # 5,029 rows, 524 without a point
    assert "Liechtenstein" not in set(sites["country"].dropna()) and sites["country"].notna().all()
    kutina = sites[sites["city"].str.contains("Kutina", na=False)]
    assert len(kutina) and set(kutina["country"]) == {"HR"}
    assert set(sites["nace"].dropna()) == {c for c in SUBSECTOR_NACE.values() if c}
    assert sites.crs.to_epsg() == 4326 and (sites["emissions_t"].dropna() >= 0).all()


def test_embedded_sites_have_nuts3_codes_of_both_versions(store):
    sites = store.sites
    inside = sites["nuts3_2021"].notna().mean()
    assert inside > 0.97
    located = sites.dropna(subset=["nuts3_2021"])
    assert (located["nuts3_2021"].str[:2] == located["country"].replace({"UK": "UK"})).mean() > 0.99
