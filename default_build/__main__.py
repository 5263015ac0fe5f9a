"""``python -m default_build [--raw DIR] [--out DIR]``: rebuild ``data/default`` from the raw open files."""

from default_build.build import main

main()
