"""Whether the online basemap can be drawn: its style is fetched from the internet (Carto).

Asked for the online basemap without a connection, MapLibre cannot load the style and fires ``error``:
plotly.js (``updateMap``: ``setStyle``, then ``rejectOnError``) rejects the draw ("Map error."). It has also
forgotten its traces (``traceHash = {}``) while MapLibre kept the old style with their sources, so the next
draw adds them again ("Source … already exists"). The map therefore asks for the online style only when it
is reachable and otherwise stays on the blank style with a note in the status bar (:data:`OFFLINE_NOTE`).
The server's connection stands for the browser's: the atlas runs on the user's machine or on a server both
reach.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request

from data.i18n import text

#: The style plotly.js loads for ``map.style = "carto-positron"`` (plotly.js 3).
ONLINE_STYLE_URL = "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"
#: The status bar's line when the online basemap was asked for and cannot be reached.
OFFLINE_NOTE = text("note_basemap_offline")
PROBE_TIMEOUT_S = 2.0
#: How long an answer is trusted: a connection that comes back is noticed on a later toggle.
PROBE_TTL_S = 60.0

_lock = threading.Lock()
_last: tuple[float, bool] | None = None  # (monotonic time of the probe, reachable)


def probe(url: str = ONLINE_STYLE_URL, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """Return whether ``url`` answers a HEAD request with a status below 400 within ``timeout`` seconds."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout) as answer:
            return answer.status < 400
    except (urllib.error.URLError, OSError, ValueError):
        return False


def basemap_reachable(now: float | None = None) -> bool:
    """Return whether the online basemap's style can be fetched (one probe per :data:`PROBE_TTL_S`)."""
    global _last
    now = time.monotonic() if now is None else now
    with _lock:
        if _last is None or now - _last[0] > PROBE_TTL_S:
            _last = (now, probe(ONLINE_STYLE_URL))
        return _last[1]
