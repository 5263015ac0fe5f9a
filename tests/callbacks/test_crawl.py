"""Every option of every control, on every kind of dataset, through the app's real callback endpoint.

For each dataset kind (the SBS default, the context indicators, a seeded synthetic register with size
classes, a cluster-organisation list, an official Eurostat table in current codes), the walk starts
from the view a link to the dataset opens, then sets every option of every control one at a time
(sectors sampled across the tree, every indicator, measure, level, year, version, reference, country
sample, layer on alone, significance level). After each step it posts, as the browser does, the map
update, the enterprise layer, the URL writer, the ranking columns and rows, the sector panel, the data
download and the region profile of the first ranked region (a map click and a ranking row select the
same way). A step fails on an HTTP status ≥ 500, an error in the status bar (the global error handler
writes ``Error: …`` there), a map without its status line or its value trace.

Requests go to Flask's test client of ``create_app`` (in-process: the real Dash dispatch, callback
signatures, ids and error handler, without a browser); the browser wiring is covered by tests/browser.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest

from api import RATE_CONFIG, RateLimit
from app import create_app
from callbacks.controls import after_map
from callbacks.filters import indicator_options, measure_options, sector_options, year_options
from callbacks.ids import CONTROL_IDS
from data.store import DataStore
from data.synthetic import generate_firms
from ingest.workspace import ingest_file
from layers.map_contract import VALUE_TRACE
from tests.conftest import FIXTURES
from views.state import ALPHAS, CLUSTER_METHODS, CLUSTER_SIZES, LAYERS, PALETTES, REFERENCES, View, control_values
from views.url import parse_query
from views.values import effective_view

CLUSTERS = pd.DataFrame({  # five cluster organisations (NUTS 2021)
    "name": ["Food Cluster Bavaria", "Berlin Digital", "Finance Innovation", "Milano Moda", "Vienna Life Sciences"],
    "latitude": [48.137, 52.520, 48.857, 45.464, 48.208],
    "longitude": [11.575, 13.405, 2.352, 9.190, 16.373],
    "sectors": ["C10.11; C11.05", "J62", "K64", "C14; C15", "C21; M72"],
    "members": [40, 120, 300, 80, 55],
})
#: Dataset kinds walked: name → the link that opens it (the context indicators on the SBS table).
KINDS = {
    "sbs": "?dataset=sbs",
    "context": "?dataset=sbs&indicator=gdp_per_capita&version=2021&year=2021",
    "register": "?dataset=register",
    "clusters": "?dataset=clusters",
    "table": "?dataset=table",
}
SECTOR_SAMPLE = 8
STEPS: dict[str, int] = {}  # kind → steps walked (printed at the end of the module)


class DashClient:
    """Posts callbacks to ``/_dash-update-component`` as the Dash renderer does, from a dict of prop values."""

    def __init__(self, app) -> None:
        self.http = app.server.test_client()
        self.specs = {key: spec for key, spec in app.callback_map.items() if "callback" in spec}

    def key(self, output: str) -> str:
        """The callback of ``output`` (``"id.prop"``): the one writing only it, else the one with it."""
        alone = [k for k in self.specs if not k.startswith("..") and k.split("@")[0] == output]
        within = [k for k in self.specs if k.startswith("..")
                  and output in [p.split("@")[0] for p in k[2:-2].split("...")]]
        [key] = alone or within
        return key

    def post(self, output: str, props: dict[str, object], changed: str) -> dict:
        """Call the callback of ``output`` with ``props``; return its response (``{}`` when nothing changed)."""
        key = self.key(output)
        spec = self.specs[key]
        parts = key[2:-2].split("...") if key.startswith("..") else [key]
        outputs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
        body = {
            "output": key,
            "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": [{**d, "value": props.get(f"{d['id']}.{d['property']}")} for d in spec["inputs"]],
            "state": [{**d, "value": props.get(f"{d['id']}.{d['property']}")} for d in spec.get("state", [])],
            "changedPropIds": [changed],
        }
        answer = self.http.post("/_dash-update-component", json=body)
        assert answer.status_code < 500, f"{output}: HTTP {answer.status_code}"
        if answer.status_code == 204:
            return {}
        reply = answer.get_json()
        side = json.dumps(reply.get("sideUpdate", {}))
        assert "Error: " not in side, f"{output}: {side[:300]}"
        return reply.get("response", {})


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    """An app with the three ingested kinds in its workspace, and a client of its callback endpoint."""
    workspace = tmp_path_factory.mktemp("crawl-workspace")
    register = pd.concat(list(generate_firms(1500, seed=0)), ignore_index=True)  # seeded synthetic, with employees
    sources = {
        "register": (register.to_csv(index=False).encode(), "register.csv"),
        "clusters": (CLUSTERS.to_csv(index=False).encode(), "clusters.csv"),
        "table": ((FIXTURES / "sbs_r_nuts2021_labels.csv").read_bytes(), "sbs_r_nuts2021_labels.csv"),
    }
    for name, (data, filename) in sources.items():
        ingest_file(data, filename=filename, name=name, workspace=workspace)
    store = DataStore()
    app = create_app(store, workspace=workspace)
    app.server.config[RATE_CONFIG] = RateLimit(per_minute=1e9, burst=10**9)  # the walk asks the data API every step
    yield store, DashClient(app)
    print("\ncrawl steps walked:", STEPS, "total", sum(STEPS.values()))


def _sample(items: list, n: int) -> list:
    """First, last and evenly spaced items between (at most ``n``)."""
    if len(items) <= n:
        return items
    step = (len(items) - 1) / (n - 1)
    return [items[round(i * step)] for i in range(n)]


def options(store: DataStore, start: View) -> list[tuple[str, object]]:
    """Every (control, value) the walk sets, one at a time, from the options the page offers."""
    dataset = start.dataset
    countries = sorted(store.countries(start.version).index)
    values: list[tuple[str, object]] = [("dataset", o["value"]) for o in _dataset_options(store)]
    values += [("sector", o["value"]) for o in _sample(sector_options(store, dataset), SECTOR_SAMPLE)]
    values += [("indicator", o["value"]) for o in indicator_options()]
    values += [("measure", o["value"]) for o in measure_options(store, dataset)]
    values += [("level", n) for n in range(4)]
    values += [("year", o["value"]) for o in year_options(store, dataset)]
    values += [("version", v) for v in (2013, 2021)]
    values += [("reference", r) for r in REFERENCES]
    values += [("countries", c) for c in ([], countries[:1], countries[-2:], ["DE", "FR", "IT"])]
    values += [("layers", ("outlines", layer)) for layer in LAYERS] + [("layers", ())]
    values += [("alpha", a) for a in ALPHAS]
    values += [("compare", c) for c in (("DE11", "FR10", "ITC4"), ("DE111", "FR1", "DE11"), ())]
    values += [("cluster_method", m) for m in CLUSTER_METHODS] + [("cluster_size", n) for n in CLUSTER_SIZES]
    values += [("palette", p) for p in PALETTES]
    return values


def _dataset_options(store: DataStore) -> list[dict]:
    from callbacks.filters import dataset_options

    return dataset_options(store)


def _props(view: View, keys: object) -> dict[str, object]:
    controls = control_values(view)
    props = {f"{CONTROL_IDS[name]}.value": value for name, value in controls.items()}
    props.update({"map-keys.data": keys, "camera-store.data": None, "url.search": "", "firms-viewport.data": None,
                  "view-after-map.data": after_map(controls), "export-data-format.value": "csv",
                  "export-table-button.n_clicks": 1, "ranking-table.columnDefs": None, "sector-panel.children": None,
                  "notice-store.data": None, "map.relayoutData": None})
    return props


def _step(store: DataStore, client: DashClient, view: View, keys: object, changed: str) -> object:
    """Post every callback a change triggers; return the map keys the browser then has."""
    props = _props(view, keys)
    answer = client.post("map.figure", props, changed)
    status = answer["map-status-store"]["data"]
    assert "regions with data" in status, status
    figure, changes = answer.get("map", {}).get("figure"), answer.get("map-changes", {}).get("data")
    assert figure is not None or changes is not None, "no map"
    if figure is not None:
        assert "z" in figure["data"][VALUE_TRACE] and "colorscale" in figure["data"][VALUE_TRACE]
    keys = answer.get("map-keys", {}).get("data", keys)
    props["map-keys.data"] = keys
    client.post("map-changes.data", props, f"{CONTROL_IDS['layers']}.value")  # the enterprise layer
    client.post("cluster-status.children", props, f"{CONTROL_IDS['layers']}.value")  # the firm-clusters layer
    if "pointclusters" in view.layers:  # the K-density, asked for once per dataset kind (99 simulations)
        panel = client.post("k-density-panel.children", {**props, "k-density-button.n_clicks": 1},
                            "k-density-button.n_clicks")
        assert panel["k-density-panel"]["children"]
    client.post("url-writer.search", props, "view-after-map.data")
    client.post("ranking-table.columnDefs", props, "view-after-map.data")
    client.post("sector-panel.children", props, "view-after-map.data")
    client.post("export-table-download.data", props, "export-table-button.n_clicks")
    request = {"startRow": 0, "endRow": 100, "sortModel": [], "filterModel": {}}
    rows = client.post("ranking-table.getRowsResponse", {**props, "ranking-table.getRowsRequest": request},
                       "ranking-table.getRowsRequest")["ranking-table"]["getRowsResponse"]["rowData"]
    if rows:  # a ranking row or a map click: the profile of that region
        profile = client.post("region-panel.children", {**props, "selected-region.data": rows[0]["nuts_id"]},
                              "selected-region.data")
        assert profile["region-panel"]["children"]
        chosen = {**props, "selected-region.data": rows[0]["nuts_id"], "opportunities-csv-button.n_clicks": 1}
        section = client.post("opportunities-body.children", chosen, "selected-region.data")
        assert section["opportunities-body"]["children"]
        client.post("opportunities-download.data", chosen, "opportunities-csv-button.n_clicks")
        client.post("opportunities-body.children", {**chosen, "opportunities-method.value": "jaccard"},
                    "opportunities-method.value")
    link = client.post("api-link.href", props, "view-after-map.data")["api-link"]["href"]  # the view's API URL
    api = client.http.get(link)
    assert api.status_code == 200, f"{link}: {api.get_data(as_text=True)[:300]}"
    api_rows = api.get_json()["rows"][:len(rows)]  # the ranking's first block: same regions, order and values
    assert [(r["nuts_id"], r["value"] if r["value"] is None else round(r["value"], 4)) for r in api_rows] == [
        (r["nuts_id"], r["value"]) for r in rows], link
    client.post("compare-content.children", props, "view-after-map.data")
    return keys


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_option_of_every_control_works_on_every_dataset_kind(walk, kind):
    store, client = walk
    start = effective_view(store, parse_query(KINDS[kind], store).view)
    keys = _step(store, client, start, None, f"{CONTROL_IDS['dataset']}.value")
    walked = 1
    for field, value in options(store, start):
        view = replace(start, **{field: value})
        if field == "alpha":
            view = replace(view, layers=("outlines", "lisa"))
        if field in {"cluster_method", "cluster_size"}:
            view = replace(view, layers=("outlines", "pointclusters"))
        try:
            keys = _step(store, client, view, keys, f"{CONTROL_IDS[field]}.value")  # as the controls hold it
        except AssertionError as error:
            raise AssertionError(f"{kind}: {field} = {value!r}: {error}") from None
        walked += 1
    STEPS[kind] = walked
    assert walked > 40


@pytest.mark.parametrize("kind", ["sbs", "register"])
def test_every_start_year_with_every_change_indicator_works(walk, kind):
    """Issue 14: the start-year options × the change indicators the menu then offers, on the table and a register."""
    from callbacks.filters import start_year_options

    store, client = walk
    start = effective_view(store, parse_query(KINDS[kind], store).view)
    keys = _step(store, client, start, None, f"{CONTROL_IDS['dataset']}.value")
    starts = [o["value"] for o in start_year_options(store, start.dataset)]
    change = [o["value"] for o in indicator_options(starts[0]) if o not in indicator_options()]
    assert len(change) >= 7
    walked = 0
    for year in starts:
        keys = _step(store, client, replace(start, start=year), keys, f"{CONTROL_IDS['start']}.value")
        for key in change:
            keys = _step(store, client, replace(start, start=year, indicator=key), keys,
                         f"{CONTROL_IDS['indicator']}.value")
            walked += 1
    STEPS[f"{kind} change"] = walked
    assert walked >= len(change)
@pytest.mark.parametrize("kind", list(KINDS))
def test_playback_frames_for_every_indicator_and_level_on_every_dataset_kind(walk, kind):
    """Play pressed (``playback-request``) → one response with a frame per playable year, on the drawn regions."""
    from views.playback import playback_years

    store, client = walk
    start = effective_view(store, parse_query(KINDS[kind], store).view)
    steps = [("indicator", o["value"]) for o in indicator_options()] + [("level", n) for n in range(4)]
    for field, value in steps:
        view = effective_view(store, replace(start, **{field: value}))
        props = {**_props(view, None), "playback-request.data": {"at": 1}}
        try:
            frames = client.post("playback-frames.data", props, "playback-request.data")["playback-frames"]["data"]
        except AssertionError as error:
            raise AssertionError(f"{kind}: playback at {field} = {value!r}: {error}") from None
        assert frames["years"] == list(playback_years(store, view)) and frames["from"] == view.year
        assert len(frames["frames"]) == len(frames["years"]) >= 1
        assert all(len(f["z"]) == len(frames["locations"]) for f in frames["frames"])
        assert all(f"· {f['year']} · NUTS" in f["status"] and "regions with data" in f["status"]
                   for f in frames["frames"])
