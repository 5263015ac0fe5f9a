"""The interface's message catalogue and the choice of language (issue 19: one catalogue, English complete).

:data:`MESSAGES` maps a message key to its text per language; English (``en``) has every key, French (``fr``)
the controls, legend, status line and methodology headings. :func:`text` falls back to English for a key
without a translation, so a partial language never shows a key or a blank. :func:`negotiate` picks the
language from the ``lang`` URL parameter, else the browser's ``Accept-Language`` (RFC 9110 §12.5.4 quality
values), else English. Pure: no Dash, no Flask.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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
    "nace_notes": {"en": "NACE Rev. 2 explanatory notes of the chosen sector",
                   "fr": "Notes explicatives NACE Rév. 2 du secteur choisi"},
    "col_indicator": {"en": "Indicator", "fr": "Indicateur"},
    "col_formula": {"en": "Formula", "fr": "Formule"},
    "col_range": {"en": "Range", "fr": "Étendue"},
    "col_reading": {"en": "Reading", "fr": "Lecture"},
    "col_reference": {"en": "Reference", "fr": "Référence"},
}


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


#: Fixed phrases of the status line (callbacks/map.py ``status_text``) and their message keys.
_STATUS_PHRASES = (
    (re.compile(r"(\d+) of (\d+) regions with data"), "regions_with_data", ("shown", "total")),
    (re.compile(r"(\d+) significant (LISA|Gi\*) regions at p ≤ ([\d.]+)"), "significant_regions",
     ("count", "kind", "alpha")),
    (re.compile(r"\ball sectors\b"), "all_sectors", ()),
    (re.compile(r"\bdataset (\S+)"), "status_dataset", ("name",)),
)


def status_line(line: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Translate the fixed phrases of a status line (names, codes and numbers stay as they are).

    >>> status_line("Location quotient · C · 2014 · NUTS 2 (version 2013) · 273 of 320 regions with data", "fr")
    'Location quotient · C · 2014 · NUTS 2 (version 2013) · 273 régions sur 320 avec données'
    """
    if lang == DEFAULT_LANGUAGE:
        return line
    for pattern, key, names in _STATUS_PHRASES:
        line = pattern.sub(lambda m, key=key, names=names: text(key, lang, **dict(zip(names, m.groups(),
                                                                                    strict=True))), line)
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
