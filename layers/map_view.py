"""From an effective view to the map's figure or to the patch of its values (one way for both)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from dash import Patch

from data.nace import sector_label
from data.store import ATTRIBUTION, DataStore
from layers.choropleth import (
    FIRMS_TRACE,
    HOTSPOT_TRACE,
    NO_DATA_TRACE,
    SITES_TRACE,
    STARS_TRACE,
    STRONG_TRACE,
    VALUE_TRACE,
    MapText,
    build_map_figure,
    geometry_url,
    locations_update,
    no_data_locations,
    title_html,
    value_trace_update,
)
from layers.colours import NO_DATA, colour_scale
from layers.firms import ZOOM_FOR_POINTS, firms_update, select_around_viewport, select_firms
from layers.overlays import hotspot_update, stars_update, strong_update
from layers.patching import apply_update, nested
from layers.points import sites_update
from views.hotspots import CATEGORIES, HotSpots, hot_spots
from views.marks import cluster_marks
from views.state import View
from views.values import indicator_values, view_measure


@dataclass(frozen=True)
class MapKeys:
    """What the browser already has: a change of a key means that part must be sent again."""

    geometry: tuple
    locations: tuple
    sites: tuple
    overlays: tuple = ()

    def as_dict(self) -> dict:
        """JSON-friendly form for a ``dcc.Store``."""
        return {"geometry": list(self.geometry), "locations": list(self.locations), "sites": list(self.sites),
                "overlays": list(self.overlays)}


def map_keys(view: View) -> MapKeys:
    """Keys of an effective view's geometry, region set, site selection and overlays.

    The sites key ignores the sector while the layer is hidden, so that hidden sites are never sent.
    """
    visible = "sites" in view.layers
    sector_bound = view.spec.scope in {"sector", "measure"}
    return MapKeys(
        geometry=(view.version, view.level, "outlines" in view.layers, "basemap" in view.layers),
        locations=(view.version, view.level, *view.countries),
        sites=(visible, view.sector if (sector_bound and visible) else "*", *(view.countries if visible else ())),
        overlays=tuple(layer for layer in OVERLAYS if layer in view.layers),
    )


def map_text(store: DataStore, view: View) -> MapText:
    """Title (sector and indicator), subtitle (measure, year, level, NUTS version, reference) and source.

    The measure is named as :func:`data.measures.measure_spec` describes it (any dataset's measure).
    """
    spec = view.spec
    if spec.scope == "context":
        title, measure = spec.label, "Eurostat regional accounts and demography"
    elif spec.scope == "region":
        title, measure = f"{spec.label} of the business economy (NACE sections)", view_measure(store, view).phrase
    else:
        title, measure = f"{sector_label(store.tree, view.sector)} — {spec.label}", view_measure(store, view).phrase
    reference = "; reference: own country" if spec.uses_reference and view.reference == "country" else ""
    countries = f"; {', '.join(view.countries)}" if view.countries else ""
    subtitle = f"{measure}, {view.year}, NUTS {view.level} (version {view.version}){reference}{countries}"
    return MapText(title, subtitle, f"{ATTRIBUTION}. Made with Cluster Atlas.")


def compute_values(store: DataStore, view: View) -> tuple[pd.DataFrame, dict]:
    """Compute the indicator values of the shown regions and the value-trace update computed from them.

    Cached in the store per filter state and dataset generation (an upload replacing a dataset
    changes the key): the map, the ranking and the exports of one change share one computation, and
    going back to an earlier state costs nothing. Callers must not modify the returned objects.
    """
    return store.derived.get(store.generations(view.dataset, "context"), ("values", view),
                             lambda: _computed_values(store, view))


def _computed_values(store: DataStore, view: View) -> tuple[pd.DataFrame, dict]:
    values = indicator_values(store, view)
    spec = view.spec
    title = spec.label if spec.unit in {"", "ratio"} else f"{spec.label} ({spec.unit})"
    scale = colour_scale(values["value"], centre=spec.centre, binary=spec.key == "lq_binary", title=title)
    return values, value_trace_update(values, scale, spec.unit, with_measure=spec.scope != "context")


def filtered_sites(store: DataStore, view: View) -> pd.DataFrame:
    """Sites of the chosen sector (a NACE code and everything below it) in the chosen countries.

    Empty while the sites layer is hidden: hidden points are never sent to the browser.
    """
    sites = store.sites
    if "sites" not in view.layers:
        return sites.iloc[:0]
    mask = pd.Series(True, index=sites.index)
    if view.spec.scope in {"sector", "measure"}:
        mask &= sites["nace"].fillna("").str.startswith(view.sector)
    if view.countries:
        mask &= sites["country"].isin(view.countries)
    return sites[mask]


@dataclass(frozen=True)
class MapUpdate:
    """A new figure (or a Patch of the old one), the values drawn and the hot spots computed."""

    figure: go.Figure | Patch
    values: pd.DataFrame
    spots: HotSpots | None


def build_figure(store: DataStore, view: View, camera: dict | None, *, inline_geometry: bool = False) -> MapUpdate:
    """Build the whole figure for an effective view, the values drawn and the hot spots.

    The polygons are referred to by URL (fetched once by the browser), or embedded as GeoJSON when
    ``inline_geometry`` is true (server-side rendering has no web server to fetch them from).
    """
    values, update = compute_values(store, view)
    if inline_geometry:
        polygons, outlines = store.geojson(view.version, view.level), store.geojson(view.version, 0)
    else:
        polygons, outlines = geometry_url(view.version, view.level), geometry_url(view.version, 0)
    figure = build_map_figure(polygons, outlines, values,
                              update, text=map_text(store, view), camera=camera,
                              online_basemap="basemap" in view.layers, show_outlines="outlines" in view.layers)
    figure.update_layout(meta=figure_meta(view))
    figure.data[SITES_TRACE].update(nested(sites_update(filtered_sites(store, view), visible="sites" in view.layers)))
    overlays, spots = overlay_updates(store, view)
    for index, overlay in overlays.items():
        figure.data[index].update(nested(overlay))
    figure.data[FIRMS_TRACE].update(nested(firms_trace_update(store, view, camera or {})))
    return MapUpdate(figure, values, spots)


def figure_meta(view: View) -> str:
    """Return ``layout.meta`` of the live map: a JSON text with ``geometry`` and ``no_data``.

    ``geometry``: changes wait for the figure of their geometry; ``no_data``: the colour the browser
    gives regions without a value. A text, not an object: plotly.js redraws the whole map when Dash
    re-plots a copy of the layout whose ``meta`` is an object (after every pan); a text compares by value.
    """
    return json.dumps({"geometry": list(map_keys(view).geometry), "no_data": NO_DATA}, separators=(",", ":"))


def firms_trace_update(store: DataStore, view: View, camera: dict) -> dict:
    """Compute the firms trace for a view and camera: points of the dataset's register, or counts per region."""
    table = store.firm_table(view.dataset) if "firms" in view.layers else None
    if table is None:
        return firms_update(table, level=view.level, region_points=store.points(view.version, view.level),
                            visible=False)
    sector = view.sector if view.spec.scope in {"sector", "measure"} else None
    if camera.get("zoom", 0) >= ZOOM_FOR_POINTS:
        selected, covers = select_around_viewport(table, sector=sector, countries=view.countries, camera=camera)
    else:
        selected, covers = select_firms(table, sector=sector, countries=view.countries, bbox=None), None
    return firms_update(selected, level=view.level, region_points=store.points(view.version, view.level),
                        visible=True, covers=covers)


def patch_figure(store: DataStore, view: View, old: MapKeys | None) -> MapUpdate:
    """Build the changes of the drawn figure: values (and, when their key changed, regions, sites, overlays).

    The changes are ``{"geometry": key, "traces": {index: {dotted attribute: value}}, "layout": {…}}``:
    the browser applies them with ``Plotly.restyle``/``Plotly.update`` (``assets/map.js``), so no geometry
    and no whole-figure diff is involved; :func:`changes_as_patch` turns them into a ``dash.Patch``.
    """
    values, update = compute_values(store, view)
    keys = map_keys(view)
    traces: dict[int, dict] = {VALUE_TRACE: {}, NO_DATA_TRACE: {}}
    if old is None or old.locations != keys.locations:
        traces[NO_DATA_TRACE].update(no_data_locations(values))
        traces[VALUE_TRACE].update(locations_update(values))
    traces[VALUE_TRACE].update(update)  # its hover serves the no-data trace too (``changes_as_patch``)
    if old is None or old.sites != keys.sites:
        traces[SITES_TRACE] = sites_update(filtered_sites(store, view), visible="sites" in view.layers)
    spots = None
    if keys.overlays or (old is not None and old.overlays):
        overlays, spots = overlay_updates(store, view)
        for index, overlay in overlays.items():
            traces.setdefault(index, {}).update(overlay)
    changes = {"geometry": list(keys.geometry), "traces": {i: t for i, t in traces.items() if t},
               "layout": {"title.text": title_html(map_text(store, view))}}
    return MapUpdate(changes, values, spots)


def changes_as_patch(changes: dict) -> Patch:
    """Express the same changes as a ``dash.Patch`` of the figure (for clients without the restyle script).

    The value trace's hover data and template are set on the no-data trace as well, as ``assets/map.js`` does.
    """
    patch = Patch()
    for index, update in changes["traces"].items():
        apply_update(patch["data"][int(index)], update)
    for key in ("customdata", "hovertemplate"):
        if key in changes["traces"].get(VALUE_TRACE, {}):
            patch["data"][NO_DATA_TRACE][key] = changes["traces"][VALUE_TRACE][key]
    apply_update(patch["layout"], changes.get("layout", {}))
    return patch


OVERLAYS = ("lisa", "gi", "marks")


def overlay_updates(store: DataStore, view: View) -> tuple[dict[int, dict], HotSpots | None]:
    """Compute updates of the hot-spot, strong-cluster and star traces (hidden when their layer is off).

    LISA wins when both hot-spot layers are on. Cluster marks exist for sector indicators only.
    Also dims the values under hot spots so that the categories read first.
    """
    kind = next((k for k in ("lisa", "gi") if k in view.layers), None)
    spots = hot_spots(store, view, kind=kind, alpha=view.alpha) if kind else None
    title = f"{'LISA' if kind == 'lisa' else 'Gi*'} p ≤ {view.alpha:g}"
    marks = cluster_marks(store, view) if "marks" in view.layers else None
    if marks is not None and marks.empty:
        marks = None
    return {
        HOTSPOT_TRACE: hotspot_update(spots.regions if spots else None, CATEGORIES.get(kind or "", ()), title),
        STRONG_TRACE: strong_update(marks),
        STARS_TRACE: stars_update(marks, store.points(view.version, view.level)),
        VALUE_TRACE: {"marker.opacity": 0.45 if spots else 1.0},
    }, spots
