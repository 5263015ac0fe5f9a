"""The Dask engine on a cluster started as users start it: ``dask scheduler`` + two ``dask worker`` processes
in another folder, without ``PYTHONPATH`` (they cannot import ``ingest`` or ``data``), through ``--scheduler``.

Before ingest/dask_cluster.py this failed with "Error during deserialization of the task graph"
(``ModuleNotFoundError: No module named 'data'``) on the scheduler.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data.errors import InputError, SchemaError
from data.synthetic import generate_firms
from ingest.dask_cluster import connect, mismatches
from ingest.validation import UNLIMITED
from ingest.workspace import ingest_file, read_dataset
from tests.ingest._dask_processes import DaskProcesses
from tests.ingest._ingest_helpers import assert_same_stats
from tests.ingest._postgis import free_port

pytest.importorskip("distributed")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cluster():
    with DaskProcesses(workers=2) as processes:
        yield processes


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> Path:
    """20,000 synthetic firms with a few broken rows (so the reports have content to compare)."""
    frame = pd.concat(generate_firms(20_000, seed=5), ignore_index=True).astype(str)
    frame.loc[3, "nace"] = "XX"
    frame.loc[7, ["lat", "lon"]] = ["", ""]
    frame.loc[11, "employees"] = "-4"
    path = tmp_path_factory.mktemp("dask") / "firms.csv"
    frame.to_csv(path, index=False)
    return path


def app(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "app.py", "ingest", *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def test_separate_process_cluster_gives_the_pandas_engines_aggregates(cluster, register, tmp_path):
    plain = ingest_file(register, filename=register.name, name="plain", workspace=tmp_path, limits=UNLIMITED)
    done = app(str(register), "--name", "remote", "--workspace", str(tmp_path), "--engine", "dask",
               "--scheduler", cluster.address)
    assert done.returncode == 0, done.stderr[-3000:] + cluster.log()[-3000:]
    expected, points, _ = read_dataset(plain.dataset_dir)
    found, found_points, meta = read_dataset(tmp_path / "remote")
    assert_same_stats(found, expected)
    assert meta["engine"] == "dask" and len(found_points) == len(points) == 19_998
    assert np.array_equal(found_points.geometry.to_wkb().to_numpy(), points.geometry.to_wkb().to_numpy())
    pd.testing.assert_frame_equal(pd.DataFrame(found_points.drop(columns="geometry")),
                                  pd.DataFrame(points.drop(columns="geometry")))
    report = pd.read_csv(tmp_path / "remote" / "report.csv")
    assert sorted(report["row"].tolist()) == [4, 8, 12]  # the broken rows, 1-based, found on the workers
    assert "ModuleNotFoundError" not in cluster.log()


def test_an_error_raised_on_a_worker_arrives_as_the_projects_error(cluster, tmp_path):
    source = tmp_path / "nonace.csv"
    source.write_text("id,lat,lon\nA,48.1,11.5\nB,52.5,13.4\n")
    with pytest.raises(SchemaError, match="no NACE column"):  # raised by prepare_enterprises on a worker
        ingest_file(source, filename=source.name, name="x", workspace=tmp_path, engine="dask",
                    scheduler=cluster.address, kind="enterprises")
    done = app(str(source), "--name", "y", "--workspace", str(tmp_path), "--engine", "dask", "--scheduler",
               cluster.address)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if line.startswith("error:")] == [
        "error: file 'nonace.csv', row 0, column 'nace': no NACE column: expected e.g. 'nace', 'nace_code' or "
        "'activity'; columns found: ['id', 'lat', 'lon']"]


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(InputError, match=f"cannot reach the Dask scheduler at {address}"):
        connect(address, timeout=2)


def test_version_mismatches_are_named():
    here = {"host": {"python": "3.11.7.final.0"}, "packages": {"pandas": "3.1.1", "shapely": "2.2.0"}}
    same = {"host": {"python": "3.11.2.final.0"}, "packages": {"pandas": "3.1.0", "shapely": "2.2.1"}}
    older = {"host": {"python": "3.11.7.final.0"}, "packages": {"pandas": "2.2.3", "shapely": None}}
    assert mismatches({"client": here, "scheduler": same, "workers": {"tcp://a:1": same}}) == []
    assert mismatches({"client": here, "scheduler": same, "workers": {"tcp://b:2": older}}) == [
        "worker tcp://b:2: pandas 2.2.3 (here 3.1.1)", "worker tcp://b:2: shapely missing (here 2.2.0)"]
