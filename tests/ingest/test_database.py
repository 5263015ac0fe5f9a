"""PostgreSQL/PostGIS as a source, against a real server started here (``tests/ingest/_postgis.py``).

The same 100,000 synthetic firms (with a few broken rows) go in as a CSV file and as database tables
(PostGIS points; lat/lon columns through a query): stats, points and the validation report must be equal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data.errors import InputError, SchemaError
from data.synthetic import generate_firms
from ingest.database import DatabaseSource, ingest_database, is_database_url, mask_url, read_database_chunks
from ingest.validation import UNLIMITED
from ingest.workspace import ingest_file, read_dataset
from tests.ingest._ingest_helpers import assert_same_stats
from tests.ingest._postgis import PASSWORD, PostgisCluster, load_firms, postgis_installed

ROOT = Path(__file__).resolve().parents[2]
FIRMS = 100_000
#: Broken rows (0-based positions in the register) and what the report must say for them.
BROKEN = {10: "coordinate missing", 20: "not a NACE Rev. 2 code", 30: "point lies in no NUTS"}


def test_mask_url_hides_the_password_in_every_place():
    assert mask_url("postgresql://ana:p%40ss@h:5433/db?password=x&sslmode=require") == \
        "postgresql://ana:***@h:5433/db?password=***&sslmode=require"
    assert mask_url("postgres://h/db") == "postgres://h/db"
    source = DatabaseSource("postgresql://ana:p%40ss@h/db", table="firms")
    assert source.label == "postgresql://ana:***@h/db table firms"
    assert source.scrub("failed for p@ss and p%40ss") == "failed for *** and ***"
    assert is_database_url("POSTGRESQL://x") and not is_database_url("firms.csv") and not is_database_url(None)


@pytest.mark.parametrize(("options", "message"), [
    ({}, "exactly one of --table"), ({"table": "a", "query": "SELECT 1"}, "exactly one of --table"),
    ({"table": "firms; DROP TABLE x"}, "table name"),
])
def test_a_source_needs_one_table_or_one_query(options, message):
    with pytest.raises(InputError, match=message):
        DatabaseSource("postgresql://u@h/db", **options)


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> tuple[pd.DataFrame, Path]:
    """100,000 synthetic firms as text (like a CSV) with three broken rows, and the CSV file."""
    frame = pd.concat(generate_firms(FIRMS, seed=3), ignore_index=True).astype(str)
    frame.loc[10, ["lat", "lon"]] = ""
    frame.loc[20, "nace"] = "ZZ99"
    frame.loc[30, ["lat", "lon"]] = ["45.0", "-20.0"]  # the Atlantic
    frame.loc[40, "employees"] = ""
    path = tmp_path_factory.mktemp("pg") / "firms.csv"
    frame.to_csv(path, index=False)
    return frame, path


@pytest.fixture(scope="module")
def pg(register):
    if not postgis_installed():
        pytest.skip("PostgreSQL + PostGIS not installed (apt-get install postgresql postgis; .ci/run does)")
    with PostgisCluster() as cluster:
        load_firms(cluster, register[0], table="firms_geom", geometry=True)
        load_firms(cluster, register[0], table="firms_xy", geometry=False)
        with cluster.connect() as connection:
            connection.execute("CREATE TABLE shapes AS SELECT 'F1' AS id, 'C10.11' AS nace, "
                               "ST_GeomFromText('POINT(11.5 48.1)', 4326) AS geom UNION ALL SELECT 'F2', 'C10.11', "
                               "ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))', 4326)")
        yield cluster


@pytest.fixture(scope="module")
def from_csv(register, tmp_path_factory):
    result = ingest_file(register[1], filename="firms.csv", name="csv", workspace=tmp_path_factory.mktemp("ws"),
                         limits=UNLIMITED)
    return result, *read_dataset(result.dataset_dir)


def _same_points(found, expected) -> None:
    """Equal point layers (geometries compared as WKB: fast, exact)."""
    pd.testing.assert_frame_equal(pd.DataFrame(found.drop(columns="geometry")),
                                  pd.DataFrame(expected.drop(columns="geometry")))
    assert found.crs == expected.crs
    assert np.array_equal(found.geometry.to_wkb().to_numpy(), expected.geometry.to_wkb().to_numpy())


def _problems(result) -> pd.DataFrame:
    return result.report.problems[["row", "column", "problem", "severity"]].reset_index(drop=True)


def test_postgis_points_ingest_like_the_same_csv(pg, from_csv, tmp_path):
    csv, stats, points, meta = from_csv
    result = ingest_database(DatabaseSource(pg.url, table="firms_geom"), name="pg", workspace=tmp_path,
                             limits=UNLIMITED, chunk_rows=30_000)
    found, found_points, found_meta = read_dataset(result.dataset_dir)
    assert_same_stats(found, stats)
    _same_points(found_points, points)
    assert (result.rows_read, result.rows_accepted) == (csv.rows_read, csv.rows_accepted) == (FIRMS, FIRMS - 3)
    problems = _problems(result)
    pd.testing.assert_frame_equal(problems.drop(columns="column"), _problems(csv).drop(columns="column"))
    for position, text in BROKEN.items():  # rows are 1-based, like a file's
        assert problems.loc[problems["row"] == position + 1, "problem"].str.contains(text).any()
    assert found_meta["source_file"] == f"postgresql://atlas:***@127.0.0.1:{pg.port}/atlas table firms_geom"
    assert found_meta["format"] == "postgresql" and found_meta["years"] == meta["years"]


def test_the_command_line_reads_a_query_of_lat_lon_columns_and_never_prints_the_password(pg, from_csv, tmp_path):
    _, stats, points, _ = from_csv
    done = subprocess.run([sys.executable, "app.py", "ingest", pg.url, "--query",
                           "SELECT id, name, lat, lon, nace, employees, source FROM firms_xy", "--name", "q",
                           "--workspace", str(tmp_path), "--chunk-rows", "40000"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{FIRMS - 3:,} of {FIRMS:,} rows accepted" in done.stdout
    found, found_points, _ = read_dataset(tmp_path / "q")
    assert_same_stats(found, stats)
    _same_points(found_points, points)
    written = "".join(p.read_text(errors="replace") for p in (tmp_path / "q").glob("*.*") if p.suffix != ".parquet")
    for text in (done.stdout, done.stderr, written):
        assert PASSWORD not in text
    assert "postgresql://atlas:***@" in done.stderr  # the progress bar names the masked source


def test_credentials_from_pg_environment_and_bounded_chunks(pg, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    source = DatabaseSource(pg.url_without_password(), query="SELECT * FROM firms_geom ORDER BY id LIMIT 25000")
    chunks = list(read_database_chunks(source, limits=UNLIMITED, chunk_rows=10_000))
    assert [len(c.frame) for c in chunks] == [10_000, 10_000, 5_000]
    assert [c.first_row for c in chunks] == [1, 10_001, 20_001]
    assert all(c.crs.to_epsg() == 4326 for c in chunks)
    frame = pd.concat([c.frame for c in chunks], ignore_index=True)
    assert list(frame.columns) == ["id", "name", "nace", "employees", "source", "__x", "__y"]
    assert frame["id"].is_monotonic_increasing and np.isfinite(frame["__x"]).sum() == 25_000 - (
        frame["id"].isin(["SYN000000010"]).sum())


def test_credentials_from_a_pgpass_file(pg, tmp_path, monkeypatch):
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:{pg.port}:atlas:atlas:{PASSWORD}\n")
    passfile.chmod(0o600)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    source = DatabaseSource(pg.url_without_password(), query="SELECT * FROM firms_geom LIMIT 10")
    assert sum(len(c.frame) for c in read_database_chunks(source, limits=UNLIMITED)) == 10
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(InputError, match="cannot connect to postgresql://atlas@127.0.0.1"):
        list(read_database_chunks(source, limits=UNLIMITED))


def test_a_wrong_password_is_one_line_without_the_password(pg, tmp_path):
    wrong = pg.url.replace(PASSWORD, "Wr0ng-secret")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    done = subprocess.run([sys.executable, "app.py", "ingest", wrong, "--table", "firms_geom", "--name", "x",
                           "--workspace", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=env)
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "password authentication failed" in lines[0], done.stderr[-1500:]
    assert "atlas:***@127.0.0.1" in lines[0] and "Wr0ng-secret" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr and not (tmp_path / "x").exists()


def test_unknown_tables_and_non_point_geometry_are_named(pg, tmp_path):
    with pytest.raises(SchemaError, match="refused the table.*nope"):
        ingest_database(DatabaseSource(pg.url, table="nope"), name="a", workspace=tmp_path)
    with pytest.raises(SchemaError, match=r"row 2, column 'geom': geometry is not a point.*POLYGON"):
        ingest_database(DatabaseSource(pg.url, table="shapes"), name="b", workspace=tmp_path)
    assert not any(p.name in ("a", "b") for p in tmp_path.iterdir())


def test_a_query_cannot_change_the_database(pg, tmp_path):
    with pg.connect() as connection:
        connection.execute("CREATE SEQUENCE IF NOT EXISTS counter")
    query = "SELECT *, nextval('counter') AS n FROM firms_xy"  # a side effect inside a SELECT
    with pytest.raises(SchemaError, match="cannot execute nextval\\(\\) in a read-only transaction"):
        ingest_database(DatabaseSource(pg.url, query=query), name="d", workspace=tmp_path)
    with pytest.raises(SchemaError, match="data-modifying statement"):  # refused by the wrapping sub-select
        ingest_database(DatabaseSource(pg.url, query="WITH gone AS (DELETE FROM firms_xy RETURNING *) "
                                                     "SELECT * FROM gone"), name="d", workspace=tmp_path)
    with pg.connect() as connection:
        assert connection.execute("SELECT count(*) FROM firms_xy").fetchone()[0] == FIRMS
        assert connection.execute("SELECT last_value, is_called FROM counter").fetchone() == (1, False)


def test_meta_data_and_report_name_the_masked_source(pg, tmp_path):
    ingest_database(DatabaseSource(pg.url, query="SELECT * FROM firms_geom WHERE id < 'SYN000000100'"), name="m",
                    workspace=tmp_path)
    meta = json.loads((tmp_path / "m" / "meta.json").read_text())
    assert meta["source_file"].endswith(" query") and "***" in meta["source_file"]
    assert meta["counts"]["rows_read"] == 100 and PASSWORD not in (tmp_path / "m" / "report.csv").read_text()


def test_the_dask_engine_takes_database_chunks_like_the_pandas_engine(pg, tmp_path):
    source = DatabaseSource(pg.url, query="SELECT * FROM firms_geom WHERE id < 'SYN000005000'")
    plain = ingest_database(source, name="plain", workspace=tmp_path, chunk_rows=1_500)
    threaded = ingest_database(source, name="dask", workspace=tmp_path, chunk_rows=1_500, engine="dask")
    stats, points, _ = read_dataset(plain.dataset_dir)
    found, found_points, meta = read_dataset(threaded.dataset_dir)
    assert_same_stats(found, stats)
    _same_points(found_points, points)
    assert meta["engine"] == "dask" and plain.rows_read == threaded.rows_read == 5_000
