"""Server-side rendering of figures to PNG, SVG, JPEG or PDF with kaleido driving Chrome/Chromium.

kaleido 1.x starts a headless Chrome through ``choreographer``. We find the browser ourselves so
that the error is clear when there is none: ``BROWSER_PATH`` (the variable choreographer and kaleido
read), then Chrome or Chromium on ``PATH`` (Debian: ``/usr/bin/chromium``), then a copy downloaded
with ``plotly_get_chrome`` / ``kaleido_get_chrome``. The page loads plotly.js from the installed
plotly package and MathJax is off, so rendering works offline. MapLibre (``choroplethmap``) draws
with software WebGL (SwiftShader), which choreographer enables.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import plotly.graph_objects as go

from data.errors import AtlasError

__all__ = ["IMAGE_FORMATS", "BrowserNotFoundError", "RenderError", "browser_path", "render_figures"]

IMAGE_FORMATS = ("png", "svg", "jpeg", "pdf")
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
RENDER_TIMEOUT_S = 120
HOW_TO_GET_A_BROWSER = (
    "Server-side rendering (PDF, command-line atlas) needs Chrome or Chromium: on Debian/Ubuntu "
    "`apt-get install chromium`; elsewhere run `plotly_get_chrome` (downloads Chrome for Testing), or set "
    "BROWSER_PATH=/path/to/chrome. PNG, SVG and JPEG export from the dashboard work without it.")


class RenderError(AtlasError):
    """A figure could not be rendered to a file."""


class BrowserNotFoundError(RenderError):
    """No Chrome or Chromium for server-side rendering."""


def browser_path() -> str:
    """Find the Chrome or Chromium that kaleido should drive.

    Returns
    -------
    str
        ``$BROWSER_PATH`` if set, else the first Chrome/Chromium on ``PATH``, else the copy that
        ``plotly_get_chrome`` downloaded.

    Raises
    ------
    BrowserNotFoundError
        No browser, or ``BROWSER_PATH`` names a file that does not exist; the message says how to get one.
    """
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        if Path(explicit).is_file():
            return explicit
        raise BrowserNotFoundError(f"BROWSER_PATH={explicit!r} is not a file. {HOW_TO_GET_A_BROWSER}")
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    from choreographer.browsers.chromium import Chromium

    downloaded = Chromium.find_browser(skip_local=False)  # plotly_get_chrome's copy, typical install paths
    if downloaded and Path(downloaded).is_file():
        return str(downloaded)
    raise BrowserNotFoundError(f"No Chrome or Chromium found. {HOW_TO_GET_A_BROWSER}")


def render_figures(figures: Sequence[go.Figure], *, fmt: str, width: int, height: int, scale: float = 1.0,
                   on_rendered: Callable[[int], None] | None = None) -> list[bytes]:
    """Render figures to image or PDF bytes in one headless browser session.

    Parameters
    ----------
    figures : sequence of Figure
        Self-contained figures (geometry embedded, see ``build_figure(inline_geometry=True)``).
    fmt : {"png", "svg", "jpeg", "pdf"}
        Output format. A PDF page is ``width * scale`` × ``height * scale`` CSS pixels (1/96 inch).
    width, height : int
        Size of the figure in CSS pixels.
    scale : float, default 1.0
        Pixel ratio of raster output (2 → a 1600 × 1000 figure becomes 3200 × 2000 pixels).
    on_rendered : callable, optional
        Called with the index of each figure when it is done (progress bars).

    Returns
    -------
    list of bytes
        One file content per figure, in order.

    Raises
    ------
    BrowserNotFoundError
        No Chrome/Chromium (see :func:`browser_path`).
    RenderError
        The browser failed to render a figure (message from kaleido).
    """
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"format {fmt!r} is not supported; expected one of {list(IMAGE_FORMATS)}")
    path = browser_path()
    opts = {"format": fmt, "width": int(width), "height": int(height), "scale": float(scale)}
    with ThreadPoolExecutor(max_workers=1) as pool:  # a fresh event loop, even if the caller runs one
        return pool.submit(asyncio.run, _render(list(figures), opts, path, on_rendered)).result()


async def _render(figures: list[go.Figure], opts: dict, path: str,
                  on_rendered: Callable[[int], None] | None) -> list[bytes]:
    import kaleido
    from kaleido.errors import ChromeNotFoundError, KaleidoError

    out: list[bytes] = []
    try:
        async with kaleido.Kaleido(path=path, mathjax=False, timeout=RENDER_TIMEOUT_S, n=1) as renderer:
            for index, figure in enumerate(figures):
                out.append(await renderer.calc_fig(figure, opts=opts))
                if on_rendered is not None:
                    on_rendered(index)
    except ChromeNotFoundError as error:
        raise BrowserNotFoundError(f"{error} {HOW_TO_GET_A_BROWSER}") from error
    except (TimeoutError, KaleidoError, RuntimeError, OSError) as error:
        raise RenderError(f"rendering {opts['format'].upper()} with {path} failed: {error}") from error
    return out
