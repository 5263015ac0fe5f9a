"""Where could a region go next? Its opportunities from the sector space (smart specialisation).

For one region of an effective view: the NACE divisions it is not yet specialised in (known LQ < 1),
ranked by relatedness density (how much related capability it already has: feasibility), with the
division's complexity (benefit) and the region's LQ, and a one-line reading; plus every division for
the opportunity chart (Balland et al. 2019) and the sector space. Relatedness and complexity come from
:mod:`views.sector_space` (all regions of the level, cached).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from analysis.relatedness import METHODS
from data.measures import measure_spec
from data.store import DataStore
from views.sector_space import COMPLEXITY_METHOD, RELATEDNESS_METHOD, SpaceLayout, sector_space, space_layout
from views.state import View

__all__ = ["COLUMNS", "Opportunities", "opportunities", "opportunities_csv", "reading"]

#: Columns of the opportunities table (and of its CSV export).
COLUMNS = ["rank", "nace", "label", "density", "complexity", "lq", "reading"]


@dataclass(frozen=True)
class Opportunities:
    """What the opportunities section shows for one region.

    ``table``: divisions not yet specialised (known LQ < 1) ranked by relatedness density (``COLUMNS``);
    ``sectors``: every division of the sector space (nace, label, density, complexity, lq, specialised);
    ``average``: mean complexity of the region's current specialisations (NaN if none);
    ``note``: why something is missing (``''`` when all is there).
    """

    nuts_id: str
    name: str
    year: int
    table: pd.DataFrame
    sectors: pd.DataFrame
    layout: SpaceLayout
    region_complexity: float
    average: float
    note: str = ""


def reading(code: str, label: str, density: float, complexity: float, average: float) -> str:
    """One line a policymaker can act on, e.g. "C27 Electrical equipment: 62 % of its related … average"."""
    if np.isnan(density):
        head = f"{code} {label}: related to no other division in this dataset"
    else:
        head = f"{code} {label}: {density:.0f} % of its related sectors are already strong here"
    if np.isnan(complexity):
        return f"{head}; complexity not known"
    if np.isnan(average):
        return f"{head}; {'more' if complexity > 0 else 'less'} complex than the average division"
    return f"{head}; {'more' if complexity > average else 'less'} complex than the region's average"


def _empty(nuts_id: str, name: str, year: int, note: str) -> Opportunities:
    sectors = pd.DataFrame(columns=["nace", "label", "density", "complexity", "lq", "specialised"])
    return Opportunities(nuts_id, name, year, pd.DataFrame(columns=COLUMNS), sectors,
                         SpaceLayout(pd.DataFrame(columns=["x", "y"]), pd.DataFrame(columns=["a", "b", "phi"])),
                         np.nan, np.nan, note)


def opportunities(store: DataStore, view: View, nuts_id: str, method: str = RELATEDNESS_METHOD) -> Opportunities:
    """Return the opportunities of a region for an effective view (its dataset, measure, year, level, reference).

    Never raises for data reasons: a dataset too small, a measure that cannot be added up over sectors
    (no LQ) or a region without data give a ``note`` and empty tables.
    """
    regions = store.regions(view.version, view.level)
    name = str(regions.loc[nuts_id, "name"]) if nuts_id in regions.index else nuts_id
    ds = store.dataset(view.dataset)
    if not ds.sectoral or view.level not in ds.levels or view.version not in ds.versions:
        return _empty(nuts_id, name, view.year, f"{ds.label} has no NACE divisions at NUTS {view.level} "
                                                f"(version {view.version})")
    if not measure_spec(view.measure, ds.measure_labels).summable:
        return _empty(nuts_id, name, view.year, "the location quotient needs a measure that adds up over sectors: "
                                                "choose persons employed or local units")
    space_view = replace(view, countries=(), notices=())
    method = method if method in METHODS else RELATEDNESS_METHOD
    space = sector_space(store, space_view, method)
    if space.note.startswith("relatedness"):
        return _empty(nuts_id, name, view.year, space.note)
    if nuts_id not in space.incidence.index:
        return _empty(nuts_id, name, view.year, f"no division of {nuts_id} has data in {view.year}")
    codes = space.incidence.columns
    lq = space.lq.loc[nuts_id, codes]
    specialised = space.incidence.loc[nuts_id, codes]
    sectors = pd.DataFrame({
        "nace": codes, "label": store.tree["label"].reindex(codes).fillna("").astype(str).to_numpy(),
        "density": space.density.loc[nuts_id, codes].to_numpy(),
        "complexity": space.sector_complexity.reindex(codes).to_numpy(),
        "lq": lq.to_numpy(), "specialised": (specialised == 1).to_numpy()})
    average = float(sectors.loc[sectors["specialised"], "complexity"].mean())
    table = sectors[(specialised == 0).to_numpy()].sort_values(["density", "complexity"], ascending=False,
                                                               na_position="last")
    table = table.assign(reading=[reading(*row, average) for row in table[["nace", "label", "density", "complexity"]]
                                  .itertuples(index=False, name=None)])  # one string per division (≤ 90)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return Opportunities(nuts_id, name, view.year, table[COLUMNS].reset_index(drop=True),
                         sectors.reset_index(drop=True), space_layout(store, space_view, method),
                         float(space.region_complexity.get(nuts_id, np.nan)), average, space.note)


def method_line(view: View, method: str = RELATEDNESS_METHOD) -> str:
    """Describe the methods and data of the section in one line (under the title and in the CSV)."""
    return (f"Relatedness: co-occurrence of specialisations (LQ ≥ 1) of all NUTS {view.level} regions, "
            f"{method if method in METHODS else RELATEDNESS_METHOD} normalisation; "
            f"complexity: {COMPLEXITY_METHOD} (ECI, standardised); "
            f"{view.measure}, {view.year}, dataset {view.dataset}.")


def opportunities_csv(result: Opportunities, view: View, method: str = RELATEDNESS_METHOD) -> str:
    """Return the opportunities table as CSV text, preceded by two comment lines (region; methods)."""
    head = f"# Opportunities of {result.name} ({result.nuts_id}), {result.year}\n# {method_line(view, method)}\n"
    return head + result.table.to_csv(index=False, float_format="%.4g")
