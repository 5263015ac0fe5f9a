"""``python app.py export``: a batch atlas, one page per sector (map, top-10 regions, methodology note).

``--format pdf`` writes one PDF with a page per sector; ``png``, ``svg`` and ``jpeg`` write one file per
sector into the ``--out`` folder. Pages are rendered by kaleido driving Chrome/Chromium (see
:mod:`exports.render` for how the browser is found). Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from tqdm import tqdm

from analysis.registry import INDICATORS
from data.measures import MEASURES_BY_KIND
from data.store import DEFAULT_DIR, DataStore, load_store
from exports.files import write_pdf
from exports.render import RenderError, render_figures
from layers.atlas import EXPORT_SIZES, ExportSize, atlas_page
from layers.map_view import map_text
from views.state import View
from views.values import effective_view

FORMATS = ("pdf", "png", "svg", "jpeg")
POINTS_PER_CSS_PIXEL = 0.75


def add_parser(subparsers: argparse._SubParsersAction, name: str) -> argparse.ArgumentParser:
    """Add the ``export`` subcommand and its options."""
    parser = subparsers.add_parser(name, help="batch atlas: one page per sector (PDF, or PNG/SVG/JPEG files)",
                                   description=__doc__.splitlines()[0])
    parser.add_argument("--sectors", required=True, help="comma-separated NACE codes, e.g. C20,C24,C29")
    parser.add_argument("--indicator", default="lq", choices=sorted(INDICATORS))
    parser.add_argument("--level", type=int, default=2, choices=(0, 1, 2))
    parser.add_argument("--year", type=int, default=2014)
    parser.add_argument("--measure", default="employment", choices=[m.key for m in MEASURES_BY_KIND["sbs"]],
                        help="; ".join(f"{m.key}: {m.caption}" for m in MEASURES_BY_KIND["sbs"]))
    parser.add_argument("--version", type=int, default=2013, choices=(2013, 2021), help="NUTS version")
    parser.add_argument("--countries", default="", help="comma-separated country codes (default: all)")
    parser.add_argument("--reference", default="eu", choices=("eu", "country"))
    parser.add_argument("--format", default="pdf", choices=FORMATS)
    parser.add_argument("--size", default="a4-landscape", choices=sorted(EXPORT_SIZES), help="page size")
    parser.add_argument("--scale", type=float, default=None, help="pixel ratio (default: the size's, 300 dpi)")
    parser.add_argument("--out", type=Path, required=True, help="PDF file, or folder for PNG/SVG/JPEG")
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR, help="folder of a built dataset")
    return parser


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
                                       reference=args.reference)) for s in sectors]


def export_atlas(store: DataStore, views: list[View], *, fmt: str, out: Path, size: ExportSize,
                 progress: bool = True) -> list[Path]:
    """Render the atlas pages of ``views`` and write them; return the files written."""
    day = date.today().isoformat()
    pages = [atlas_page(store, view, date=day, size=size) for view in views]
    with tqdm(total=len(pages), desc="rendering pages", unit="page", file=sys.stderr, disable=not progress) as bar:
        files = render_figures(pages, fmt="jpeg" if fmt == "pdf" else fmt, width=size.width, height=size.height,
                               scale=size.scale, on_rendered=lambda _index: bar.update())
    if fmt == "pdf":
        out.parent.mkdir(parents=True, exist_ok=True)
        first = map_text(store, views[0])
        out.write_bytes(write_pdf(files, page_size=(size.width * POINTS_PER_CSS_PIXEL,
                                                    size.height * POINTS_PER_CSS_PIXEL),
                                  title=f"Cluster Atlas: {views[0].spec.label}", notes=[first.attribution]))
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for view, content in zip(views, files, strict=True):
        path = out / f"cluster-atlas_{view.sector}_{view.indicator}_{view.year}_nuts{view.level}.{fmt}"
        path.write_bytes(content)
        written.append(path)
    return written


def run(args: argparse.Namespace, store: DataStore | None = None) -> int:
    """Load the data, render the atlas, report what was written; exit code 2 when no browser is found."""
    started = time.perf_counter()
    store = store if store is not None else load_store(args.data)
    views = views_from_args(store, args)
    base = EXPORT_SIZES[args.size]
    size = ExportSize(base.key, base.label, base.width, base.height, args.scale or base.scale)
    try:
        files = export_atlas(store, views, fmt=args.format, out=args.out, size=size)
    except RenderError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    total = sum(f.stat().st_size for f in files)
    print(f"wrote {len(files)} file(s), {total / 1e6:.1f} MB, {len(views)} sector(s) in "
          f"{time.perf_counter() - started:.1f} s: {', '.join(str(f) for f in files)}", file=sys.stderr)
    return 0
