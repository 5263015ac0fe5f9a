from dash import html, no_update

from callbacks.unchanged import unless_shown


def test_unchanged_outputs_are_skipped_and_changed_ones_sent():
    defs = [{"field": "value", "headerName": "LQ"}]
    assert unless_shown(defs, [{"field": "value", "headerName": "LQ"}]) is no_update
    assert unless_shown(defs, [{"field": "value", "headerName": "Share"}]) == defs
    shown = [{"props": {"children": "Sector concentration"}, "type": "H3", "namespace": "dash_html_components"}]
    assert unless_shown([html.H3("Sector concentration")], shown) is no_update
    new = [html.H3("Sector concentration"), html.P("C29")]
    assert unless_shown(new, shown) is new
    assert unless_shown(new, None) is new
