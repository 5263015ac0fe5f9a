"""Apply flat trace updates (``{"marker.size": [...]}``) to a figure or a ``dash.Patch`` alike."""

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


def apply_update(trace: Any, update: dict[str, Any]) -> None:
    """Set each dotted key on ``trace`` (a Patch proxy or a dict) without replacing sibling keys."""
    for key, value in update.items():
        *parents, leaf = key.split(".")
        target = trace
        for part in parents:
            target = target[part]
        target[leaf] = value
