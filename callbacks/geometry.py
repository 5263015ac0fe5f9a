"""Serve display polygons once per (NUTS version, level) as cacheable GeoJSON; figures refer to the URL."""

from __future__ import annotations

import hashlib
import json

from dash import Dash
from flask import Response, request

from data.errors import DatasetNotFoundError
from data.store import DataStore
from layers.choropleth import GEOMETRY_URL, geometry_url
from views.url import parse_query
from views.values import effective_view

#: Where the page asks, at once on load, which polygons its URL will show (``assets/map.js`` preloads them).
PRELOAD_URL = "/geometry/for-page"

MAX_AGE = 86_400  # seconds; the polygons of a version never change while the server runs


def page_geometry(search: str, store: DataStore) -> list[str]:
    """URLs of the polygons and country outlines a page with this query string draws first."""
    view = effective_view(store, parse_query(search, store).view)
    return [geometry_url(view.version, view.level), geometry_url(view.version, 0)]


def _encode(geojson: dict) -> tuple[bytes, str]:
    """Encode a GeoJSON as a compact JSON body and its ETag."""
    body = json.dumps(geojson, separators=(",", ":")).encode()
    return body, hashlib.blake2b(body, digest_size=12).hexdigest()


def register(app: Dash, store: DataStore) -> None:
    """Add the polygon and preload routes.

    ``/geometry/<version>/<level>.geojson``: the polygons (ETag + Cache-Control, compressed);
    ``/geometry/for-page?<query>``: the geometry URLs of a page's query (fetched while Dash starts).
    """
    def _body(version: int, level: int) -> tuple[bytes, str]:
        return store.tables.get((), ("geojson-body", version, level), lambda: _encode(store.geojson(version, level)))

    rule = GEOMETRY_URL.replace("{version}", "<int:version>").replace("{level}", "<int:level>")

    @app.server.route(PRELOAD_URL)
    def _for_page() -> Response:
        search = request.query_string.decode(errors="replace")
        return Response(json.dumps(page_geometry(f"?{search}" if search else "", store)), mimetype="application/json",
                        headers={"Cache-Control": "no-cache"})

    @app.server.route(rule)
    def _geometry(version: int, level: int) -> Response:
        try:
            body, etag = _body(version, level)
        except DatasetNotFoundError as error:
            return Response(json.dumps({"error": str(error)}), status=404, mimetype="application/json")
        # flask-compress sends the compressed body's ETag as "<etag>:gzip" (or :br …): accept any of them
        if any(tag.split(":")[0] == etag for tag in request.if_none_match.as_set()):
            return Response(status=304, headers={"ETag": f'"{etag}"'})
        return Response(body, mimetype="application/geo+json",
                        headers={"Cache-Control": f"public, max-age={MAX_AGE}", "ETag": f'"{etag}"'})
