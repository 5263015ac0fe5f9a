"""The browser's plotly.js partial bundle (assets/vendor) matches the plotly.js of the Python package."""

import re
from pathlib import Path

from plotly.offline import get_plotlyjs_version

BUNDLE = Path(__file__).resolve().parents[1] / "assets" / "vendor" / "plotly-atlas.min.js"


def test_vendored_bundle_is_the_plotly_js_version_of_the_python_package():
    header = BUNDLE.read_text(encoding="utf-8")[:1000]
    found = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", header)
    assert found, "bundle header names no plotly.js version"
    assert found.group(1) == get_plotlyjs_version(), (
        "rebuild assets/vendor/plotly-atlas.min.js with tools/plotly_bundle/build.sh after upgrading plotly")
    for trace in ("scatter", "bar", "scattermap", "choroplethmap"):
        assert trace in header
