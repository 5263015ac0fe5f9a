"""Dash callbacks by feature; each module has ``panel(...)`` and ``register(app, store)``."""

from callbacks import (
           export,
           filters,
           geometry,
           map,
           methodology,
           ranking,
           region_panel,
           sector_panel,
           status,
           url_state,
)

__all__ = ["export", "filters", "geometry", "map", "methodology", "ranking", "region_panel", "sector_panel", "status",
           "url_state"]
