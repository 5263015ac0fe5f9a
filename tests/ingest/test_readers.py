import io
import zipfile

import geopandas as gpd
import pandas as pd
import pytest

from ingest.workspace import ingest_file
from tests.ingest._ingest_helpers import FIRMS


def _geo(firms: pd.DataFrame, crs: int = 4326) -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame(firms.drop(columns=["lat", "lon"]).astype({"employees": str}),
                           geometry=gpd.points_from_xy(firms["lon"], firms["lat"]), crs=4326)
    return gdf.to_crs(crs)


def _write(fmt: str, folder) -> tuple[object, str]:
    path = folder / f"firms.{fmt}"
    if fmt == "csv":
        FIRMS.to_csv(path, index=False)
    elif fmt == "cp1252.csv":
        path.write_bytes(FIRMS.to_csv(index=False, sep=";", decimal=",").encode("cp1252"))
    elif fmt == "xlsx":
        FIRMS.to_excel(path, index=False)
    elif fmt == "parquet":
        FIRMS.astype({"employees": str}).to_parquet(path)
    elif fmt == "geoparquet":
        _geo(FIRMS).to_parquet(path)
    elif fmt == "gpkg":
        _geo(FIRMS, 3035).to_file(path)
    elif fmt == "geojson":
        _geo(FIRMS).to_file(path)
    elif fmt == "zip":
        _geo(FIRMS, 3857).to_file(folder / "firms.shp")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for part in ("shp", "shx", "dbf", "prj", "cpg"):
                if (folder / f"firms.{part}").exists():
                    archive.write(folder / f"firms.{part}", f"inner/firms.{part}")
        return buffer.getvalue(), "firms.zip"
    return path.read_bytes(), path.name


@pytest.mark.parametrize("fmt", ["csv", "cp1252.csv", "xlsx", "parquet", "geoparquet", "gpkg", "geojson", "zip"])
def test_every_format_gives_the_same_firms_and_regions(fmt, tmp_path):
    data, filename = _write(fmt, tmp_path)
    result = ingest_file(data, filename=filename, name="firms", workspace=tmp_path / "ws")
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (8, 8, 0)
    points = gpd.read_parquet(result.dataset_dir / "enterprises.parquet").set_index("id")
    assert points.loc[["F1", "F2", "F3", "F4"], "nuts3_2021"].tolist() == ["DE212", "DE300", "FR101", "ITC4C"]
    assert points.loc["F3", "name"] == "Société Générale" and points.loc["F2", "name"] == "Café Müller"
    assert points.loc["F1", "name"] == "Brauerei <b>Süd</b>"  # stored as plain text, not interpreted
    assert points.loc[["F1", "F2", "F3", "F4", "F7"], "nace"].tolist() == ["C1105", "I5610", "K6419", "C10", "C"]
    assert points.crs.to_epsg() == 4326
    assert points.loc["F1"].geometry.distance(gpd.points_from_xy([11.575], [48.137])[0]) < 1e-6


def test_explicit_mapping_and_crs(tmp_path):
    laea = _geo(FIRMS, 3035)
    frame = pd.DataFrame({"Kennung": FIRMS["id"], "WZ2008": FIRMS["nace"], "Rechts": laea.geometry.x,
                          "Hoch": laea.geometry.y})
    mapping = {"id": "Kennung", "nace": "WZ2008", "lon": "Rechts", "lat": "Hoch"}
    result = ingest_file(frame.to_csv(index=False).encode(), filename="laea.csv", name="laea",
                         workspace=tmp_path, crs="EPSG:3035", mapping=mapping)
    assert result.rows_accepted == 8
    points = gpd.read_parquet(result.dataset_dir / "enterprises.parquet")
    assert points.set_index("id").loc["F2", "nuts3_2021"] == "DE300"


def test_nuts_2013_and_a_given_nuts_code_that_disagrees(tmp_path):
    frame = FIRMS.assign(nuts=["DE212", "DE300", "FR101", "ITC4", "DE300", "FR101", "", ""])
    result = ingest_file(frame.to_csv(index=False).encode(), filename="f.csv", name="v2013", workspace=tmp_path,
                         nuts_version=2013)
    points = gpd.read_parquet(result.dataset_dir / "enterprises.parquet").set_index("id")
    assert points.loc["F1", "nuts3_2013"] == "DE212"
    warnings = result.report.problems.query("severity == 'warning'")
    assert warnings["row"].tolist() == [6] and "another region" in warnings["problem"].iloc[0]
