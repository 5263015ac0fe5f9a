"""Every option of every control, on every kind of dataset, through the app's real callback endpoint.

For each dataset kind (the SBS default, the context indicators, a seeded synthetic register with size
classes, a cluster-organisation list, an official Eurostat table in current codes), the walk starts
from the view a link to the dataset opens, then sets every option of every control choosing the values
one at a time (sectors sampled across the tree, every indicator, measure, level, year, version, reference,
country sample). The options of the controls of how the view is drawn (each layer on alone, significance
levels, cluster method × size, compared regions, palette) ride along those steps, one of each group per
step, where the effective view keeps both as each is alone (else alone). After each step it posts, as the
browser does, the map update, the enterprise layer, the URL writer, the ranking columns and rows, the
sector panel, the data download and the region profile and opportunities of the first ranked region (a map
click and a ranking row select the same way; the relatedness methods in turn). A body identical to one
posted before is not posted again. A step fails on an HTTP status ≥ 500, an error in the status bar (the
global error handler writes ``Error: …`` there), a map without its status line or its value trace.

Requests go to Flask's test client of ``create_app`` (in-process: the real Dash dispatch, callback
signatures, ids and error handler, without a browser); the browser wiring is covered by tests/browser.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest

from analysis.relatedness import METHODS
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
from tests.dash_requests import ENDPOINT, Callbacks
from views.state import (
    ALPHAS,
    CLUSTER_METHODS,
    CLUSTER_SIZES,
    CONTROLS,
    LAYERS,
    PALETTES,
    REFERENCES,
    View,
    control_values,
)
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
    """Posts callbacks to ``/_dash-update-component`` as the Dash renderer does, from a dict of prop values.

    Bodies come from ``tests/dash_requests.py`` (the app's own callback list). A body identical to one
    posted before is not posted again: its answer (already checked) is returned.
    """

    def __init__(self, app) -> None:
        self.http = app.server.test_client()
        self.callbacks = Callbacks.from_app(app)
        self.answers: dict[str, dict] = {}
        self.repeats = 0

    def post(self, output: str, props: dict[str, object], changed: str) -> dict:
        """Call the callback of ``output`` with ``props``; return its response (``{}`` when nothing changed)."""
        body = self.callbacks.body(output, props, changed)
        text = json.dumps(body, sort_keys=True, default=str)
        if text in self.answers:
            self.repeats += 1
            return self.answers[text]
        answer = self.http.post(ENDPOINT, data=json.dumps(body), content_type="application/json")
        assert answer.status_code < 500, f"{output}: HTTP {answer.status_code}"
        if answer.status_code == 204:
            self.answers[text] = {}
            return {}
        reply = answer.get_json()
        side = json.dumps(reply.get("sideUpdate", {}))
        assert "Error: " not in side, f"{output}: {side[:300]}"
        self.answers[text] = reply.get("response", {})
        return self.answers[text]


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
    client = DashClient(app)
    yield store, client
    print("\ncrawl steps walked:", STEPS, "total", sum(STEPS.values()), "; repeated bodies not posted again:",
          client.repeats)


def _sample(items: list, n: int) -> list:
    """First, last and evenly spaced items between (at most ``n``)."""
    if len(items) <= n:
        return items
    step = (len(items) - 1) / (n - 1)
    return [items[round(i * step)] for i in range(n)]


def options(store: DataStore, start: View) -> list[tuple[str, object]]:
    """Every (control, value) of the controls choosing the values shown, from the options the page offers."""
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
    return values


def _pairs(first: tuple, second: tuple) -> list[tuple]:
    """Pairs walking every item of both (the shorter one again from its start)."""
    n = max(len(first), len(second))
    return [(first[i % len(first)], second[i % len(second)]) for i in range(n)]


def riders() -> list[list[dict[str, object]]]:
    """Options of the controls of how the view is drawn, in groups: a step takes one option of each group.

    Layers (each on alone, then none), the significance levels with the hot-spot layer on, the cluster
    methods × sizes with the firm-clusters layer on; the compared regions; the palettes.
    """
    layers: list[dict[str, object]] = [{"layers": ("outlines", layer)} for layer in LAYERS] + [{"layers": ()}]
    layers += [{"layers": ("outlines", "lisa"), "alpha": a} for a in ALPHAS]
    layers += [{"layers": ("outlines", "pointclusters"), "cluster_method": m, "cluster_size": n}
               for m, n in _pairs(CLUSTER_METHODS, CLUSTER_SIZES)]
    compare = [{"compare": c} for c in (("DE11", "FR10", "ITC4"), ("DE111", "FR1", "DE11"), ())]
    return [layers, compare, [{"palette": p} for p in PALETTES]]


def _shown(store: DataStore, start: View, change: dict[str, object]) -> dict[str, object]:
    """The values of the changed fields in the effective view of ``start`` with ``change``."""
    view = effective_view(store, replace(start, **change))
    return {field: getattr(view, field) for field in change}


def _fits(store: DataStore, start: View, step: dict[str, object], rider: dict[str, object],
          own: dict[str, object]) -> bool:
    """Whether ``step`` and ``rider`` together keep the values each gets alone (``own``: the rider's)."""
    return _shown(store, start, step | rider) == _shown(store, start, step) | own


def steps(store: DataStore, start: View) -> list[dict[str, object]]:
    """The walk: one option of a value control per step, with a rider of each group of drawing controls.

    A rider joins a step only where both keep the values they get on their own (the effective view
    changes neither); one that fits no step is walked alone. So every option is posted as it would be alone.
    """
    walk = [{field: value} for field, value in options(store, start)]
    alone: list[dict[str, object]] = []
    for group in riders():
        slot = 0
        for rider in group:
            own = _shown(store, start, rider)
            while slot < len(walk) and not _fits(store, start, walk[slot], rider, own):
                slot += 1
            if slot < len(walk):
                walk[slot] = walk[slot] | rider
                slot += 1
            else:
                alone.append(rider)
    return walk + alone


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


def _step(store: DataStore, client: DashClient, view: View, keys: object, changed: str,
          method: str | None = None) -> object:
    """Post every callback a change triggers; return the map keys the browser then has.

    ``method`` is the opportunities' relatedness method chosen (None: the default).
    """
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
        chosen = {**props, "selected-region.data": rows[0]["nuts_id"], "opportunities-csv-button.n_clicks": 1,
                  "opportunities-method.value": method}
        section = client.post("opportunities-body.children", chosen, "selected-region.data")
        assert section["opportunities-body"]["children"]
        client.post("opportunities-download.data", chosen, "opportunities-csv-button.n_clicks")
    link = client.post("api-link.href", props, "view-after-map.data")["api-link"]["href"]  # the view's API URL
    api = client.http.get(link)
    assert api.status_code == 200, f"{link}: {api.get_data(as_text=True)[:300]}"
    api_rows = api.get_json()["rows"][:len(rows)]  # the ranking's first block: same regions, order and values
    assert [(r["nuts_id"], r["value"] if r["value"] is None else round(r["value"], 4)) for r in api_rows] == [
        (r["nuts_id"], r["value"]) for r in rows], link
    client.post("compare-content.children", props, "view-after-map.data")
    return keys


def test_the_walk_sets_every_control_and_every_drawing_option_once_at_least(walk):
    """A new control must join the walk: as a value control (``options``) or a drawing one (``riders``)."""
    store, _ = walk
    start = effective_view(store, View())
    walked = steps(store, start)
    assert {field for step in walked for field in step} | {"start"} == set(CONTROLS)  # start: the change test
    for group in riders():
        assert all(rider in [{f: step.get(f) for f in rider} for step in walked] for rider in group)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_option_of_every_control_works_on_every_dataset_kind(walk, kind):
    store, client = walk
    start = effective_view(store, parse_query(KINDS[kind], store).view)
    keys = _step(store, client, start, None, f"{CONTROL_IDS['dataset']}.value")
    walked, methods = 1, []
    for number, change in enumerate(steps(store, start)):
        view = replace(start, **change)
        method = METHODS[number % len(METHODS)]  # the opportunities' relatedness methods in turn
        methods.append(method)
        try:
            keys = _step(store, client, view, keys, f"{CONTROL_IDS[next(iter(change))]}.value", method)
        except AssertionError as error:
            raise AssertionError(f"{kind}: {change!r}: {error}") from None
        walked += 1
    STEPS[kind] = walked
    assert walked > 40 and set(methods) == set(METHODS)


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
