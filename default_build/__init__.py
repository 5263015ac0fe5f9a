"""Build the embedded default dataset (``data/default``) from the raw open files: ``python -m default_build``."""
