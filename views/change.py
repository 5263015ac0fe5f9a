"""Change between a start and an end year for one view: the start-year rules and the change indicators' values.

A view with ``start`` set compares ``start`` (t₀) with ``year`` (t₁). The change indicators (registry scope
``"change"``, :mod:`analysis.change_registry`) take the two years' matrices of the view's sector:

* ``change``, ``growth``, ``cagr``: the sector's measure E_rs of each year as the table has it;
* the others: the two-column matrices [E_rs, E_r· − E_rs] of :func:`views.values.sector_matrix`, so that
  ``lq_change`` is exactly LQ(t₁) − LQ(t₀) of the single-year views and ``share_change`` their shares'
  difference. The reference area is the shown regions (or each region's country, for indices that take a
  reference); the shift-share growth rates are those of the shown regions.

Pure given the read-only store; :func:`views.values.indicator_values` calls :func:`change_values` (it passes
itself and :func:`views.values.sector_matrix`, so this module does not import it back).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Collection
from dataclasses import replace

import numpy as np
import pandas as pd

from analysis.registry import INDICATORS
from data.i18n import text
from data.store import DataStore
from views.state import View

#: Change indicators computed from the measure itself (no region total needed).
FROM_MEASURE = ("change", "growth", "cagr")
#: Change indicators defined for measures that cannot be added up over sectors (no region total).
WITHOUT_REGION_TOTAL = (*FROM_MEASURE, "share_change")
#: The single-year indicator whose start and end values a change indicator compares (else the measure).
BASE = {"lq_change": "lq", "trajectory": "lq", "share_change": "share"}
#: The indicator shown when a change indicator has no start year.
FALLBACK = "lq"


def is_change(view: View) -> bool:
    """Tell whether the view shows a change indicator between ``start`` and ``year``."""
    return view.spec.scope == "change" and view.start is not None


def start_rules(view: View, years: Collection[int], *, summable: bool) -> tuple[str, int | None, list[str]]:
    """Apply the start-year rules to an effective view: ``(indicator, start, notices)``.

    The start must be one of ``years`` (the years with data of the view's dataset and measure) and earlier
    than ``year``; else it is cleared with a notice. A change indicator without a start year shows the
    location quotient (notice). With a measure that cannot be added up over sectors, change indicators that
    need a region total show the change of the share instead.
    """
    notices: list[str] = []
    indicator, start = view.indicator, view.start
    if start is not None and (start not in set(years) or start >= view.year):
        why = "notice_start_not_earlier" if start in set(years) else "notice_start_too_few"
        notices.append(text(why, start=start, year=view.year))
        start = None
    if INDICATORS[indicator].scope == "change":
        if start is None:
            notices.append(text("notice_needs_start", indicator=INDICATORS[indicator].label,
                                fallback=INDICATORS[FALLBACK].label.lower()))
            indicator = FALLBACK
        elif not summable and indicator not in WITHOUT_REGION_TOTAL:
            notices.append(text("notice_needs_total", indicator=INDICATORS[indicator].label,
                                fallback=INDICATORS["share_change"].label.lower()))
            indicator = "share_change"
    return indicator, start, notices


def _kwargs(func: Callable, view: View, regions: pd.DataFrame) -> dict:
    """Keyword arguments ``func`` takes: ``reference`` (the country when asked for) and ``years``."""
    names = inspect.signature(func).parameters
    given = {"years": view.year - view.start}
    if view.spec.uses_reference:
        given["reference"] = regions["country"] if view.reference == "country" else None
    return {k: v for k, v in given.items() if k in names}


def change_values(store: DataStore, view: View, *, single: Callable[[DataStore, View], pd.DataFrame],
                  matrix: Callable[..., pd.DataFrame]) -> pd.DataFrame:
    """Values of a change indicator for every shown region (columns of ``indicator_values`` plus two).

    ``single`` is :func:`views.values.indicator_values`, ``matrix`` :func:`views.values.sector_matrix`.
    Returns the end year's frame of the base indicator (name, country, measure_value, flag, reason) with
    ``value`` the change indicator, and ``start_value`` / ``end_value`` the base indicator (LQ, share in
    percent, or the measure) in the two years. A category index (trajectory) has k − 1 − the position of
    its class in ``spec.categories`` (k classes) as value: the first class is the highest.
    """
    spec, sector = view.spec, view.sector
    base = BASE.get(spec.key, "share")
    one = replace(view, indicator=base, start=None, notices=())
    end = single(store, one)
    begin = single(store, replace(one, year=view.start))
    ids = end.index
    if spec.key in FROM_MEASURE:
        def inputs(year: int) -> pd.DataFrame:
            return store.matrix(view.dataset, view.version, view.measure, year, view.level, [sector]).reindex(ids)
    else:
        def inputs(year: int) -> pd.DataFrame:
            return matrix(store, view, sector, year)
    result = spec.func(inputs(view.start), inputs(view.year), **_kwargs(spec.func, view, end))[sector]
    if spec.categories:  # the first (best) class gets the highest value: it ranks first
        codes = pd.Series(np.arange(len(spec.categories), dtype=float)[::-1], index=list(spec.categories))
        result = result.map(codes)
    if spec.key in BASE:
        scale = 100.0 if base == "share" else 1.0
        start_value, end_value = begin["value"] * scale, end["value"] * scale
    else:
        start_value, end_value = inputs(view.start)[sector], inputs(view.year)[sector]
    reason = end["reason"].where(end["reason"] != "", np.where(
        start_value.isna(), f"no value in {view.start}",
        np.where(result.isna(), "not defined (start value 0)", "")))
    return end.assign(value=result.astype(float), reason=reason, start_value=start_value.astype(float),
                      end_value=end_value.astype(float))


def both_years(view: View) -> str:
    """``'2009–2014'`` for a change view, else the year."""
    return f"{view.start}–{view.year}" if is_change(view) else str(view.year)


#: Relative change (of |start value|) below which the ranking's trend glyph says "steady".
STEADY = 0.01
#: Columns a change view adds to the ranking: the base indicator (or measure) in both years, its change, trend.
RANKING_COLUMNS = ("start_value", "end_value", "change", "trend")


def with_trend(values: pd.DataFrame) -> pd.DataFrame:
    """Add ``change`` (end − start value) and ``trend`` (+1 rising, 0 steady within ±1 %, −1 falling, NaN).

    A frame without ``start_value`` (a single-year view) is returned as it is.
    """
    if "start_value" not in values:
        return values
    change = values["end_value"] - values["start_value"]
    steady = change.abs() <= STEADY * values["start_value"].abs()
    trend = np.sign(change).where(~steady, 0.0).where(change.notna())
    return values.assign(change=change, trend=trend)


def base_label(view: View, measure_caption: str) -> str:
    """Name the start and end values of a change view: the base indicator's label, or the measure's."""
    base = BASE.get(view.indicator)
    return measure_caption if base is None else INDICATORS[base].label + (" (%)" if base == "share" else "")
