"""The map contract: Python and the browser scripts agree on trace roles and changes, internals stay in one file."""

import json
import re
from pathlib import Path

import pytest

from layers.map_contract import (
    ASSET,
    REGENERATE,
    SHARED_HOVER,
    TRACE,
    TRACE_ROLES,
    VALUE_KEYS,
    VALUE_TRACE,
    MapChanges,
    contract,
    contract_js,
)
from layers.map_view import build_figure, map_keys, patch_figure
from views.values import View, effective_view

ASSETS = ASSET.parent
BRIDGE = ASSETS / "atlas_plotly.js"
SCRIPTS = sorted(ASSETS.glob("*.js"))  # Dash loads the assets folder's top-level scripts in this order
#: Plotly and MapLibre internals: only assets/atlas_plotly.js may name them.
INTERNALS = ("_fullLayout", "_fullData", "_subplot", "plotly-trace-layer", "'source-'", "PlotlyGeoAssets",
             ".emit(", ".setData = ")
#: A trace reached by a number: ``data[1]``, ``_fullData[7]``, ``traces[1]``, ``index === 2``, ``X_TRACE = 7``.
NUMERIC_TRACE = re.compile(r"(?:data|traces|Data)\[\s*\d+\s*\]|index\s*===?\s*\d|_TRACE\s*=\s*\d")


def _code(path: Path) -> str:
    """A script without its comments (the rules are about code; comments may explain internals)."""
    text = path.read_text(encoding="utf-8")
    return re.sub(r"^\s*//.*$|\s//.*$", "", text, flags=re.MULTILINE)


def test_served_contract_is_generated_from_the_python_one():
    assert ASSET.read_text(encoding="utf-8") == contract_js(), f"stale: run {REGENERATE}"
    served = json.loads(contract_js().split("Object.freeze(", 1)[1].rsplit(");", 1)[0])
    assert served == contract()
    assert served["traces"] == {role: index for index, role in enumerate(TRACE_ROLES)} == TRACE


def test_contract_and_bridge_load_before_the_scripts_that_use_them():
    names = [p.name for p in SCRIPTS]
    users = [p.name for p in SCRIPTS if p.name != ASSET.name and "atlasContract" in _code(p)]
    assert {"map.js", "export.js", BRIDGE.name} <= set(users)
    assert all(names.index(ASSET.name) < names.index(user) for user in users)
    assert all(names.index(BRIDGE.name) < names.index(p.name) for p in SCRIPTS if "atlasPlotly" in _code(p)
               and p != BRIDGE)


@pytest.mark.parametrize("script", [p for p in SCRIPTS if p.name != ASSET.name], ids=lambda p: p.name)
def test_scripts_address_traces_by_role_and_internals_only_through_the_bridge(script):
    code = _code(script)
    assert not NUMERIC_TRACE.findall(code)
    if script != BRIDGE:
        assert [token for token in INTERNALS if token in code] == []
    roles = set(re.findall(r"\bT\.(\w+)", code)) | set(re.findall(r"P\.(?:trace|fullTrace|traceLayers|index)\("
                                                                  r"[^)]*?'(\w+)'", code))
    assert roles <= set(TRACE_ROLES), roles - set(TRACE_ROLES)


def test_the_bridge_alone_names_plotly_internals():
    code = _code(BRIDGE)
    assert all(token in code for token in ("_fullLayout", "_fullData", "plotly-trace-layer", "'source-'"))


def test_value_changes_stay_within_the_keys_applied_without_a_redraw(store):
    view = effective_view(store, View(sector="C29"))
    build_figure(store, view, camera=None)
    changes = patch_figure(store, effective_view(store, View(sector="C10")), map_keys(view)).figure
    assert set(changes) == set(MapChanges.__dataclass_fields__)
    assert list(changes["traces"]) == [VALUE_TRACE] and set(changes["traces"][VALUE_TRACE]) <= set(VALUE_KEYS)
    assert set(SHARED_HOVER) <= set(VALUE_KEYS)


def test_changes_drop_untouched_traces_and_send_the_geometry_key_as_a_list():
    changes = MapChanges((2013, 2, True, False), {VALUE_TRACE: {"z": [1]}, 0: {}}, {"title.text": "t"})
    assert changes.to_json() == {"geometry": [2013, 2, True, False], "traces": {VALUE_TRACE: {"z": [1]}},
                                 "layout": {"title.text": "t"}}
