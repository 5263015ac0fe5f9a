import numpy as np
import pandas as pd
import pytest

from data.size_classes import size_class
from default_build.build import DEFAULT_RAW
from default_build.hotmaps_sites import COUNTRY_CODES, SUBSECTOR_NACE, read_hotmaps_sites


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


@pytest.mark.parametrize("version", [2013, 2021])
def test_embedded_sites_have_nuts3_codes_of_both_versions(store, version):
    sites = store.sites
    assert sites[f"nuts3_{version}"].notna().mean() > 0.97
    located = sites.dropna(subset=[f"nuts3_{version}"])
    prefix = located[f"nuts3_{version}"].str[:2]
    assert (prefix == located["country"]).mean() > 0.99  # the rest sit across a border (coordinates of the file)


@pytest.mark.parametrize(("name", "code"), [("Greece", "EL"), ("United Kingdom", "UK")])
def test_site_countries_are_nuts_codes_not_iso(store, name, code):
    # Hotmaps names the country; NUTS (and so our regions) spell Greece EL (ISO GR) and the UK UK (ISO GB)
    assert COUNTRY_CODES[name] == code
    sites = store.sites.dropna(subset=["nuts3_2021"])
    assert set(sites.loc[sites["country"] == code, "nuts3_2021"].str[:2]) == {code}
    assert not {"GR", "GB"} & set(sites["country"])
