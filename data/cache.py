"""One cache helper for every derived table: a thread-safe LRU keyed by dataset generations.

A cache key is ``(generations, key)``: ``generations`` is a tuple of ``(dataset name, generation)``
pairs naming the content the value was computed from (empty for values that depend on no dataset,
e.g. region geometry), ``key`` any hashable description of the computation (a view, a NUTS version
and level). A dataset's generation changes whenever its content changes (see
:attr:`data.store.Dataset.generation`), so a replaced dataset can never meet a value computed from
the old one, whatever order threads run in. Object ids are never part of a key: Python reuses the
id of a freed object, so an id can name two different datasets one after the other.

Values are shared between callers: never change one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
#: ``(dataset name, generation)`` pairs: the content a cached value was computed from.
Generations = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class CacheInfo:
    """Counters of a :class:`Cache`: lookups answered from it, values built, entries held, bound."""

    hits: int
    misses: int
    size: int
    maxsize: int | None


class Cache:
    """Least-recently-used cache of built values, keyed by dataset generations and an explicit key.

    Parameters
    ----------
    maxsize : int or None, default 128
        Entries kept; the least recently used one is dropped first. ``None``: unbounded (tables
        precomputed at start-up, whose key space is finite).

    Notes
    -----
    Thread-safe (gunicorn's ``gthread`` workers run callbacks in threads). A value is built outside
    the lock, once: a thread asking for a key that another thread is building waits for that
    result (or its exception) instead of building it again. After :meth:`set_current`, entries of
    any other generation of that dataset are dropped, and a build of an old generation that was
    still running is returned to its caller but not kept.

    Examples
    --------
    >>> cache = Cache(maxsize=2)
    >>> cache.get((("firms", "g1"),), ("total", 2021), lambda: 42)
    42
    >>> cache.get((("firms", "g1"),), ("total", 2021), lambda: 0)  # a hit: not built again
    42
    >>> cache.get((("firms", "g2"),), ("total", 2021), lambda: 43)  # a new generation misses
    43
    >>> cache.info()
    CacheInfo(hits=1, misses=2, size=2, maxsize=2)
    """

    def __init__(self, maxsize: int | None = 128) -> None:
        if maxsize is not None and (not isinstance(maxsize, int) or isinstance(maxsize, bool)):
            raise TypeError(f"maxsize was {maxsize!r}; expected a positive int or None")
        if maxsize is not None and maxsize < 1:
            raise ValueError(f"maxsize was {maxsize!r}; expected a positive int or None")
        self.maxsize = maxsize
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[Generations, Hashable], object] = OrderedDict()
        self._building: dict[tuple[Generations, Hashable], Future] = {}
        self._current: dict[str, str] = {}
        self._hits = self._misses = 0

    def get(self, generations: Generations, key: Hashable, build: Callable[[], T]) -> T:
        """Return the value of ``(generations, key)``, built by ``build()`` on a miss.

        Parameters
        ----------
        generations : tuple of (str, str)
            ``(dataset name, generation)`` of every dataset the value is computed from.
        key : hashable
            The rest of the key: what was computed, with which parameters.
        build : callable
            Computes the value; called without the lock held, at most once per miss.

        Returns
        -------
        object
            The cached or newly built value (shared: never change it).

        Raises
        ------
        Exception
            Whatever ``build`` raised; nothing is cached then.
        """
        full = (generations, key)
        with self._lock:
            if full in self._entries:
                self._entries.move_to_end(full)
                self._hits += 1
                return self._entries[full]  # type: ignore[return-value]
            pending = self._building.get(full)
            if pending is None:
                pending = self._building[full] = Future()
                self._misses += 1
                owner = True
            else:
                self._hits += 1
                owner = False
        if not owner:
            return pending.result()
        try:
            value = build()
        except BaseException as error:
            with self._lock:
                del self._building[full]
            pending.set_exception(error)
            raise
        with self._lock:
            del self._building[full]
            if self._is_current(generations):
                self._entries[full] = value
                if self.maxsize is not None and len(self._entries) > self.maxsize:
                    self._entries.popitem(last=False)
        pending.set_result(value)
        return value

    def set_current(self, name: str, generation: str) -> int:
        """Make ``generation`` the only one of dataset ``name`` kept; return the number of entries dropped."""
        with self._lock:
            self._current[name] = generation
            stale = [k for k in self._entries if not self._is_current(k[0])]
            for full in stale:
                del self._entries[full]
        return len(stale)

    def clear(self) -> None:
        """Drop every entry (counters stay)."""
        with self._lock:
            self._entries.clear()

    def info(self) -> CacheInfo:
        """Return the hit and miss counters, the number of entries and the bound."""
        with self._lock:
            return CacheInfo(self._hits, self._misses, len(self._entries), self.maxsize)

    def __len__(self) -> int:
        """Return the number of entries held."""
        with self._lock:
            return len(self._entries)

    def _is_current(self, generations: Generations) -> bool:
        return all(self._current.get(name, generation) == generation for name, generation in generations)
