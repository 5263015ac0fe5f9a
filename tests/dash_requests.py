"""Bodies of Dash's callback endpoint, built as the renderer builds them, from the app's own callback list.

The list comes from ``app.callback_map`` (in-process) or from ``GET /_dash-dependencies`` (a running
server): a body names every Input and State the callback declares, in its order, so it follows signature
changes (a new Input or State is sent, ``None`` unless given). Shared by tests and benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass

from callbacks import ids
from views.state import View, control_values

ENDPOINT = "/_dash-update-component"
DEPENDENCIES = "/_dash-dependencies"
#: The map callback, named by its first output (its other outputs follow from the callback list).
MAP_OUTPUT = f"{ids.MAP}.figure"


def _parts(key: str) -> list[str]:
    """The ``id.property`` outputs of a callback key (``..a.x...b.y..`` for several, ``a.x`` for one)."""
    return key[2:-2].split("...") if key.startswith("..") else [key]


@dataclass(frozen=True)
class Callbacks:
    """The server-side callbacks of an app: output key → ``{"inputs": [...], "state": [...]}``."""

    specs: dict[str, dict]

    @classmethod
    def from_app(cls, app) -> Callbacks:
        """From ``app.callback_map`` (clientside callbacks, which have no ``callback``, left out)."""
        return cls({key: spec for key, spec in app.callback_map.items() if "callback" in spec})

    @classmethod
    def from_dependencies(cls, dependencies: list[dict]) -> Callbacks:
        """From the JSON list ``/_dash-dependencies`` answers (clientside callbacks left out)."""
        return cls({d["output"]: d for d in dependencies if not d.get("clientside_function")})

    def key(self, output: str) -> str:
        """The callback key of ``output`` (``"id.prop"``): the one writing only it, else the one writing it too."""
        alone = [k for k in self.specs if not k.startswith("..") and k.split("@")[0] == output]
        within = [k for k in self.specs if k.startswith("..") and output in [p.split("@")[0] for p in _parts(k)]]
        found = alone or within
        assert len(found) == 1, f"{output}: {len(found)} callbacks write it ({found})"
        return found[0]

    def body(self, output: str, props: dict[str, object], changed: str | None) -> dict:
        """The body of the callback of ``output``; values from ``props`` (``"id.prop"`` → value, missing → None).

        ``changed`` is the ``"id.prop"`` that triggered the call (None: the initial call).
        """
        key = self.key(output)
        spec = self.specs[key]
        outputs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in _parts(key)]

        def valued(items: list[dict]) -> list[dict]:
            return [{"id": d["id"], "property": d["property"], "value": props.get(f"{d['id']}.{d['property']}")}
                    for d in items]

        return {"output": key, "outputs": outputs if key.startswith("..") else outputs[0],
                "inputs": valued(spec["inputs"]), "state": valued(spec.get("state", [])),
                "changedPropIds": [changed] if changed else []}


def map_props(view: View, keys: dict | None = None, *, lang: str = "en", **controls: object) -> dict[str, object]:
    """What the map callback reads: the controls of ``view`` (``controls`` by name override them), the
    camera (none: the first view), the map keys the browser holds and the language."""
    values = control_values(view) | controls
    props: dict[str, object] = {f"{ids.CONTROL_IDS[name]}.value": value for name, value in values.items()}
    props.update({f"{ids.CAMERA_STORE}.data": None, f"{ids.MAP_KEYS}.data": keys, f"{ids.LANG_STORE}.data": lang})
    return props


def map_body(callbacks: Callbacks, view: View, changed: str | None = None, keys: dict | None = None,
             **controls: object) -> dict:
    """The body of the map callback for ``view``; ``changed`` is the id of the control changed (None: first)."""
    return callbacks.body(MAP_OUTPUT, map_props(view, keys, **controls), f"{changed}.value" if changed else None)
