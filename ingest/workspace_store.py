"""Bring workspace datasets (uploads, ``python app.py ingest``) into a :class:`DataStore`."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from data.store import Dataset, DataStore
from ingest.workspace import list_datasets, read_dataset

LOG = logging.getLogger(__name__)
#: Folder of the datasets users add; ``ATLAS_WORKSPACE`` overrides it.
DEFAULT_WORKSPACE = Path(os.environ.get("ATLAS_WORKSPACE", Path(__file__).resolve().parent.parent / "workspace"))
RESERVED = {"sbs", "context"}


def dataset_from_folder(directory: str | Path, store: DataStore) -> Dataset:
    """Describe one workspace dataset folder as a :class:`Dataset` (key = folder name)."""
    stats, points, meta = read_dataset(directory)
    name = Path(directory).name
    label = str(meta.get("label") or name)
    if meta.get("synthetic"):
        label = f"{label} (synthetic)"
    return Dataset.from_stats(name if name not in RESERVED else f"user-{name}", label, stats, store.tree,
                              kind="register" if meta.get("kind") != "table" else "table",
                              synthetic=bool(meta.get("synthetic")), points=points,
                              measure_labels=meta.get("measure_labels"))


def load_workspace(store: DataStore, workspace: str | Path = DEFAULT_WORKSPACE, *,
                   only_new: bool = False) -> list[str]:
    """Add every readable workspace dataset to the store; return a notice for each one skipped.

    A damaged or unreadable dataset never stops start-up: it is skipped, logged and reported. With
    ``only_new``, datasets the store already has are left alone (a cheap refresh, e.g. when another
    server process received an upload).
    """
    notices = []
    for info in list_datasets(workspace):
        if only_new and info.name in store.datasets:
            continue
        try:
            if info.error:
                raise ValueError(info.error)
            store.add_dataset(dataset_from_folder(info.path, store))
        except Exception as error:  # any damage in one folder: skip it, keep serving
            LOG.warning("workspace dataset %s skipped: %s", info.path, error)
            notices.append(f"Dataset '{info.name}' in the workspace was skipped: {error}")
    return notices
