"""The page state in the URL query string: parse (with fallbacks and notices) and encode.

Parameters (DESIGN §5): one per control of :data:`views.state.CONTROLS` (``dataset, sector, indicator,
measure, level, year, version, reference, countries, layers, alpha``) plus the camera ``lat, lon,
zoom``. Unknown or malformed values fall back to the defaults and are reported as notices. Pure: no Dash.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode

from data.i18n import text
from data.store import DataStore
from views.state import CONTROLS, NO_VALUE, View
from views.values import opening_year

MAX_PARAM_LENGTH = 400
#: Camera parameters and their ranges (degrees, MapLibre zoom).
CAMERA_LIMITS = {"lat": (-90.0, 90.0), "lon": (-180.0, 180.0), "zoom": (0.0, 18.0)}
#: Every URL parameter the page reads.
PARAMETERS = (*CONTROLS, *CAMERA_LIMITS)
#: Page parameters: read when the page is served (``lang``: callbacks/a11y.py), kept as they are by the writer.
PAGE_PARAMETERS = ("lang",)


@dataclass(frozen=True)
class PageState:
    """A parsed URL: the view, the camera (may be empty) and notices about rejected values."""

    view: View
    camera: dict
    notices: tuple[str, ...]


def _notice(name: str, value: str, allowed: str) -> str:
    return text("notice_url", name=name, value=repr(value[:40]), allowed=allowed)


def parse_query(search: str | None, store: DataStore) -> PageState:
    """Parse ``?sector=C29&level=2…`` into a valid :class:`PageState`; bad values → defaults + notice."""
    raw = parse_qs((search or "").lstrip("?"), keep_blank_values=True)
    params = {k: v[-1] for k, v in raw.items()}
    known = set(PARAMETERS)
    notices = [_notice(name, params[name], text("allowed_parameter", names=", ".join(sorted(known))))
               for name in sorted(set(params) - known - set(PAGE_PARAMETERS))]
    params = {k: v for k, v in params.items() if k in known and len(v) <= MAX_PARAM_LENGTH}
    values: dict = {}
    named = params.get("dataset")
    dataset = named if named in store.datasets and store.dataset(named).sectoral else "sbs"
    for name in (n for n in CONTROLS if n in params):
        value, rejected, allowed = CONTROLS[name].parse(params[name], store, dataset)
        if rejected is not None:
            notices.append(_notice(name, rejected, allowed))
        if value is not NO_VALUE:
            values[name] = value
    if named in store.datasets and store.dataset(named).sectoral:
        # a link that opens a dataset without saying when or where lands on the dataset's own year and version
        values.setdefault("year", opening_year(store, named))
        values.setdefault("version", store.dataset(named).native_version)
    camera, rejected = _camera(params)
    notices += [_notice(name, params[name], text("allowed_number", low=f"{low:g}", high=f"{high:g}"))
                for name, (low, high) in rejected]
    return PageState(replace(View(), **values), camera, tuple(notices))


def _camera(params: dict) -> tuple[dict, list]:
    """Read the camera (``lat`` and ``lon`` together, or ``zoom`` alone); also return the rejected parameters."""
    camera, rejected = {}, []
    for name, (low, high) in CAMERA_LIMITS.items():
        if name in params:
            try:
                number = float(params[name])
            except ValueError:
                number = math.nan
            if math.isfinite(number) and low <= number <= high:
                camera[name] = number
            else:
                rejected.append((name, (low, high)))
    if not {"lat", "lon"} <= set(camera):
        camera = {"zoom": camera["zoom"]} if "zoom" in camera else {}
    return camera, rejected


def camera_from_search(search: str | None) -> dict:
    """Return the camera (``lat``, ``lon``, ``zoom``) an address holds, ``{}`` without a valid one.

    >>> camera_from_search("?sector=C&lat=50.1&lon=14.4&zoom=6")
    {'lat': 50.1, 'lon': 14.4, 'zoom': 6.0}
    >>> camera_from_search("?lat=91")
    {}
    """
    params = {name: values[-1] for name, values in parse_qs((search or "").lstrip("?")).items()}
    return _camera(params)[0]


def encode_query(view: View, camera: dict | None = None) -> str:
    """Encode a view (and camera) as ``?dataset=…&sector=…``; a link reproduces the view."""
    params = {name: control.encode(getattr(view, name)) for name, control in CONTROLS.items()
              if getattr(view, name) is not None}  # no start year: no ``start`` parameter
    for name in CAMERA_LIMITS:
        if camera and name in camera:
            params[name] = f"{camera[name]:.4f}".rstrip("0").rstrip(".")
    return "?" + urlencode(params, safe=",")


def keep_page_parameters(query: str, search: str | None) -> str:
    """Append the page parameters of ``search`` (e.g. ``lang=fr``) to an encoded query.

    >>> keep_page_parameters("?sector=C", "?lang=fr&sector=C29")
    '?sector=C&lang=fr'
    """
    raw = parse_qs((search or "").lstrip("?"))
    kept = {name: raw[name][-1][:MAX_PARAM_LENGTH] for name in PAGE_PARAMETERS if name in raw}
    return query + ("&" + urlencode(kept) if kept else "")


def camera_from_relayout(relayout: dict | None) -> dict:
    """Extract ``lat``, ``lon``, ``zoom`` from a map ``relayoutData`` event (empty if none)."""
    if not relayout:
        return {}
    camera = {}
    center = relayout.get("map.center")
    if isinstance(center, dict):
        camera.update(lat=center.get("lat"), lon=center.get("lon"))
    if isinstance(relayout.get("map.zoom"), int | float):
        camera["zoom"] = relayout["map.zoom"]
    return {k: float(v) for k, v in camera.items() if isinstance(v, int | float)}
