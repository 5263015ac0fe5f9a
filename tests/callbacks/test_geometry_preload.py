from app import create_app
from callbacks.geometry import PRELOAD_URL


def test_page_asks_for_the_geometry_its_url_will_show(store):
    client = create_app(store).server.test_client()
    assert client.get(PRELOAD_URL).get_json() == ["/geometry/2013/2.geojson", "/geometry/2013/0.geojson"]
    nuts3 = client.get(f"{PRELOAD_URL}?indicator=gdp_meur&level=3&version=2021&year=2019").get_json()
    assert nuts3 == ["/geometry/2021/3.geojson", "/geometry/2021/0.geojson"]
    # a bad query falls back like the page does (defaults), never an error
    assert client.get(f"{PRELOAD_URL}?level=9&version=x").get_json() == ["/geometry/2013/2.geojson",
                                                                         "/geometry/2013/0.geojson"]
    for url in nuts3:
        assert client.get(url).status_code == 200
