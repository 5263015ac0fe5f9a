"""Shared fixtures: the default data store, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.store import DataStore, load_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def store() -> DataStore:
    """The embedded default dataset (read-only; precomputed once)."""
    return load_store()
