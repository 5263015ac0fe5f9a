"""What each endpoint of the data API answers, as tables and JSON-ready dicts (no Flask here).

``values`` is the view's ranking exactly as the page's data download makes it
(:func:`exports.map_export.data_frame`): one row per shown region, in rank order, with ``rank``,
``nuts_id``, ``name``, ``country``, ``nace``, ``year``, ``value`` (the indicator), ``measure_value``,
``flag`` (Eurostat letters) and ``reason`` (why a value is missing, else empty).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.registry import INDICATORS
from data.measures import measures_of
from data.store import DataStore
from exports.map_export import data_frame
from views.api_url import VALUE_PARAMETERS
from views.state import View
from views.url import encode_query
from views.values import view_measure, view_source

__all__ = ["VALUE_COLUMNS", "dataset_records", "indicator_table", "records", "region_table", "sector_table",
           "values_payload", "values_table"]

#: Columns of the values table, in order.
VALUE_COLUMNS = ["rank", "nuts_id", "name", "country", "nace", "year", "value", "measure_value", "flag", "reason"]


def records(table: pd.DataFrame) -> list[dict]:
    """Return the rows of a table as JSON-ready dicts: missing and infinite numbers → ``None``."""
    numbers = table.select_dtypes("number").columns
    finite = table.copy()
    finite[numbers] = finite[numbers].where(np.isfinite(finite[numbers].astype(float)))
    return finite.astype(object).where(finite.notna(), None).to_dict("records")


def dataset_records(store: DataStore) -> list[dict]:
    """Describe every dataset: key, label, kind, measures, years, versions, levels, source."""
    return [{"key": ds.key, "label": ds.label, "kind": ds.kind, "sectoral": ds.sectoral, "synthetic": ds.synthetic,
             "measures": [{"key": m.key, "label": m.label, "unit": m.unit, "summable": m.summable}
                          for m in measures_of(ds)],
             "years": list(ds.years), "versions": list(ds.versions), "native_version": ds.native_version,
             "levels": list(ds.levels), "source": ds.attribution}
            for ds in store.datasets.values()]


def indicator_table() -> pd.DataFrame:
    """Describe every indicator: key, label, formula, unit, range (low, high), scope, reading."""
    rows = [{"key": i.key, "label": i.label, "formula": i.formula, "unit": i.unit,
             "range_low": i.bounds[0], "range_high": i.bounds[1], "scope": i.scope, "reading": i.reading,
             "reference": i.reference} for i in INDICATORS.values()]
    return pd.DataFrame(rows)


def sector_table(store: DataStore, dataset: str) -> pd.DataFrame:
    """List the NACE codes of a dataset with their label and level (aggregates such as ``B-N_S95_X_K``: level NaN)."""
    codes = pd.Index(store.sector_codes(dataset), name="code")
    tree = store.tree.reindex(codes)
    return pd.DataFrame({"code": codes, "label": tree["label"].fillna(""), "level": tree["level"]}).reset_index(
        drop=True)


def region_table(store: DataStore, version: int, level: int) -> pd.DataFrame:
    """List the regions of a NUTS version and level: ``nuts_id``, ``name``, ``country``."""
    return store.region_table(version, level)[["nuts_id", "name", "country"]].reset_index(drop=True)


def values_table(store: DataStore, view: View) -> pd.DataFrame:
    """Return the ranking of an effective view as the data download makes it (columns :data:`VALUE_COLUMNS`)."""
    table = data_frame(store, view)
    measure = view.measure if view.measure != view.indicator else f"{view.measure}_measure"
    return table.rename(columns={view.indicator: "value", measure: "measure_value"})[VALUE_COLUMNS]


def values_payload(store: DataStore, view: View, table: pd.DataFrame, *, api_path: str) -> dict:
    """Build the JSON answer of ``values``: the view, what the numbers are, source, notices and the rows."""
    spec, measure = INDICATORS[view.indicator], view_measure(store, view)
    return {
        "view": {name: (list(v) if isinstance(v := getattr(view, name), tuple) else v) for name in VALUE_PARAMETERS},
        "indicator": {"key": spec.key, "label": spec.label, "unit": spec.unit, "formula": spec.formula},
        "measure": {"key": measure.key, "label": measure.label, "unit": measure.unit},
        "source": view_source(store, view),
        "notices": list(view.notices),
        "page": "/" + encode_query(view),
        "api": api_path,
        "count": len(table),
        "rows": records(table),
    }
