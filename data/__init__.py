"""Data files, loaders, validation and dictionaries (NUTS versions, NACE tree). No Dash, no Plotly."""

from data.errors import AlignmentError, AtlasError, CRSError, DatasetNotFoundError, InputError, LimitError, SchemaError
from data.store import ATTRIBUTION, DataStore, load_store

__all__ = ["ATTRIBUTION", "AlignmentError", "AtlasError", "CRSError", "DataStore", "DatasetNotFoundError",
           "InputError", "LimitError", "SchemaError", "load_store"]
