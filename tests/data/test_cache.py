"""The cache helper: hits, least-recently-used eviction, generations, one build per miss, no ids in keys."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

import pytest

from data.cache import Cache, CacheInfo

ROOT = Path(__file__).resolve().parents[2]
G1, G2 = (("firms", "g1"),), (("firms", "g2"),)


class Builds:
    """A build function that counts its calls and returns a fresh object each time."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> list[int]:
        self.calls += 1
        return [self.calls]


def test_a_hit_returns_the_same_object_without_building_again():
    cache, build = Cache(maxsize=4), Builds()
    first = cache.get(G1, ("values", "C29"), build)
    assert cache.get(G1, ("values", "C29"), build) is first and build.calls == 1
    assert cache.info() == CacheInfo(hits=1, misses=1, size=1, maxsize=4)


def test_the_least_recently_used_entry_is_evicted_first():
    cache, build = Cache(maxsize=2), Builds()
    a = cache.get(G1, "a", build)
    cache.get(G1, "b", build)
    assert cache.get(G1, "a", build) is a  # "a" is now the most recently used
    cache.get(G1, "c", build)  # evicts "b"
    assert len(cache) == 2 and build.calls == 3
    assert cache.get(G1, "a", build) is a and build.calls == 3
    cache.get(G1, "b", build)
    assert build.calls == 4  # "b" was built again


def test_an_unbounded_cache_keeps_everything():
    cache, build = Cache(maxsize=None), Builds()
    for key in range(300):
        cache.get((), key, build)
    assert len(cache) == 300 and cache.get((), 0, build) == [1]


def test_a_new_generation_misses_and_the_old_one_is_dropped_when_replaced():
    cache, build = Cache(), Builds()
    old = cache.get(G1, "values", build)
    other = cache.get((("sbs", "default"),), "values", build)
    new = cache.get(G2, "values", build)
    assert new is not old and new == [3]
    assert cache.set_current("firms", "g2") == 1  # only the g1 entry goes; sbs is untouched
    assert cache.get(G2, "values", build) is new and cache.get((("sbs", "default"),), "values", build) is other
    assert cache.get(G1, "values", build) is not old and len(cache) == 2  # a g1 value is no longer kept


def test_a_build_of_a_replaced_generation_is_returned_but_not_kept():
    cache = Cache()
    started, release = threading.Event(), threading.Event()
    results = {}

    def slow_old_build() -> str:
        started.set()
        release.wait()
        return "old numbers"

    thread = threading.Thread(target=lambda: results.update(old=cache.get(G1, "values", slow_old_build)))
    thread.start()
    started.wait()
    cache.set_current("firms", "g2")  # the dataset is replaced while g1 is being built
    release.set()
    thread.join()
    assert results["old"] == "old numbers" and len(cache) == 0
    assert cache.get(G1, "values", lambda: "built again") == "built again"


def test_threads_asking_for_one_key_share_one_build():
    cache, calls = Cache(), []
    started, release = threading.Event(), threading.Event()

    def build() -> object:
        calls.append(1)
        started.set()
        release.wait()
        return object()

    results: list[object] = []
    first = threading.Thread(target=lambda: results.append(cache.get(G1, "k", build)))
    first.start()
    started.wait()
    waiters = [threading.Thread(target=lambda: results.append(cache.get(G1, "k", build))) for _ in range(3)]
    for thread in waiters:
        thread.start()
    release.set()
    for thread in [first, *waiters]:
        thread.join()
    assert len(calls) == 1 and len(results) == 4 and all(r is results[0] for r in results)


def test_a_failed_build_is_not_cached_and_raises_for_every_caller():
    cache = Cache()

    def broken() -> None:
        raise KeyError("enterprises")

    with pytest.raises(KeyError, match="enterprises"):
        cache.get(G1, "values", broken)
    assert len(cache) == 0 and cache.get(G1, "values", lambda: 7) == 7


@pytest.mark.parametrize(("maxsize", "error"), [(0, ValueError), (-1, ValueError), (2.5, TypeError),
                                                 (True, TypeError)])
def test_a_bad_bound_is_refused(maxsize, error):
    with pytest.raises(error, match="expected a positive int or None"):
        Cache(maxsize=maxsize)


# ---- no object ids anywhere near a cache key ----------------------------------------------------
SOURCE_FOLDERS = ("data", "ingest", "default_build", "analysis", "views", "layers", "exports", "callbacks", "cli")


def _id_calls(path: Path) -> list[int]:
    """Lines of ``path`` that call the builtin ``id`` (e.g. ``id(dataset)`` in a key or a ``__hash__``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "id"]


def test_the_id_finder_sees_an_id_in_a_cache_key(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('key = ("firms", dataset, id(ds))\nother = grid.id(3)\n', encoding="utf-8")
    assert _id_calls(sample) == [1]


def test_no_cache_key_uses_an_object_id():
    """Python reuses the id of a freed object: a key with ``id(...)`` can serve one dataset's values for another."""
    paths = [ROOT / "app.py", *(p for folder in SOURCE_FOLDERS for p in sorted((ROOT / folder).rglob("*.py")))]
    found = {str(p.relative_to(ROOT)): lines for p in paths if (lines := _id_calls(p))}
    assert found == {}, f"id(...) in {found}; key caches by (dataset name, generation) with data.cache.Cache"
