"""Methodology view: every formula, range, reading and threshold, read from the registry."""

from __future__ import annotations

from dash import html

from analysis.registry import INDICATORS, SECTOR_INDICES, STAR_RULES, Indicator
from callbacks import ids
from callbacks.playback import PLAYBACK_NOTES
from data.i18n import DEFAULT_LANGUAGE, text
from views.hotspots import PERMUTATIONS, SEED
from views.peers import PEER_NOTES
from views.sector_summary import EG_THRESHOLDS
from views.series import SERIES_BREAK_TEXT

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
    "Current Eurostat tables (sbs_r_nuts2021, reference years 2021 on; `python app.py fetch`) are read under the "
    "same measures as the old table: EMP_LOC_NR (persons employed in local units) as V16110, LOC_NR (local "
    "units) as V11210, WAGE_LOC_MEUR as V13320; other indicators keep their Eurostat label. " + SERIES_BREAK_TEXT
    + ": a comparison of a year before 2021 with one from 2021 on says so in the status and source lines.",
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

POINT_NOTES = (
    "Firm clusters are found from the firms' coordinates, not from counts in regions, so a cluster that "
    "crosses a border or sits in a corner of a large region is neither split nor diluted. Coordinates are "
    "projected to EPSG:3035 (metres) first; nothing is clustered on degrees.",
    "HDBSCAN (Campello, Moulavi & Sander 2013; fast-hdbscan, agreeing with scikit-learn's HDBSCAN up to "
    "tie-breaking): clusters of varying density; 'minimum size' is the smallest cluster kept and the number "
    "of neighbours (the firm included) that makes a firm a core point. DBSCAN (Ester, Kriegel, Sander & Xu "
    "1996; scikit-learn): a cluster is a chain of core firms with at least 'minimum size' firms within 10 km.",
    "Weights: the page counts firms, not employees. With employees as weights (Python API), DBSCAN uses them "
    "as sample_weight (a core firm needs that much weight within the radius) and the K-density weighs each "
    "pair by wᵢ·wⱼ; HDBSCAN takes none (scikit-learn's HDBSCAN has no sample_weight) and refuses them.",
    "Per cluster: firms, employees, SME share (firms, and employment, in firms with fewer than 250 persons "
    "employed, over firms of known size), main NACE codes with their share of members, area and outline "
    "(concave hull, ratio 0.3), and the NUTS 2 and 3 regions holding its members.",
    "K-density (Duranton & Overman 2005): the kernel density of the distances between all pairs of the "
    "sector's firms, K(d) = Σ_pairs [φ((d − d_ij)/h) + φ((d + d_ij)/h)] / (h·N), Gaussian kernel, bandwidth "
    "h = 0.9·min(sd, IQR/1.34)·N^(−1/5) over the N pair distances (R's bw.nrd0), reflected at 0; EPSG:3035 "
    "Euclidean distances in km.",
    "It is compared with 99 counterfactuals drawing as many sites at random from all firms of the register "
    "(seed 0); local bands: 5th and 95th percentiles per distance; global bands: hit anywhere between 0 and "
    "180 km by at most 5 % of the simulations. The sector is localised where K exceeds the global upper band: "
    "Γ = Σ_d max(K(d) − upper(d), 0); dispersed where it is below the lower band: Ψ likewise (counted only "
    "when Γ = 0). On the page, sectors with more than 2,000 firms use a seeded random sample of 2,000 (said).",
)


CHANGE_NOTES = (
    "Change indicators compare a start year t₀ (control 'Compare with start year', URL parameter start) with "
    "the year t₁; ⁰ and ¹ mark the two years. They are offered once a start year is chosen; the start year must "
    "have data and be earlier than the year, else it is cleared with a notice.",
    "Growth rates use the cells known in both years only: g = ΣE¹/ΣE⁰ − 1 over the shown regions and all "
    "sectors (national), g_s = Σ_r E¹_rs / Σ_r E⁰_rs − 1 (the sector), g_rs = E¹_rs/E⁰_rs − 1 (the cell).",
    "Shift-share (Dunn 1960): E¹_rs − E⁰_rs = E⁰_rs·g (national) + E⁰_rs·(g_s − g) (industry mix) + "
    "E⁰_rs·(g_rs − g_s) (competitive). Expected change (US Cluster Mapping) = E⁰_rs·g_s; competitive = "
    "actual − expected. A cell with E⁰_rs = 0 has no growth rate: its competitive part is E¹_rs (the identity "
    "holds) and its percent growth and CAGR are missing.",
    "Esteban-Marquillas (1972) split of the competitive part (analysis.shift_share): homothetic Ê_rs = "
    "E⁰_r·E⁰_s/E⁰; net competitive Ê_rs·(g_rs − g_s) + allocation (E⁰_rs − Ê_rs)·(g_rs − g_s). Dynamic "
    "shift-share (Barff & Knight 1988, analysis.dynamic_shift_share): the decomposition year by year, summed.",
    "Region profile: the sector's measure in the region and in the shown regions as an index (t₀ = 100), the "
    "region's LQ, the shift-share waterfall of the region's change over its NACE divisions, and the divisions "
    "with the largest competitive gains and losses (actual against expected change).",
)


RELATEDNESS_NOTES = (
    "Incidence M_rs = 1 if LQ_rs ≥ 1 (all regions of the NUTS level with data, the view's measure, year and "
    "reference; NACE divisions), else 0; regions and divisions without data are dropped; an unknown cell adds nothing.",
    "Co-occurrence C = Mᵀ·M (regions specialised in both divisions), diagonal 0. Relatedness φ_ij, with s_i = Σ_j C_ij "
    "and T = Σ C: probability C_ij / [(s_i s_j / 2)(1/(T − s_i) + 1/(T − s_j))] (used on the map); association "
    "C_ij T / (s_i s_j); cosine C_ij / √(s_i s_j); jaccard C_ij / (s_i + s_j − C_ij); 0/0 → 0, diagonal 0 "
    "(EconGeo `relatedness`; Hidalgo, Klinger, Barabási & Hausmann 2007, Science 317; van Eck & Waltman 2009).",
    "Relatedness density RD_rk = 100 Σ_j M_rj φ_jk / Σ_j φ_jk: share of the related capability of division k present "
    "in region r (Boschma, Balland & Kogler 2015, Industrial and Corporate Change 24(1)); no value when k is related "
    "to no division.",
    "Economic complexity: eigenvector of the second-largest eigenvalue of D⁻¹MU⁻¹Mᵀ (regions) and U⁻¹MᵀD⁻¹M "
    "(divisions), D = diversity, U = ubiquity, standardised; sign so that regions correlate with diversity and "
    "divisions against ubiquity (the stronger of the two when they disagree). Reflections: k_r,n = mean of its "
    "divisions' k_s,n−1, rescaled to 0–100 from step 3 (EconGeo MORc/MORt; Hidalgo & Hausmann 2009, PNAS 106). "
    "Regions not linked to the others by shared specialisations get no value.",
    "Opportunities: divisions with a known LQ < 1 ranked by relatedness density; the chart crosses feasibility "
    "(density) and benefit (complexity) as in Balland, Boschma, Crespo & Rigby (2019), Regional Studies 53(9).",
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
        html.H4(text("change_heading", lang)),
        html.Ul([html.Li(note) for note in CHANGE_NOTES]),
        html.H4(text("sector_concentration", lang)),
        _table(SECTOR_INDICES, lang),
        html.P(f"Ellison–Glaeser γ: (G − (1 − Σ_r x_r²) H) / ((1 − Σ_r x_r²)(1 − H)), G = Σ_r (σ_rs − x_r)², "
               f"x_r = E_r·/E, H ≈ Σ_r E_rs²/(n_rs E_·s²) from local units n_rs (equal-size units). Readings: "
               f"γ < {EG_THRESHOLDS[0]:g} not very, up to {EG_THRESHOLDS[1]:g} moderately, above highly localised "
               "(Ellison & Glaeser 1997, J. Political Economy 105(5))."),
        html.H4(text("cluster_marks", lang)),
        html.Ul([html.Li(note) for note in STAR_RULES.values()]),
        html.H4(text("hot_spots", lang)),
        html.Ul([html.Li(note) for note in SPATIAL_NOTES]),
        html.H4(text("relatedness_heading", lang)),
        html.Ul([html.Li(note) for note in RELATEDNESS_NOTES]),
        html.H4(text("colours_heading", lang)),
        html.Ul([html.Li(note) for note in COLOUR_NOTES]),
        html.H4(text("data_rules", lang)),
        html.Ul([html.Li(note) for note in DATA_NOTES]),
        html.H4(text("playback_heading", lang)),
        html.Ul([html.Li(note) for note in PLAYBACK_NOTES]),
        html.H4(text("peers_heading", lang)),
        html.Ul([html.Li(note) for note in PEER_NOTES]),
        html.H4(text("firm_clusters_heading", lang)),
        html.Ul([html.Li(note) for note in POINT_NOTES]),
    ])
