"""The filter controls as Dash dependencies, by :class:`View` field name (never by position).

Callbacks take the controls as one named group, ``inputs=dict(controls=control_inputs(), …)``, receive
``controls`` as ``{field: value}`` and build the view with :func:`views.state.view_from_controls`. The
``VIEW_AFTER_MAP`` store (``atlas_map.afterMap`` in assets/map.js) holds the values as a list in the
order of the registry ``views.state.CONTROLS``, the order its inputs are registered in (:func:`control_list`);
every group here follows that order, so a request body listing the controls in registry order fits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from dash import Input, Output, State

from callbacks.ids import CONTROL_IDS
from data.store import DataStore
from views.state import CONTROLS, View, view_from_controls
from views.values import effective_view


def _names(names: Iterable[str] | None) -> list[str]:
    """Control names in registry order (all, or those of ``names``)."""
    wanted = set(CONTROLS if names is None else names)
    return [name for name in CONTROLS if name in wanted]


def control_inputs(names: Iterable[str] | None = None) -> dict[str, Input]:
    """Return ``{field: Input(id, "value")}`` for every control (or those ``names``)."""
    return {name: Input(CONTROL_IDS[name], "value") for name in _names(names)}


def control_states(names: Iterable[str] | None = None) -> dict[str, State]:
    """Return ``{field: State(id, "value")}`` for every control (or those ``names``)."""
    return {name: State(CONTROL_IDS[name], "value") for name in _names(names)}


def control_outputs() -> dict[str, Output]:
    """Return ``{field: Output(id, "value")}`` for every control."""
    return {name: Output(CONTROL_IDS[name], "value") for name in CONTROLS}


def control_list(names: Iterable[str] | None = None) -> list[Input]:
    """Return positional inputs in registry order, for clientside callbacks (they take no named groups)."""
    return list(control_inputs(names).values())


def controls_after_map(settled: dict | None) -> dict[str, object] | None:
    """Return the controls' values of the ``VIEW_AFTER_MAP`` store by field name; None if unset.

    The store holds ``{"controls": [...], "first": bool}`` (values in registry order; ``first``: the
    page's initial values).
    """
    values = settled.get("controls") if isinstance(settled, dict) else None
    if not isinstance(values, list) or len(values) != len(CONTROLS):
        return None
    return dict(zip(CONTROLS, values, strict=True))


def after_map(values: Mapping[str, object], *, first: bool = False) -> dict:
    """Build the ``VIEW_AFTER_MAP`` store of the controls' ``values`` (what ``atlas_map.afterMap`` stores)."""
    return {"controls": [values[name] for name in CONTROLS], "first": first}


def shown_view(store: DataStore, controls: Mapping[str, object]) -> View:
    """Return the effective view of the controls' values (by field name)."""
    return effective_view(store, view_from_controls(controls))
