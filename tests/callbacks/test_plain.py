"""Plain language: a one-line reading for every indicator in the menu; NACE notes of the chosen sector."""

import pandas as pd
import pytest

from analysis.registry import INDICATORS
from callbacks.filters import indicator_options
from callbacks.plain import notes_children, reading
from data.nace_notes import load_notes, sector_notes
from default_build.nace_notes import dotted

JARGON = ("log2", "Σ", "σ", "quotient", "herfindahl", "entropy")


@pytest.mark.parametrize("key", list(INDICATORS))
def test_every_indicator_has_a_short_plain_reading(key):
    text = reading(key)
    assert text and len(text) <= 120 and "\n" not in text, text
    assert not any(word in text.lower() for word in JARGON), text


def test_menu_offers_the_reading_on_hover():
    options = indicator_options()
    assert [o["value"] for o in options] == list(INDICATORS)
    assert all(o["title"] == INDICATORS[o["value"]].reading for o in options)
    assert reading("lq").startswith("LQ 2 = the sector is twice as concentrated here")


def test_ramon_codes_are_padded_to_the_tree():
    codes = pd.Series(["B", "5", "5.1", "5.10", "29.10"])
    assert dotted(codes, pd.Series([1, 2, 3, 4, 4])).tolist() == ["B", "05", "05.1", "05.10", "29.10"]


def test_motor_vehicles_notes_come_from_ramon(store):
    includes, excludes = sector_notes("C29")
    assert includes.startswith("This division includes the manufacture of motor vehicles for transporting")
    assert excludes == ""
    notes = load_notes()
    assert set(notes.index) <= set(store.tree.index) and len(notes) > 700
    children = notes_children(store, "C29")
    assert children[0].children == "NACE notes: what C29 includes and excludes"
    assert [c.children for c in children if getattr(c, "children", None) in ("Includes", "Excludes")] == ["Includes"]


def test_unknown_code_says_there_is_no_note(store):
    assert sector_notes("ZZ99") == ("", "")
    assert notes_children(store, "ZZ99")[1].children == "No explanatory note for ZZ99."


def test_french_panel_labels_controls_and_methodology_headings(store):
    from callbacks.filters import panel
    from callbacks.methodology import panel as methodology
    from callbacks.status import status_children
    from views.state import View

    labels = [c.children[0].children for c in panel(store, View(), "fr").children if getattr(c, "className", "") ==
              "field"]
    assert labels[:4] == ["Jeu de données", "Secteur (NACE Rév. 2)", "Indicateur", "Mesure"]
    section = methodology("fr")
    assert section.children[0].children == "Méthodologie : formules, seuils et règles de données"
    assert [h.children for h in section.children if type(h).__name__ == "H4"] == [
        "Évolution dans le temps (année de départ → année)", "Concentration sectorielle", "Marques de pôles",
        "Points chauds (statistiques spatiales, libpysal + esda)",
        "Proximité, complexité et opportunités (spécialisation intelligente)", "Couleurs et vision des couleurs",
        "Règles de données", "Lecture des années", "Régions semblables et comparaison",
        "Pôles d'entreprises et densité K (registres avec localisation des entreprises)"]
    line = status_children("LQ · C · 2014 · NUTS 2 (version 2013) · 3 of 5 regions with data", [], [], "fr")
    assert line[0].children == "LQ · C · 2014 · NUTS 2 (version 2013) · 3 régions sur 5 avec données"
