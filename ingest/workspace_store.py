"""Bring workspace datasets (uploads, ``python app.py ingest``) into a :class:`DataStore`.

Every server process has its own store. An upload is ingested into the shared workspace folder by
one process; the others see it at their next page load, when :func:`load_workspace` with
``only_changed`` compares each folder's generation (in its ``meta.json``) with the store's and
reloads the datasets that are new or were replaced.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from data.store import Dataset, DataStore
from ingest.workspace import list_datasets, read_dataset, workspace_generations

LOG = logging.getLogger(__name__)
#: Folder of the datasets users add; ``ATLAS_WORKSPACE`` overrides it.
DEFAULT_WORKSPACE = Path(os.environ.get("ATLAS_WORKSPACE", Path(__file__).resolve().parent.parent / "workspace"))
RESERVED = {"sbs", "context"}
# One refresh at a time per process: a page load that finds a dataset being reloaded waits for it
# instead of reading the same files again.
_REFRESH = threading.Lock()


def store_key(name: str) -> str:
    """Return the store key of a workspace folder name (names of the default datasets get ``user-``)."""
    return name if name not in RESERVED else f"user-{name}"


def dataset_from_folder(directory: str | Path, store: DataStore) -> Dataset:
    """Describe one workspace dataset folder as a :class:`Dataset` (key = folder name, its generation)."""
    stats, points, meta = read_dataset(directory)
    name = Path(directory).name
    label = str(meta.get("label") or name)
    if meta.get("synthetic"):
        label = f"{label} (synthetic)"
    return Dataset.from_stats(store_key(name), label, stats, store.tree,
                              kind="register" if meta.get("kind") != "table" else "table",
                              synthetic=bool(meta.get("synthetic")), points=points, generation=meta["generation"],
                              measure_labels=meta.get("measure_labels"), source=source_text(meta, label))


def source_text(meta: dict, label: str) -> str:
    """Say where a workspace dataset comes from: its file, rows accepted and date of ingest.

    A table fetched from Eurostat (``python app.py fetch``) names its download URL and date instead.
    """
    if meta.get("source_url"):
        return (f"Source: Eurostat, {meta.get('eurostat_dataset') or label} (downloaded "
                f"{meta.get('downloaded', '')} from {meta['source_url']})")
    rows = (meta.get("counts") or {}).get("rows_accepted")
    parts = [f"file {meta['source_file']}" if meta.get("source_file") else "",
             f"{rows:,} rows" if isinstance(rows, int) else "",
             f"ingested {str(meta['created'])[:10]}" if meta.get("created") else ""]
    return f"Source: {label} ({', '.join(p for p in parts if p)})" if any(parts) else f"Source: {label}"


def load_workspace(store: DataStore, workspace: str | Path = DEFAULT_WORKSPACE, *,
                   only_changed: bool = False) -> list[str]:
    """Add every readable workspace dataset to the store; return a notice for each one skipped.

    A damaged or unreadable dataset never stops start-up: it is skipped, logged and reported. With
    ``only_changed`` (every page load), only ``meta.json`` files are read, and only datasets that
    are new or whose generation differs from the store's (replaced by another server process) are
    loaded; the store keeps a dataset it has if its new version cannot be read.
    """
    if only_changed:
        with _REFRESH:
            changed = [name for name, generation in workspace_generations(workspace).items()
                       if generation is None or _generation(store, store_key(name)) != generation]
            return [notice for name in changed if (notice := _add(store, Path(workspace) / name)) is not None]
    notices = []
    for info in list_datasets(workspace):
        notice = _add(store, info.path, info.error)
        if notice is not None:
            notices.append(notice)
    return notices


def _generation(store: DataStore, key: str) -> str | None:
    dataset = store.datasets.get(key)
    return dataset.generation if dataset is not None else None


def _add(store: DataStore, path: Path, error: str | None = None) -> str | None:
    """Add one folder's dataset to the store; return a notice instead if it cannot be read."""
    try:
        if error:
            raise ValueError(error)
        store.add_dataset(dataset_from_folder(path, store))
    except Exception as problem:  # any damage in one folder: skip it, keep serving
        LOG.warning("workspace dataset %s skipped: %s", path, problem)
        return f"Dataset '{path.name}' in the workspace was skipped: {problem}"
    return None
