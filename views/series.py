"""Breaks in series: when a comparison of two years crosses a change of methodology, say so.

Eurostat's regional structural business statistics changed methodology with the European Business
Statistics Regulation (EU) 2019/2152: reference years up to 2020 come from ``sbs_r_nuts06_r2`` (SBS
Regulation 295/2008, indicator codes ``V11210``, ``V16110``, ``V13320``), reference years from 2021 on
from ``sbs_r_nuts2021`` (codes ``LOC_NR``, ``EMP_LOC_NR``, ``WAGE_LOC_MEUR``). The atlas reads both
under the same measures (``data.measures.CURRENT_CODES``: same definitions — local units, the persons
employed in them, their wages and salaries), so a change between, say, 2015 and 2023 can be computed;
but statistical units, coverage of NACE sections and confidentiality rules differ, so the change is
not purely economic. :func:`series_break_note` gives the sentence the status and source lines show.
"""

from __future__ import annotations

from data.i18n import text
from data.store import DataStore

__all__ = ["SERIES_BREAK_YEAR", "SERIES_BREAK_TEXT", "crosses_break", "series_break_note"]

#: First reference year of the current methodology (EBS Regulation 2019/2152, ``sbs_r_nuts2021``).
SERIES_BREAK_YEAR = 2021
#: Datasets whose measures come from Eurostat's SBS: the embedded table (key ``sbs``) and official tables (kind).
SBS_DATASET, SBS_KIND = "sbs", "table"
SERIES_BREAK_TEXT = text("note_series_break", before=SERIES_BREAK_YEAR - 1, after=SERIES_BREAK_YEAR)


def crosses_break(first: int | None, second: int | None, *, year: int = SERIES_BREAK_YEAR) -> bool:
    """Say whether two reference years lie on both sides of a break (one before ``year``, one from it on).

    >>> crosses_break(2015, 2023), crosses_break(2021, 2023), crosses_break(2023, 2015), crosses_break(None, 2023)
    (True, False, True, False)
    """
    if first is None or second is None:
        return False
    return min(first, second) < year <= max(first, second)


def series_break_note(store: DataStore, view: object) -> str:
    """Return :data:`SERIES_BREAK_TEXT` if the view compares two years across the break, else ``""``.

    A view compares years when it has a ``start`` year (the change over time: ``start`` → ``year``);
    the note applies to SBS measures only (the embedded table and official tables, not registers).
    """
    start = getattr(view, "start", None)
    dataset = store.datasets.get(getattr(view, "dataset", ""))
    sbs = dataset is not None and (dataset.key == SBS_DATASET or dataset.kind == SBS_KIND)
    if not sbs or not isinstance(start, int) or not crosses_break(start, view.year):
        return ""
    return SERIES_BREAK_TEXT
