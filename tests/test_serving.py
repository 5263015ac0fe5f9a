"""Serving under faults: gunicorn replaces a killed worker, users' views stay independent, a damaged
workspace does not stop start-up, and a crash during a dataset write leaves the previous dataset.

The gunicorn tests start ``gunicorn --config gunicorn.conf.py --workers 2`` on a free port of
127.0.0.1 (loopback only), serving the real app over the default data without precomputation
(matrices are built on first use) so that start-up stays short.

A dataset re-uploaded in one server process replaces the old one in every other at its next page
load: two apps on one workspace folder in this process, and the two gunicorn workers.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import psutil
import pytest
import requests

from app import create_app
from callbacks import ids
from callbacks.ranking import RANKING_CONTROLS
from data.store import DataStore
from ingest.workspace import ingest_file, read_dataset
from tests.dash_requests import DEPENDENCIES, ENDPOINT, Callbacks, map_body
from tests.ingest._ingest_helpers import FIRMS, snapshot
from views.state import View, control_values

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
START_SECONDS = 90  # import + store on a busy 2-core machine; a healthy start takes a few seconds

#: Two users with different filters (sector, level, countries, indicator, year), changing them in turn.
USER_A = [View(sector="C29", level=2, countries=("DE",)), View(sector="C29", level=2, countries=("DE",), year=2012),
          View(sector="C20", level=2, countries=("DE",), year=2012)]
USER_B = [View(sector="C10", level=1, countries=("FR", "IT")),
          View(sector="C10", level=1, countries=("FR", "IT"), indicator="share"),
          View(sector="J62", level=1, countries=("FR", "IT"), indicator="share")]

#: An uploaded register; Stuttgart (DE11) has Bosch and Porsche in C29 (1200 + 9000 persons employed).
REGISTER = """id;name;lat;lon;nace;employees
1;Bosch Feuerbach;48,8155;9,1653;29.32;{bosch}
2;Porsche Zuffenhausen;48,8353;9,1527;2910;9000
3;BMW München;48,1770;11,5562;29.1;30000
"""
REGISTER_VIEW = View(dataset="firms", sector="C29", level=2, version=2021, year=2024)


def upload_body(output: str, text: str, name: str) -> dict:
    """The body of the upload callback (``output`` as listed by ``/_dash-dependencies``)."""
    contents = "data:text/csv;base64," + base64.b64encode(text.encode()).decode()
    return {
        "output": output,
        "outputs": [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
                    for part in output[2:-2].split("...")],
        "inputs": [{"id": ids.UPLOAD_DATA, "property": "contents", "value": contents}],
        "state": [{"id": ids.UPLOAD_DATA, "property": "filename", "value": f"{name}.csv"},
                  {"id": ids.UPLOAD_NAME, "property": "value", "value": name},
                  {"id": ids.UPLOAD_REPLACE, "property": "value", "value": ["replace"]},
                  {"id": ids.LANG_STORE, "property": "data", "value": "en"}],
        "changedPropIds": [f"{ids.UPLOAD_DATA}.contents"],
    }


def upload_output(dependencies: list[dict]) -> str:
    """The output key of the upload callback."""
    [callback] = [c for c in dependencies if [i["id"] for i in c["inputs"]] == [ids.UPLOAD_DATA]]
    return callback["output"]


def rows_body(view: View, region: str) -> dict:
    """The body of the ranking grid's block request: the row of one region, the ranking controls as state."""
    controls = control_values(view)
    request = {"startRow": 0, "endRow": 100, "sortModel": [],
               "filterModel": {"nuts_id": {"filterType": "text", "type": "equals", "filter": region}}}
    return {
        "output": f"{ids.RANKING_TABLE}.getRowsResponse",
        "outputs": {"id": ids.RANKING_TABLE, "property": "getRowsResponse"},
        "inputs": [{"id": ids.RANKING_TABLE, "property": "getRowsRequest", "value": request}],
        "state": [{"id": ids.CONTROL_IDS[name], "property": "value", "value": controls[name]}
                  for name in RANKING_CONTROLS],
        "changedPropIds": [f"{ids.RANKING_TABLE}.getRowsRequest"],
    }


def employed_in_c29(answer: dict) -> float:
    """Persons employed of the one row of a ranking answer."""
    [row] = answer["response"][ids.RANKING_TABLE]["getRowsResponse"]["rowData"]
    return row["measure_value"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _workers(master: psutil.Process) -> list[int]:
    """Live worker pids (a worker gone between the listing and its status is not one)."""
    alive = []
    for child in master.children():
        try:
            if child.status() != psutil.STATUS_ZOMBIE:
                alive.append(child.pid)
        except psutil.NoSuchProcess:
            continue
    return sorted(alive)


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")


class Server:
    """A running gunicorn: its base URL, master process and callbacks (as ``/_dash-dependencies`` lists them)."""

    def __init__(self, base: str, master: psutil.Process, log: Path, callbacks: Callbacks) -> None:
        self.base, self.master, self.log, self.callbacks = base, master, log, callbacks


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``gunicorn --config gunicorn.conf.py --workers 2`` on a free loopback port; stopped after the module."""
    folder = tmp_path_factory.mktemp("serving")
    (folder / "workspace").mkdir()
    (folder / "atlas_serving_wsgi.py").write_text(textwrap.dedent(f"""
        from pathlib import Path
        from app import create_app
        from data.store import DataStore
        server = create_app(DataStore(), workspace=Path({str(folder / 'workspace')!r})).server
    """))
    port, log = _free_port(), folder / "gunicorn.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(folder)])}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"), "--workers", "2",
             "--bind", f"{HOST}:{port}", "atlas_serving_wsgi:server"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://{HOST}:{port}"
    try:
        def healthy():
            assert process.poll() is None, f"gunicorn exited early:\n{log.read_text()[-2000:]}"
            try:
                return requests.get(base + "/health", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        _wait(healthy, START_SECONDS, "/health")
        master = psutil.Process(process.pid)
        _wait(lambda: len(_workers(master)) == 2, 30, "two workers")
        callbacks = Callbacks.from_dependencies(requests.get(base + DEPENDENCIES, timeout=60).json())
        yield Server(base, master, log, callbacks)
    finally:
        process.send_signal(signal.SIGINT)  # quick shutdown (SIGTERM would wait for idle keep-alives)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_health_answers_with_the_loaded_datasets(server):
    response = requests.get(server.base + "/health", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "datasets": ["context", "sbs"]}


def test_a_killed_worker_is_replaced_and_health_still_answers(server):
    before = _workers(server.master)
    victim = before[0]
    os.kill(victim, signal.SIGKILL)
    after = _wait(lambda: (w if victim not in (w := _workers(server.master)) and len(w) == 2 else None), 30,
                  "a replacement worker")
    assert victim not in after and len(after) == 2
    for _ in range(6):  # fresh connections, spread over both workers
        assert requests.get(server.base + "/health", timeout=10).status_code == 200


def _post(session: requests.Session, server: Server, view: View, changed: str | None, keys: dict | None) -> dict:
    response = session.post(server.base + ENDPOINT, data=json.dumps(map_body(server.callbacks, view, changed, keys)),
                            headers={"Content-Type": "application/json"}, timeout=60)
    assert response.status_code == 200, response.text[:300]
    return response.json()["response"]


def _answers(server: Server, views: list[View]) -> list[tuple[str, dict]]:
    """(status line, map keys) of each step for one user alone, as a browser tab would carry them."""
    out, keys = [], None
    with requests.Session() as session:
        for step, view in enumerate(views):
            answer = _post(session, server, view, ids.SECTOR_SELECT if step else None, keys)
            keys = answer[ids.MAP_KEYS]["data"] if ids.MAP_KEYS in answer else keys  # unchanged keys are not re-sent
            out.append((answer[ids.MAP_STATUS_STORE]["data"], keys))
    return out


def test_two_users_changing_filters_at_once_each_get_their_own_view(server):
    alone = {"a": _answers(server, USER_A), "b": _answers(server, USER_B)}
    assert alone["a"][0][0] != alone["b"][0][0]
    for (text, _keys), view in zip(alone["a"] + alone["b"], USER_A + USER_B, strict=True):
        assert f"· {view.sector} ·" in text and f"NUTS {view.level}" in text and str(view.year) in text

    # Interleaved step by step on two sessions (A1, B1, A2, B2, ...), each carrying its own map-keys.
    interleaved: dict[str, list] = {"a": [], "b": []}
    keys: dict[str, dict | None] = {"a": None, "b": None}
    with requests.Session() as session_a, requests.Session() as session_b:
        sessions = {"a": session_a, "b": session_b}
        for step, (view_a, view_b) in enumerate(zip(USER_A, USER_B, strict=True)):
            for name, view in (("a", view_a), ("b", view_b)):
                answer = _post(sessions[name], server, view, ids.SECTOR_SELECT if step else None, keys[name])
                keys[name] = answer[ids.MAP_KEYS]["data"] if ids.MAP_KEYS in answer else keys[name]
                interleaved[name].append((answer[ids.MAP_STATUS_STORE]["data"], keys[name]))
    assert interleaved == alone

    # And truly at once: both users in their own thread.
    concurrent: dict[str, list] = {}
    errors: list[BaseException] = []

    def run(name: str, views: list[View]) -> None:
        try:
            concurrent[name] = _answers(server, views)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=("a", USER_A)), threading.Thread(target=run, args=("b", USER_B))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors and concurrent == alone


def test_a_dataset_replaced_through_one_worker_is_served_new_by_every_worker_after_a_page_load(server):
    with requests.Session() as session:
        output = upload_output(session.get(server.base + DEPENDENCIES, timeout=30).json())
        first = session.post(server.base + ENDPOINT, json=upload_body(output, REGISTER.format(bosch=1200), "firms"),
                             timeout=120)
        assert first.status_code == 200 and "3 rows accepted" in first.text
    for _ in range(6):  # page loads on fresh connections: the workers load the first version
        with requests.Session() as session:
            assert session.get(server.base + "/_dash-layout", timeout=60).status_code == 200
            answer = session.post(server.base + ENDPOINT, json=rows_body(REGISTER_VIEW, "DE11"), timeout=60).json()
            assert employed_in_c29(answer) == 10200
    with requests.Session() as session:
        second = session.post(server.base + ENDPOINT, json=upload_body(output, REGISTER.format(bosch=2200), "firms"),
                              timeout=120)
        assert second.status_code == 200 and "3 rows accepted" in second.text
    for _ in range(6):  # whichever worker answers: after a page load, the new numbers
        with requests.Session() as session:  # one keep-alive connection: the page load and the rows, one worker
            assert session.get(server.base + "/_dash-layout", timeout=60).status_code == 200
            answer = session.post(server.base + ENDPOINT, json=rows_body(REGISTER_VIEW, "DE11"), timeout=60).json()
            assert employed_in_c29(answer) == 11200


# ---- one workspace, two server processes (two apps in this process) -----------------------------
def test_a_dataset_replaced_in_one_app_is_served_new_by_the_other_after_a_page_load(tmp_path):
    workspace = tmp_path / "workspace"
    one, other = (create_app(DataStore(), workspace=workspace).server.test_client() for _ in range(2))
    output = upload_output(one.get(DEPENDENCIES).get_json())

    assert other.get("/_dash-layout").status_code == 200  # a user has the page open there

    assert one.post(ENDPOINT, json=upload_body(output, REGISTER.format(bosch=1200), "firms")).status_code == 200
    assert "firms" not in other.get("/health").get_json()["datasets"]
    assert other.get("/_dash-layout").status_code == 200  # a page load picks the new dataset up
    assert employed_in_c29(other.post(ENDPOINT, json=rows_body(REGISTER_VIEW, "DE11")).get_json()) == 10200

    replaced = one.post(ENDPOINT, json=upload_body(output, REGISTER.format(bosch=2200), "firms"))
    assert replaced.status_code == 200 and "3 rows accepted" in replaced.get_data(as_text=True)
    assert employed_in_c29(one.post(ENDPOINT, json=rows_body(REGISTER_VIEW, "DE11")).get_json()) == 11200
    # the other app still has the old version (its ranking and values cached) until its next page load
    assert employed_in_c29(other.post(ENDPOINT, json=rows_body(REGISTER_VIEW, "DE11")).get_json()) == 10200
    assert other.get("/_dash-layout").status_code == 200
    assert employed_in_c29(other.post(ENDPOINT, json=rows_body(REGISTER_VIEW, "DE11")).get_json()) == 11200
    health = other.get("/health").get_json()
    assert health["datasets"] == ["context", "firms", "sbs"]


# ---- start-up with a damaged workspace (Flask test client) -------------------------------------
def _find(component, target: str):
    """The component with ``id == target`` in a serialised Dash layout."""
    if isinstance(component, dict):
        if component.get("props", {}).get("id") == target:
            return component
        for value in component.get("props", {}).values():
            if (found := _find(value, target)) is not None:
                return found
    elif isinstance(component, list):
        for item in component:
            if (found := _find(item, target)) is not None:
                return found
    return None


def test_a_corrupt_workspace_dataset_is_skipped_and_the_status_bar_says_so(tmp_path):
    workspace = tmp_path / "workspace"
    ingest_file(FIRMS.to_csv(index=False).encode(), filename="good.csv", name="good", workspace=workspace)
    ingest_file(FIRMS.to_csv(index=False).encode(), filename="firms.csv", name="truncated", workspace=workspace)
    stats = workspace / "truncated" / "stats.parquet"
    stats.write_bytes(stats.read_bytes()[: stats.stat().st_size // 2])  # a write cut off half-way
    (workspace / "badmeta").mkdir()
    (workspace / "badmeta" / "meta.json").write_text('{"kind": "enterprises", ', encoding="utf-8")

    app = create_app(DataStore(), workspace=workspace)
    client = app.server.test_client()
    health = client.get("/health")
    assert health.status_code == 200 and health.get_json()["datasets"] == ["context", "good", "sbs"]

    layout = client.get("/_dash-layout")
    assert layout.status_code == 200
    notices = _find(layout.get_json(), ids.STARTUP_NOTICES)["props"]["data"]
    assert len(notices) == 2
    assert "Dataset 'badmeta' in the workspace was skipped" in notices[0] and "meta.json" in notices[0]
    assert "Dataset 'truncated' in the workspace was skipped" in notices[1] and "Parquet" in notices[1]

    # The status bar shows them (the status callback through the real endpoint).
    response = client.post(ENDPOINT, json={
        "output": f"{ids.STATUS_BAR}.children", "outputs": {"id": ids.STATUS_BAR, "property": "children"},
        "inputs": [{"id": ids.MAP_STATUS_STORE, "property": "data", "value": "LQ · C · 2014"},
                   {"id": ids.NOTICE_STORE, "property": "data", "value": None},
                   {"id": ids.STARTUP_NOTICES, "property": "data", "value": notices}],
        "state": [{"id": ids.LANG_STORE, "property": "data", "value": "en"}], "changedPropIds": []})
    assert response.status_code == 200
    shown = json.dumps(response.get_json()["response"][ids.STATUS_BAR]["children"])
    assert "Notice: Dataset 'badmeta' in the workspace was skipped" in shown
    assert "Notice: Dataset 'truncated' in the workspace was skipped" in shown


# ---- interrupted dataset write ----------------------------------------------------------------
def test_a_crash_while_writing_a_dataset_keeps_the_previous_one(tmp_path, monkeypatch):
    workspace = tmp_path / "workspace"
    ingest_file(FIRMS.to_csv(index=False).encode(), filename="firms.csv", name="firms", workspace=workspace)
    before = snapshot(workspace)

    def crash(self, firms):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("ingest.workspace.PointWriter.write", crash)
    with pytest.raises(OSError, match="No space left on device"):
        ingest_file(FIRMS.head(3).to_csv(index=False).encode(), filename="firms.csv", name="firms",
                    workspace=workspace, replace=True)
    assert snapshot(workspace) == before
    assert [p.name for p in workspace.iterdir()] == ["firms"]  # no .tmp-… or .old-… folder left behind
    stats, points, meta = read_dataset(workspace / "firms")
    assert len(points) == 8 and meta["counts"]["rows_accepted"] == 8 and len(stats) > 0
