"""Compare mode's callbacks through the app's endpoint: the panel, the ways of adding regions, the ranking marks."""

import base64
import io

import pytest
from pypdf import PdfReader

from app import create_app
from callbacks import ids
from callbacks.compare import compare_children, peers_children, region_options
from callbacks.controls import after_map
from callbacks.ranking import RANKING_CONTROLS
from views.state import View, control_values
from views.values import effective_view

ENDPOINT = "/_dash-update-component"
VIEW = View(compare=("DE11", "FR10", "ITC4"))


@pytest.fixture(scope="module")
def client(store):
    app = create_app(store)
    http = app.server.test_client()
    http.keys = {k.split("@")[0]: k for k in app.callback_map if not k.startswith("..")}  # output → callback key
    return http


def _text(component) -> str:
    """All text of a component tree."""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(_text(c) for c in component)
    children = getattr(component, "children", None)
    return _text(children) if children is not None else ""


def _post(client, output: str, inputs: list, state: list, changed: str) -> dict:
    body = {"output": client.keys[output], "outputs": dict(zip(("id", "property"), output.rsplit(".", 1), strict=True)),
            "inputs": inputs, "state": state, "changedPropIds": [changed]}
    answer = client.post(ENDPOINT, json=body)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    return answer.get_json()["response"]


def test_panel_shows_names_and_figures_of_the_compared_regions(store):
    text = _text(compare_children(store, effective_view(store, VIEW)))
    for name in ("Stuttgart (DE11)", "Île de France (FR10)", "Lombardia (ITC4)"):
        assert name in text
    assert "1,588,393" in text  # DE11 persons employed, business economy 2014 (the store's total)
    assert "Strong clusters" in text and "C29" in text


def test_panel_without_regions_shows_the_hint_and_lists_regions_of_other_levels(store):
    assert "Pick up to ten regions" in _text(compare_children(store, effective_view(store, View())))
    text = _text(compare_children(store, effective_view(store, View(compare=("DE111", "DE11")))))
    assert "Not at NUTS 2 (version 2013): DE111" in text and "Stuttgart" in text


def test_picker_options_are_searchable_by_name(store):
    options = region_options(store, 2013, 2, ("DE111",))
    assert {"label": "Stuttgart (DE11)", "value": "DE11"} in options
    assert options[-1] == {"label": "DE111", "value": "DE111"}  # a chosen id of another level stays choosable


def test_profile_peers_have_compare_buttons_with_their_ids(store):
    children = peers_children(store, effective_view(store, View()), "DE11")
    buttons = [c for c in _walk(children) if isinstance(getattr(c, "id", None), dict)]
    kinds = {b.id["type"] for b in buttons}
    assert kinds == {ids.COMPARE_ADD, ids.REPORT_BUTTON, ids.COMPARE_PEERS}
    peer_sets = [b.id["index"].split(":")[1].split(",") for b in buttons if b.id["type"] == ids.COMPARE_PEERS]
    assert len({(b.id["type"], b.id["index"]) for b in buttons}) == len(buttons)  # unique (sets may share peers)
    assert len(peer_sets) == 5 and all(s[0] == "DE11" and 2 <= len(s) <= 10 for s in peer_sets)
    assert "Regions like this one" in _text(children) and "Krugman distance" in _text(children)


def _walk(component):
    if isinstance(component, list | tuple):
        for c in component:
            yield from _walk(c)
        return
    if hasattr(component, "to_plotly_json"):
        yield component
        yield from _walk(getattr(component, "children", None) or [])


@pytest.mark.parametrize(("trigger", "value", "selected", "current", "expected"), [
    ({"type": ids.COMPARE_ADD, "index": "ITC4"}, 1, None, ["DE11", "FR10"], ["DE11", "FR10", "ITC4"]),
    ({"type": ids.COMPARE_ADD, "index": "DE11"}, 1, None, ["DE11"], ["DE11"]),
    ({"type": ids.COMPARE_PEERS, "index": "structure:DE11,DE26,DE12"}, 1, None, ["FR10"], ["DE11", "DE26", "DE12"]),
    (ids.COMPARE_ROW_ADD, 1, "ITC4", ["DE11"], ["DE11", "ITC4"]),
    (ids.COMPARE_CLEAR, 1, None, ["DE11"], []),
])
def test_every_way_of_adding_regions_writes_the_picker(client, trigger, value, selected, current, expected):
    import json

    patterns = [{"id": {"type": ids.COMPARE_ADD, "index": "DE11"}, "property": "n_clicks",
                 "value": value if trigger == {"type": ids.COMPARE_ADD, "index": "DE11"} else None}]
    if isinstance(trigger, dict) and trigger != patterns[0]["id"] and trigger["type"] == ids.COMPARE_ADD:
        patterns = [{"id": trigger, "property": "n_clicks", "value": value}]
    peers = [{"id": trigger, "property": "n_clicks", "value": value}] if isinstance(trigger, dict) and \
        trigger["type"] == ids.COMPARE_PEERS else []
    inputs = [patterns, peers,
              {"id": ids.COMPARE_ROW_ADD, "property": "n_clicks", "value": value if trigger == ids.COMPARE_ROW_ADD
               else None},
              {"id": ids.COMPARE_CLEAR, "property": "n_clicks", "value": value if trigger == ids.COMPARE_CLEAR
               else None}]
    state = [{"id": ids.SELECTED_REGION, "property": "data", "value": selected},
             {"id": ids.COMPARE_SELECT, "property": "value", "value": current}]
    changed = (json.dumps(trigger, separators=(",", ":"), sort_keys=True) if isinstance(trigger, dict)
               else trigger) + ".n_clicks"
    response = _post(client, f"{ids.COMPARE_SELECT}.value", inputs, state, changed)
    assert response[ids.COMPARE_SELECT]["value"] == expected


def test_report_button_downloads_a_pdf_of_the_region(client):
    import json

    trigger = {"type": ids.REPORT_BUTTON, "index": "ITC4"}
    settled = after_map(control_values(View(sector="C29")))
    response = _post(client, f"{ids.REPORT_DOWNLOAD}.data", [[{"id": trigger, "property": "n_clicks", "value": 1}]],
                     [{"id": ids.VIEW_AFTER_MAP, "property": "data", "value": settled}],
                     json.dumps(trigger, separators=(",", ":"), sort_keys=True) + ".n_clicks")
    data = response[ids.REPORT_DOWNLOAD]["data"]
    assert data["filename"] == "cluster-atlas_report_ITC4_C29_2014.pdf"
    text = PdfReader(io.BytesIO(base64.b64decode(data["content"]))).pages[0].extract_text()
    assert "Lombardia (ITC4)" in text


def test_comparison_download_and_ranking_marks(client):
    settled = after_map(control_values(VIEW))
    response = _post(client, f"{ids.COMPARE_EXPORT_DOWNLOAD}.data",
                     [{"id": ids.COMPARE_EXPORT_BUTTON, "property": "n_clicks", "value": 1}],
                     [{"id": ids.VIEW_AFTER_MAP, "property": "data", "value": settled},
                      {"id": ids.COMPARE_EXPORT_FORMAT, "property": "value", "value": "csv"}],
                     f"{ids.COMPARE_EXPORT_BUTTON}.n_clicks")
    csv = base64.b64decode(response[ids.COMPARE_EXPORT_DOWNLOAD]["data"]["content"]).decode()
    assert "DE11" in csv and "Lombardia" in csv and "lq_C29" in csv
    controls = control_values(VIEW, RANKING_CONTROLS)
    request = {"startRow": 0, "endRow": 400, "sortModel": [], "filterModel": {}}
    rows = _post(client, f"{ids.RANKING_TABLE}.getRowsResponse",
                 [{"id": ids.RANKING_TABLE, "property": "getRowsRequest", "value": request}],
                 [{"id": ids.CONTROL_IDS[n], "property": "value", "value": v} for n, v in controls.items()],
                 f"{ids.RANKING_TABLE}.getRowsRequest")[ids.RANKING_TABLE]["getRowsResponse"]["rowData"]
    rows = rows + _post(client, f"{ids.RANKING_TABLE}.getRowsResponse",
                        [{"id": ids.RANKING_TABLE, "property": "getRowsRequest", "value": {**request, "startRow": 100,
                                                                                             "endRow": 400}}],
                        [{"id": ids.CONTROL_IDS[n], "property": "value", "value": v} for n, v in controls.items()],
                        f"{ids.RANKING_TABLE}.getRowsRequest")[ids.RANKING_TABLE]["getRowsResponse"]["rowData"]
    marked = {r["nuts_id"] for r in rows if r.get("compared")}
    assert marked == {"DE11", "FR10", "ITC4"}


def test_chart_download_is_an_svg_with_the_region_names(client):
    """Server-side SVG (kaleido): both charts stacked, region names as SVG text."""
    settled = after_map(control_values(View(sector="C29", compare=("DE11", "FR10", "ITC4"))))
    response = _post(client, f"{ids.COMPARE_IMAGE_DOWNLOAD}.data",
                     [{"id": ids.COMPARE_IMAGE_BUTTON, "property": "n_clicks", "value": 1}],
                     [{"id": ids.VIEW_AFTER_MAP, "property": "data", "value": settled},
                      {"id": ids.COMPARE_IMAGE_FORMAT, "property": "value", "value": "svg"}],
                     f"{ids.COMPARE_IMAGE_BUTTON}.n_clicks")
    data = response[ids.COMPARE_IMAGE_DOWNLOAD]["data"]
    assert data["filename"] == "cluster-atlas_compare_charts_C29_2014.svg" and data["type"] == "image/svg+xml"
    svg = base64.b64decode(data["content"]).decode()
    assert svg.lstrip().startswith(("<svg", "<?xml"))
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and len(root.findall("{http://www.w3.org/2000/svg}svg")) == 2
    assert int(root.get("height")) == 300 + 16 * 68 + 120  # trend 300 px + heat-map of 68 divisions
    for name in ("Stuttgart", "Lombardia", "DE11", "FR10", "ITC4", "Location quotient by NACE division"):
        assert name in svg


def test_stacking_keeps_sizes_and_order():
    from PIL import Image

    from exports.compare_images import stack_png, stack_svg

    one = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="4"><text>A</text></svg>'
    two = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="6"><text>B</text></svg>'
    svg = stack_svg([one, two], [4, 6], 10).decode()
    assert svg.count("<?xml") == 0 and 'height="10"' in svg and '<svg x="0" y="4"' in svg
    assert svg.index(">A<") < svg.index(">B<")
    with pytest.raises(ValueError):
        stack_svg([b"<html/>"], [1], 1)
    pngs = []
    for colour, height in (("red", 3), ("blue", 5)):
        out = io.BytesIO()
        Image.new("RGB", (4, height), colour).save(out, format="PNG")
        pngs.append(out.getvalue())
    image = Image.open(io.BytesIO(stack_png(pngs)))
    assert image.size == (4, 8) and image.getpixel((0, 2)) == (255, 0, 0) and image.getpixel((0, 3)) == (0, 0, 255)


def test_chart_png_is_both_charts_at_twice_the_size(store):
    from PIL import Image

    from exports.compare_images import compare_image

    view = effective_view(store, View(sector="C29", compare=("DE11", "FR10", "ITC4")))
    file = compare_image(store, view, "png")
    assert file.content[:8] == b"\x89PNG\r\n\x1a\n" and file.mime == "image/png"
    # 900 px wide, trend 300 px + heat-map of 68 divisions (16 × 68 + 120 px), scale 2
    assert Image.open(io.BytesIO(file.content)).size == (1800, 2 * (300 + 16 * 68 + 120))
