"""The message catalogue: English complete, French for the controls, status line and methodology headings."""

import pytest

from analysis.registry import INDICATORS
from data.i18n import (
    INDICATOR_NAMES,
    LANGUAGES,
    MESSAGES,
    UNITS,
    catalogue,
    legend_title,
    negotiate,
    status_line,
    text,
)

#: Keys French must translate (controls, status line, legend of the map summary, methodology headings).
FRENCH_REQUIRED = ("dataset", "sector", "indicator", "measure", "level", "year", "countries", "reference",
                   "version", "layers", "alpha", "palette", "regions_with_data", "loading", "methodology",
                   "sector_concentration", "cluster_marks", "hot_spots", "data_rules", "skip_to_map",
                   "summary_head", "summary_missing", "start_year", "start_year_none", "compare_regions",
                   "compare_placeholder", "cluster_method", "cluster_size", "cluster_size_option", "play", "pause",
                   "indicator_lq", "indicator_lq_change", "unit_LQ points")


def test_english_is_complete_and_french_covers_the_required_keys():
    assert all(entry.get("en") for entry in MESSAGES.values())
    missing = [key for key in FRENCH_REQUIRED if not MESSAGES[key].get("fr")]
    assert missing == []
    assert all(set(entry) <= set(LANGUAGES) for entry in MESSAGES.values())


def test_placeholders_agree_between_languages():
    import string

    for key, entry in MESSAGES.items():
        names = {lang: {f for _, f, _, _ in string.Formatter().parse(t) if f} for lang, t in entry.items()}
        assert len({frozenset(v) for v in names.values()}) == 1, (key, names)


@pytest.mark.parametrize(("query", "header", "expected"), [
    ("fr", "en-GB,en;q=0.9", "fr"),  # the URL wins
    (None, "fr-FR,fr;q=0.9,en;q=0.8", "fr"),
    (None, "de-DE, en;q=0.7, fr;q=0.8", "fr"),  # quality, not order
    (None, "de-DE", "en"),  # nothing offered: English
    ("xx", None, "en"),
    (None, "fr;q=0, en", "en"),  # q=0 means "not acceptable"
    (None, "fr;q=bad", "en"),
])
def test_negotiation(query, header, expected):
    assert negotiate(query, header) == expected


def test_status_line_translates_phrases_and_keeps_names_and_numbers():
    line = ("Location quotient · all sectors · 2014 · NUTS 2 (version 2013) · 273 of 320 regions with data · "
            "dataset my-firms · Moran's I = 0.412 (pseudo p = 0.001, 999 permutations) · 12 significant LISA "
            "regions at p ≤ 0.05")
    assert status_line(line, "fr") == (
        "Quotient de localisation · tous les secteurs · 2014 · NUTS 2 (version 2013) · 273 régions sur 320 avec "
        "données · jeu de données my-firms · I de Moran = 0.412 (pseudo p = 0.001, 999 permutations) · 12 régions LISA "
        "significatives à p ≤ 0.05")
    assert status_line(line, "en") == line


def test_fallback_to_english_for_an_untranslated_key(monkeypatch):
    monkeypatch.setitem(MESSAGES, "only_english", {"en": "Only {n} in English"})
    assert text("only_english", "fr", n=1) == "Only 1 in English"
    assert catalogue("fr")["year"] == "Année"


def test_every_key_has_english_and_french():
    incomplete = [key for key, entry in MESSAGES.items() if not (entry.get("en") and entry.get("fr"))]
    assert incomplete == []


def test_indicator_names_are_the_registry_labels_and_cover_every_unit():
    assert set(INDICATOR_NAMES) == set(INDICATORS)
    assert {key: INDICATOR_NAMES[key]["en"] for key in INDICATORS} == {k: s.label for k, s in INDICATORS.items()}
    # the legend shows a unit unless it is "", "ratio" or "class" (views/map_data.py)
    assert {s.unit for s in INDICATORS.values()} - {"", "ratio", "class"} <= set(UNITS)


@pytest.mark.parametrize(("english", "french"), [
    ("Change of the location quotient (LQ points), 2009–2014",
     "Variation du quotient de localisation (points de QL), 2009–2014"),
    ("Location quotient", "Quotient de localisation"),
    ("Competitive shift (actual − expected), 2009–2014", "Effet compétitif (observé − attendu), 2009–2014"),
    ("Competitive shift, % of start (percent of start), 2009–2014",
     "Effet compétitif, % du départ (pour cent du départ), 2009–2014"),
    ("Specialisation trajectory (LQ threshold 1, stable ±5%), 2009–2014",
     "Trajectoire de spécialisation (seuil de QL 1, stable ±5 %), 2009–2014"),
    ("Population density (persons/km²)", "Densité de population (personnes/km²)"),
    ("Enterprises: micro (units)", "Enterprises: micro (units)"),  # a dataset's own measure: left as it is
    ("LISA p ≤ 0.05", "LISA p ≤ 0.05"),
])
def test_legend_title_in_french_and_unchanged_in_english(english, french):
    assert legend_title(english, "fr") == french
    assert legend_title(english, "en") == english


def test_status_line_translates_the_indicator_name_only_as_the_first_field():
    line = "Change of the location quotient · C · 2009–2014 · NUTS 2 (version 2013) · 224 of 320 regions with data"
    assert status_line(line + " · playback", "fr") == (
        "Variation du quotient de localisation · C · 2009–2014 · NUTS 2 (version 2013) · 224 régions sur 320 "
        "avec données · lecture")
    # a name that merely begins another word is not an indicator name
    assert status_line("Growthless · C", "fr") == "Growthless · C"
