"""Flat trace updates (``{"marker.size": [...]}``, as changes carry them) turned into a figure's nested form."""

from __future__ import annotations

from typing import Any


def nested(update: dict[str, Any]) -> dict[str, Any]:
    """Turn dotted keys into nested dicts: ``{"marker.size": 1}`` → ``{"marker": {"size": 1}}``."""
    out: dict[str, Any] = {}
    for key, value in update.items():
        *parents, leaf = key.split(".")
        target = out
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = value
    return out
