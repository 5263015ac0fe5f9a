"""The page state in the URL query string: parse (with fallbacks and notices), encode, and sync.

Parameters (DESIGN §5): ``dataset, sector, indicator, level, year, countries, version, layers,
lat, lon, zoom`` plus ``measure`` and ``reference``. Unknown or malformed values fall back to the
defaults and are reported in the status bar.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode

from dash import Dash, Input, Output, State, ctx, no_update

from analysis.registry import INDICATORS
from callbacks import ids
from callbacks.unchanged import unless_shown
from data.store import DataStore
from views.hotspots import ALPHAS
from views.values import View, effective_view

URL_WRITTEN = "url-written"  # the last URL the controls wrote (to tell write-backs from links)
LAYERS = ("sites", "firms", "outlines", "basemap", "lisa", "gi", "marks")
REFERENCES = ("eu", "country")
MAX_PARAM_LENGTH = 400
CAMERA_LIMITS = {"lat": (-90.0, 90.0), "lon": (-180.0, 180.0), "zoom": (0.0, 18.0)}


@dataclass(frozen=True)
class PageState:
    """A parsed URL: the view, the camera (may be empty) and notices about rejected values."""

    view: View
    camera: dict
    notices: tuple[str, ...]


def parse_query(search: str | None, store: DataStore) -> PageState:
    """Parse ``?sector=C29&level=2…`` into a valid :class:`PageState`; bad values → defaults + notice."""
    default = View()
    raw = parse_qs((search or "").lstrip("?"), keep_blank_values=True)
    params = {k: v[-1] for k, v in raw.items()}
    notices: list[str] = []
    values: dict = {}

    def reject(name: str, value: str, allowed: str) -> None:
        notices.append(f"URL parameter '{name}'={value[:40]!r} ignored: {allowed}")

    known = {"dataset", "sector", "indicator", "measure", "level", "year", "countries", "version",
             "reference", "layers", "alpha", "lat", "lon", "zoom"}
    for name in sorted(set(params) - known):
        reject(name, params[name], f"unknown parameter; known: {', '.join(sorted(known))}")
    params = {k: v for k, v in params.items() if k in known and len(v) <= MAX_PARAM_LENGTH}
    sectors = set(store.sector_codes("sbs"))
    _choose(params, "sector", sectors, values, reject, "a NACE code of the table, e.g. C29")
    _choose(params, "indicator", set(INDICATORS), values, reject, f"one of {sorted(INDICATORS)}")
    # the measures of the dataset the link names (else the SBS table): a register's 'enterprises' is valid
    measures = store.dataset(params["dataset"] if params.get("dataset") in store.datasets else "sbs").measures
    _choose(params, "measure", set(measures), values, reject, f"one of {list(measures)}")
    _choose(params, "reference", set(REFERENCES), values, reject, f"one of {list(REFERENCES)}")
    _choose(params, "dataset", set(store.datasets), values, reject, f"one of {sorted(store.datasets)}")
    for name, allowed in (("level", {0, 1, 2, 3}), ("version", {2013, 2021}),
                          ("year", {y for ds in store.datasets.values() for y in ds.years})):
        if name in params:
            number = params[name]
            if number.isascii() and number.isdecimal() and int(number) in allowed:
                values[name] = int(number)
            else:
                reject(name, number, f"one of {sorted(allowed)}")
    for name, allowed_set in (("countries", set(store.countries(2013).index) | set(store.countries(2021).index)),
                              ("layers", set(LAYERS))):
        if name in params:
            items = tuple(dict.fromkeys(p for p in params[name].split(",") if p))
            bad = [p for p in items if p not in allowed_set]
            if bad:
                reject(name, ",".join(bad), f"unknown {name}")
            values[name] = tuple(p for p in items if p in allowed_set)
    if "alpha" in params:
        alpha = {f"{a:g}": a for a in ALPHAS}.get(params["alpha"])
        if alpha is None:
            reject("alpha", params["alpha"], f"one of {[f'{a:g}' for a in ALPHAS]}")
        else:
            values["alpha"] = alpha
    camera = _camera(params, reject)
    view = replace(default, **values)
    return PageState(view, camera, tuple(notices))


def _choose(params: dict, name: str, allowed: set, values: dict, reject, text: str) -> None:
    if name in params:
        if params[name] in allowed:
            values[name] = params[name]
        else:
            reject(name, params[name], text)


def _camera(params: dict, reject) -> dict:
    camera = {}
    for name, (low, high) in CAMERA_LIMITS.items():
        if name in params:
            try:
                number = float(params[name])
            except ValueError:
                number = math.nan
            if math.isfinite(number) and low <= number <= high:
                camera[name] = number
            else:
                reject(name, params[name], f"a number from {low:g} to {high:g}")
    return camera if {"lat", "lon"} <= set(camera) else ({"zoom": camera["zoom"]} if "zoom" in camera else {})


def encode_query(view: View, camera: dict | None = None) -> str:
    """Encode a view (and camera) as ``?dataset=…&sector=…``; a link reproduces the view."""
    params = {
        "dataset": view.dataset, "sector": view.sector, "indicator": view.indicator, "measure": view.measure,
        "level": view.level, "year": view.year, "version": view.version, "reference": view.reference,
        "countries": ",".join(view.countries), "layers": ",".join(view.layers), "alpha": f"{view.alpha:g}",
    }
    for name in ("lat", "lon", "zoom"):
        if camera and name in camera:
            params[name] = f"{camera[name]:.4f}".rstrip("0").rstrip(".")
    return "?" + urlencode(params, safe=",")


def view_from_controls(sector: str, indicator: str, measure: str, level: int, year: int,
                       countries: list[str] | None, reference: str, version: int,
                       layers: list[str] | None, alpha: float = 0.05, dataset: str = "sbs") -> View:
    """Build a :class:`View` from the filter controls' values."""
    return View(sector=sector, indicator=indicator, measure=measure, level=int(level), year=int(year),
                countries=tuple(countries or ()), reference=reference, version=int(version),
                layers=tuple(layers or ()), alpha=float(alpha), dataset=dataset or "sbs")


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


CONTROLS = (ids.SECTOR_SELECT, ids.INDICATOR_SELECT, ids.MEASURE_SELECT, ids.LEVEL_SELECT, ids.YEAR_SELECT,
            ids.COUNTRY_SELECT, ids.REFERENCE_SELECT, ids.CLASSIFICATION_SELECT, ids.LAYER_TOGGLES,
            ids.ALPHA_SELECT, ids.DATASET_SELECT)


def controls_after_map(settled: dict | None) -> list | None:
    """Return the controls' values (:data:`CONTROLS` order) of the ``VIEW_AFTER_MAP`` store; None if unset.

    The store holds ``{"controls": [...], "first": bool}`` (``first``: the page's initial values).
    """
    values = settled.get("controls") if isinstance(settled, dict) else None
    return list(values) if isinstance(values, list) and len(values) == len(CONTROLS) else None


def control_values(view: View) -> list:
    """List the controls' values for a view, in :data:`CONTROLS` order."""
    return [view.sector, view.indicator, view.measure, view.level, view.year, list(view.countries),
            view.reference, view.version, list(view.layers), view.alpha, view.dataset]


def from_url(search: str | None, controls: list, store: DataStore, *,
             page_load: bool) -> tuple[list, dict | None, list[str] | None]:
    """Return the controls' values, requested camera and notices for the URL (page load or a new link).

    Controls already at the wanted value are left alone (``no_update``). The camera and notices are
    only given on page load: later URL changes come from the controls themselves.
    """
    state = parse_query(search, store)
    normal = effective_view(store, state.view)
    updates = [w if w != c else no_update for w, c in zip(control_values(normal), controls, strict=True)]
    if not page_load:
        return updates, None, None
    return updates, state.camera or None, list(state.notices) + list(normal.notices)


def to_url(trigger: str | None, search: str | None, controls: list, relayout: dict | None,
           store: DataStore) -> tuple[str, list[str] | None]:
    """Return the URL for the controls (after a pan or zoom: the same URL, new camera) and notices.

    Notices are ``None`` after a pan or zoom: the ones shown stay.
    """
    state = parse_query(search, store)
    if trigger == ids.MAP:
        return encode_query(state.view, {**state.camera, **camera_from_relayout(relayout)}), None
    normal = effective_view(store, view_from_controls(*controls))
    return encode_query(normal, state.camera), list(normal.notices)


def register(app: Dash, store: DataStore) -> None:
    """Wire URL → controls (on load and links) and controls → URL (a second ``Location`` writes it).

    Two callbacks with no cycle between them: a filter change is never held up by a URL round trip; the
    URL is written once the map shows the change (``VIEW_AFTER_MAP``) or after a pan or zoom.
    """
    @app.callback(*[Output(c, "value") for c in CONTROLS], Output(ids.CAMERA_STORE, "data"),
                  Output(ids.NOTICE_STORE, "data", allow_duplicate=True), Input(ids.URL, "search"),
                  *[State(c, "value") for c in CONTROLS], State(URL_WRITTEN, "data"),
                  prevent_initial_call="initial_duplicate")
    def _from_url(search, *args):
        *controls, written = args
        # our own write-back only corrects controls; a page load or another link also sets camera and notices
        updates, camera, notices = from_url(search, list(controls), store, page_load=search != written)
        return (*updates, camera if camera is not None else no_update, notices if notices is not None else no_update)

    @app.callback(Output(ids.URL_WRITER, "search"), Output(URL_WRITTEN, "data"), Output(ids.NOTICE_STORE, "data"),
                  Input(ids.VIEW_AFTER_MAP, "data"), Input(ids.MAP, "relayoutData"), State(ids.URL, "search"),
                  State(ids.NOTICE_STORE, "data"), prevent_initial_call=True)
    def _to_url(settled, relayout, search, shown_notices):
        controls = controls_after_map(settled)
        if controls is None:
            return no_update, no_update, no_update
        url, notices = to_url(ctx.triggered_id, search, controls, relayout, store)
        if settled.get("first"):
            notices = None  # the page's first values: the URL's own notices (from_url) stay
        changed = url != search
        return (url if changed else no_update, url if changed else no_update,
                unless_shown(notices, shown_notices) if notices is not None else no_update)
