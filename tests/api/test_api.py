"""The data API under /api/v1: the ranking download's numbers, strict one-line 400s, limits, ETag and gzip, OpenAPI."""

from __future__ import annotations

import gzip
import io
import json

import pandas as pd
import pytest
from flask import Flask
from flask_compress import Compress
from openapi_spec_validator import validate

from analysis.registry import INDICATORS
from api import RATE_CONFIG, create_api
from api.limits import MAX_QUERY_BYTES, RateLimit
from api.openapi import ENDPOINTS, openapi_spec
from exports.map_export import table_file
from ingest.workspace import ingest_file
from tests.conftest import FIXTURES
from views.api_url import API_PREFIX, VALUE_PARAMETERS, api_values_path
from views.state import CONTROLS, View
from views.url import encode_query
from views.values import effective_view


def make_client(store, **options):
    """A Flask server with the API and compression set up as app.py does it, and its test client."""
    server = Flask("api-test")
    server.config["COMPRESS_MIMETYPES"] = ["application/json", "text/csv"]
    Compress(server)
    server.register_blueprint(create_api(store, **options))
    return server.test_client()


@pytest.fixture(scope="module")
def client(store):
    """One client for the module's many requests: no rate limit (test_rate_limit_per_client_address tests it)."""
    client = make_client(store)
    client.application.config[RATE_CONFIG] = RateLimit(per_minute=1e9, burst=10**9)
    return client


def _csv(content: bytes, *, notes: int = 0) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(content), skiprows=notes, dtype={"flag": str, "reason": str},
                       keep_default_na=False, na_values=[""])


def _download(store, view) -> pd.DataFrame:
    """The page's data download (CSV) of a view, read back, with the API's column names."""
    file = table_file(store, view, "csv", query=encode_query(view))
    table = _csv(file.content, notes=1)  # one '# …' line: source, title, view, date
    measure = view.measure if view.measure != view.indicator else f"{view.measure}_measure"
    return table.rename(columns={view.indicator: "value", measure: "measure_value"})


VIEWS = [
    View(),
    View(sector="C29", countries=("DE", "AT"), reference="country"),
    View(sector="G", indicator="focus", measure="local_units", level=1, year=2012),
    View(indicator="employment", sector="C10", level=0),
    View(indicator="krugman", version=2021),
]


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: f"{v.indicator}-{v.sector}-{v.level}")
def test_values_are_the_numbers_of_the_ranking_download(client, store, view):
    shown = effective_view(store, view)
    answer = client.get(api_values_path(shown, "csv"))
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    pd.testing.assert_frame_equal(_csv(answer.data), _download(store, shown), check_dtype=False)
    rows = client.get(api_values_path(shown)).get_json()
    assert rows["view"] == {name: list(v) if isinstance(v := getattr(shown, name), tuple) else v
                            for name in VALUE_PARAMETERS}  # the effective view, every parameter
    assert rows["count"] == len(rows["rows"])
    as_json = pd.DataFrame(rows["rows"])
    expected = _download(store, shown)
    assert as_json["nuts_id"].tolist() == expected["nuts_id"].tolist()  # rank order
    pd.testing.assert_series_equal(as_json["value"].astype(float), expected["value"].astype(float),
                                   check_names=False)


@pytest.mark.skipif("start" not in CONTROLS, reason="the change view (issue 14) is merged on main only")
def test_a_change_view_gives_the_downloads_numbers(client, store):
    shown = effective_view(store, View(**{"sector": "C29", "start": 2010, "year": 2014}))
    assert shown.start == 2010 and "start=2010" in api_values_path(shown)
    answer = client.get(api_values_path(shown, "csv"))
    assert answer.status_code == 200
    pd.testing.assert_frame_equal(_csv(answer.data), _download(store, shown), check_dtype=False)
    assert client.get(f"{API_PREFIX}/values?start=1999").status_code == 400


def test_golden_row_stuttgart_motor_vehicles(client):
    """DE11 (Stuttgart), C29, persons employed 2014 = 158 012 (V16110 in tests/fixtures/sbs_extract.tsv)."""
    body = client.get(f"{API_PREFIX}/values?sector=C29&year=2014&level=2&version=2013").get_json()
    row = next(r for r in body["rows"] if r["nuts_id"] == "DE11")
    assert (row["measure_value"], row["name"], row["country"], row["nace"], row["year"]) == (
        158012.0, "Stuttgart", "DE", "C29", 2014)
    assert row["rank"] == 5 and row["flag"] == "" and row["reason"] == ""  # 5th highest LQ of C29 in 2014
    ranks = [r["rank"] for r in body["rows"] if r["rank"] is not None]
    assert ranks == sorted(ranks) and ranks[0] == 1  # rank order, 1 = highest
    missing = [r for r in body["rows"] if r["value"] is None]
    assert missing and all(r["rank"] is None and r["reason"] for r in missing)  # why, for every missing value
    belgium = next(r for r in missing if r["nuts_id"] == "BE34")
    assert (belgium["flag"], belgium["reason"]) == ("c", "confidential (Eurostat flag c)")


@pytest.mark.parametrize("indicator", sorted(INDICATORS))
def test_every_indicator_answers_with_one_row_per_region(client, store, indicator):
    view = effective_view(store, View(indicator=indicator))
    body = client.get(f"{API_PREFIX}/values?indicator={indicator}").get_json()
    assert body["view"]["indicator"] == view.indicator
    assert sorted(r["nuts_id"] for r in body["rows"]) == sorted(store.region_table(view.version, view.level).index)


@pytest.mark.parametrize(("query", "reason"), [
    ("levl=2", "unknown parameter 'levl'"),
    ("level=2&level=3", "parameter 'level' given 2 times"),
    ("level=9", "parameter 'level'='9': one of [0, 1, 2, 3]"),
    ("sector=ZZZ", "parameter 'sector'='ZZZ'"),
    ("year=20x4", "parameter 'year'='20x4'"),
    ("dataset=nope", "parameter 'dataset'='nope'"),
    ("countries=DE,XX", "parameter 'countries'='XX'"),
    ("indicator=lq%3Cscript%3E", "parameter 'indicator'"),
    ("format=xml", "parameter 'format'='xml': expected one of json, csv"),
    ("sector=" + "C" * 401, "longer than 400 characters"),
])
def test_a_bad_values_query_is_a_400_with_one_line(client, query, reason):
    answer = client.get(f"{API_PREFIX}/values?{query}")
    body = answer.get_json()
    assert answer.status_code == 400 and list(body) == ["error"] and reason in body["error"]
    assert "\n" not in body["error"] and answer.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("path", "status", "reason"), [
    ("/regions?version=2016", 400, "parameter 'version'='2016'"),
    ("/regions?level=-1", 400, "parameter 'level'='-1'"),
    ("/sectors?dataset=context", 400, "parameter 'dataset'='context'"),
    ("/datasets?x=1", 400, "unknown parameter 'x'"),
    ("/indicators?format=xlsx", 400, "expected one of json, csv"),
    ("/valuez", 404, "no endpoint 'valuez'"),
])
def test_other_endpoints_refuse_in_one_line(client, path, status, reason):
    answer = client.get(API_PREFIX + path)
    assert answer.status_code == status and reason in answer.get_json()["error"]


def test_request_size_limits(client):
    long = client.get(f"{API_PREFIX}/values?countries=" + ",".join(["DE"] * (MAX_QUERY_BYTES // 3 + 1)))
    assert long.status_code == 414 and "longer than" in long.get_json()["error"]
    body = client.get(f"{API_PREFIX}/values", data=b"x" * 100)
    assert body.status_code == 413 and "no request body" in body.get_json()["error"]


def test_rate_limit_per_client_address(store):
    now = [0.0]
    limited = make_client(store, rate=RateLimit(per_minute=30, burst=3), clock=lambda: now[0])
    first = {"REMOTE_ADDR": "10.0.0.1"}
    assert [limited.get(f"{API_PREFIX}/indicators", environ_base=first).status_code for _ in range(3)] == [200] * 3
    refused = limited.get(f"{API_PREFIX}/indicators", environ_base=first)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "2"  # 30 a minute: one per 2 s
    assert "too many requests from 10.0.0.1" in refused.get_json()["error"]
    assert limited.get(f"{API_PREFIX}/indicators", environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 200
    now[0] = 2.0
    assert limited.get(f"{API_PREFIX}/indicators", environ_base=first).status_code == 200
    limited.application.config[RATE_CONFIG] = RateLimit(per_minute=60, burst=1)  # the app's setting, per request
    refused = limited.get(f"{API_PREFIX}/indicators", environ_base=first)
    assert refused.status_code == 429 and "at most 60 a minute (bursts of 1)" in refused.get_json()["error"]


def test_answers_are_compressed_and_revalidated_by_etag(client):
    path = f"{API_PREFIX}/values?format=csv&level=2&version=2021"
    packed = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and packed.headers["Cache-Control"] == "no-cache"
    plain = client.get(path)
    assert gzip.decompress(packed.data) == plain.data and "Content-Encoding" not in plain.headers
    for answer, encoding in ((packed, "gzip"), (plain, "identity")):
        again = client.get(path, headers={"Accept-Encoding": encoding, "If-None-Match": answer.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""
    other = client.get(f"{API_PREFIX}/values?format=csv&level=1&version=2021")
    assert other.headers["ETag"] != plain.headers["ETag"]
    stale = client.get(path, headers={"If-None-Match": other.headers["ETag"]})
    assert stale.status_code == 200 and stale.data == plain.data
    assert plain.headers["Access-Control-Allow-Origin"] == "*" and "ETag" in plain.headers[
        "Access-Control-Expose-Headers"]  # other web pages may read the numbers


def test_an_adjusted_view_says_so_in_json_and_in_a_header(client):
    adjusted = client.get(f"{API_PREFIX}/values?format=csv&level=3")  # the SBS table has NUTS 0-2
    notices = json.loads(adjusted.headers["X-Atlas-Notices"])
    assert notices == ["Eurostat regional business statistics (SBS) 2008–2015 has no NUTS 3: showing NUTS 2"]
    assert client.get(f"{API_PREFIX}/values?level=3").get_json()["notices"] == notices
    assert json.loads(client.get(f"{API_PREFIX}/values?level=2").headers["X-Atlas-Notices"]) == []


def test_catalogue_endpoints(client, store):
    datasets = client.get(f"{API_PREFIX}/datasets").get_json()
    sbs = next(d for d in datasets if d["key"] == "sbs")
    assert [m["key"] for m in sbs["measures"]] == ["employment", "local_units", "wages_meur"]
    assert sbs["source"].startswith("Source: Eurostat")
    indicators = {i["key"]: i for i in client.get(f"{API_PREFIX}/indicators").get_json()}
    assert set(indicators) == set(INDICATORS)
    assert indicators["lq"]["formula"] == "LQ_rs = (E_rs / E_r·) / (E_·s / E)"
    assert (indicators["lq"]["range_low"], indicators["lq"]["range_high"]) == (0.0, None)  # unbounded → null
    sectors = client.get(f"{API_PREFIX}/sectors?dataset=sbs&format=csv")
    table = _csv(sectors.data)
    assert table["code"].tolist() == list(store.sector_codes("sbs"))
    assert table.set_index("code").loc["C29", "label"] == store.tree.loc["C29", "label"]
    regions = client.get(f"{API_PREFIX}/regions?version=2021&level=0").get_json()
    assert {r["nuts_id"] for r in regions} == set(store.region_table(2021, 0).index)
    assert all(r["nuts_id"] == r["country"] for r in regions)  # NUTS 0 ids are the country codes


def test_openapi_is_valid_and_lists_exactly_the_endpoints(client):
    spec = client.get(f"{API_PREFIX}/openapi.json").get_json()
    assert spec == json.loads(json.dumps(openapi_spec()))
    validate(spec)  # raises on any structural error (OpenAPI 3.0 schema)
    routes = {rule.rule.removeprefix(API_PREFIX) for rule in client.application.url_map.iter_rules()
              if rule.rule.startswith(API_PREFIX) and "<" not in rule.rule and rule.rule != f"{API_PREFIX}/"}
    assert set(spec["paths"]) == routes == set(ENDPOINTS)
    values = {p["name"] for p in spec["paths"]["/values"]["get"]["parameters"]}
    assert values == {*VALUE_PARAMETERS, "format"} >= {"dataset", "sector", "indicator", "measure", "level", "year",
                                                       "version", "reference", "countries", "format"}
    assert not values & {"layers", "alpha"}  # the map's controls do not change the numbers


def test_a_dataset_ingested_after_start_is_served_from_the_workspace(tmp_path):
    from data.store import DataStore

    store = DataStore()
    fresh = make_client(store, workspace=tmp_path)
    assert "sbs2021" not in {d["key"] for d in fresh.get(f"{API_PREFIX}/datasets").get_json()}
    ingest_file((FIXTURES / "sbs_r_nuts2021_labels.csv").read_bytes(), filename="sbs_r_nuts2021.csv",
                name="sbs2021", workspace=tmp_path)
    datasets = {d["key"]: d for d in fresh.get(f"{API_PREFIX}/datasets").get_json()}
    assert datasets["sbs2021"]["years"] == [2021, 2022] and datasets["sbs2021"]["kind"] == "table"
    body = fresh.get(f"{API_PREFIX}/values?dataset=sbs2021&indicator=employment&sector=C&level=2").get_json()
    assert body["view"]["dataset"] == "sbs2021" and body["view"]["year"] == 2022  # its own latest year, as a link
    got = {r["nuts_id"]: r["value"] for r in body["rows"] if r["value"] is not None}
    assert got["AT12"] == 103326.0  # EMP_LOC_NR, AT12, C, 2022 in the fixture
    view = effective_view(store, View(dataset="sbs2021", indicator="employment", sector="C", level=2, year=2022,
                                      version=2021))
    answer = fresh.get(api_values_path(view, "csv"))
    pd.testing.assert_frame_equal(_csv(answer.data), _download(store, view), check_dtype=False)
    # the dataset replaced under its name (another process's upload): its old ETag no longer answers 304
    text = (FIXTURES / "sbs_r_nuts2021_labels.csv").read_text(encoding="utf-8").replace(",103326,", ",103327,")
    ingest_file(text.encode(), filename="sbs_r_nuts2021.csv", name="sbs2021", workspace=tmp_path, replace=True)
    again = fresh.get(api_values_path(view, "csv"), headers={"If-None-Match": answer.headers["ETag"]})
    assert again.status_code == 200 and again.headers["ETag"] != answer.headers["ETag"]
    assert _csv(again.data).set_index("nuts_id").loc["AT12", "value"] == 103327.0
