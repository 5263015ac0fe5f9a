"""``python app.py export --animate --format gif …``: the playback of the years as an animated GIF per sector.

Frames are rendered server-side by kaleido (the atlas export's renderer, :mod:`exports.render`) and assembled
by Pillow (:mod:`exports.animation`): one frame per year, the year in the title, one colour scale for all
years. ``--years`` picks years (``2009-2014`` or ``2009,2012,2015``; default every year the view can be
played in). ``--out`` is the GIF for one sector (a name ending in ``.gif``), else a folder.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from data.store import DataStore
from exports.options import EXPORT_SIZES
from views.state import View

ANIMATION_FORMATS = ("gif",)
DEFAULT_SIZE = "1600x1000"  # a slide; --scale 0.5 gives 800 × 500 pixels


def parse_years(text: str | None) -> tuple[int, ...] | None:
    """Read ``--years``: ``"2009-2014"`` (inclusive) or ``"2009,2012"``; ``None``/empty: all years.

    >>> parse_years("2009-2011"), parse_years("2012, 2009"), parse_years("")
    ((2009, 2010, 2011), (2009, 2012), None)
    """
    if not text or not text.strip():
        return None
    try:
        if "-" in text:
            first, last = (int(part) for part in text.split("-", 1))
            return tuple(range(first, last + 1))
        return tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise SystemExit(f"--years: expected e.g. 2009-2014 or 2009,2012,2015, not {text!r}") from None


def run_animation(args: argparse.Namespace, store: DataStore, views: Sequence[View], started: float) -> int:
    """Write one animated GIF per view (sector); exit code 2 when no browser is found or a year cannot be played.

    ``store`` and ``views`` come from ``cli.export.run`` (its arguments), ``started`` is when it started.
    """
    from tqdm import tqdm

    from exports.animation import FRAME_MS, animation_name, playback_gif
    from exports.render import RenderError

    base = EXPORT_SIZES[args.size or DEFAULT_SIZE]
    size = replace(base, scale=args.scale or 1.0)
    years = parse_years(args.years)
    single = len(views) == 1 and args.out.suffix.lower() == ".gif"
    written: list[Path] = []
    try:
        for view in views:
            with tqdm(desc=f"rendering frames of {view.sector}", unit="frame", file=sys.stderr) as bar:
                content, shown = playback_gif(store, view, size=size, date=date.today().isoformat(), years=years,
                                              frame_ms=args.frame_ms or FRAME_MS,
                                              on_rendered=lambda _index: bar.update())
            path = args.out if single else args.out / animation_name(view, shown)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            written.append(path)
    except RenderError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} animation(s), {sum(p.stat().st_size for p in written) / 1e6:.1f} MB in "
          f"{time.perf_counter() - started:.1f} s: {', '.join(map(str, written))}", file=sys.stderr)
    return 0
