"""Workspace datasets in a store: loaded at start, reloaded on a page load when another process replaced them."""

from __future__ import annotations

import pytest

from data.store import DataStore
from ingest.workspace import ingest_file, workspace_generations
from ingest.workspace_store import dataset_from_folder, load_workspace, store_key
from tests.ingest._ingest_helpers import FIRMS

C_FIRMS = ("firms", 2021, "enterprises", 2024, 2)  # firms in section C per NUTS 2 region


def _ingest(frame, workspace, name="firms") -> None:
    ingest_file(frame.to_csv(index=False).encode(), filename="firms.csv", name=name, workspace=workspace,
                replace=True)


def _c_firms(store: DataStore, region: str) -> float:
    return store.matrix(*C_FIRMS, ["C"]).loc[region, "C"]


@pytest.fixture
def own_store() -> DataStore:
    return DataStore()  # its own store: these tests add and replace datasets


def test_a_dataset_keeps_its_folder_generation(tmp_path, own_store):
    _ingest(FIRMS, tmp_path)
    dataset = dataset_from_folder(tmp_path / "firms", own_store)
    assert dataset.generation == workspace_generations(tmp_path)["firms"]


def test_a_refresh_reloads_only_new_and_replaced_datasets(tmp_path, own_store):
    _ingest(FIRMS, tmp_path)
    assert load_workspace(own_store, tmp_path) == []
    loaded = own_store.dataset("firms")
    assert _c_firms(own_store, "DE21") == 2  # Brauerei Süd and Beta München (Munich)

    assert load_workspace(own_store, tmp_path, only_changed=True) == []
    assert own_store.dataset("firms") is loaded  # unchanged folder: nothing read again

    _ingest(FIRMS.head(3), tmp_path)  # another process replaces it (an upload there)
    _ingest(FIRMS, tmp_path, name="more")  # and adds one
    assert load_workspace(own_store, tmp_path, only_changed=True) == []
    assert own_store.dataset("firms").generation == workspace_generations(tmp_path)["firms"] != loaded.generation
    assert _c_firms(own_store, "DE21") == 1  # only Brauerei Süd is left
    assert "more" in own_store.datasets


def test_a_replacement_that_cannot_be_read_keeps_the_loaded_dataset(tmp_path, own_store):
    _ingest(FIRMS, tmp_path)
    load_workspace(own_store, tmp_path)
    loaded = own_store.dataset("firms")
    _ingest(FIRMS.head(3), tmp_path)
    stats = tmp_path / "firms" / "stats.parquet"
    stats.write_bytes(stats.read_bytes()[: stats.stat().st_size // 2])  # cut off half-way
    notices = load_workspace(own_store, tmp_path, only_changed=True)
    assert len(notices) == 1 and "Dataset 'firms' in the workspace was skipped" in notices[0]
    assert own_store.dataset("firms") is loaded and _c_firms(own_store, "DE21") == 2


def test_a_folder_named_like_a_default_dataset_is_refreshed_under_its_own_key(tmp_path, own_store):
    _ingest(FIRMS, tmp_path, name="sbs")
    load_workspace(own_store, tmp_path, only_changed=True)
    assert store_key("sbs") == "user-sbs" and own_store.dataset("sbs").generation == "default"
    loaded = own_store.dataset("user-sbs")
    load_workspace(own_store, tmp_path, only_changed=True)
    assert own_store.dataset("user-sbs") is loaded
    _ingest(FIRMS.head(3), tmp_path, name="sbs")
    load_workspace(own_store, tmp_path, only_changed=True)
    assert own_store.dataset("user-sbs") is not loaded and own_store.dataset("sbs").generation == "default"
