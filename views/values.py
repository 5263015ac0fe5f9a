"""What the dashboard shows for one filter state, computed from the store's precomputed matrices.

Every function here is pure given the (read-only) store: it takes a :class:`View` and returns
labelled pandas objects. Indices come from the functions of this package; nothing is drawn here.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from analysis.registry import INDICATORS
from data.flags import NEGATIVE_IN_SOURCE, NEGATIVE_REASON
from data.i18n import text
from data.measures import Measure, measure_spec
from data.store import DataStore
from views.change import change_values, is_change, start_rules
from views.sector_space import division_of, space_values
from views.series import series_break_note
from views.state import View

REST = "_rest"  # the rest of the economy, so that a row sums to the region total
#: Measure used when the chosen one is not in a dataset, in this order of preference (then the
#: dataset's first measure in registry order, e.g. ``cluster_organisations`` of a cluster list).
PREFERRED_MEASURES = ("employment", "enterprises", "local_units")
#: Sector indicators computed from the sector's own column (Σ over regions) alone: they need no
#: region total E_r·, so they hold for measures that cannot be added up over sectors.
WITHOUT_REGION_TOTAL = ("share",)


def effective_view(store: DataStore, view: View) -> View:
    """Return the view with a dataset, indicator, measure, sector, version, level and year that exist.

    Context indicators (GDP, population) come from the context dataset (NUTS 2021 only); the other
    indicators from the chosen sectoral dataset (default the SBS table, NUTS 0–2). Every adjusted
    field is explained in ``notices``. Cached in the store per view and dataset generations (every
    callback of one change asks for the same view).
    """
    named = (view.dataset,) if view.dataset in store.datasets else ()
    return store.derived.get(store.generations("sbs", "context", *named), ("effective", view, view.notices),
                             lambda: _effective_view(store, view))


def _effective_view(store: DataStore, view: View) -> View:
    notices = list(view.notices)
    spec = view.spec
    sectoral = view.dataset
    if sectoral not in store.datasets or not store.dataset(sectoral).sectoral:
        sectoral = "sbs"
        notices.append(text("notice_no_sectors", dataset=view.dataset, label=store.dataset("sbs").label))
    dataset = "context" if spec.scope == "context" else sectoral
    ds = store.dataset(dataset)
    indicator, measure, sector = view.indicator, view.measure, view.sector
    if spec.scope == "measure" and spec.measure not in ds.measures:
        indicator = "lq"
        notices.append(text("notice_no_measure_indicator", dataset=ds.label, measure=spec.label.lower()))
    own = store.dataset(sectoral)  # the measure always belongs to the sectoral dataset (profile, ranking)
    if measure not in own.measures:
        measure = next(m for m in (*PREFERRED_MEASURES, *own.measures) if m in own.measures)
        if spec.scope != "context":  # a context map does not show the measure: adjusted silently
            notices.append(text("notice_no_measure", dataset=own.label, measure=view.measure,
                                label=measure_spec(measure, own.measure_labels).label))
    chosen = measure_spec(measure, ds.measure_labels)
    if INDICATORS[indicator].scope == "sector" and INDICATORS[indicator].inputs \
            and not set(size_measures(measure, INDICATORS[indicator].inputs)) <= set(ds.measures):
        notices.append(text("notice_no_size_class", dataset=ds.label, measure=chosen.label.lower(),
                            indicator=INDICATORS[indicator].label))
        indicator = "lq"
    if (INDICATORS[indicator].scope in {"sector", "region"} and indicator not in WITHOUT_REGION_TOTAL
            and not chosen.summable):
        notices.append(text("notice_not_summable", measure=chosen.label, indicator=INDICATORS[indicator].label.lower(),
                            fallback=INDICATORS["share"].label.lower()))
        indicator = "share"
    if spec.scope != "context" and sector not in set(store.sector_codes(dataset)):
        sector = store.sector_codes(dataset)[0]
        notices.append(text("notice_no_sector", dataset=ds.label, sector=view.sector, shown=sector))
    divisions = store.codes_at_level(sectoral, 2) if INDICATORS[indicator].space else [sector]
    if INDICATORS[indicator].scope == "sector" and sector not in divisions:
        division = next((c for c in divisions if c.startswith(division_of(sector))), None)
        if division is not None:
            notices.append(text("notice_divisions", indicator=INDICATORS[indicator].label, division=division))
            sector = division
    spec = INDICATORS[indicator]
    version, level, year = view.version, view.level, view.year
    if version not in ds.versions:
        version = ds.native_version
        notices.append(text("notice_version_only", dataset=ds.label, version=version))
    if level not in ds.levels:
        level = max(ds.levels)
        notices.append(text("notice_no_level", dataset=ds.label, level=view.level, shown=level))
    measures = spec.inputs if spec.scope == "context" else (spec.measure or measure,)
    coverage = pd.concat([store.coverage(dataset, version, m, level) for m in measures], axis=1).min(axis=1)
    good = coverage.index[coverage >= 0.5 * coverage.max()] if coverage.max() > 0 else coverage.index
    if year not in good:
        year = int(good[np.argmin(np.abs(good.to_numpy() - view.year))])
        notices.append(text("notice_too_few_regions", indicator=spec.label, year=view.year, shown=year))
    changed, start, start_notices = start_rules(replace(view, indicator=indicator, year=year), good,
                                                summable=chosen.summable)
    if INDICATORS[changed].scope != INDICATORS[indicator].scope:  # a change indicator without a start year:
        # its single-year fallback passes the rules above too (e.g. a measure without a region total)
        return _effective_view(store, replace(view, indicator=changed, start=start,
                                              notices=(*view.notices, *start_notices)))
    indicator = changed
    return replace(view, dataset=sectoral, indicator=indicator, measure=measure, sector=sector, version=version,
                   level=level, year=year, start=start, notices=(*notices, *start_notices))


def size_measures(measure: str, classes: tuple[str, ...]) -> list[str]:
    """Measure keys per size class of a measure (``employment`` or ``employment:micro`` → ``employment:<class>``)."""
    return [f"{measure.split(':')[0]}:{c}" for c in classes]


def view_measure(store: DataStore, view: View) -> Measure:
    """Describe the view's measure (label, unit, summable) as its dataset knows it; never raises."""
    ds = store.datasets.get(view.dataset)
    return measure_spec(view.measure, ds.measure_labels if ds is not None else None)


def sectoral_view(store: DataStore, view: View) -> View:
    """Return the view on a sectoral dataset (the SBS table if its dataset has no sectors)."""
    return view if store.dataset(view.dataset).sectoral else replace(view, dataset="sbs")


def units_measure(store: DataStore, dataset: str) -> str | None:
    """Name the measure counting units (local units, or enterprises of a register); None if there is none."""
    return next((m for m in ("local_units", "enterprises") if m in store.dataset(dataset).measures), None)


def _regions(store: DataStore, view: View) -> pd.DataFrame:
    regions = store.region_table(view.version, view.level)
    return regions[regions["country"].isin(view.countries)] if view.countries else regions


def sector_matrix(
    store: DataStore, view: View, sector: str, year: int | None = None
) -> pd.DataFrame:
    """Two-column matrix [E_rs, E_r· − E_rs] of the shown regions, so that rows sum to E_r·.

    E_r· is the business-economy total (:meth:`DataStore.business_total`). Rows whose total is
    unknown or smaller than E_rs (incomplete sections) are NaN: missing is never 0.
    """
    year = view.year if year is None else year
    ids = _regions(store, view).index
    args = (view.dataset, view.version, view.measure, year, view.level)
    e_rs = store.matrix(*args, [sector])[sector].reindex(ids)
    total = store.business_total(*args).reindex(ids)
    rest = total - e_rs
    valid = e_rs.notna() & rest.ge(0)
    return pd.DataFrame({sector: e_rs.where(valid), REST: rest.where(valid)})


def _reasons(store: DataStore, view: View, value: pd.Series, measure: str, code: str,
             raw: pd.Series) -> pd.Series:
    """Why a value is missing: negative in source, confidential, not in the table, total incomplete, or n/a."""
    ids = value.index
    args = (view.dataset, view.version, measure, view.year, view.level)
    flags = store.flags(*args, [code])[code].reindex(ids).fillna("")
    listed = store.has_row(*args).reindex(ids).fillna(False).to_numpy(dtype=bool)
    choices = np.select(
        [value.notna().to_numpy(), flags.str.contains(NEGATIVE_IN_SOURCE).to_numpy(),
         flags.str.contains("c").to_numpy(), ~listed, raw.notna().to_numpy()],
        ["", NEGATIVE_REASON, "confidential (Eurostat flag c)",
         f"not covered: the table has no row for this region in {view.year}",
         "region total incomplete (confidential sections)"],
        default="not available (:) in the Eurostat table")
    return pd.Series(choices, index=ids, dtype=object)


def indicator_values(store: DataStore, view: View) -> pd.DataFrame:
    """Compute the indicator for every shown region.

    Returns
    -------
    DataFrame
        Index ``nuts_id``; columns ``name``, ``country``, ``value`` (indicator, NaN if missing),
        ``measure_value`` (E_rs, or the context measure), ``flag`` (Eurostat letters) and
        ``reason`` (why a value is missing, ``''`` otherwise).
    """
    spec = view.spec
    if is_change(view):  # a change between two years (views/change.py)
        return change_values(store, view, single=indicator_values, matrix=sector_matrix)
    regions = _regions(store, view)
    if spec.space:  # all divisions of all regions of the level (views/sector_space.py)
        value, reason, _ = space_values(store, view, regions.index)
        args = (view.dataset, view.version, view.measure, view.year, view.level)
        measure_value = (store.matrix(*args, [view.sector])[view.sector] if spec.scope == "sector"
                         else store.business_total(*args)).reindex(regions.index)
        flag = pd.Series("", index=regions.index)
    elif spec.scope == "context":
        value, measure_value, flag, reason = _context_values(store, view, regions.index)
    elif spec.scope == "region":
        m = store.matrix(
            view.dataset, view.version, view.measure, view.year, view.level,
            list(store.dataset(view.dataset).total_codes),
        )
        m = m.reindex(regions.index)
        value = spec.func(m)
        measure_value = m.sum(axis=1, min_count=1)
        flag = pd.Series("", index=regions.index)
        reason = pd.Series(
            np.where(value.isna(), "no known section in this region", ""),
            index=regions.index,
        )
    else:
        measure = spec.measure if spec.scope == "measure" else view.measure
        raw = store.matrix(
            view.dataset, view.version, measure, view.year, view.level, [view.sector]
        )[view.sector].reindex(regions.index)
        m = sector_matrix(store, view, view.sector)
        measure_value = m[view.sector]
        if spec.inputs:  # by size class (SME share): X_rs per class of the measure
            value = spec.func(*(store.matrix(view.dataset, view.version, key, view.year, view.level, [view.sector])
                                [view.sector].reindex(regions.index) for key in size_measures(measure, spec.inputs)))
        elif spec.scope == "measure":
            value = raw
        else:
            use_country = spec.uses_reference and view.reference == "country"
            kwargs = (
                {"reference": regions["country"] if use_country else None}
                if spec.uses_reference
                else {}
            )
            value = spec.func(m, **kwargs)[view.sector]
        flag = store.flags(
            view.dataset, view.version, measure, view.year, view.level, [view.sector]
        )[view.sector].reindex(regions.index)
        reason = _reasons(store, view, value, measure, view.sector, raw)
    return regions.assign(
        value=value.astype(float),
        measure_value=measure_value.astype(float),
        flag=flag,
        reason=reason,
    )


def _context_values(
    store: DataStore, view: View, ids: pd.Index
) -> tuple[pd.Series, ...]:
    args = ("context", view.version)

    def measure(name: str) -> pd.Series:
        return store.matrix(*args, name, view.year, view.level, ["TOTAL"])[
            "TOTAL"
        ].reindex(ids)

    spec = view.spec
    inputs = {name: measure(name) for name in spec.inputs}
    value = spec.func(*inputs.values()) if spec.func is not None else inputs[spec.measure]
    flag = store.flags(*args, spec.inputs[0], view.year, view.level, ["TOTAL"])[
        "TOTAL"
    ].reindex(ids)
    reason = pd.Series(
        np.where(
            value.isna(), f"not available for {view.year} in the Eurostat table", ""
        ),
        index=ids,
    )
    return value, inputs[spec.inputs[0]], flag, reason


def ranking(values: pd.DataFrame) -> pd.DataFrame:
    """Rank regions by indicator value (1 = highest; missing values last, unranked)."""
    out = values.sort_values("value", ascending=False, na_position="last").copy()
    out.insert(
        0, "rank", out["value"].rank(ascending=False, method="min").astype("Int64")
    )
    return out


def opening_year(store: DataStore, dataset: str) -> int:
    """Year a dataset opens on: its latest year with enough regions with data (the default view's rule).

    A register without dates has one year (the ingest's); the default table opens on the default view's year.
    """
    ds = store.dataset(dataset if dataset in store.datasets and store.dataset(dataset).sectoral else "sbs")
    default = View()
    year = default.year if ds.key == default.dataset else max(ds.years)  # the default view's year for its table
    return effective_view(store, replace(default, dataset=ds.key, version=ds.native_version, year=year)).year


def view_source(store: DataStore, view: View) -> str:
    """Return the source line of a view: the dataset shown (context: the default data) and the boundaries.

    A comparison of two years across a change of Eurostat's methodology adds the break in series
    (:func:`views.series.series_break_note`).
    """
    source = store.dataset("context" if view.spec.scope == "context" else view.dataset).attribution
    note = series_break_note(store, view)
    return f"{source}. {note}" if note else source
