"""Command-line subcommands of ``python app.py``: each module has ``add_arguments(parser)`` and ``run(args)``."""
