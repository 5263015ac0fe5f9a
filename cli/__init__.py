"""Command-line subcommands of ``python app.py``: each module has ``add_parser(sub)`` and ``run(args)``."""
