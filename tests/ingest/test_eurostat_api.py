"""``python app.py fetch``: Eurostat's dissemination API answered by a local ``http.server`` (no internet).

The server plays back stored answers: the gzip SDMX-CSV of tests/fixtures/eurostat_api/sbs_r_nuts2021.csv,
HTTP 413, 429 (with Retry-After) and 500, a body cut short of its Content-Length, a cut gzip stream and
an HTML page. Every failure must be one line and leave the workspace as it was.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from cli.main import main
from data.measures import measure_spec
from data.store import DataStore
from ingest.eurostat_api import FetchError, dataset_url, fetch_dataset
from ingest.workspace_store import dataset_from_folder
from tests.conftest import FIXTURES

TEXT = (FIXTURES / "eurostat_api" / "sbs_r_nuts2021.csv").read_bytes()
BODY = gzip.compress(TEXT, mtime=0)
#: The fixture plus an indicator the atlas does not know (employees), whose label is in the codelist only.
UNKNOWN = TEXT + b"ESTAT:SBS_R_NUTS2021(1.0),15/05/24 23:00:00,A,SAL_LOC_NR,C,AT11,2021,14000,,F\n"
#: Eurostat's codelist of indic_sbs as the SDMX 2.1 API sends it (SDMX-ML structure message, two codes shown).
CODELIST = b"""<?xml version="1.0" encoding="UTF-8"?>
<m:Structure xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
 xmlns:s="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure"
 xmlns:c="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"><m:Structures><s:Codelists>
 <s:Codelist id="INDIC_SBS" agencyID="ESTAT" version="1.0"><c:Name xml:lang="en">SBS indicator</c:Name>
 <s:Code id="EMP_LOC_NR"><c:Name xml:lang="en">Persons employed in the local units</c:Name></s:Code>
 <s:Code id="SAL_LOC_NR"><c:Name xml:lang="de">Beschaeftigte</c:Name><c:Name xml:lang="en">Employees in the
  local units</c:Name></s:Code></s:Codelist></s:Codelists></m:Structures></m:Structure>"""
#: path segment (the dataset code asked for) → (status, headers, body, bytes actually sent or None for all)
ANSWERS: dict[str, tuple[int, dict, bytes, int | None]] = {
    "sbs_r_nuts2021": (200, {"Content-Type": "application/octet-stream"}, BODY, None),
    "too_large": (413, {}, b"<html>Request Entity Too Large</html>", None),
    "busy": (429, {"Retry-After": "30"}, b"Too many requests", None),
    "broken": (500, {}, b"Internal Server Error", None),
    "cut_short": (200, {}, BODY, len(BODY) // 2),  # Content-Length says more than arrives
    "cut_gzip": (200, {}, BODY[: len(BODY) // 2], None),  # the whole answer, but a cut gzip stream
    "html": (200, {"Content-Type": "text/html"}, b"<html><body>Maintenance</body></html>", None),
    "with_unknown": (200, {}, gzip.compress(UNKNOWN, mtime=0), None),
    "INDIC_SBS": (200, {"Content-Type": "application/xml"}, CODELIST, None),  # …/codelist/ESTAT/INDIC_SBS
    "no_codelist": (200, {}, gzip.compress(UNKNOWN.replace(b"indic_sbs", b"indic_xx"), mtime=0), None),
}


class Handler(BaseHTTPRequestHandler):
    """Answer ``/data/<code>?…`` from :data:`ANSWERS`; record each request's path and query."""

    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        Handler.requests.append(self.path)
        code = self.path.split("?")[0].rsplit("/", 1)[-1]
        status, headers, body, sent = ANSWERS.get(code, (404, {}, b"not found", None))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:sent] if sent is not None else body)
        self.wfile.flush()
        if sent is not None:
            self.close_connection = True

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def api():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/data"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends: nothing listens there


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def test_url_asks_for_compressed_sdmx_csv_from_a_year():
    assert dataset_url("sbs_r_nuts2021", since=2021, base="https://x/data") == (
        "https://x/data/sbs_r_nuts2021?format=SDMX-CSV&compressed=true&startPeriod=2021")
    assert dataset_url("sbs_r_nuts2021").startswith("https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data/")
    for bad in ("../etc", "a b", "", "x" * 65):
        with pytest.raises(FetchError, match="not a Eurostat dataset code"):
            dataset_url(bad)
    with pytest.raises(FetchError, match="--since"):
        dataset_url("sbs_r_nuts2021", since=21)


def test_fetch_ingests_like_an_upload_and_records_url_and_date(api, tmp_path):
    seen = []
    fetched = fetch_dataset("sbs_r_nuts2021", workspace=tmp_path, since=2021, base=api,
                            progress=lambda done, total: seen.append((done, total)))
    assert fetched.url == f"{api}/sbs_r_nuts2021?format=SDMX-CSV&compressed=true&startPeriod=2021"
    assert Handler.requests[-1].endswith("?format=SDMX-CSV&compressed=true&startPeriod=2021")
    assert seen[-1] == (len(BODY), len(BODY)) and fetched.bytes == len(BODY)
    result = fetched.ingest
    assert (result.rows_read, result.rows_accepted, result.report.total) == (48, 48, 0)
    meta = json.loads((tmp_path / "sbs_r_nuts2021" / "meta.json").read_text())
    assert meta["source_url"] == fetched.url and meta["downloaded"] == fetched.downloaded
    assert meta["kind"] == "table" and meta["nuts_version"] == 2021 and meta["measures"] == ["employment",
                                                                                           "local_units"]
    store = DataStore()
    ds = dataset_from_folder(tmp_path / "sbs_r_nuts2021", store)
    assert fetched.url in ds.attribution and f"downloaded {fetched.downloaded}" in ds.attribution
    store.add_dataset(ds)
    # golden: AT11 manufacturing, 2021, EMP_LOC_NR = 15 100; 2022 confidential (CONF_STATUS C) → NaN, flag c
    assert store.matrix("sbs_r_nuts2021", 2021, "employment", 2021, 2, ["C"]).loc["AT11", "C"] == 15100.0
    assert np.isnan(store.matrix("sbs_r_nuts2021", 2021, "employment", 2022, 2, ["C"]).loc["AT11", "C"])
    assert store.flags("sbs_r_nuts2021", 2021, "employment", 2022, 2, ["C"]).loc["AT11", "C"] == "c"


@pytest.mark.parametrize(("code", "message"), [
    ("too_large", "too large (HTTP 413); ask for fewer years with --since"),
    ("busy", "too many requests' (HTTP 429); try again in 30 s"),
    ("broken", "server failed (HTTP 500); try again later"),
    ("no_such_table", "no dataset of that code (HTTP 404)"),
    ("cut_short", "cut off"),
    ("cut_gzip", "damaged or cut off"),
    ("html", "not an SDMX-CSV table"),
])
def test_a_failed_answer_is_one_line_and_changes_nothing(api, tmp_path, code, message):
    (tmp_path / "kept").mkdir()
    before = _listing(tmp_path)
    with pytest.raises(FetchError) as caught:
        fetch_dataset(code, workspace=tmp_path, base=api)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert _listing(tmp_path) == before


def test_offline_fails_fast_with_one_line_and_changes_nothing(tmp_path, capsys):
    started = time.perf_counter()
    status = main(["fetch", "sbs_r_nuts2021", "--workspace", str(tmp_path / "ws"),
                   "--api", f"http://127.0.0.1:{_closed_port()}/data", "--timeout", "5"])
    elapsed = time.perf_counter() - started
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert status == 2 and err.startswith("error: no connection to 127.0.0.1") and elapsed < 5
    assert not (tmp_path / "ws").exists()


def test_cli_fetch_names_the_dataset_and_refuses_to_overwrite(api, tmp_path, capsys):
    args = ["fetch", "sbs_r_nuts2021", "--name", "sbs2023", "--workspace", str(tmp_path), "--api", api]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "48 of 48 rows accepted" in out and str(tmp_path / "sbs2023") in out
    generation = json.loads((tmp_path / "sbs2023" / "meta.json").read_text())["generation"]
    assert main(args) == 2 and "exists" in capsys.readouterr().err
    assert main([*args, "--replace"]) == 0
    assert json.loads((tmp_path / "sbs2023" / "meta.json").read_text())["generation"] != generation


def test_an_unknown_indicator_gets_its_label_from_eurostats_codelist(api, tmp_path):
    Handler.requests.clear()
    fetch_dataset("with_unknown", workspace=tmp_path, base=api)
    meta = json.loads((tmp_path / "with_unknown" / "meta.json").read_text())
    assert meta["measures"] == ["SAL_LOC_NR", "employment", "local_units"]
    assert meta["measure_labels"] == {"SAL_LOC_NR": "Employees in the local units"}  # English, whitespace joined
    assert Handler.requests[-1] == "/codelist/ESTAT/INDIC_SBS"
    ds = dataset_from_folder(tmp_path / "with_unknown", DataStore())
    assert measure_spec("SAL_LOC_NR", ds.measure_labels).label == "Employees in the local units"
    # no codelist (HTTP 404): the table is fetched all the same, the indicator keeps its code
    fetch_dataset("no_codelist", workspace=tmp_path, base=api)
    assert json.loads((tmp_path / "no_codelist" / "meta.json").read_text())["measure_labels"] == {}
    assert Handler.requests[-1] == "/codelist/ESTAT/INDIC_XX"


def test_known_indicators_need_no_codelist(api, tmp_path):
    Handler.requests.clear()
    fetch_dataset("sbs_r_nuts2021", workspace=tmp_path, base=api)
    assert [r for r in Handler.requests if "codelist" in r] == []


def test_fetch_help_imports_no_dash():
    from tests.test_cli_imports import dash_modules, run_app

    out, modules = run_app("fetch", "--help")
    assert "--since" in out and "cli.ingest" in modules and dash_modules(modules) == set()  # cli.fetch imports it
