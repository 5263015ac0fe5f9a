"""Controls by name: every control has its component, every callback gets the controls by id, no order assumed."""

import pytest

from app import build_layout, create_app
from callbacks import filters, ids
from callbacks.controls import after_map, control_list, controls_after_map
from callbacks.ranking import RANKING_CONTROLS
from views.state import CONTROLS, View, control_values
from views.url import encode_query

ENDPOINT = "/_dash-update-component"
VIEW = View(sector="C29", indicator="focus", level=1, year=2012, countries=("DE",), layers=("sites",), alpha=0.01)


def _components(component):
    """Every component of a layout tree (depth first)."""
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _components(child)


@pytest.fixture(scope="module")
def client(store):
    return create_app(store).server.test_client()


@pytest.fixture(scope="module")
def dependencies(client):
    return client.get("/_dash-dependencies").get_json()


def test_every_control_has_its_component_in_the_filter_panel_set_to_the_view(store):
    shown = {c.id: getattr(c, "value", None) for c in _components(filters.panel(store, VIEW)) if getattr(c, "id", None)}
    assert {name: shown[ids.CONTROL_IDS[name]] for name in CONTROLS} == control_values(VIEW)


def test_every_component_id_of_the_page_is_defined_in_ids(store):
    defined = {value for name, value in vars(ids).items() if name.isupper() and isinstance(value, str)}
    page = {c.id for c in _components(build_layout(store)) if getattr(c, "id", None)}
    assert page <= defined and len(page) > 40


def test_callbacks_that_read_the_view_get_every_control_in_registry_order(dependencies):
    registry_order = [ids.CONTROL_IDS[name] for name in CONTROLS]
    readers = [c for c in dependencies
               if ids.SECTOR_SELECT in [d["id"] for d in c["inputs"] + c["state"]] and "options" not in c["output"]
               and ids.SECTOR_NOTES not in c["output"]]  # the sector's NACE notes read the sector alone
    ranking_order = [ids.CONTROL_IDS[name] for name in RANKING_CONTROLS]
    wired = [[d["id"] for d in c["inputs"] + c["state"] if d["id"] in registry_order] for c in readers]
    # the map, the firms layer, the view after the map, URL → controls, the PDF, the data file, playback's
    # frames and state, and the firm-clusters layer: every control; the ranking's purge and blocks: every
    # control but the layers and the significance
    assert sorted(map(len, wired)) == [len(ranking_order)] * 2 + [len(registry_order)] * 9
    assert all(ids_ in (registry_order, ranking_order) for ids_ in wired)
    after = [c for c in dependencies if c["output"] == f"{ids.VIEW_AFTER_MAP}.data"]
    assert [d["id"] for d in after[0]["inputs"]] == [i.component_id for i in control_list()] == registry_order


def test_the_after_map_store_reads_back_by_name():
    values = control_values(VIEW)
    assert controls_after_map(after_map(values, first=True)) == values
    assert controls_after_map({"controls": list(values.values())[:-1]}) is None and controls_after_map(None) is None


def test_a_page_load_sets_the_controls_that_differ_by_id(client, dependencies):
    (callback,) = [c for c in dependencies if [d["id"] for d in c["inputs"]] == [ids.URL]]
    outputs = [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True))
               for o in callback["output"].strip(".").split("...")]
    state = {ids.CONTROL_IDS[name]: value for name, value in control_values(View()).items()}
    body = {"output": callback["output"], "outputs": outputs,
            "inputs": [{"id": ids.URL, "property": "search", "value": encode_query(VIEW)}],
            "state": [{**d, "value": state.get(d["id"])} for d in callback["state"]],
            "changedPropIds": [f"{ids.URL}.search"]}
    answer = client.post(ENDPOINT, json=body).get_json()["response"]
    changed = {name: answer[ids.CONTROL_IDS[name]]["value"] for name in CONTROLS if ids.CONTROL_IDS[name] in answer}
    default = control_values(View())
    assert changed == {name: value for name, value in control_values(VIEW).items() if value != default[name]}
