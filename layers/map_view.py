"""From an effective view to the map's figure or to the changes of the drawn one (one way for both).

What is drawn comes from :mod:`views.map_data` (values, hot spots, marks, sites, firms: computed from the
store); this module turns it into traces, following :mod:`layers.map_contract`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from data.i18n import DEFAULT_LANGUAGE, indicator_name, measure_caption, text
from data.nace import sector_label
from data.store import DataStore
from layers.change import with_category_hover
from layers.choropleth import (
    MapText,
    build_map_figure,
    geometry_url,
    locations_update,
    no_data_locations,
    title_html,
    value_trace_update,
)
from layers.colours import NO_DATA, colour_scale
from layers.compare import compare_update
from layers.firm_sizes import size_colours
from layers.firms import firms_update
from layers.map_contract import (
    COMPARE_TRACE,
    FIRMS_TRACE,
    HOTSPOT_TRACE,
    META_KEYS,
    NO_DATA_TRACE,
    SITES_TRACE,
    STARS_TRACE,
    STRONG_TRACE,
    VALUE_TRACE,
    MapChanges,
)
from layers.overlays import hotspot_update, stars_update, strong_update
from layers.patching import nested
from layers.points import sites_update
from views.change import both_years, is_change
from views.compare import compared_ids
from views.hotspots import HotSpots
from views.map_data import OVERLAYS, FirmSelection, MapOverlays, MapValues, firm_selection, map_data, map_values
from views.state import View
from views.values import view_measure, view_source


@dataclass(frozen=True)
class MapKeys:
    """What the browser already has: a change of a key means that part must be sent again."""

    geometry: tuple
    locations: tuple
    sites: tuple
    overlays: tuple = ()
    compare: tuple = ()

    def as_dict(self) -> dict:
        """JSON-friendly form for a ``dcc.Store``."""
        return {"geometry": list(self.geometry), "locations": list(self.locations), "sites": list(self.sites),
                "overlays": list(self.overlays), "compare": list(self.compare)}


def map_keys(view: View) -> MapKeys:
    """Keys of an effective view's geometry, region set, site selection and overlays.

    The sites key ignores the sector while the layer is hidden, so that hidden sites are never sent.
    """
    visible = "sites" in view.layers
    sector_bound = view.spec.scope in {"sector", "measure", "change"}
    return MapKeys(
        geometry=(view.version, view.level, "outlines" in view.layers, "basemap" in view.layers),
        locations=(view.version, view.level, *view.countries),
        sites=(visible, view.sector if (sector_bound and visible) else "*", *(view.countries if visible else ())),
        overlays=tuple(layer for layer in OVERLAYS if layer in view.layers),
        compare=(view.version, view.level, *view.compare),
    )


def map_text(store: DataStore, view: View, lang: str = DEFAULT_LANGUAGE) -> MapText:
    """Title (sector and indicator), subtitle (measure, year, level, NUTS version, reference) and source, in ``lang``.

    The measure is named as :func:`data.measures.measure_spec` describes it (any dataset's measure); sector
    names and the source stay as the data gives them.
    """
    spec, name = view.spec, indicator_name(view.spec.key, lang)
    if spec.scope == "context":
        title, measure = name, text("map_context_source", lang)
    elif spec.scope == "region":
        title, measure = text("map_title_region", lang, indicator=name), _measure_phrase(store, view, lang)
    else:
        title, measure = f"{sector_label(store.tree, view.sector)} — {name}", _measure_phrase(store, view, lang)
    reference = text("map_reference_country", lang) if spec.uses_reference and view.reference == "country" else ""
    countries = f"; {', '.join(view.countries)}" if view.countries else ""
    if is_change(view):  # a change map names both years in its title
        title = f"{title}, {both_years(view)}"
    subtitle = f"{measure}, {both_years(view)}, NUTS {view.level} (version {view.version}){reference}{countries}"
    return MapText(title, subtitle, f"{view_source(store, view)}. {text('made_with', lang)}")


def _measure_phrase(store: DataStore, view: View, lang: str) -> str:
    """Name the view's measure inside the subtitle (``Measure.phrase``; in French, its caption in lower case)."""
    measure = view_measure(store, view)
    if lang == DEFAULT_LANGUAGE:
        return measure.phrase
    caption = measure_caption(measure, lang)
    return caption if caption.split(" ", 1)[0].isupper() else caption[:1].lower() + caption[1:]


def compute_values(store: DataStore, view: View) -> tuple[pd.DataFrame, dict]:
    """Return the indicator values of the shown regions and the value-trace update drawn from them.

    Both cached in the store per filter state and dataset generation (:func:`views.map_data.map_values`):
    the map, the ranking and the exports of one change share one computation. Callers must not modify
    the returned objects.
    """
    data = map_values(store, view)
    update = store.derived.get(store.generations(view.dataset, "context"), ("value-update", replace(view, compare=())),
                               lambda: value_update(data, view.palette))
    return data.values, update


def value_update(data: MapValues, palette: str = "default") -> dict:
    """Value-trace update of computed values: colours (in ``palette``), hover data and colour bar."""
    scale = colour_scale(data.values["value"], centre=data.centre, binary=data.binary, title=data.title,
                         categories=data.categories, palette=palette)
    update = value_trace_update(data.values, scale, data.unit, with_measure=data.with_measure)
    return with_category_hover(update, data) if data.categories else update


@dataclass(frozen=True)
class MapUpdate:
    """A new figure (or the changes of the drawn one, :meth:`MapChanges.to_json`), the values drawn, the hot spots."""

    figure: go.Figure | dict
    values: pd.DataFrame
    spots: HotSpots | None
    note: str = ""  # a line for the status bar about what could not be drawn


def build_figure(store: DataStore, view: View, camera: dict | None, *, inline_geometry: bool = False,
                 lang: str = DEFAULT_LANGUAGE) -> MapUpdate:
    """Build the whole figure for an effective view, the values drawn and the hot spots (title in ``lang``).

    The polygons are referred to by URL (fetched once by the browser), or embedded as GeoJSON when
    ``inline_geometry`` is true (server-side rendering has no web server to fetch them from).
    """
    data = map_data(store, view, sites=True, overlays=True, camera=camera or {})
    values, update = compute_values(store, view)  # cached: the same view again costs nothing
    if inline_geometry:
        polygons, outlines = store.geojson(view.version, view.level), store.geojson(view.version, 0)
    else:
        polygons, outlines = geometry_url(view.version, view.level), geometry_url(view.version, 0)
    figure = build_map_figure(polygons, outlines, values,
                              update, text=map_text(store, view, lang), camera=camera,
                              online_basemap="basemap" in view.layers, show_outlines="outlines" in view.layers)
    figure.update_layout(meta=figure_meta(view))
    figure.data[SITES_TRACE].update(nested(sites_update(data.sites, visible="sites" in view.layers)))
    for index, overlay in overlay_updates(data.overlays).items():
        figure.data[index].update(nested(overlay))
    figure.data[FIRMS_TRACE].update(nested(firms_trace(data.firms, by_size="firmsizes" in view.layers)))
    figure.data[COMPARE_TRACE].update(nested(compare_update(compared_ids(store, view)[0])))
    return MapUpdate(figure, values, data.overlays.spots, data.overlays.note)


def figure_meta(view: View) -> str:
    """Return ``layout.meta`` of the live map: a JSON text with ``geometry`` and ``no_data`` (``META_KEYS``).

    ``geometry``: changes wait for the figure of their geometry; ``no_data``: the colour the browser
    gives regions without a value. A text, not an object: plotly.js redraws the whole map when Dash
    re-plots a copy of the layout whose ``meta`` is an object (after every pan); a text compares by value.
    """
    meta = dict(zip(META_KEYS, (list(map_keys(view).geometry), NO_DATA), strict=True))
    return json.dumps(meta, separators=(",", ":"))


def firms_trace(firms: FirmSelection, *, by_size: bool = False) -> dict:
    """Firms trace update of a selection: its points, or counts per region (hidden without a selection)."""
    update = firms_update(firms.selected, level=firms.level, region_points=firms.region_points,
                          visible=firms.selected is not None, covers=firms.covers)
    return size_colours(update, firms.selected, by_size=by_size)


def firms_trace_update(store: DataStore, view: View, camera: dict) -> dict:
    """Compute the firms trace for a view and camera: points of the dataset's register, or counts per region."""
    return firms_trace(firm_selection(store, view, camera), by_size="firmsizes" in view.layers)


def patch_figure(store: DataStore, view: View, old: MapKeys | None, *, lang: str = DEFAULT_LANGUAGE) -> MapUpdate:
    """Build the changes of the drawn figure: values (and, when their key changed, regions, sites, overlays).

    The title in ``lang``.

    The changes follow :class:`layers.map_contract.MapChanges` (``figure`` is its ``to_json``): the
    browser applies them with ``Plotly.update`` (``assets/map.js``), so no geometry and no
    whole-figure diff is involved.
    """
    keys = map_keys(view)
    data = map_data(store, view, sites=old is None or old.sites != keys.sites,
                    overlays=bool(keys.overlays or (old is not None and old.overlays)))
    values = data.values.values
    traces: dict[int, dict] = {VALUE_TRACE: {}, NO_DATA_TRACE: {}}
    if old is None or old.locations != keys.locations:
        traces[NO_DATA_TRACE].update(no_data_locations(values))
        traces[VALUE_TRACE].update(locations_update(values))
    traces[VALUE_TRACE].update(compute_values(store, view)[1])  # its hover serves the no-data trace too
    if data.sites is not None:
        traces[SITES_TRACE] = sites_update(data.sites, visible="sites" in view.layers)
    if data.overlays is not None:
        for index, overlay in overlay_updates(data.overlays).items():
            traces.setdefault(index, {}).update(overlay)
    if old is None or old.compare != keys.compare:
        traces[COMPARE_TRACE] = compare_update(compared_ids(store, view)[0])
    changes = MapChanges(keys.geometry, traces, {"title.text": title_html(map_text(store, view, lang))})
    overlays = data.overlays
    return MapUpdate(changes.to_json(), values, overlays.spots if overlays else None, overlays.note if overlays else "")


def overlay_updates(overlays: MapOverlays) -> dict[int, dict]:
    """Turn hot spots and marks into updates of the hot-spot, strong-cluster and star traces.

    A trace whose layer is off is hidden. Also dims the values under hot spots so that the categories read first.
    """
    spots, marks = overlays.spots, overlays.marks
    return {
        HOTSPOT_TRACE: hotspot_update(spots.regions if spots else None, overlays.categories, overlays.title),
        STRONG_TRACE: strong_update(marks),
        STARS_TRACE: stars_update(marks, overlays.region_points),
        VALUE_TRACE: {"marker.opacity": 0.45 if spots else 1.0},
    }
