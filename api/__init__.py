"""The read-only data API under ``/api/v1/`` (a Flask blueprint on the Dash app's server).

Endpoints (:data:`api.openapi.ENDPOINTS`): ``datasets``, ``indicators``, ``sectors?dataset=``,
``regions?version=&level=``, ``values?dataset=&sector=&indicator=&measure=&level=&year=&version=&reference=
&countries=&format=json|csv`` and ``openapi.json``. ``values`` answers the numbers of the page's ranking
download for the same view (:mod:`api.tables`).

Every answer carries a strong ``ETag`` (a hash of its body; for ``values``, of the view, the format and
the generations of its datasets, so that a revalidation is answered without computing anything) and
``Cache-Control: no-cache``: a client that sends it back in ``If-None-Match`` gets ``304 Not Modified``;
answers are gzip-compressed by the app's Flask-Compress when the client accepts it.

A refused request gets a JSON ``{"error": "one line"}``: 400 (unknown, repeated or invalid parameter),
404 (no such endpoint), 413 (a request body), 414 (a query over :data:`api.limits.MAX_QUERY_BYTES`),
429 (over the rate of :class:`api.limits.RateLimit` per client address, with ``Retry-After``).
``values`` says in the header ``X-Atlas-Notices`` (a JSON list) how the view asked for was adjusted to
one that exists, as the page's status bar does. Every answer allows reading from any origin (CORS ``*``):
the API is read-only and uses no cookies.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from api.limits import MAX_QUERY_BYTES, RateLimit, RateLimiter
from api.openapi import ENDPOINTS, openapi_spec
from api.params import ApiError, read_format, read_params, read_view, read_whole
from api.tables import (
    dataset_records,
    indicator_table,
    records,
    region_table,
    sector_table,
    values_payload,
    values_table,
)
from data.errors import AtlasError
from data.store import DataStore, new_generation
from exports.files import write_csv
from exports.map_export import export_name
from ingest.workspace_store import load_workspace
from views.api_url import API_PREFIX, VALUE_PARAMETERS, api_values_path
from views.state import View
from views.values import effective_view

__all__ = ["API_PREFIX", "DEFAULT_RATE", "RATE_CONFIG", "ApiError", "RateLimit", "create_api"]

LOG = logging.getLogger(__name__)
_PROCESS = new_generation()
#: Requests per client address: 120 a minute, bursts of 60 unless the environment says otherwise
#: (``ATLAS_API_PER_MINUTE``, ``ATLAS_API_BURST``); the Flask config key :data:`RATE_CONFIG` overrides it per app.
DEFAULT_RATE = RateLimit(float(os.environ.get("ATLAS_API_PER_MINUTE", 120)), int(os.environ.get("ATLAS_API_BURST", 60)))
RATE_CONFIG = "ATLAS_API_RATE"


def _body(payload: object) -> bytes:
    return json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def _answer(content: bytes, mimetype: str, *, filename: str | None = None, etag: str | None = None) -> Response:
    """Build a 200 answer with a strong ETag (default a hash of its body; 304 when the client has it), ``no-cache``."""
    response = Response(content, mimetype=mimetype)
    response.set_etag(etag or hashlib.blake2b(content, digest_size=16).hexdigest())
    response.cache_control.no_cache = True
    if filename:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response.make_conditional(request)


def _view_etag(store: DataStore, view: View, fmt: str) -> str:
    """ETag of a values answer known before computing it: the view, the format and its datasets' generations.

    :data:`_PROCESS` (set when the app is imported, before gunicorn forks its workers) ends its validity at a
    restart, so that a new version of the code never meets an old answer.
    """
    key = f"{_PROCESS}|{fmt}|{view!r}|{store.generations(view.dataset, 'context')!r}"
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest()


def _known(etag: str) -> bool:
    """Say whether the client's ``If-None-Match`` names ``etag`` (also as Flask-Compress writes it: ``etag:gzip``)."""
    tags = request.if_none_match
    return tags.star_tag or any(tag.split(":", 1)[0] == etag for tag in tags.as_set())


def _not_modified(etag: str) -> Response:
    response = Response(status=304)
    response.set_etag(etag)
    response.cache_control.no_cache = True
    return response


def _error(status: int, reason: str, headers: dict | None = None) -> Response:
    response = Response(_body({"error": " ".join(reason.split())}) + b"\n", status=status,
                        mimetype="application/json", headers=headers or {})
    response.cache_control.no_store = True
    return response


def _table(table: pd.DataFrame, fmt: str, name: str) -> Response:
    if fmt == "csv":
        return _answer(write_csv(table), "text/csv", filename=f"{name}.csv")
    return _answer(_body(records(table)), "application/json")


def create_api(store: DataStore, *, workspace: Path | None = None, rate: RateLimit = DEFAULT_RATE,
               clock: Callable[[], float] = time.monotonic) -> Blueprint:
    """Build the ``/api/v1`` blueprint for a store (register it on the Dash app's Flask server).

    Parameters
    ----------
    store : DataStore
        The app's store (read only).
    workspace : Path, optional
        Workspace folder: datasets added or replaced there (uploads, ``python app.py ingest``/``fetch``
        in another process) are read before answering, as on a page load.
    rate : RateLimit
        Requests allowed per client address.
    clock : callable
        Monotonic seconds for the rate limit (tests).
    """
    api = Blueprint("api", __name__, url_prefix=API_PREFIX)
    limiter = RateLimiter(rate, clock=clock)

    @api.before_request
    def _guard():
        if len(request.query_string) > MAX_QUERY_BYTES:
            raise ApiError(f"the query is longer than {MAX_QUERY_BYTES} bytes", 414)
        if request.content_length:
            raise ApiError("the API is read-only and takes no request body", 413)
        client = request.remote_addr or "unknown"
        limit = current_app.config.get(RATE_CONFIG) or rate
        wait = limiter.wait(client, limit)
        if wait > 0:
            retry = str(math.ceil(wait)) if math.isfinite(wait) else "3600"
            raise ApiError(f"too many requests from {client}: at most {limit.per_minute:g} a minute "
                           f"(bursts of {limit.burst}); try again in {retry} s", 429, {"Retry-After": retry})
        if workspace is not None:
            load_workspace(store, workspace, only_changed=True)

    @api.after_request
    def _open_to_pages(response: Response) -> Response:
        # read-only public numbers without cookies: any web page may read them (CORS); the ETag is readable too
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag, X-Atlas-Notices, Retry-After"
        return response

    @api.errorhandler(ApiError)
    def _refused(error: ApiError):
        return _error(error.status, str(error), error.headers)

    @api.errorhandler(AtlasError)
    def _atlas_error(error: AtlasError):
        return _error(400, str(error) or type(error).__name__)

    @api.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        return _error(error.code or 500, f"{error.name}: {error.description}")

    @api.errorhandler(Exception)
    def _failed(error: Exception):
        LOG.error("API request %s failed", request.full_path, exc_info=error)
        return _error(500, f"internal error ({type(error).__name__}); the server log has the details")

    @api.get("/")
    def _index():
        return _answer(_body({"endpoints": {f"{API_PREFIX}{p}": s for p, s in ENDPOINTS.items()},
                              "example": api_values_path(effective_view(store, View()))}), "application/json")

    @api.get("/datasets")
    def _datasets():
        read_params(request.args.to_dict(flat=False), ())
        return _answer(_body(dataset_records(store)), "application/json")

    @api.get("/indicators")
    def _indicators():
        params = read_params(request.args.to_dict(flat=False), ("format",))
        return _table(indicator_table(), read_format(params), "indicators")

    @api.get("/sectors")
    def _sectors():
        params = read_params(request.args.to_dict(flat=False), ("dataset", "format"))
        dataset = params.get("dataset", "sbs")
        if dataset not in store.datasets or not store.dataset(dataset).sectoral:
            sectoral = sorted(k for k, d in store.datasets.items() if d.sectoral)
            raise ApiError(f"parameter 'dataset'={dataset[:40]!r}: expected one of {sectoral}")
        return _table(sector_table(store, dataset), read_format(params), f"sectors_{dataset}")

    @api.get("/regions")
    def _regions():
        params = read_params(request.args.to_dict(flat=False), ("version", "level", "format"))
        version = read_whole(params, "version", (2013, 2021), 2021)
        level = read_whole(params, "level", (0, 1, 2, 3), 2)
        return _table(region_table(store, version, level), read_format(params), f"regions_nuts{version}_{level}")

    @api.get("/values")
    def _values():
        params = read_params(request.args.to_dict(flat=False), (*VALUE_PARAMETERS, "format"))
        fmt = read_format(params)
        view = read_view(store, params)
        etag = _view_etag(store, view, fmt)
        if _known(etag):  # revalidation without computing the answer
            return _not_modified(etag)
        table = values_table(store, view)
        if fmt == "csv":
            answer = _answer(write_csv(table), "text/csv", filename=export_name(view, "csv"), etag=etag)
        else:
            answer = _answer(_body(values_payload(store, view, table, api_path=api_values_path(view))),
                             "application/json", etag=etag)
        # how the view was adjusted to one that exists (also in the JSON body): JSON text, non-ASCII escaped
        answer.headers["X-Atlas-Notices"] = json.dumps(list(view.notices))
        return answer

    @api.get("/openapi.json")
    def _openapi():
        read_params(request.args.to_dict(flat=False), ())
        return _answer(_body(openapi_spec()), "application/json")

    @api.route("/<path:rest>", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    def _unknown(rest: str):
        raise ApiError(f"no endpoint '{rest[:60]}'; known: {', '.join(p.strip('/') for p in ENDPOINTS)}", 404)

    return api
