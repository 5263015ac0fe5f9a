"""Limits of the data API: request size and a token bucket per client address.

Each client address has a bucket of :attr:`RateLimit.burst` requests that refills at
:attr:`RateLimit.per_minute` / 60 requests per second; a request finding it empty is refused with
HTTP 429 and ``Retry-After`` (seconds until one request is available). The buckets live in the server
process (each gunicorn worker has its own), bounded to :data:`MAX_CLIENTS` addresses.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["MAX_CLIENTS", "MAX_QUERY_BYTES", "RateLimit", "RateLimiter"]

#: Longest query string accepted (bytes); a longer one is refused with HTTP 414.
MAX_QUERY_BYTES = 2048
#: Client addresses remembered at most (least recently seen forgotten first: a full bucket again).
MAX_CLIENTS = 10_000


@dataclass(frozen=True)
class RateLimit:
    """Requests allowed per client address: ``burst`` at once, refilled at ``per_minute`` per minute."""

    per_minute: float = 120.0
    burst: int = 60


class RateLimiter:
    """Token buckets per client address (thread-safe).

    Parameters
    ----------
    limit : RateLimit
        Rate and burst.
    clock : callable, optional
        Seconds (monotonic); tests pass a fake clock.
    max_clients : int
        Addresses remembered at most.

    Examples
    --------
    >>> now = [0.0]
    >>> limiter = RateLimiter(RateLimit(per_minute=60, burst=2), clock=lambda: now[0])
    >>> [limiter.wait("a") for _ in range(3)], limiter.wait("b")
    ([0.0, 0.0, 1.0], 0.0)
    >>> now[0] = 1.0
    >>> limiter.wait("a")
    0.0
    """

    def __init__(self, limit: RateLimit = RateLimit(), *, clock: Callable[[], float] = time.monotonic,
                 max_clients: int = MAX_CLIENTS) -> None:
        self.limit, self.clock, self.max_clients = limit, clock, max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # address → (tokens, time)
        self._lock = threading.Lock()

    def wait(self, client: str, limit: RateLimit | None = None) -> float:
        """Take one request from ``client``'s bucket: 0.0 if allowed, else the seconds until one is available.

        ``limit`` overrides the limiter's own (the app's configuration, read per request).
        """
        limit = limit or self.limit
        rate = limit.per_minute / 60.0
        with self._lock:
            now = self.clock()
            tokens, then = self._buckets.pop(client, (float(limit.burst), now))
            tokens = min(float(limit.burst), tokens + (now - then) * rate)
            allowed = tokens >= 1.0
            self._buckets[client] = (tokens - 1.0 if allowed else tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        if allowed:
            return 0.0
        return math.inf if rate <= 0 else (1.0 - tokens) / rate
