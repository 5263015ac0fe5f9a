import json

import geopandas as gpd
import pandas as pd
import pytest

from data.errors import SchemaError
from ingest.workspace import ingest_file, list_datasets, read_dataset, workspace_generations
from tests.conftest import FIXTURES
from tests.ingest._ingest_helpers import FIRMS, snapshot


def _csv(frame=FIRMS) -> bytes:
    return frame.to_csv(index=False).encode()


def test_ingested_dataset_is_listed_and_read_back(tmp_path):
    result = ingest_file(_csv(), filename="firms.csv", name="firms", workspace=tmp_path, year=2023, label="My firms")
    assert result.dataset_dir == tmp_path / "firms" and not result.synthetic
    assert sorted(p.name for p in result.dataset_dir.iterdir()) == ["enterprises.parquet", "meta.json",
                                                                  "report.csv", "stats.parquet"]
    stats, points, meta = read_dataset(result.dataset_dir)
    assert set(stats["year"]) == {2023} and meta["label"] == "My firms" and meta["kind"] == "enterprises"
    assert meta["counts"]["rows_accepted"] == 8 and meta["synthetic"] is False and "T" in meta["created"]
    assert list(points.columns) == ["id", "name", "nace", "employees", "size_class", "nuts3_2021", "year",
                                    "source", "geometry"]
    assert points.set_index("id").loc["F3", "size_class"] == "large"
    [info] = list_datasets(tmp_path)
    assert (info.name, info.kind, info.rows, info.error, info.years) == ("firms", "enterprises", 8, None, (2023,))


def test_failure_writes_nothing_and_keeps_the_previous_dataset(tmp_path):
    ingest_file(_csv(), filename="firms.csv", name="firms", workspace=tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(SchemaError, match="exists"):
        ingest_file(_csv(), filename="firms.csv", name="firms", workspace=tmp_path)
    with pytest.raises(SchemaError):
        ingest_file(_csv(FIRMS.assign(nace="X")), filename="bad.csv", name="firms", workspace=tmp_path, replace=True)
    assert snapshot(tmp_path) == before


def test_replace_swaps_the_dataset(tmp_path):
    ingest_file(_csv(), filename="firms.csv", name="firms", workspace=tmp_path)
    result = ingest_file(_csv(FIRMS.head(3)), filename="firms.csv", name="firms", workspace=tmp_path, replace=True)
    assert result.rows_accepted == 3 and [p.name for p in tmp_path.iterdir()] == ["firms"]


def test_every_ingest_writes_a_new_generation_readable_from_the_meta_data_alone(tmp_path):
    ingest_file(_csv(), filename="firms.csv", name="firms", workspace=tmp_path)
    first = json.loads((tmp_path / "firms" / "meta.json").read_text(encoding="utf-8"))["generation"]
    assert read_dataset(tmp_path / "firms")[2]["generation"] == first and len(first) == 32
    [info] = list_datasets(tmp_path)
    assert info.generation == first and workspace_generations(tmp_path) == {"firms": first}
    ingest_file(_csv(FIRMS.head(3)), filename="firms.csv", name="firms", workspace=tmp_path, replace=True)
    second = workspace_generations(tmp_path)["firms"]
    assert second != first and read_dataset(tmp_path / "firms")[2]["generation"] == second


def test_a_folder_written_before_generations_gets_one_that_changes_when_it_is_replaced(tmp_path):
    def without_generation() -> None:
        path = tmp_path / "firms" / "meta.json"
        meta = json.loads(path.read_text(encoding="utf-8"))
        del meta["generation"]
        path.write_text(json.dumps(meta), encoding="utf-8")

    ingest_file(_csv(), filename="firms.csv", name="firms", workspace=tmp_path)
    without_generation()
    first = workspace_generations(tmp_path)["firms"]
    assert first.startswith("meta-") and read_dataset(tmp_path / "firms")[2]["generation"] == first
    assert workspace_generations(tmp_path)["firms"] == first  # stable while the folder stays
    ingest_file(_csv(FIRMS.head(3)), filename="firms.csv", name="firms", workspace=tmp_path, replace=True)
    without_generation()
    assert workspace_generations(tmp_path)["firms"] not in (first, None)


def test_generations_of_damaged_folders_are_none_and_hidden_folders_are_ignored(tmp_path):
    ingest_file(_csv(), filename="firms.csv", name="good", workspace=tmp_path)
    (tmp_path / "badmeta").mkdir()
    (tmp_path / "badmeta" / "meta.json").write_text('{"kind": ', encoding="utf-8")
    (tmp_path / ".tmp-123").mkdir()  # an upload being written
    found = workspace_generations(tmp_path)
    assert sorted(found) == ["badmeta", "good"] and found["badmeta"] is None and found["good"]
    assert workspace_generations(tmp_path / "missing") == {}


@pytest.mark.parametrize("name", ["../evil", "", "a/b", ".hidden", "x" * 65])
def test_unsafe_dataset_names_are_refused(tmp_path, name):
    with pytest.raises(SchemaError, match="dataset name"):
        ingest_file(_csv(), filename="firms.csv", name=name, workspace=tmp_path / "ws")
    assert not (tmp_path / "ws").exists() or not any((tmp_path / "ws").iterdir())


def test_damaged_datasets_are_listed_with_an_error(tmp_path):
    ingest_file(_csv(), filename="firms.csv", name="good", workspace=tmp_path)
    ingest_file(_csv(), filename="firms.csv", name="broken", workspace=tmp_path)
    ingest_file(_csv(), filename="firms.csv", name="nometa", workspace=tmp_path)
    (tmp_path / "broken" / "stats.parquet").write_bytes(b"PAR1 garbage")
    (tmp_path / "nometa" / "meta.json").unlink()
    infos = {i.name: i for i in list_datasets(tmp_path)}
    assert infos["good"].error is None and infos["broken"].error and infos["nometa"].error
    with pytest.raises(SchemaError, match="stats.parquet"):
        read_dataset(tmp_path / "broken")


def test_rows_with_problems_are_reported_and_the_rest_accepted(tmp_path):
    frame = pd.concat([FIRMS, pd.DataFrame({"id": ["F9"], "name": ["Nowhere"], "lat": [40.0], "lon": [-40.0],
                                            "nace": ["C10"], "employees": ["many"]})], ignore_index=True)
    result = ingest_file(_csv(frame), filename="firms.csv", name="firms", workspace=tmp_path)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (9, 8, 1)
    problems = result.report.problems.set_index(["row", "column"])
    assert "not a number" in problems.loc[(9, "employees"), "problem"]
    assert "no NUTS 2021 region" in problems.loc[(9, "lat"), "problem"]
    assert "row,column" in (result.dataset_dir / "report.csv").read_text().replace("file,", "")


def test_eurostat_tsv_keeps_flags_and_reports_unknown_regions(tmp_path):
    result = ingest_file(FIXTURES / "sbs_extract.tsv", filename="sbs_extract.tsv", name="sbs", workspace=tmp_path,
                         kind="table", nuts_version=2013)
    stats, points, meta = read_dataset(result.dataset_dir)
    assert points is None and meta["kind"] == "table" and meta["nuts_version"] == 2013
    assert (stats["flag"].astype(str) != "").any() and stats["value"].isna().any()
    assert set(stats["measure"].astype(str)) == {"employment"}
    unknown = result.report.problems.query("column == 'geo'")["value"].str[:4].tolist()
    assert sorted(unknown) == ["EL11", "FRZZ", "UKD5"]


def test_sdmx_csv_table(tmp_path):
    text = ("DATAFLOW,LAST UPDATE,freq,nace_r2,indic_sb,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
            "ESTAT:SBS(1.0),01/01/24,A,C29,V16110,DE11,2021,160445,\n"
            "ESTAT:SBS(1.0),01/01/24,A,C29,V16110,DE12,2021,,c\n"
            "ESTAT:SBS(1.0),01/01/24,A,C29,V16110,FRK2,2021,5000,p\n")
    result = ingest_file(text.encode(), filename="sbs.csv", name="sdmx", workspace=tmp_path)
    stats, _, meta = read_dataset(result.dataset_dir)
    assert meta["nuts_version"] == 2021 and set(stats["measure"].astype(str)) == {"employment"}  # FRK2 is 2021
    row = stats.set_index("nuts_id").loc["DE12"]
    assert pd.isna(row["value"]) and row["flag"] == "c"


def test_cluster_list_becomes_a_point_layer_with_counts(tmp_path):
    clusters = pd.DataFrame({"name": ["Bavarian Food", "Berlin Digital"], "nuts": ["DE212", "DE300"],
                             "sectors": ["C10.11; C11.05; xx", "J62"], "members": [40, 120]})
    result = ingest_file(clusters.to_csv(index=False).encode(), filename="clusters.csv", name="clusters",
                         workspace=tmp_path)
    stats, points, meta = read_dataset(result.dataset_dir)
    assert meta["kind"] == "clusters" and list(points["nace"].iloc[0]) == ["C1011", "C1105"]
    assert stats.query("nuts_id == 'DE' and nace == 'C' and measure == 'cluster_organisations'")["value"].tolist() \
        == [1.0]
    assert result.report.problems["severity"].tolist() == ["warning"]


def test_synthetic_register_is_labelled(tmp_path):
    frame = FIRMS.assign(source="synthetic (seed 0)")
    result = ingest_file(_csv(frame), filename="syn.csv", name="syn", workspace=tmp_path)
    assert result.synthetic and json.loads((result.dataset_dir / "meta.json").read_text())["synthetic"] is True
    assert set(gpd.read_parquet(result.dataset_dir / "enterprises.parquet")["source"]) == {"synthetic (seed 0)"}


def test_read_ahead_keeps_order_raises_the_readers_error_and_stops_reading_when_abandoned():
    import threading
    import time

    from ingest.workspace import read_ahead

    assert list(read_ahead(iter(range(5)))) == [0, 1, 2, 3, 4]

    def failing():
        yield 1
        raise ValueError("bad chunk")

    stream = read_ahead(failing())
    assert next(stream) == 1
    with pytest.raises(ValueError, match="bad chunk"):
        next(stream)
    taken = []

    def endless():
        for number in range(10**6):
            taken.append(number)
            yield number

    stream = read_ahead(endless())
    assert next(stream) == 0
    stream.close()  # as when the consumer's loop ends with an error
    time.sleep(0.3)
    assert len(taken) <= 4 and not any(t.name == "chunk-reader" for t in threading.enumerate())
