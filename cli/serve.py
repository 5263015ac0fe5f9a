"""``python app.py [serve] [--host H] [--port P] [--data DIR]``: serve the dashboard."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from data.store import DEFAULT_DIR, load_store
from ingest.workspace_store import DEFAULT_WORKSPACE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the server (also accepted without the ``serve`` word)."""
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR, help="folder of a built dataset")
    parser.add_argument("--workspace", type=Path, default=DEFAULT_WORKSPACE,
                        help="folder of uploaded and ingested datasets (env ATLAS_WORKSPACE)")
    parser.add_argument("--debug", action="store_true")


def run(args: argparse.Namespace) -> int:
    """Load the data and serve until interrupted."""
    from app import create_app  # app is the top of the dependency flow; imported when serving only

    logging.basicConfig(level=logging.INFO)
    app = create_app(load_store(args.data), workspace=args.workspace)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0
