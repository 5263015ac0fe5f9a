"""Methodology view: every formula, range, reading and threshold, read from the registry."""

from __future__ import annotations

from dash import html

from analysis.registry import INDICATORS, SECTOR_INDICES, STAR_RULES, Indicator
from callbacks import ids
from data.i18n import DEFAULT_LANGUAGE, text
from views.hotspots import PERMUTATIONS, SEED
from views.sector_summary import EG_THRESHOLDS

DATA_NOTES = (
    "Missing (':') and confidential ('c') Eurostat cells are missing values, never 0; 0/0 gives no value.",
    "E_r· is the business-economy total of the region: the sum of the known NACE sections B–N and S95 "
    "(K excluded, as in the SBS table). A region whose total is smaller than the sector (confidential "
    "sections) gets no value.",
    "Reference totals of a sector (E_·s, E) are taken over the shown regions that have a value for it; "
    "with 'Own country' they are taken within each region's country.",
    "The SBS table uses NUTS 2013 codes (NUTS 2010 codes in early years, converted with the JRC matrix "
    "and used only where the 2013 code has no value). NUTS 2021 maps convert NUTS 2013 values with the "
    "JRC conversion matrices (population 2018 weights); a converted region has no value if any source "
    "region overlapping it has none.",
    "Regional indices (Herfindahl, entropy, Krugman, …) use the 13 NACE sections of the business economy.",
)


SPATIAL_NOTES = (
    "Weights: queen contiguity of the NUTS polygons of the map's version and level (libpysal Graph), "
    "row-standardised; islands (e.g. Cyprus, Malta, the Balearics) are joined to their nearest region. "
    "Regions without a value are left out.",
    "Global Moran's I = (n / S0) Σ_i Σ_j w_ij z_i z_j / Σ_i z_i², z = deviation from the mean; expectation "
    f"−1/(n−1); pseudo p-value from {PERMUTATIONS} random permutations (seed {SEED}) (Moran 1950; esda.Moran).",
    "LISA: I_i = z_i Σ_j w_ij z_j / m2; quadrants HH (high value, high neighbours: hot spot), LL (cold spot), "
    "HL and LH (spatial outliers); only regions with a conditional-permutation pseudo p at most the chosen "
    "level are coloured (Anselin 1995; esda.Moran_Local).",
    "Getis–Ord Gi*: the standardised sum of the values of a region and its neighbours; hot spot when "
    "significantly high, cold spot when low (Getis & Ord 1992; Ord & Getis 1995; esda.G_Local, star=True).",
)


COLOUR_NOTES = (
    "Location quotient: diverging red–blue on a log2 axis (white at LQ 1, saturated at ¼ and 4); other indices: "
    "sequential OrRd from the 2nd to the 98th percentile; regions without a value are grey (#b0b0b0).",
    "'Colours' → Cividis or Viridis draws every indicator on a perceptually uniform sequential scale whose "
    "lightness rises monotonically: it prints in grey and reads the same with any colour vision.",
    "Every scale is checked by simulating protanopia, deuteranopia and tritanopia (Machado, Oliveira & "
    "Fernandes 2009): neighbouring legend classes differ by CIEDE2000 ≥ 10, categories (LISA, Gi*, marks) by ≥ 15.",
)


def _row(spec: Indicator) -> html.Tr:
    low, high = spec.bounds
    return html.Tr([html.Td(spec.label), html.Td(html.Code(spec.formula)), html.Td(f"{low:g} … {high:g}"),
                    html.Td(spec.reading), html.Td(spec.reference)])


def _table(specs: dict[str, Indicator], lang: str = DEFAULT_LANGUAGE) -> html.Table:
    head = html.Thead(html.Tr([html.Th(text(f"col_{t}", lang), scope="col")
                              for t in ("indicator", "formula", "range", "reading", "reference")]))
    return html.Table([head, html.Tbody([_row(s) for s in specs.values()])], className="method-table")


def panel(lang: str = DEFAULT_LANGUAGE) -> html.Details:
    """Build the collapsible methodology section (headings in ``lang``; formulas and notes in English)."""
    return html.Details(id=ids.METHODOLOGY, className="methodology", children=[
        html.Summary(text("methodology", lang)),
        html.P("E_rs: measure (persons employed, local units or wages) of sector s in region r; "
               "E_r·: region total; E_·s: sector total; E: total of all shown regions."),
        _table(INDICATORS, lang),
        html.H4(text("sector_concentration", lang)),
        _table(SECTOR_INDICES, lang),
        html.P(f"Ellison–Glaeser γ: (G − (1 − Σ_r x_r²) H) / ((1 − Σ_r x_r²)(1 − H)), G = Σ_r (σ_rs − x_r)², "
               f"x_r = E_r·/E, H ≈ Σ_r E_rs²/(n_rs E_·s²) from local units n_rs (equal-size units). Readings: "
               f"γ < {EG_THRESHOLDS[0]:g} not very, up to {EG_THRESHOLDS[1]:g} moderately, above highly localised "
               "(Ellison & Glaeser 1997, J. Political Economy 105(5))."),
        html.H4(text("cluster_marks", lang)),
        html.Ul([html.Li(text) for text in STAR_RULES.values()]),
        html.H4(text("hot_spots", lang)),
        html.Ul([html.Li(text) for text in SPATIAL_NOTES]),
        html.H4(text("colours_heading", lang)),
        html.Ul([html.Li(note) for note in COLOUR_NOTES]),
        html.H4(text("data_rules", lang)),
        html.Ul([html.Li(text) for text in DATA_NOTES]),
    ])
