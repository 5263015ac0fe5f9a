"""The command line ``python app.py [serve|ingest|export] …``: parse, dispatch; only ``serve`` imports Dash."""

from __future__ import annotations

import argparse

from cli import export, ingest, serve

#: Subcommands besides ``serve``: name → module with ``add_parser(subparsers, name)`` and ``run(args)``.
SUBCOMMANDS: dict = {"export": export, "ingest": ingest}


def main(argv: list[str] | None = None) -> int:
    """Command line: ``serve`` (the default) and the subcommands of :mod:`cli`."""
    parser = argparse.ArgumentParser(prog="python app.py", description="Cluster Atlas")
    commands = parser.add_subparsers(dest="command")
    serve.add_arguments(parser)
    serve.add_arguments(commands.add_parser("serve", help="serve the dashboard (default)"))
    for name, module in SUBCOMMANDS.items():
        module.add_parser(commands, name)
    args = parser.parse_args(argv)
    if args.command in SUBCOMMANDS:
        return SUBCOMMANDS[args.command].run(args)
    return serve.run(args)
