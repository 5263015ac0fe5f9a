"""Playback: the years a view can step through and its values in each of them (no Dash, no Plotly).

A playback frame is the view in one year; every other filter (dataset, sector, indicator, measure,
level, NUTS version, countries, reference) stays as chosen. The years are those of the dataset the
indicator reads (the context indicators: the context dataset) in which the view exists as it is, i.e.
:func:`views.values.effective_view` keeps that year (enough regions with data) and changes nothing
else. The regions are the same in every frame (they depend on version, level and countries only),
so frames differ in their values only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from data.store import DataStore
from views.map_data import MapValues, map_values
from views.state import View
from views.values import effective_view


@dataclass(frozen=True)
class PlaybackValues:
    """The values of one view in each playback year.

    Attributes
    ----------
    view : View
        The effective view played (its own ``year`` is where playback was asked for).
    years : tuple of int
        The frames' years, ascending.
    frames : tuple of MapValues
        The map values of each year (same regions, same order, in every frame).
    """

    view: View
    years: tuple[int, ...]
    frames: tuple[MapValues, ...]

    def pooled(self) -> pd.Series:
        """All frames' values one after the other (for one colour scale over every year)."""
        return pd.concat([frame.values["value"] for frame in self.frames], ignore_index=True)


def _same_but_year(a: View, b: View) -> bool:
    return replace(a, year=0, notices=()) == replace(b, year=0, notices=())


def playback_years(store: DataStore, view: View) -> tuple[int, ...]:
    """Years an effective view can be played through, ascending (at least its own year).

    A year counts when :func:`effective_view` of the view in that year keeps the year and every other
    field (a year with too few regions with data would show another year: it is left out).
    """
    dataset = "context" if view.spec.scope == "context" else view.dataset
    years = []
    for year in sorted(store.dataset(dataset).years):  # a few dozen years at most; each view is cached
        shown = effective_view(store, replace(view, year=year, notices=()))
        if shown.year == year and _same_but_year(shown, view):
            years.append(int(year))
    return tuple(sorted(set(years) | {int(view.year)}))


def playback_values(store: DataStore, view: View, years: tuple[int, ...] | None = None) -> PlaybackValues:
    """Compute the map values of an effective view in each playback year (cached per year by ``map_values``).

    Parameters
    ----------
    store : DataStore
        Loaded data.
    view : View
        An effective view.
    years : tuple of int, optional
        A subset of :func:`playback_years` (default all of them); others raise ``ValueError``.
    """
    allowed = playback_years(store, view)
    chosen = allowed if years is None else tuple(sorted({int(y) for y in years}))
    unknown = sorted(set(chosen) - set(allowed))
    if unknown or not chosen:
        raise ValueError(f"years {unknown or list(chosen)} cannot be played for this view; "
                         f"available: {list(allowed)}")
    frames = tuple(map_values(store, replace(view, year=year, notices=())) for year in chosen)
    first = frames[0].values.index
    if any(not frame.values.index.equals(first) for frame in frames[1:]):  # a guard: regions depend on no year
        raise ValueError("playback frames differ in their regions")
    return PlaybackValues(view, chosen, frames)
