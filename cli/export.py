"""``python app.py export``: a batch atlas, one page per sector (map, top-10 regions, methodology note).

``--format pdf`` writes one PDF with a page per sector; ``png``, ``svg`` and ``jpeg`` write one file per
sector into the ``--out`` folder. Pages are made by :func:`exports.map_export.atlas_files`, the same
code as the dashboard's exports, and rendered by kaleido driving Chrome/Chromium (see
:mod:`exports.render` for how the browser is found). Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from analysis.registry import INDICATORS
from data.measures import MEASURES_BY_KIND
from data.store import DEFAULT_DIR, DataStore, load_store
from exports.options import ATLAS_FORMATS, EXPORT_SIZES
from views.state import View
from views.values import effective_view


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``export``."""
    parser.add_argument("--sectors", required=True, help="comma-separated NACE codes, e.g. C20,C24,C29")
    parser.add_argument("--indicator", default="lq", choices=sorted(INDICATORS))
    parser.add_argument("--level", type=int, default=2, choices=(0, 1, 2))
    parser.add_argument("--year", type=int, default=2014)
    parser.add_argument("--start", type=int, default=None,
                        help="start year of a change indicator (e.g. --indicator lq_change --start 2009)")
    parser.add_argument("--measure", default="employment", choices=[m.key for m in MEASURES_BY_KIND["sbs"]],
                        help="; ".join(f"{m.key}: {m.caption}" for m in MEASURES_BY_KIND["sbs"]))
    parser.add_argument("--version", type=int, default=2013, choices=(2013, 2021), help="NUTS version")
    parser.add_argument("--countries", default="", help="comma-separated country codes (default: all)")
    parser.add_argument("--reference", default="eu", choices=("eu", "country"))
    parser.add_argument("--format", default="pdf", choices=(*ATLAS_FORMATS, "gif"))
    parser.add_argument("--size", default=None, choices=sorted(EXPORT_SIZES),
                        help="page size (default a4-landscape; an animation: 1600x1000)")
    parser.add_argument("--scale", type=float, default=None, help="pixel ratio (default: the size's, 300 dpi)")
    parser.add_argument("--out", type=Path, required=True, help="PDF file, or folder for PNG/SVG/JPEG")
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR, help="folder of a built dataset")
    parser.add_argument("--animate", action="store_true",
                        help="an animated GIF of the years (with --format gif), one frame per year, per sector")
    parser.add_argument("--years", default=None, help="with --animate: e.g. 2009-2014 or 2009,2012 (default: all)")
    parser.add_argument("--frame-ms", type=int, default=None, help="with --animate: milliseconds per year (1000)")


def views_from_args(store: DataStore, args: argparse.Namespace) -> list[View]:
    """One effective view per requested sector; unknown sectors raise ``SystemExit`` with the codes."""
    sectors = [s.strip() for s in args.sectors.split(",") if s.strip()]
    known = set(store.sector_codes("sbs"))
    unknown = [s for s in sectors if s not in known]
    if unknown or not sectors:
        raise SystemExit(f"--sectors: unknown NACE code(s) {unknown or args.sectors!r}; e.g. C20,C24,C29")
    countries = tuple(c.strip() for c in args.countries.split(",") if c.strip())
    return [effective_view(store, View(sector=s, indicator=args.indicator, level=args.level, year=args.year,
                                       measure=args.measure, version=args.version, countries=countries,
                                       reference=args.reference, start=args.start)) for s in sectors]


def run(args: argparse.Namespace, store: DataStore | None = None) -> int:
    """Load the data, render the atlas, write it; exit code 2 when no browser is found."""
    from tqdm import tqdm

    from exports.map_export import atlas_files  # the figures and the renderer: loaded to run, not for --help
    from exports.render import RenderError

    animate = getattr(args, "animate", False)
    if animate != (args.format == "gif"):
        raise SystemExit("--animate writes an animated GIF of the years: use --animate with --format gif")
    started = time.perf_counter()
    store = store if store is not None else load_store(args.data)
    views = views_from_args(store, args)
    for notice in dict.fromkeys(n for view in views for n in view.notices):  # e.g. a start year not before --year
        print(f"note: {notice}", file=sys.stderr)
    if animate:
        from cli.animate import run_animation

        return run_animation(args, store, views, started)
    base = EXPORT_SIZES[args.size or "a4-landscape"]
    size = replace(base, scale=args.scale or base.scale)
    try:
        with tqdm(total=len(views), desc="rendering pages", unit="page", file=sys.stderr) as bar:
            files = atlas_files(store, views, fmt=args.format, size=size, day=date.today().isoformat(),
                                on_rendered=lambda _index: bar.update())
    except RenderError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.format == "pdf":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(files[0].content)
        written = [args.out]
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        written = [args.out / file.filename for file in files]
        for path, file in zip(written, files, strict=True):
            path.write_bytes(file.content)
    print(f"wrote {len(written)} file(s), {sum(f.stat().st_size for f in written) / 1e6:.1f} MB, "
          f"{len(views)} sector(s) in {time.perf_counter() - started:.1f} s: {', '.join(map(str, written))}",
          file=sys.stderr)
    return 0
