"""The interface's message catalogue and the choice of language (issue 19: one catalogue, English complete).

:data:`MESSAGES` maps a message key to its text per language; English (``en``) has every key, French (``fr``)
the controls, legend, status line and methodology headings. :func:`text` falls back to English for a key
without a translation, so a partial language never shows a key or a blank. :func:`negotiate` picks the
language from the ``lang`` URL parameter, else the browser's ``Accept-Language`` (RFC 9110 §12.5.4 quality
values), else English. Pure: no Dash, no Flask.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping

from data.i18n_ui import MAP_TEXT, NACE_NOTES, NOTES, OPTIONS, PANELS, READINGS

#: Languages of the interface, the default first.
LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT_LANGUAGE = LANGUAGES[0]
#: Each language's name in itself (the language switch).
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "fr": "Français"}

MESSAGES: dict[str, dict[str, str]] = {
    # page
    "tagline": {"en": "Where economic activity concentrates in Europe — regions (NUTS) × sectors (NACE Rev. 2)",
                "fr": "Où l’activité économique se concentre en Europe — régions (NUTS) × secteurs (NACE Rév. 2)"},
    "skip_to_map": {"en": "Skip to the map", "fr": "Aller à la carte"},
    "language": {"en": "Language", "fr": "Langue"},
    "controls": {"en": "Controls", "fr": "Paramètres"},
    "show_controls": {"en": "Show the controls", "fr": "Afficher les paramètres"},
    "hide_controls": {"en": "Hide the controls", "fr": "Masquer les paramètres"},
    "map_label": {"en": "Map of the indicator by region", "fr": "Carte de l’indicateur par région"},
    "map_summary": {"en": "What the map shows", "fr": "Ce que montre la carte"},
    "map_keys": {"en": "Map — arrow keys pan, + and − zoom, Home fits the regions shown",
                 "fr": "Carte — flèches : déplacer, + et − : zoomer, Origine : cadrer les régions affichées"},
    # controls (callbacks/filters.py)
    "dataset": {"en": "Dataset", "fr": "Jeu de données"},
    "sector": {"en": "Sector (NACE Rev. 2)", "fr": "Secteur (NACE Rév. 2)"},
    "indicator": {"en": "Indicator", "fr": "Indicateur"},
    "measure": {"en": "Measure", "fr": "Mesure"},
    "level": {"en": "NUTS level", "fr": "Niveau NUTS"},
    "year": {"en": "Year", "fr": "Année"},
    "countries": {"en": "Countries (none = all)", "fr": "Pays (aucun = tous)"},
    "all_countries": {"en": "All countries", "fr": "Tous les pays"},
    "reference": {"en": "LQ reference area", "fr": "Zone de référence du QL"},
    "reference_eu": {"en": "All regions shown", "fr": "Toutes les régions affichées"},
    "reference_country": {"en": "Own country", "fr": "Pays de la région"},
    "version": {"en": "NUTS version of the map", "fr": "Version NUTS de la carte"},
    "layers": {"en": "Layers", "fr": "Couches"},
    "alpha": {"en": "Hot-spot significance (pseudo p, 999 permutations)",
              "fr": "Seuil des points chauds (pseudo p, 999 permutations)"},
    "palette": {"en": "Colours", "fr": "Couleurs"},
    "palette_default": {"en": "Diverging (red–blue)", "fr": "Divergente (rouge–bleu)"},
    "palette_cividis": {"en": "Cividis (prints in grey, colour-vision safe)",
                        "fr": "Cividis (imprimable en gris, adaptée aux daltoniens)"},
    "palette_viridis": {"en": "Viridis (prints in grey)", "fr": "Viridis (imprimable en gris)"},
    "reading": {"en": "How to read it", "fr": "Comment le lire"},
    # panels
    "export": {"en": "Export", "fr": "Exporter"},
    "your_data": {"en": "Your data", "fr": "Vos données"},
    "ranking": {"en": "Ranking", "fr": "Classement"},
    "ranking_keys": {"en": "Arrow keys move between rows; Space or Enter shows the region.",
                     "fr": "Les flèches parcourent les lignes ; Espace ou Entrée affiche la région."},
    "region_hint": {"en": "Click a region on the map or a row of the ranking to see its profile.",
                    "fr": "Cliquez une région sur la carte ou une ligne du classement pour voir son profil."},
    "previous_region": {"en": "Previous region in the ranking", "fr": "Région précédente du classement"},
    "next_region": {"en": "Next region in the ranking", "fr": "Région suivante du classement"},
    # status line and legend
    "loading": {"en": "Loading…", "fr": "Chargement…"},
    "regions_with_data": {"en": "{shown} of {total} regions with data",
                          "fr": "{shown} régions sur {total} avec données"},
    "no_data": {"en": "no data", "fr": "pas de données"},
    "significant_regions": {"en": "{count} significant {kind} regions at p ≤ {alpha}",
                            "fr": "{count} régions {kind} significatives à p ≤ {alpha}"},
    "status_dataset": {"en": "dataset {name}", "fr": "jeu de données {name}"},
    # the map's text alternative (views/summary.py)
    "summary_head": {"en": "{indicator} of {sector}, NUTS {level}, {year}",
                     "fr": "{indicator} de {sector}, NUTS {level}, {year}"},
    "summary_highest": {"en": "highest in {regions}", "fr": "les plus élevés : {regions}"},
    "summary_lowest": {"en": "lowest in {regions}", "fr": "les plus faibles : {regions}"},
    "summary_missing": {"en": "{missing} of {total} regions without data",
                        "fr": "{missing} régions sur {total} sans données"},
    "summary_empty": {"en": "no region has a value", "fr": "aucune région n’a de valeur"},
    "all_sectors": {"en": "all sectors", "fr": "tous les secteurs"},
    "top_table": {"en": "Top regions as a table", "fr": "Régions en tête, sous forme de tableau"},
    "col_rank": {"en": "Rank", "fr": "Rang"},
    "col_region": {"en": "Region", "fr": "Région"},
    "col_code": {"en": "NUTS code", "fr": "Code NUTS"},
    "col_value": {"en": "Value", "fr": "Valeur"},
    # methodology headings
    "methodology": {"en": "Methodology: formulas, thresholds and data rules",
                    "fr": "Méthodologie : formules, seuils et règles de données"},
    "sector_concentration": {"en": "Sector concentration", "fr": "Concentration sectorielle"},
    "cluster_marks": {"en": "Cluster marks", "fr": "Marques de pôles"},
    "hot_spots": {"en": "Hot spots (spatial statistics, libpysal + esda)",
                  "fr": "Points chauds (statistiques spatiales, libpysal + esda)"},
    "data_rules": {"en": "Data rules", "fr": "Règles de données"},
    "colours_heading": {"en": "Colours and colour vision", "fr": "Couleurs et vision des couleurs"},
    "change_heading": {"en": "Change over time (start year → year)",
                       "fr": "Évolution dans le temps (année de départ → année)"},
    "relatedness_heading": {"en": "Relatedness, complexity and opportunities (smart specialisation)",
                            "fr": "Proximité, complexité et opportunités (spécialisation intelligente)"},
    "playback_heading": {"en": "Playback of the years", "fr": "Lecture des années"},
    "peers_heading": {"en": "Peers and compare mode", "fr": "Régions semblables et comparaison"},
    "firm_clusters_heading": {"en": "Firm clusters and K-density (registers with firm locations)",
                              "fr": "Pôles d'entreprises et densité K (registres avec localisation des entreprises)"},
    "nace_notes": {"en": "NACE Rev. 2 explanatory notes of the chosen sector",
                   "fr": "Notes explicatives NACE Rév. 2 du secteur choisi"},
    "col_indicator": {"en": "Indicator", "fr": "Indicateur"},
    "col_formula": {"en": "Formula", "fr": "Formule"},
    "col_range": {"en": "Range", "fr": "Étendue"},
    "col_reading": {"en": "Reading", "fr": "Lecture"},
    "col_reference": {"en": "Reference", "fr": "Référence"},
    # controls added with issues 14–18 (callbacks/filters.py, callbacks/playback.py)
    "start_year": {"en": "Compare with start year (none = one year)",
                   "fr": "Comparer avec une année de départ (aucune = une seule année)"},
    "start_year_none": {"en": "none (single year)", "fr": "aucune (une seule année)"},
    "compare_regions": {"en": "Compare regions (up to 10; type names)",
                        "fr": "Comparer des régions (jusqu’à 10 ; tapez les noms)"},
    "compare_placeholder": {"en": "Type region names to compare…", "fr": "Tapez les noms des régions à comparer…"},
    "cluster_method": {"en": "Firm clusters: method", "fr": "Pôles d’entreprises : méthode"},
    "cluster_size": {"en": "Firm clusters: minimum size", "fr": "Pôles d’entreprises : taille minimale"},
    "cluster_size_option": {"en": "at least {n} firms", "fr": "au moins {n} entreprises"},
    "play": {"en": "Play years", "fr": "Lire les années"},
    "pause": {"en": "Pause", "fr": "Pause"},
    "play_title": {"en": "Step the map through the years, one frame per year (press again to pause)",
                   "fr": "Faire défiler les années sur la carte, une image par année (appuyer de nouveau pour "
                         "mettre en pause)"},
    # legend of the size-class colouring of the firm points (layers/firm_sizes.py, callbacks/firms.py)
    "size_legend": {"en": "Enterprise points by size class (persons employed)",
                    "fr": "Points des entreprises par classe de taille (personnes occupées)"},
    "size_class_micro": {"en": "micro (< 10)", "fr": "micro (< 10)"},
    "size_class_small": {"en": "small (10–49)", "fr": "petite (10–49)"},
    "size_class_medium": {"en": "medium (50–249)", "fr": "moyenne (50–249)"},
    "size_class_large": {"en": "large (≥ 250)", "fr": "grande (≥ 250)"},
    "size_class_unknown": {"en": "size unknown", "fr": "taille inconnue"},
    "size_legend_note": {"en": "Coloured when at most {limit} points are shown; above, one colour.",
                         "fr": "En couleurs lorsque {limit} points au plus sont affichés ; au-delà, une seule "
                               "couleur."},
    # status line phrases
    "morans_i": {"en": "Moran's I", "fr": "I de Moran"},
    "playback": {"en": "playback", "fr": "lecture"},
}

#: Indicator names (``analysis.registry`` labels, the legend's and the status line's first words), by indicator key.
INDICATOR_NAMES: dict[str, dict[str, str]] = {
    "lq": {"en": "Location quotient", "fr": "Quotient de localisation"},
    "lq_binary": {"en": "Specialised (LQ ≥ 1)", "fr": "Spécialisé (QL ≥ 1)"},
    "share": {"en": "Share of the sector", "fr": "Part du secteur"},
    "focus": {"en": "Focus", "fr": "Poids du secteur dans la région"},
    "herfindahl": {"en": "Herfindahl index", "fr": "Indice de Herfindahl"},
    "entropy": {"en": "Shannon entropy", "fr": "Entropie de Shannon"},
    "krugman": {"en": "Krugman specialisation index", "fr": "Indice de spécialisation de Krugman"},
    "specialisation_coefficient": {"en": "Coefficient of specialisation", "fr": "Coefficient de spécialisation"},
    "average_lq": {"en": "Average location quotient", "fr": "Quotient de localisation moyen"},
    "hachman": {"en": "Hachman index", "fr": "Indice de Hachman"},
    "employment": {"en": "Persons employed", "fr": "Personnes occupées"},
    "local_units": {"en": "Local units", "fr": "Unités locales"},
    "wages_meur": {"en": "Wages and salaries", "fr": "Salaires et traitements"},
    "gdp_meur": {"en": "GDP", "fr": "PIB"},
    "population": {"en": "Population", "fr": "Population"},
    "gdp_per_capita": {"en": "GDP per inhabitant", "fr": "PIB par habitant"},
    "density": {"en": "Population density", "fr": "Densité de population"},
    "change": {"en": "Change of the measure", "fr": "Variation de la mesure"},
    "growth": {"en": "Growth", "fr": "Croissance"},
    "cagr": {"en": "Compound annual growth", "fr": "Taux de croissance annuel composé"},
    "lq_change": {"en": "Change of the location quotient", "fr": "Variation du quotient de localisation"},
    "share_change": {"en": "Change of the share of the sector", "fr": "Variation de la part du secteur"},
    "competitive_shift": {"en": "Competitive shift (actual − expected)", "fr": "Effet compétitif (observé − attendu)"},
    "competitive_shift_pct": {"en": "Competitive shift, % of start", "fr": "Effet compétitif, % du départ"},
    "trajectory": {"en": "Specialisation trajectory", "fr": "Trajectoire de spécialisation"},
    "relatedness_density": {"en": "Relatedness density", "fr": "Densité de proximité"},
    "complexity": {"en": "Economic complexity (ECI)", "fr": "Complexité économique (ICE)"},
    "sme_share": {"en": "SME share", "fr": "Part des PME"},
}

#: Units of the indicators (the legend title's parenthesis), by their English text.
UNITS: dict[str, dict[str, str]] = {
    "0/1": {"en": "0/1", "fr": "0/1"},
    "share": {"en": "share", "fr": "part"},
    "index": {"en": "index", "fr": "indice"},
    "bits": {"en": "bits", "fr": "bits"},
    "persons": {"en": "persons", "fr": "personnes"},
    "units": {"en": "units", "fr": "unités"},
    "M EUR": {"en": "M EUR", "fr": "M EUR"},
    "EUR": {"en": "EUR", "fr": "EUR"},
    "persons/km²": {"en": "persons/km²", "fr": "personnes/km²"},
    "percent": {"en": "percent", "fr": "pour cent"},
    "percent per year": {"en": "percent per year", "fr": "pour cent par an"},
    "LQ points": {"en": "LQ points", "fr": "points de QL"},
    "percentage points": {"en": "percentage points", "fr": "points de pourcentage"},
    "LQ threshold 1, stable ±5%": {"en": "LQ threshold 1, stable ±5%", "fr": "seuil de QL 1, stable ±5 %"},
    "z-score": {"en": "z-score", "fr": "score z"},
    "percent of start": {"en": "percent of start", "fr": "pour cent du départ"},
}
_PARTS = [{f"indicator_{key}": entry for key, entry in INDICATOR_NAMES.items()},
          {f"unit_{unit}": entry for unit, entry in UNITS.items()}, OPTIONS, MAP_TEXT, NOTES, PANELS, NACE_NOTES,
          {f"reading_{key}": entry for key, entry in READINGS.items()}]
for _part in _PARTS:  # one entry per key: a key in two parts of the catalogue would silently shadow one
    if _twice := sorted(MESSAGES.keys() & _part.keys()):
        raise RuntimeError(f"message keys defined twice in the catalogue: {', '.join(_twice)}")
    MESSAGES.update(_part)


def text(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Return message ``key`` in ``lang`` (English when untranslated), formatted with ``values``.

    >>> text("skip_to_map", "fr")
    'Aller à la carte'
    >>> text("no_such_key")
    Traceback (most recent call last):
    KeyError: "message 'no_such_key' is not in the catalogue"
    """
    entry = MESSAGES.get(key)
    if entry is None:
        raise KeyError(f"message {key!r} is not in the catalogue")
    template = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return template.format(**values) if values else template


#: English indicator names, longest first (a name may begin another: "Competitive shift" …).
_NAMES_LONGEST_FIRST = sorted(((entry["en"], key) for key, entry in INDICATOR_NAMES.items()),
                              key=lambda pair: -len(pair[0]))
_UNITS_LONGEST_FIRST = sorted(UNITS, key=len, reverse=True)


def _leading_name(line: str, lang: str) -> tuple[str, str]:
    """Split ``line`` into its leading indicator name, translated, and the rest (``("", line)`` without one)."""
    for english, key in _NAMES_LONGEST_FIRST:
        if line.startswith(english):
            return INDICATOR_NAMES[key].get(lang) or english, line[len(english):]
    return "", line


def legend_title(title: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Translate the map's colour-bar title ``"name (unit), years"`` (layers: ``views.map_data``); years stay.

    >>> legend_title("Change of the location quotient (LQ points), 2009–2014", "fr")
    'Variation du quotient de localisation (points de QL), 2009–2014'
    >>> legend_title("Location quotient", "en")
    'Location quotient'
    """
    if lang == DEFAULT_LANGUAGE:
        return title
    name, rest = _leading_name(title, lang)
    for unit in _UNITS_LONGEST_FIRST:
        if rest.startswith(f" ({unit})"):
            rest = f" ({UNITS[unit].get(lang) or unit})" + rest[len(unit) + 3:]
            break
    return name + rest


#: Fixed phrases of the status line (callbacks/map.py ``status_text``) and their message keys.
_STATUS_PHRASES = (
    (re.compile(r"\bMoran's I\b"), "morans_i", ()),
    (re.compile(r"(?<= · )playback$"), "playback", ()),
    (re.compile(r"(\d+) of (\d+) regions with data"), "regions_with_data", ("shown", "total")),
    (re.compile(r"(\d+) significant (LISA|Gi\*) regions at p ≤ ([\d.]+)"), "significant_regions",
     ("count", "kind", "alpha")),
    (re.compile(r"\ball sectors\b"), "all_sectors", ()),
    (re.compile(r"\bdataset (\S+)"), "status_dataset", ("name",)),
)


def status_line(line: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Translate the fixed phrases and the notes (:func:`localise`) of a status line; names, codes, numbers stay.

    >>> status_line("Location quotient · C · 2014 · NUTS 2 (version 2013) · 273 of 320 regions with data", "fr")
    'Quotient de localisation · C · 2014 · NUTS 2 (version 2013) · 273 régions sur 320 avec données'
    """
    if lang == DEFAULT_LANGUAGE:
        return line
    name, rest = _leading_name(line, lang)
    if name and (not rest or rest.startswith(" · ")):
        line = name + rest
    line = " · ".join(localise(part, lang) for part in line.split(" · "))  # the notes after the fixed fields
    for pattern, key, names in _STATUS_PHRASES:
        line = pattern.sub(lambda m, key=key, names=names: text(key, lang, **dict(zip(names, m.groups(),
                                                                                    strict=True))), line)
    return line


def indicator_name(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return the name of indicator ``key`` in ``lang`` (the registry's label in English)."""
    return text(f"indicator_{key}", lang)


def measure_caption(measure: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """Caption of a :class:`data.measures.Measure` in ``lang``: its name (``size`` classes too) and unit.

    A measure the catalogue does not know (an official table's indicator) keeps its file's label.

    >>> from data.measures import measure_spec
    >>> measure_caption(measure_spec("wages_meur"), "fr"), measure_caption(measure_spec("employment:small"), "fr")
    ('Salaires et traitements (M EUR)', 'Personnes occupées : petites')
    """
    key, size = (str(measure.key).split(":", 1) + [""])[:2]
    if lang == DEFAULT_LANGUAGE or f"measure_{key}" not in MESSAGES:
        return measure.caption
    label = text(f"measure_{key}", lang)
    if size:
        label = text("measure_sized", lang, measure=label, size=text(f"size_{size}", lang) if
                     f"size_{size}" in MESSAGES else size)
    if measure.caption == measure.label:
        return label
    unit = text(f"unit_{measure.unit}", lang) if f"unit_{measure.unit}" in MESSAGES else measure.unit
    return f"{label} ({unit})"


def integer(number: int, lang: str = DEFAULT_LANGUAGE) -> str:
    r"""Write a whole number with the thousands separator of ``lang`` (a narrow no-break space in French).

    >>> integer(12345), integer(12345, "fr")
    ('12,345', '12\u202f345')
    """
    written = f"{int(number):,}"
    return written.replace(",", "\u202f") if lang == "fr" else written


def _template_pattern(template: str) -> re.Pattern:
    """Return a regular expression matching what ``template`` formats to; each placeholder a named group."""
    seen: set[str] = set()
    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
            seen.add(name)
    return re.compile("".join(parts))


#: The English templates of the notes and notices, as patterns (:func:`localise`).
_NOTE_PATTERNS = {key: _template_pattern(entry[DEFAULT_LANGUAGE]) for key, entry in NOTES.items()
                  if key.startswith(("note_", "notice_", "allowed_"))}
_LINE_KEYS = tuple(key for key in _NOTE_PATTERNS if not key.startswith("allowed_"))
#: What a URL parameter allows: the ``allowed`` placeholder of ``notice_url``.
_ALLOWED_KEYS = tuple(key for key in _NOTE_PATTERNS if key.startswith("allowed_"))
#: English names in placeholders (indicators, measures) → their catalogue keys, also in lower case.
_NAMED = {**{entry["en"]: f"indicator_{key}" for key, entry in INDICATOR_NAMES.items()},
          **{entry["en"]: key for key, entry in OPTIONS.items() if key.startswith("measure_")}}
_NAMED_LOWER = {name.lower(): key for name, key in _NAMED.items()}


def _name_in(value: str, lang: str, placeholder: str = "") -> str:
    """Translate ``value`` if it is an indicator or measure name (in lower case when it was: inside a sentence).

    The ``allowed`` placeholder (what a URL parameter allows) is rendered from its own templates.
    """
    if placeholder == "allowed":
        return localise(value, lang, _ALLOWED_KEYS)
    if value in _NAMED:
        return text(_NAMED[value], lang)
    return text(_NAMED_LOWER[value], lang).lower() if value in _NAMED_LOWER else value


def localise(line: str, lang: str = DEFAULT_LANGUAGE, keys: Iterable[str] | None = None) -> str:
    """Render a note or notice made from an English template of the catalogue again in ``lang``.

    The values in the placeholders stay (names, codes, numbers), except indicator and measure names,
    which are translated. Parts joined by "; " are rendered one by one; a line no template made stays.

    >>> localise("no hot spots: too few regions", "fr")
    'pas de points chauds : too few regions'
    >>> localise("Location quotient has too few regions with data in 2009: showing 2010", "fr")
    '« Quotient de localisation » a trop peu de régions avec données en 2009 : affichage de 2010'
    """
    if lang == DEFAULT_LANGUAGE or not line:
        return line
    for key in keys or _LINE_KEYS:
        found = _NOTE_PATTERNS[key].fullmatch(line)
        if found:
            return text(key, lang, **{name: _name_in(value, lang, name) for name, value in found.groupdict().items()})
    if "; " in line:
        parts = line.split("; ")
        localised = [localise(part, lang, keys) for part in parts]
        if localised != parts:
            return "; ".join(localised)
    return line


def _accepted(header: str) -> list[tuple[float, int, str]]:
    """Languages of an ``Accept-Language`` header as (−quality, position, primary tag), best first."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, position, tag.strip().split("-")[0].lower()))
    return sorted(ranked)


def negotiate(query_lang: str | None, accept_language: str | None) -> str:
    """Choose the language of a page: the URL's ``lang`` if offered, else the best offered one the browser accepts.

    >>> negotiate("fr", "en")
    'fr'
    >>> negotiate("xx", "de-DE,fr;q=0.8,en;q=0.5")
    'fr'
    >>> negotiate(None, "de, *;q=0.1")
    'en'
    """
    if query_lang and query_lang.strip().lower() in LANGUAGES:
        return query_lang.strip().lower()
    for _, _, tag in _accepted(accept_language or ""):
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE


def catalogue(lang: str) -> Mapping[str, str]:
    """Return every message in ``lang`` (English where it has no translation)."""
    return {key: text(key, lang) for key in MESSAGES}
