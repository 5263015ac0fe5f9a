"""Status bar: errors raised on purpose reach the user as their own message, in one line."""

from __future__ import annotations

import json

import pandas as pd
from dash import Dash, Input, Output, dcc, html

from analysis.specialisation import location_quotient
from callbacks import ids, status
from data.errors import DatasetNotFoundError, InputError, SchemaError

NEGATIVE = pd.DataFrame({"B06": [-8.3, 4.0], "C": [10.0, 20.0]}, index=["NO06", "NO07"])


def _app_reporting_errors() -> Dash:
    """An app with the status bar and the atlas's error handler; its one callback runs an index function."""
    app = Dash(__name__, on_error=status.report_error)
    app.layout = html.Div([dcc.Input(id="trigger"), html.Div(id="result"), status.panel()])

    @app.callback(Output("result", "children"), Input("trigger", "value"), prevent_initial_call=True)
    def _index(_value):
        return str(location_quotient(NEGATIVE).round(3).to_dict())

    return app


def _status_after_callback(app: Dash) -> str:
    body = {"output": "result.children", "outputs": {"id": "result", "property": "children"},
            "inputs": [{"id": "trigger", "property": "value", "value": "go"}], "changedPropIds": ["trigger.value"]}
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return json.dumps(response.get_json()["sideUpdate"][ids.STATUS_BAR], ensure_ascii=False)


def test_an_index_input_error_reaches_the_status_bar_as_its_message():
    text = _status_after_callback(_app_reporting_errors())
    assert "Something went wrong" not in text and "Traceback" not in text
    assert "Error: m (regions × sectors) has 1 negative value, e.g. region 'NO06', sector 'B06': -8.3" in text
    assert "allowed: finite values ≥ 0, or NaN for missing cells" in text


def test_error_text_is_one_line_and_capped():
    problem = SchemaError("not a NACE Rev. 2 code;\n  expected e.g. 'C10.91'", file="firms.csv", row=3,
                          column="nace", value="C10.9x")
    assert status.error_text(problem) == ("file 'firms.csv', row 3, column 'nace': not a NACE Rev. 2 code; expected "
                                          "e.g. 'C10.91' (value 'C10.9x')")
    long = status.error_text(InputError("x" * 1000))
    assert len(long) == status.MAX_ERROR_CHARS and long.endswith("…")
    assert status.error_text(DatasetNotFoundError("unknown dataset 'x'; known: ['sbs']")) == (
        "unknown dataset 'x'; known: ['sbs']")


def test_other_errors_name_only_their_type():
    assert status.error_text(KeyError("enterprises")).startswith("Something went wrong (KeyError)")
    assert status.error_text(InputError("  ")).startswith("Something went wrong (InputError)")
