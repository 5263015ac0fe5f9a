import os
from pathlib import Path

import plotly.graph_objects as go
import pytest

from exports.render import BrowserNotFoundError, browser_path, render_figures

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")


def test_browser_path_honours_browser_path_variable(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(DEBIAN_CHROMIUM))
    assert browser_path() == str(DEBIAN_CHROMIUM)


def test_missing_browser_gives_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chrome"))
    with pytest.raises(BrowserNotFoundError, match="apt-get install chromium.*plotly_get_chrome.*work without it"):
        render_figures([go.Figure()], fmt="png", width=100, height=100)


def test_debian_chromium_is_found_without_configuration(monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    assert DEBIAN_CHROMIUM.exists(), "CI installs Debian's chromium (README)"
    assert Path(browser_path()).resolve() == DEBIAN_CHROMIUM.resolve() or os.access(browser_path(), os.X_OK)


def test_unknown_format_is_rejected_before_starting_a_browser():
    with pytest.raises(ValueError, match="expected one of"):
        render_figures([go.Figure()], fmt="gif", width=100, height=100)
