"""Registry entries of the change indicators (issue 14): the keyword arguments of one ``Indicator`` each.

Kept apart from :mod:`analysis.registry` (which builds them with ``Indicator(**entry)``) so that neither
module grows past the size rule. Each ``func`` takes the start-year and end-year region × sector matrices
(same labels) and returns a region × sector frame; the dashboard shows them only with a start year.
"""

from __future__ import annotations

from functools import partial
from math import inf
from typing import Any

from analysis.change import (
    SPECIALISATION_THRESHOLD,
    STABLE_TOLERANCE,
    TRAJECTORIES,
    cagr_percent,
    competitive_shift,
    growth,
    lq_change,
    lq_trajectory,
    share_change,
)

__all__ = ["CHANGE_ENTRIES", "TRAJECTORY_RULE"]

_DUNN = "Dunn (1960); US Cluster Mapping Project (job creation against the expected)"
#: The trajectory rule in words, with the thresholds the code uses (methodology and legend).
TRAJECTORY_RULE = (
    f"emerging: LQ below {SPECIALISATION_THRESHOLD:g} at the start, ≥ {SPECIALISATION_THRESHOLD:g} at the end; "
    f"fading: the reverse; otherwise strengthening (LQ end / LQ start − 1 ≥ +{STABLE_TOLERANCE:.0%}), "
    f"weakening (≤ −{STABLE_TOLERANCE:.0%}) or stable"
)

CHANGE_ENTRIES: tuple[dict[str, Any], ...] = (
    dict(key="change", label="Change of the measure", func=partial(growth, kind="absolute"), unit="",
         bounds=(-inf, inf), formula="ΔE_rs = E¹_rs − E⁰_rs", reference="US Cluster Mapping Project (job creation)",
         reading="Gain (positive) or loss (negative) between the start and the end year."),
    dict(key="growth", label="Growth", func=partial(growth, kind="percent"), unit="percent", bounds=(-100.0, inf),
         formula="100 · (E¹_rs / E⁰_rs − 1); NaN if E⁰_rs ≤ 0", reference="US Cluster Mapping Project",
         reading="Percent change between the start and the end year."),
    dict(key="cagr", label="Compound annual growth", func=cagr_percent, unit="percent per year",
         bounds=(-100.0, inf), formula="100 · ((E¹_rs / E⁰_rs)^(1/(t₁ − t₀)) − 1); NaN if E⁰_rs ≤ 0",
         reference="US Cluster Mapping Project (CAGR)", reading="Average yearly growth between the two years."),
    dict(key="lq_change", label="Change of the location quotient", func=lq_change, unit="LQ points",
         bounds=(-inf, inf), formula="LQ¹_rs − LQ⁰_rs, each LQ against its own year's reference area",
         reference="Isard (1960); Dunn (1960)", uses_reference=True,
         reading="Positive: the region became more specialised in the sector."),
    dict(key="share_change", label="Change of the share of the sector", func=share_change,
         unit="percentage points", bounds=(-100.0, 100.0), formula="100 · (E¹_rs / E¹_·s − E⁰_rs / E⁰_·s)",
         reference="US Cluster Mapping Project (change in national share)", uses_reference=True,
         reading="Percentage points of the sector's reference-area total the region gained or lost."),
    dict(key="competitive_shift", label="Competitive shift (actual − expected)", func=competitive_shift, unit="",
         bounds=(-inf, inf), formula="E⁰_rs · (g_rs − g_s), g_s = Σ_r E¹_rs / Σ_r E⁰_rs − 1 (cells known in "
         "both years); = actual change − E⁰_rs · g_s", reference=_DUNN,
         reading="Change beyond the one expected had the region's sector grown at its reference-area rate."),
    dict(key="competitive_shift_pct", label="Competitive shift, % of start", func=partial(competitive_shift,
         percent=True), unit="percent of start", bounds=(-inf, inf), formula="100 · (g_rs − g_s)",
         reference=_DUNN, reading="Growth of the region's sector minus the sector's reference-area growth."),
    dict(key="trajectory", label="Specialisation trajectory", func=lq_trajectory, bounds=(0.0, 4.0),
         unit=f"LQ threshold {SPECIALISATION_THRESHOLD:g}, stable ±{STABLE_TOLERANCE:.0%}",  # in the legend title
         formula=TRAJECTORY_RULE, reference="Classification of LQ⁰ and LQ¹ (Isard 1960); thresholds as parameters",
         uses_reference=True, categories=TRAJECTORIES,
         reading="Where the region's specialisation in the sector is heading."),
)
