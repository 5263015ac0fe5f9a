"""The map's contract between Python and the browser: trace roles and the format of a change.

The server builds the map figure once per geometry (``layers/map_view.py`` ``build_figure``) and then
sends :class:`MapChanges` only, which ``assets/map.js`` applies with ``Plotly.update``. Both sides
must agree on two things, defined here once:

* **Trace roles.** The figure's traces in drawing order (bottom first); a role's trace index is its
  position in :data:`TRACE_ROLES`. Python uses the ``*_TRACE`` constants, the browser
  ``atlasContract.traces.<role>``, never a literal index.
* **The change schema.** ``{"geometry": key, "traces": {index: {dotted attribute: value}}, "layout":
  {dotted attribute: value}}`` (:class:`MapChanges`). ``geometry`` is the key of the figure the change
  applies to (``layout.meta.geometry`` of the drawn figure, ``figure_meta``): the browser waits for
  that figure and drops a change without one. Changes of the value trace limited to
  :data:`VALUE_KEYS` are applied without a Plotly redraw; the value trace's :data:`SHARED_HOVER`
  attributes hold for the no-data trace under it as well.

The browser reads the contract from ``assets/atlas_contract.js``, generated from this module
(:data:`REGENERATE`; ``tests/layers/test_map_contract.py`` fails when it is stale).
Every access to Plotly's and MapLibre's internals is in ``assets/atlas_plotly.js``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The map's traces by role, in drawing order: a role's trace index is its position.
TRACE_ROLES: tuple[str, ...] = ("no_data", "value", "highlight", "sites", "hotspots", "strong", "stars", "firms",
                                 "compare", "pointclusters")
TRACE: dict[str, int] = {role: index for index, role in enumerate(TRACE_ROLES)}
NO_DATA_TRACE = TRACE["no_data"]  # grey regions without a value (under the value trace)
VALUE_TRACE = TRACE["value"]  # the indicator's choropleth
HIGHLIGHT_TRACE = TRACE["highlight"]  # the selected region's outline (drawn by the browser; exports use it)
SITES_TRACE = TRACE["sites"]  # industrial sites
HOTSPOT_TRACE = TRACE["hotspots"]  # LISA or Gi* categories
STRONG_TRACE = TRACE["strong"]  # outlines of strong clusters
STARS_TRACE = TRACE["stars"]  # cluster-star circles
FIRMS_TRACE = TRACE["firms"]  # enterprise points or counts per region
COMPARE_TRACE = TRACE["compare"]  # outlines of the compared regions, one colour each (layers/compare.py)
POINT_CLUSTERS_TRACE = TRACE["pointclusters"]  # hulls of the firm clusters (layers/point_clusters.py)
#: Region traces the browser covers with its own MapLibre layers (it colours regions itself).
COVERED_ROLES: tuple[str, ...] = ("no_data", "value", "highlight")
#: Value-trace attributes a change may set without a Plotly redraw of the map.
VALUE_KEYS: tuple[str, ...] = ("z", "customdata", "hovertemplate", "colorscale", "zmin", "zmax", "marker.opacity",
                               "colorbar.title.text", "colorbar.tickvals", "colorbar.ticktext")
#: Hover attributes of the value trace that the no-data trace shares (whichever answers, same text).
SHARED_HOVER: tuple[str, ...] = ("customdata", "hovertemplate")
#: Keys of ``layout.meta`` (a JSON text) of the live map.
META_KEYS: tuple[str, ...] = ("geometry", "no_data")
ASSET = Path(__file__).resolve().parent.parent / "assets" / "atlas_contract.js"
REGENERATE = 'python -c "import layers.map_contract as c; c.write_contract_js()"'


@dataclass(frozen=True)
class MapChanges:
    """Changes of the drawn map figure, as the browser applies them (``atlas_map.apply`` in ``assets/map.js``).

    Parameters
    ----------
    geometry : tuple
        Key of the figure the changes apply to (``MapKeys.geometry``).
    traces : dict
        Trace index (a ``*_TRACE`` constant) → ``{dotted attribute: value}``; absent traces keep theirs.
    layout : dict
        ``{dotted attribute: value}`` of the layout (the title, the camera).
    """

    geometry: tuple
    traces: dict[int, dict[str, Any]] = field(default_factory=dict)
    layout: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict:
        """JSON-ready form for a ``dcc.Store`` (trace indices become object keys in JSON)."""
        return {"geometry": list(self.geometry), "traces": {int(i): t for i, t in self.traces.items() if t},
                "layout": dict(self.layout)}


def contract() -> dict:
    """Return the contract as the browser reads it (``window.atlasContract``)."""
    return {"traces": dict(TRACE), "covered": list(COVERED_ROLES), "value_keys": list(VALUE_KEYS),
            "shared_hover": list(SHARED_HOVER), "meta_keys": list(META_KEYS),
            "changes": list(MapChanges.__dataclass_fields__)}


def contract_js() -> str:
    """Text of ``assets/atlas_contract.js`` (loaded before the other scripts: Dash loads assets by name)."""
    body = json.dumps(contract(), indent=2, ensure_ascii=False)
    return (f"// Generated from layers/map_contract.py by `{REGENERATE}`: do not edit.\n"
            "// The map's trace roles (name -> index) and change schema, read by assets/*.js.\n"
            f"window.atlasContract = Object.freeze({body});\n")


def write_contract_js(path: Path = ASSET) -> Path:
    """Write :func:`contract_js` to ``path`` (after a change of this module)."""
    path.write_text(contract_js(), encoding="utf-8")
    return path

