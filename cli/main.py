"""The command line ``python app.py [serve|ingest|export] …``: parse, dispatch; only ``serve`` imports Dash.

A subcommand's module is imported only when that subcommand is named (``serve`` when none is), so
``python app.py ingest --help`` loads neither Dash, Plotly nor the index functions.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: Subcommands: name → (module with ``add_arguments(parser)`` and ``run(args)``, one-line help).
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("cli.serve", "serve the dashboard (default)"),
    "ingest": ("cli.ingest", "ingest an enterprise register, cluster list or Eurostat table"),
    "export": ("cli.export", "batch atlas: one page per sector (PDF, or PNG/SVG/JPEG files)"),
    "fetch": ("cli.fetch", "download a Eurostat table (e.g. sbs_r_nuts2021) and ingest it"),
    "report": ("cli.report", "one-page A4 region report (PDF), one page per region"),
}
DEFAULT_COMMAND = "serve"


def build_parser(command: str) -> argparse.ArgumentParser:
    """Build the parser with the options of ``command``; the other subcommands are listed by name and help only.

    ``serve``'s options are also accepted without the word ``serve`` (``python app.py --port 8051``).
    """
    module = importlib.import_module(SUBCOMMANDS[command][0])
    parser = argparse.ArgumentParser(prog="python app.py", description="Cluster Atlas")
    commands = parser.add_subparsers(dest="command")
    for name, (_, text) in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=text, description=text)
        if name == command:
            module.add_arguments(sub)
    if command == DEFAULT_COMMAND:
        module.add_arguments(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line: ``serve`` (the default) and the other subcommands of :data:`SUBCOMMANDS`."""
    argv = sys.argv[1:] if argv is None else list(argv)
    command = argv[0] if argv and argv[0] in SUBCOMMANDS else DEFAULT_COMMAND
    args = build_parser(command).parse_args(argv)
    return importlib.import_module(SUBCOMMANDS[command][0]).run(args)
