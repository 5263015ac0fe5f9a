import pandas as pd
import pytest

from data.synthetic import write_firms
from ingest.workspace import ingest_file, read_dataset

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    return write_firms(3000, tmp_path_factory.mktemp("syn") / "firms.csv", seed=1)


def test_dask_engine_on_a_local_cluster_equals_the_pandas_engine(register, tmp_path):
    plain = ingest_file(register, filename="firms.csv", name="plain", workspace=tmp_path)
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
    with cluster, distributed.Client(cluster):
        on_dask = ingest_file(register, filename="firms.csv", name="dask", workspace=tmp_path, engine="dask")
    expected, points, _ = read_dataset(plain.dataset_dir)
    found, dask_points, meta = read_dataset(on_dask.dataset_dir)
    pd.testing.assert_frame_equal(found, expected)
    pd.testing.assert_frame_equal(dask_points, points)
    assert meta["engine"] == "dask" and on_dask.rows_accepted == plain.rows_accepted == 3000
