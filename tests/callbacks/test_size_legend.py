"""The legend of the size-class colours of the firm points (callbacks/firms.py): built, shown and hidden."""

import pytest

from callbacks import ids
from callbacks.firms import legend_panel, sizes_coloured
from data.store import DataStore
from data.synthetic_clusters import planted_register
from ingest.workspace import ingest_file
from ingest.workspace_store import load_workspace
from layers.firm_sizes import SIZE_COLOURS


@pytest.fixture(scope="module")
def register_store(tmp_path_factory):
    workspace = tmp_path_factory.mktemp("sizes")
    firms = planted_register(300, groups=1, per_group=30, seed=2)
    ingest_file(firms.to_csv(index=False).encode(), filename="reg.csv", name="reg", workspace=workspace)
    store = DataStore()
    load_workspace(store, workspace)
    return store


def test_panel_lists_the_classes_hidden_until_asked():
    panel = legend_panel("fr")
    assert panel.id == ids.SIZE_LEGEND and panel.hidden is True
    caption, items, note = panel.children
    assert caption.children.startswith("Points des entreprises par classe de taille")
    swatches = [item.children[0].style["backgroundColor"] for item in items.children]
    assert swatches[:4] == list(SIZE_COLOURS.values()) and len(swatches) == 5
    assert [item.children[1] for item in items.children][0] == "micro (< 10)"
    assert sizes_coloured(["outlines", "firms", "firmsizes"])
    assert not sizes_coloured(["outlines", "firmsizes"]) and not sizes_coloured(None)


def _legend_hidden(app, layers, dataset) -> bool:
    body = {"output": f"{ids.SIZE_LEGEND}.hidden", "outputs": {"id": ids.SIZE_LEGEND, "property": "hidden"},
            "inputs": [{"id": ids.LAYER_TOGGLES, "property": "value", "value": layers},
                       {"id": ids.DATASET_SELECT, "property": "value", "value": dataset}],
            "changedPropIds": [f"{ids.LAYER_TOGGLES}.value"]}
    response = app.server.test_client().post("/_dash-update-component", json=body)
    if response.status_code == 204:  # no update: the legend keeps its state
        return None
    return response.get_json()["response"][ids.SIZE_LEGEND]["hidden"]


def test_legend_follows_the_layers_and_the_dataset(register_store):
    from app import build_layout, create_app

    app = create_app(register_store)
    assert _legend_hidden(app, ["outlines", "firms", "firmsizes"], "reg") is False
    assert _legend_hidden(app, ["outlines", "firms"], "reg") is True
    assert _legend_hidden(app, ["outlines", "firms", "firmsizes"], "sbs") is True  # no firm points
    assert f"'{ids.SIZE_LEGEND}'" in str(build_layout(register_store))
