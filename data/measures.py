"""Measures per dataset kind: one description of each, read by menus, map text, profile, exports and the URL.

A *measure* is what a stats table counts or sums per region and sector (the ``measure`` column of
DESIGN §3): persons employed, local units, enterprises, cluster organisations, an indicator of an
official Eurostat table. Each dataset kind has its own measures:

========== ================================================================================
kind       measures
========== ================================================================================
sbs        the embedded Eurostat SBS table: ``employment``, ``local_units``, ``wages_meur``
register   an enterprise register: ``enterprises``, ``employment`` and, per size class,
           ``enterprises:<class>``, ``employment:<class>`` (``micro`` … ``large``)
clusters   a cluster-organisation list: ``cluster_organisations``, ``cluster_members``
table      an official Eurostat table: the SBS measures under their atlas keys (``V16110`` is
           read as ``employment``) and current indicator codes such as ``EMP_LOC_NR``
context    GDP, population and area (no sectors)
========== ================================================================================

``summable`` says whether a region's total may be taken as the sum over its sectors (NACE
sections). It holds for head counts of single-sector units; it fails for cluster lists (an
organisation listing C and J counts in both sections) and for any indicator the atlas does not
know (it may be a ratio). Indices that divide by the region total E_r· (LQ, focus, regional
indices) need a summable measure.

:func:`measure_spec` never raises: a key the registry does not know (an official table's indicator)
is described by the label its file gave (Eurostat's SDMX-CSV with labels) or by the key itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from data.size_classes import SIZE_CLASSES

__all__ = ["CURRENT_CODES", "MEASURES", "MEASURES_BY_KIND", "OFFICIAL_CODES", "Measure", "MeasureKind", "measure_order",
           "measure_spec", "measures_of"]

MeasureKind = Literal["sbs", "register", "clusters", "table", "context"]
#: Units that name what is counted: the label alone reads well ("Local units", not "Local units (local units)").
COUNT_UNITS = frozenset({"persons", "units", "enterprises", "organisations", "members", ""})


@dataclass(frozen=True)
class Measure:
    """Describe one measure of a stats table.

    Attributes
    ----------
    key : str
        Value of the ``measure`` column and of the URL parameter ``measure=``.
    label : str
        Name for people, capitalised (``"Persons employed"``).
    unit : str
        Unit of a value (``"persons"``, ``"M EUR"``, …); ``""`` when unknown.
    summable : bool
        True if a region's total may be taken as the sum of its sectors' values.
    eurostat : str
        Eurostat indicator code an official table names it by (``"V16110"``), ``""`` if none.
    """

    key: str
    label: str
    unit: str
    summable: bool
    eurostat: str = ""

    @property
    def caption(self) -> str:
        """Label with its unit where the label does not say it (``"Wages and salaries (M EUR)"``)."""
        return self.label if self.unit in COUNT_UNITS else f"{self.label} ({self.unit})"

    @property
    def phrase(self) -> str:
        """The caption inside a sentence: first letter in lower case unless the word is a code or acronym."""
        text = self.caption
        first = text.split(" ", 1)[0]
        return text if first[1:] != first[1:].lower() else text[:1].lower() + text[1:]


class _HasMeasures(Protocol):
    measures: tuple[str, ...]
    measure_labels: Mapping[str, str]


def _sized(base: Measure) -> tuple[Measure, ...]:
    return tuple(Measure(f"{base.key}:{size}", f"{base.label}: {size}", base.unit, base.summable)
                 for size in SIZE_CLASSES)


_EMPLOYMENT = Measure("employment", "Persons employed", "persons", True, "V16110")
_LOCAL_UNITS = Measure("local_units", "Local units", "units", True, "V11210")
_WAGES = Measure("wages_meur", "Wages and salaries", "M EUR", True, "V13320")
_ENTERPRISES = Measure("enterprises", "Enterprises", "enterprises", True, "V11110")

MEASURES_BY_KIND: dict[str, tuple[Measure, ...]] = {
    "sbs": (_EMPLOYMENT, _LOCAL_UNITS, _WAGES),
    "register": (_ENTERPRISES, _EMPLOYMENT, *_sized(_ENTERPRISES), *_sized(_EMPLOYMENT)),
    "clusters": (Measure("cluster_organisations", "Cluster organisations", "organisations", False),
                 Measure("cluster_members", "Members of cluster organisations", "members", False)),
    "table": (_EMPLOYMENT, _LOCAL_UNITS, _WAGES, _ENTERPRISES,
              Measure("turnover_meur", "Turnover", "M EUR", True, "V12110"),
              # Eurostat sbs_r_nuts2021 codes as keys: datasets ingested before CURRENT_CODES mapped them
              Measure("EMP_LOC_NR", "Persons employed in local units", "persons", True, "EMP_LOC_NR"),
              Measure("LOC_NR", "Local units", "units", True, "LOC_NR"),
              Measure("WAGE_LOC_MEUR", "Wages and salaries of local units", "M EUR", True, "WAGE_LOC_MEUR")),
    "context": (Measure("gdp_meur", "GDP", "M EUR", True), Measure("population", "Population", "persons", True),
                Measure("area_km2", "Area", "km²", True)),
}
#: Every known measure by key (one description per key, whatever kinds list it).
MEASURES: dict[str, Measure] = {m.key: m for kind in MEASURES_BY_KIND.values() for m in kind}
#: Eurostat indicator code → measure key, for reading official tables (codes renamed to atlas keys).
OFFICIAL_CODES: dict[str, str] = {m.eurostat: m.key for m in MEASURES_BY_KIND["table"]
                                  if m.eurostat and m.eurostat != m.key}
#: Current-methodology codes (``sbs_r_nuts2021``, reference years 2021 on) → the measures of the old codes with
#: the same definition (local units; persons employed in them; their wages and salaries), so that both tables
#: line up. The methodology changed in between (EBS Regulation 2019/2152): a break in series, see views.series.
CURRENT_CODES: dict[str, str] = {"EMP_LOC_NR": "employment", "LOC_NR": "local_units", "WAGE_LOC_MEUR": "wages_meur"}
OFFICIAL_CODES |= CURRENT_CODES


def measure_spec(key: str, labels: Mapping[str, str] | None = None) -> Measure:
    """Describe a measure by its key; never raises.

    Parameters
    ----------
    key : str
        A ``measure`` value, e.g. ``"employment"``, ``"enterprises:large"`` or ``"EMP_LOC_NR"``.
    labels : mapping, optional
        Labels the dataset's source file gave (key → label), used for keys the registry does not know.

    Returns
    -------
    Measure
        The registry entry; for an unknown key, its file label (else the key itself), no unit, and
        ``summable=False`` (an unknown indicator may be a ratio).

    Examples
    --------
    >>> measure_spec("employment:large").caption
    'Persons employed: large'
    >>> measure_spec("XYZ_NR", {"XYZ_NR": "Something counted"}).label
    'Something counted'
    >>> measure_spec("XYZ_NR").phrase
    'XYZ_NR'
    """
    known = MEASURES.get(key)
    if known is not None:
        return known
    label = str((labels or {}).get(key) or key)
    return Measure(key, label, "", False)


def measures_of(dataset: _HasMeasures) -> tuple[Measure, ...]:
    """Describe every measure of a dataset (a :class:`data.store.Dataset`), in the dataset's order."""
    return tuple(measure_spec(key, dataset.measure_labels) for key in dataset.measures)


def measure_order(keys: Iterable[str]) -> tuple[str, ...]:
    """Order measure keys for menus: known ones in registry order (size classes small to large), then the rest A–Z.

    >>> measure_order(["enterprises:large", "EMP_LOC_NR", "enterprises", "enterprises:micro"])
    ('enterprises', 'enterprises:micro', 'enterprises:large', 'EMP_LOC_NR')
    """
    position = {key: i for i, key in enumerate(MEASURES)}
    return tuple(sorted(set(keys), key=lambda k: (position.get(k, len(position)), k)))
