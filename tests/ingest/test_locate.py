import geopandas as gpd
import numpy as np
import pyproj
import pytest

from data.errors import CRSError
from data.store import DEFAULT_DIR
from ingest.locate import check_units, load_region_index, parse_crs, to_lonlat

REGIONS = str(DEFAULT_DIR / "regions.parquet")


@pytest.fixture(scope="module")
def index():
    return load_region_index(2021, REGIONS)


def test_grid_lookup_equals_a_plain_sjoin(index):
    rng = np.random.default_rng(0)
    lon, lat = rng.uniform(-12, 35, 20_000), rng.uniform(34, 66, 20_000)
    regions = gpd.read_parquet(REGIONS)
    level3 = regions[(regions["nuts_version"] == 2021) & (regions["level"] == 3)]
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    joined = gpd.sjoin(points, level3[["nuts_id", "geometry"]], how="left", predicate="within")
    expected = joined[~joined.index.duplicated()]["nuts_id"].to_numpy(dtype=object)
    positions = index.locate(lon, lat)
    found = np.where(positions >= 0, index.codes[np.maximum(positions, 0)], None).astype(object)
    expected = np.where(pd_isna(expected), None, expected)
    np.testing.assert_array_equal(found, expected)


def test_points_next_to_borders_get_the_region_the_polygons_give(index):
    import shapely

    rng = np.random.default_rng(1)
    corners = shapely.get_coordinates(index.geometries)
    lon, lat = (corners[rng.choice(len(corners), 30_000)] + rng.normal(0, 0.004, (30_000, 2))).T  # ~400 m off
    point, region = index.tree.query(shapely.points(lon, lat), predicate="intersects")
    order = np.lexsort((region, point))  # first region by code, as locate breaks ties on shared edges
    point, region = point[order], region[order]
    first = np.unique(point, return_index=True)[1]
    expected = np.full(len(lon), -1)
    expected[point[first]] = region[first]
    found = index.locate(lon, lat)
    assert (found <= -2).sum() == 0 and np.array_equal(found, expected)


def pd_isna(values):
    return np.array([v is None or v != v for v in values])


def test_known_cities_and_the_sea(index):
    positions = index.locate(np.array([11.575, 2.352, -30.0, np.nan]), np.array([48.137, 48.857, 45.0, 1.0]))
    assert index.codes[positions[:2]].tolist() == ["DE212", "FR101"]
    assert positions[2:].tolist() == [-1, -1]


def test_laea_coordinates_are_transformed_to_lon_lat():
    lon, lat = to_lonlat(np.array([4_321_000.0]), np.array([3_210_000.0]), parse_crs("EPSG:3035"))
    np.testing.assert_allclose([lon[0], lat[0]], [10.0, 52.0], atol=1e-6)


def test_metres_without_crs_and_degrees_with_projected_crs_are_refused():
    metres = np.array([4_000_000.0, 4_100_000.0]), np.array([2_800_000.0, 2_900_000.0])
    with pytest.raises(CRSError, match="look like metres"):
        check_units(*metres, None, columns=("x", "y"), file="f.csv")
    with pytest.raises(CRSError, match="look like degrees"):
        check_units(np.array([11.0, 12, 13]), np.array([48.0, 49, 50]), pyproj.CRS(3035), columns=("x", "y"),
                    file="f.csv")


def test_unknown_crs_is_a_crs_error():
    with pytest.raises(CRSError, match="unknown coordinate reference system"):
        parse_crs("EPSG:999999")


def test_region_index_survives_pickling(index):
    import pickle

    copy = pickle.loads(pickle.dumps(index))
    assert copy.codes[copy.locate(np.array([13.405]), np.array([52.52]))[0]] == "DE300"


def test_the_grid_cache_returns_the_grid_it_would_build_and_survives_damage(tmp_path, monkeypatch):
    import geopandas as gpd
    import numpy as np

    from data.store import DEFAULT_DIR
    from ingest.locate import RegionIndex

    regions = gpd.read_parquet(DEFAULT_DIR / "regions.parquet", columns=["nuts_id", "level", "nuts_version",
                                                                          "geometry"])
    regions = regions[regions["nuts_version"] == 2021]
    coarse = 0.5  # degrees: a coarse grid keeps the four builds short; the cache is the same code at any size
    monkeypatch.setenv("ATLAS_CACHE", "off")
    fresh = RegionIndex(regions, resolution=coarse)
    monkeypatch.setenv("ATLAS_CACHE", str(tmp_path))

    def same(index) -> bool:
        return np.array_equal(index.grid, fresh.grid) and np.array_equal(index.fine, fresh.fine)

    assert same(RegionIndex(regions, resolution=coarse))  # builds, then stores
    [stored] = tmp_path.glob("nuts2021-grid-*.npz")
    with np.load(stored) as saved:
        assert np.array_equal(saved["grid"], fresh.grid) and np.array_equal(saved["fine"], fresh.fine)
    assert same(RegionIndex(regions, resolution=coarse))  # read from the cache
    stored.write_bytes(b"damaged")
    assert same(RegionIndex(regions, resolution=coarse))  # rebuilt, not trusted
    smaller = regions[~regions["nuts_id"].str.startswith("DE")]  # other polygons: another file, another grid
    other = RegionIndex(smaller, resolution=coarse).grid
    assert len(list(tmp_path.glob("nuts2021-grid-*.npz"))) == 2 and not np.array_equal(other, fresh.grid)
