"""The OpenAPI 3.0 description of the data API (served at ``/api/v1/openapi.json``).

Parameters of ``values`` are generated from the controls (:data:`views.api_url.VALUE_PARAMETERS`) and the
indicator registry, so that the description cannot drift from what the endpoint reads.
"""

from __future__ import annotations

from analysis.registry import INDICATORS
from api.tables import VALUE_COLUMNS
from views.api_url import API_PREFIX, FORMATS, VALUE_PARAMETERS
from views.state import CONTROLS, REFERENCES

__all__ = ["ENDPOINTS", "openapi_spec"]

#: Endpoint (path below :data:`API_PREFIX`) → one-line summary.
ENDPOINTS = {
    "/datasets": "Datasets: key, label, kind, measures, years, NUTS versions and levels, source line",
    "/indicators": "Indicators: key, label, formula, unit, range, scope, reading, reference",
    "/sectors": "NACE codes of a dataset with label and level",
    "/regions": "Regions of a NUTS version and level: id, name, country",
    "/values": "One row per region of a view: rank, id, name, country, NACE, year, value, measure value, flag, reason"
               " — the numbers of the page's ranking download",
    "/openapi.json": "This description",
}
#: Schema of a query parameter by control kind (views.state.KINDS); a kind not listed is described as text.
_SCHEMAS = {"choice": {"type": "string"}, "whole": {"type": "integer"}, "items": {"type": "string"},
            "number": {"type": "number"}, "optional_whole": {"type": "integer", "nullable": True}}
_ENUMS = {"indicator": sorted(INDICATORS), "reference": list(REFERENCES), "level": [0, 1, 2, 3],
          "version": [2013, 2021]}
_DESCRIPTIONS = {
    "dataset": "dataset key (see /datasets); default the embedded SBS table",
    "sector": "NACE code of the dataset (see /sectors), e.g. C29",
    "indicator": "indicator key (see /indicators)",
    "measure": "measure key of the dataset (see /datasets), e.g. employment",
    "level": "NUTS level", "year": "reference year", "version": "NUTS version",
    "reference": "LQ reference area: all shown regions (eu) or each region's country",
    "countries": "comma-separated country codes (NUTS spelling: EL, UK); default all",
    "start": "start year of a change view (the change from start to year); default none",
}
_FORMAT = {"name": "format", "in": "query", "required": False, "description": "answer format",
           "schema": {"type": "string", "enum": list(FORMATS), "default": "json"}}


def _parameter(name: str) -> dict:
    schema = dict(_SCHEMAS.get(CONTROLS[name].kind, {"type": "string"}))
    if name in _ENUMS:
        schema["enum"] = _ENUMS[name]
    return {"name": name, "in": "query", "required": False, "description": _DESCRIPTIONS.get(name, name),
            "schema": schema}


def _answer(schema: dict, *, csv: bool) -> dict:
    content = {"application/json": {"schema": schema}}
    if csv:
        content["text/csv"] = {"schema": {"type": "string"}}
    errors = {str(code): {"$ref": f"#/components/responses/{name}"} for code, name in
              ((400, "BadRequest"), (414, "TooLong"), (429, "TooMany"))}
    return {"200": {"description": "OK (compressed when the client accepts gzip; ETag)", "content": content},
            "304": {"description": "Not modified (If-None-Match matched the ETag)"}, **errors}


def _get(path: str, parameters: list[dict], schema: dict, *, csv: bool) -> dict:
    return {"get": {"summary": ENDPOINTS[path], "operationId": path.strip("/").replace(".", "_"),
                    "parameters": parameters, "responses": _answer(schema, csv=csv)}}


def _rows(ref: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{ref}"}}


def _error(text: str) -> dict:
    return {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def openapi_spec() -> dict:
    """Build the OpenAPI 3.0.3 document of the data API."""
    string, number, integer = {"type": "string"}, {"type": "number", "nullable": True}, {"type": "integer"}
    row = {name: string for name in VALUE_COLUMNS} | {"rank": {"type": "integer", "nullable": True},
                                                      "year": integer, "value": number, "measure_value": number}
    version = {"name": "version", "in": "query", "required": False, "schema": {"type": "integer", "enum": [2013, 2021],
               "default": 2021}, "description": "NUTS version"}
    level = {"name": "level", "in": "query", "required": False, "schema": {"type": "integer", "enum": [0, 1, 2, 3],
             "default": 2}, "description": "NUTS level"}
    dataset = {"name": "dataset", "in": "query", "required": False, "schema": {"type": "string", "default": "sbs"},
               "description": "dataset key (see /datasets)"}
    paths = {
        "/datasets": _get("/datasets", [], _rows("Dataset"), csv=False),
        "/indicators": _get("/indicators", [_FORMAT], _rows("Indicator"), csv=True),
        "/sectors": _get("/sectors", [dataset, _FORMAT], _rows("Sector"), csv=True),
        "/regions": _get("/regions", [version, level, _FORMAT], _rows("Region"), csv=True),
        "/values": _get("/values", [*map(_parameter, VALUE_PARAMETERS), _FORMAT],
                        {"$ref": "#/components/schemas/Values"}, csv=True),
        "/openapi.json": _get("/openapi.json", [], {"type": "object"}, csv=False),
    }
    schemas = {
        "Error": {"type": "object", "required": ["error"], "properties": {"error": string}},
        "Dataset": {"type": "object", "properties": {
            "key": string, "label": string, "kind": string, "sectoral": {"type": "boolean"},
            "synthetic": {"type": "boolean"}, "measures": {"type": "array", "items": {"type": "object"}},
            "years": {"type": "array", "items": integer}, "versions": {"type": "array", "items": integer},
            "native_version": integer, "levels": {"type": "array", "items": integer}, "source": string}},
        "Indicator": {"type": "object", "properties": {
            "key": string, "label": string, "formula": string, "unit": string, "range_low": number,
            "range_high": number, "scope": string, "reading": string, "reference": string}},
        "Sector": {"type": "object", "properties": {"code": string, "label": string, "level": number}},
        "Region": {"type": "object", "properties": {"nuts_id": string, "name": string, "country": string}},
        "ValueRow": {"type": "object", "properties": row},
        "Values": {"type": "object", "properties": {
            "view": {"type": "object"}, "indicator": {"type": "object"}, "measure": {"type": "object"},
            "source": string, "notices": {"type": "array", "items": string}, "page": string, "api": string,
            "count": integer, "rows": _rows("ValueRow")}},
    }
    responses = {"BadRequest": _error("A parameter is unknown, repeated or not allowed (one-line reason)"),
                 "TooLong": _error("The query string is too long"),
                 "TooMany": _error("Too many requests from this address (Retry-After says when to try again)")}
    return {"openapi": "3.0.3",
            "info": {"title": "Cluster Atlas data API", "version": "1.0.0",
                     "description": "Read-only regional indicators of Cluster Atlas: the numbers the dashboard "
                                    "shows, as JSON or CSV. Source: Eurostat; © EuroGeographics for the "
                                    "administrative boundaries."},
            "servers": [{"url": API_PREFIX}], "paths": paths,
            "components": {"schemas": schemas, "responses": responses}}
