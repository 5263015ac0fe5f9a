"""Methodology view: every formula, range, reading and threshold, read from the registry."""

from __future__ import annotations

from dash import html

from analysis.registry import INDICATORS, SECTOR_INDICES, STAR_RULES, Indicator
from callbacks import ids

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


def _row(spec: Indicator) -> html.Tr:
    low, high = spec.bounds
    return html.Tr([html.Td(spec.label), html.Td(html.Code(spec.formula)), html.Td(f"{low:g} … {high:g}"),
                    html.Td(spec.reading)])


def _table(specs: dict[str, Indicator]) -> html.Table:
    head = html.Thead(html.Tr([html.Th(t) for t in ("Indicator", "Formula", "Range", "Reading")]))
    return html.Table([head, html.Tbody([_row(s) for s in specs.values()])], className="method-table")


def panel() -> html.Details:
    """Build the collapsible methodology section."""
    return html.Details(id=ids.METHODOLOGY, className="methodology", children=[
        html.Summary("Methodology: formulas, thresholds and data rules"),
        html.P("E_rs: measure (persons employed, local units or wages) of sector s in region r; "
               "E_r·: region total; E_·s: sector total; E: total of all shown regions."),
        _table(INDICATORS),
        html.H4("Sector concentration"),
        _table(SECTOR_INDICES),
        html.H4("Cluster stars"),
        html.Ul([html.Li(text) for text in STAR_RULES.values()]),
        html.H4("Data rules"),
        html.Ul([html.Li(text) for text in DATA_NOTES]),
    ])
