"""The online basemap's reachability probe (``layers/basemap.py``), against a local HTTP server."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from layers import basemap


class _Style(BaseHTTPRequestHandler):
    def do_HEAD(self):  # noqa: N802 (the http.server name)
        self.send_response(200 if self.path == "/style.json" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def style_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Style)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_probe_answers_whether_the_style_can_be_fetched(style_server):
    assert basemap.probe(f"{style_server}/style.json")
    assert not basemap.probe(f"{style_server}/missing.json")
    assert not basemap.probe(f"http://127.0.0.1:{_closed_port()}/style.json", timeout=1.0)
    assert not basemap.probe("not a url")


def test_reachability_is_probed_once_per_ttl(style_server, monkeypatch):
    monkeypatch.setattr(basemap, "_last", None)
    monkeypatch.setattr(basemap, "ONLINE_STYLE_URL", f"{style_server}/style.json")
    assert basemap.basemap_reachable(now=1000.0)
    monkeypatch.setattr(basemap, "ONLINE_STYLE_URL", f"http://127.0.0.1:{_closed_port()}/style.json")
    assert basemap.basemap_reachable(now=1000.0 + basemap.PROBE_TTL_S)  # still trusted
    assert not basemap.basemap_reachable(now=1001.0 + basemap.PROBE_TTL_S)  # probed again
