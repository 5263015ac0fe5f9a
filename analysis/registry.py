"""Registry of indices: one description each, read by the UI, methodology and tests.

``INDICATORS`` holds the region-level indices (one value per region, either for a chosen
sector or over all sectors); ``SECTOR_INDICES`` the concentration indices (one value per
sector). ``STAR_RULES`` gives the cluster-mark thresholds as text, built from the
defaults of :mod:`analysis.clusters` so the methodology view cannot drift from the code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from math import inf
from typing import Any, Literal

from analysis import clusters
from analysis.change_registry import CHANGE_ENTRIES
from analysis.complexity import region_complexity
from analysis.concentration import (
    hoover_gini,
    hoover_index,
    locational_gini,
    sector_herfindahl,
)
from analysis.diversity import entropy, herfindahl
from analysis.relatedness import density_of_matrix
from analysis.sme import SIZE_INPUTS, sme_share
from analysis.specialisation import (
    average_location_quotient,
    focus,
    hachman,
    krugman_index,
    location_quotient,
    share_of_sector,
    specialisation_coefficient,
)

__all__ = ["INDICATORS", "SECTOR_INDICES", "STAR_RULES", "Indicator", "Scope"]

Scope = Literal["sector", "region", "concentration", "measure", "context", "change"]


@dataclass(frozen=True)
class Indicator:
    """Describe one index for menus, legends and the methodology panel.

    Attributes
    ----------
    key : str
        Stable identifier, used in the URL (``indicator=``) and as registry key.
    label : str
        Human-readable name.
    func : Callable
        The function computing it from the region × sector matrix.
    unit : str
        Unit of the result ("ratio", "share", "bits", "percent", …).
    bounds : tuple of float
        Theoretical range (low, high); ``inf`` when unbounded.
    formula : str
        Plain-text (Unicode) formula.
    scope : {"sector", "region", "concentration"}
        "sector": ``func(m)`` returns a region × sector DataFrame (pick the sector's
        column); "region": a Series with one value per region over all sectors;
        "concentration": a Series with one value per sector.
    reading : str
        One-line interpretation for users.
    centre : float or None
        Neutral value for a diverging colour scale (1.0 for the LQ), else None.
    uses_reference : bool
        True if ``func`` accepts ``reference=`` as a reference-area label per region
        (e.g. country code).
    inputs : tuple of str
        Context scope: the context measures ``func`` takes. Sector scope with inputs (SME share): the
        size classes; ``func`` takes the sector's ``<measure>:<class>`` Series in this order.

    """

    key: str
    label: str
    func: Callable[..., Any]
    unit: str
    bounds: tuple[float, float]
    formula: str
    scope: Scope
    reading: str
    centre: float | None = None
    uses_reference: bool = False
    measure: str | None = None
    inputs: tuple[str, ...] = ()
    reference: str = ""
    categories: tuple[str, ...] = ()  # classes of a categorical index, best first (value = k − 1 − position)
    space: bool = False  # computed from the sector space: all divisions of all regions (views.sector_space)


INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        Indicator(
            key="lq",
            reference="Isard (1960); EconGeo `location.quotient` (Balland 2017); REAT `locq` (Wieland)",
            label="Location quotient",
            func=location_quotient,
            unit="ratio",
            bounds=(0.0, inf),
            formula="LQ_rs = (E_rs / E_r·) / (E_·s / E)",
            scope="sector",
            reading="LQ 2 = the sector is twice as concentrated here as in the reference area; below 1 = less.",
            centre=1.0,
            uses_reference=True,
        ),
        Indicator(
            key="lq_binary",
            reference="EconGeo `location.quotient(binary = TRUE)` (Balland 2017)",
            label="Specialised (LQ ≥ 1)",
            func=partial(location_quotient, binary=True),
            unit="0/1",
            bounds=(0.0, 1.0),
            formula="1 if LQ_rs ≥ 1 else 0",
            scope="sector",
            reading="1 = the sector is at least as concentrated here as in the reference area (LQ ≥ 1); 0 = less.",
            uses_reference=True,
        ),
        Indicator(
            key="share",
            reference="European Cluster Observatory size criterion (Sölvell, Ketels, Lindqvist 2009)",
            label="Share of the sector",
            func=share_of_sector,
            unit="share",
            bounds=(0.0, 1.0),
            formula="σ_rs = E_rs / E_·s",
            scope="sector",
            reading="The region's part of the sector's total in the reference area.",
            uses_reference=True,
        ),
        Indicator(
            key="focus",
            reference="European Cluster Observatory focus criterion (Sölvell, Ketels, Lindqvist 2009)",
            label="Focus",
            func=focus,
            unit="share",
            bounds=(0.0, 1.0),
            formula="f_rs = E_rs / E_r·",
            scope="sector",
            reading="The sector's part of the region's total.",
        ),
        Indicator(
            key="herfindahl",
            reference="Herfindahl (1950); EconGeo `Herfindahl` (Balland 2017)",
            label="Herfindahl index",
            func=herfindahl,
            unit="index",
            bounds=(0.0, 1.0),
            formula="H_r = Σ_s (E_rs / E_r·)²",
            scope="region",
            reading="Near 1 = most jobs are in one or two sectors; near 0 = jobs spread over many sectors.",
        ),
        Indicator(
            key="entropy",
            reference="Shannon (1948); Frenken, Van Oort, Verburg (2007); EconGeo `entropy`",
            label="Shannon entropy",
            func=entropy,
            unit="bits",
            bounds=(0.0, inf),
            formula="H_r = −Σ_s p_rs log2 p_rs, p_rs = E_rs / E_r·",
            scope="region",
            reading="Higher = jobs spread over more sectors (a diversified economy); 0 = all in one sector.",
        ),
        Indicator(
            key="krugman",
            reference="Krugman (1991), Geography and Trade; EconGeo `Krugman.index`",
            label="Krugman specialisation index",
            func=krugman_index,
            unit="index",
            bounds=(0.0, 2.0),
            formula="K_r = Σ_s |E_rs / E_r· − E_·s / E|",
            scope="region",
            reading="0 = the same mix of sectors as the reference area; 2 = a completely different mix.",
        ),
        Indicator(
            key="specialisation_coefficient",
            reference="Hoover (1936); EconGeo `spec.coeff`",
            label="Coefficient of specialisation",
            func=specialisation_coefficient,
            unit="index",
            bounds=(0.0, 1.0),
            formula="C_r = ½ Σ_s |E_rs / E_r· − E_·s / E|",
            scope="region",
            reading="Share of the region's employment that would have to change sector "
            "to match the reference.",
        ),
        Indicator(
            key="average_lq",
            reference="EconGeo `average.location.quotient` (Balland 2017)",
            label="Average location quotient",
            func=average_location_quotient,
            unit="ratio",
            bounds=(1.0, inf),
            formula="LQ̄_r = Σ_s (E_rs / E_r·) · LQ_rs",
            scope="region",
            reading="1: same structure as the reference; higher: more specialised.",
            centre=1.0,
        ),
        Indicator(
            key="hachman",
            reference="Hachman (1994); EconGeo `Hachman`",
            label="Hachman index",
            func=hachman,
            unit="index",
            bounds=(0.0, 1.0),
            formula="HI_r = 1 / Σ_s (E_rs / E_r·) · LQ_rs",
            scope="region",
            reading="1: same structure as the reference; near 0: very specialised.",
        ),
    )
}


def _ratio(numerator: Any, denominator: Any, factor: float = 1.0) -> Any:
    """Numerator × factor / denominator; 0 in the denominator gives NaN (never inf)."""
    return (numerator * factor).div(denominator.where(denominator != 0))


_MEASURES = (
    ("employment", "Persons employed", "persons"),
    ("local_units", "Local units", "units"),
    ("wages_meur", "Wages and salaries", "M EUR"),
)
INDICATORS.update(
    {
        key: Indicator(
            key=key,
            label=label,
            func=None,
            unit=unit,
            bounds=(0.0, inf),
            formula=f"E_rs ({label.lower()})",
            scope="measure",
            reading=f"{label} of the sector in the region (Eurostat SBS).",
            measure=key,
            reference="Eurostat sbs_r_nuts06_r2",
        )
        for key, label, unit in _MEASURES
    }
)
INDICATORS.update(
    {
        i.key: i
        for i in (
            Indicator(
                key="gdp_meur",
            reference="Eurostat nama_10r_3gdp",
                label="GDP",
                func=None,
                unit="M EUR",
                bounds=(0.0, inf),
                formula="GDP at current market prices",
                scope="context",
                reading="Size of the regional economy (Eurostat nama_10r_3gdp).",
                measure="gdp_meur",
                inputs=("gdp_meur",),
            ),
            Indicator(
                key="population",
            reference="Eurostat demo_r_pjanaggr3",
                label="Population",
                func=None,
                unit="persons",
                bounds=(0.0, inf),
                formula="Population on 1 January",
                scope="context",
                reading="Residents (Eurostat demo_r_pjanaggr3).",
                measure="population",
                inputs=("population",),
            ),
            Indicator(
                key="gdp_per_capita",
            reference="Eurostat nama_10r_3gdp and demo_r_pjanaggr3",
                label="GDP per inhabitant",
                func=partial(_ratio, factor=1e6),
                unit="EUR",
                bounds=(0.0, inf),
                formula="GDP × 10⁶ / population",
                scope="context",
                reading="Regional prosperity in EUR per resident (current prices).",
                inputs=("gdp_meur", "population"),
            ),
            Indicator(
                key="density",
            reference="Eurostat demo_r_pjanaggr3 and reg_area3",
                label="Population density",
                func=_ratio,
                unit="persons/km²",
                bounds=(0.0, inf),
                formula="population / area (km²)",
                scope="context",
                reading="Residents per square kilometre.",
                inputs=("population", "area_km2"),
            ),
        )
    }
)

# Change between a start and an end year (scope "change"; shown with a start year only): analysis/change_registry.py
INDICATORS.update({e["key"]: Indicator(**e, scope="change", centre=None if e.get("categories") else 0.0)
                   for e in CHANGE_ENTRIES})
INDICATORS.update(
    {
        i.key: i
        for i in (
            Indicator(
                key="relatedness_density",
                reference="Hidalgo et al. (2007), Science 317; Boschma, Balland & Kogler (2015), ICC 24(1); "
                "EconGeo `relatedness.density` with `relatedness(method = \"prob\")`",
                label="Relatedness density",
                func=density_of_matrix,
                unit="percent",
                bounds=(0.0, 100.0),
                formula="RD_rk = 100 · Σ_j M_rj φ_jk / Σ_j φ_jk, M_rj = 1 if LQ_rj ≥ 1, "
                "φ = probability relatedness of NACE divisions (co-occurrence of specialisations)",
                scope="sector",
                reading="High = the region is already strong in many sectors linked to this one: well placed "
                "to grow it.",
                space=True,
            ),
            Indicator(
                key="complexity",
                reference="Hidalgo & Hausmann (2009), PNAS 106; Balland & Rigby (2017), Econ. Geogr. 93(1); "
                "EconGeo `KCI`",
                label="Economic complexity (ECI)",
                func=region_complexity,
                unit="z-score",
                bounds=(-inf, inf),
                formula="2nd eigenvector of D⁻¹ M U⁻¹ Mᵀ over the NACE divisions (D: diversity, U: ubiquity), "
                "standardised",
                scope="region",
                reading="Above 0 = the region is strong in rare activities that only diverse regions have "
                "(more complex than average).",
                space=True,
            ),
        )
    }
)
INDICATORS["sme_share"] = Indicator(
    key="sme_share",
    reference="EU SME definition, Recommendation 2003/361/EC (headcount < 250)",
    label="SME share",
    func=sme_share,
    unit="share",
    bounds=(0.0, 1.0),
    formula="(X_rs^micro + X_rs^small + X_rs^medium) / Σ_classes X_rs, X = enterprises or persons employed",
    scope="sector",
    reading="Share of the sector's enterprises (or employment) in firms with fewer than 250 persons employed.",
    inputs=SIZE_INPUTS,
)

SECTOR_INDICES: dict[str, Indicator] = {
    i.key: i
    for i in (
        Indicator(
            key="locational_gini",
            reference="Krugman (1991); EconGeo `locational.gini` (Balland 2017), maximum 0.5",
            label="Locational Gini",
            func=locational_gini,
            unit="index",
            bounds=(0.0, 0.5),
            formula="½ × area-Gini of cumulated σ_rs against cumulated E_r·/E, "
            "regions sorted by LQ_rs",
            scope="concentration",
            reading="0: spread like all employment; towards 0.5: in few regions.",
        ),
        Indicator(
            key="hoover_index",
            reference="Hoover (1936); REAT `hoover` (Wieland)",
            label="Hoover index",
            func=hoover_index,
            unit="percent",
            bounds=(0.0, 100.0),
            formula="HI_s = 50 · Σ_r |E_rs / E_·s − R_r / R|",
            scope="concentration",
            reading="Percent of the sector to relocate to match the reference.",
        ),
        Indicator(
            key="hoover_gini",
            reference="REAT `hoover` / Gini of the Hoover curve (Wieland)",
            label="Hoover–Gini",
            func=hoover_gini,
            unit="index",
            bounds=(0.0, 1.0),
            formula="area-Gini of cumulated σ_rs against cumulated R_r/R, "
            "regions sorted by E_rs / R_r",
            scope="concentration",
            reading="0: distributed like the reference; 1: all in one region.",
        ),
        Indicator(
            key="sector_herfindahl",
            reference="Herfindahl (1950), over regions",
            label="Sectoral Herfindahl",
            func=sector_herfindahl,
            unit="index",
            bounds=(0.0, 1.0),
            formula="H_s = Σ_r (E_rs / E_·s)²",
            scope="concentration",
            reading="1: the whole sector in one region; 1/n: equal across n regions.",
        ),
    )
}

STAR_RULES: dict[str, str] = {
    "size": (
        f"Size star: the region's share of the sector's employment is in the top "
        f"{clusters.SIZE_TOP:.0%} of regions with data for that sector."
    ),
    "specialisation": (
        f"Specialisation star: location quotient ≥ {clusters.SPECIALISATION_MIN:g}."
    ),
    "focus": (
        f"Focus star: the sector's share of the region's employment is in the top "
        f"{clusters.FOCUS_TOP:.0%} of regions with data for that sector."
    ),
    "strong_cluster": (
        f"Strong cluster (US Cluster Mapping): LQ ≥ the {clusters.LQ_PERCENTILE:g}th "
        f"percentile of the sector's LQs and LQ ≥ 1, and employment and establishments "
        f"above their {clusters.SIZE_PERCENTILE:g}th percentiles; percentiles over the "
        "regions with employment, linear interpolation."
    ),
    "cluster_strength": (
        "Cluster strength: share of the region's employment in its strong clusters."
    ),
}
