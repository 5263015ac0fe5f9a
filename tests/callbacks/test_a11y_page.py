"""The page's language: ``<html lang>`` and the layout follow ``lang`` (URL, or the page's URL for the layout
request) and the browser's Accept-Language."""

import pytest

from app import create_app


@pytest.fixture(scope="module")
def client(store):
    return create_app(store).server.test_client()


def test_html_lang_follows_the_url_then_accept_language(client):
    assert '<html lang="fr">' in client.get("/?lang=fr").get_data(as_text=True)
    assert '<html lang="fr">' in client.get("/", headers={"Accept-Language": "fr-CH, en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)


def test_layout_request_reads_lang_from_the_page_url(client):
    layout = client.get("/_dash-layout", headers={"Referer": "http://x/?sector=C&lang=fr"}).get_data(as_text=True)
    assert "Aller à la carte" in layout and '"data": "fr"' in layout.replace('"data":"fr"', '"data": "fr"')
    english = client.get("/_dash-layout", headers={"Referer": "http://x/?sector=C"}).get_data(as_text=True)
    assert "Skip to the map" in english
