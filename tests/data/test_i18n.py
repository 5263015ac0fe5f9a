"""The message catalogue: English complete, French for the controls, status line and methodology headings."""

import pytest

from data.i18n import LANGUAGES, MESSAGES, catalogue, negotiate, status_line, text

#: Keys French must translate (controls, status line, legend of the map summary, methodology headings).
FRENCH_REQUIRED = ("dataset", "sector", "indicator", "measure", "level", "year", "countries", "reference",
                   "version", "layers", "alpha", "palette", "regions_with_data", "loading", "methodology",
                   "sector_concentration", "cluster_marks", "hot_spots", "data_rules", "skip_to_map",
                   "summary_head", "summary_missing")


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
        "Location quotient · tous les secteurs · 2014 · NUTS 2 (version 2013) · 273 régions sur 320 avec données · "
        "jeu de données my-firms · Moran's I = 0.412 (pseudo p = 0.001, 999 permutations) · 12 régions LISA "
        "significatives à p ≤ 0.05")
    assert status_line(line, "en") == line


def test_fallback_to_english_for_an_untranslated_key(monkeypatch):
    monkeypatch.setitem(MESSAGES, "only_english", {"en": "Only {n} in English"})
    assert text("only_english", "fr", n=1) == "Only 1 in English"
    assert catalogue("fr")["year"] == "Année"
