"""French where users see it (issue 19): menu options and their readings, the map title, the status bar's notes and
notices, the export and upload panels. French output holds no fixed English text of the catalogue; English output
is what it was before French existed."""

import base64
import json
import re
import string

import pytest

from analysis.registry import INDICATORS
from callbacks import export, filters, plain, upload
from callbacks.map import update_map
from callbacks.status import status_children
from data.i18n import MESSAGES, status_line, text
from data.i18n_ui import READINGS
from data.measures import MEASURES
from data.store import DataStore
from exports.options import EXPORT_SIZES
from ingest.workspace import DEFAULT_LIMITS
from layers.basemap import OFFLINE_NOTE
from views.series import SERIES_BREAK_TEXT
from views.state import LAYERS, View
from views.url import PARAMETERS, parse_query
from views.values import effective_view

CSV = "id;name;lat;lon;nace;employees\n1;Bosch;48,8155;9,1653;29.32;1200\n2;Bakery;47,0707;15,4395;10.71;x\n"


def _english_fragments() -> set[str]:
    """Fixed parts of the English templates (6+ characters) that their French does not contain.

    URL parameter names (``dataset``, …) are names, not words, and are left out.
    """
    fragments = set()
    for entry in MESSAGES.values():
        for literal, *_ in string.Formatter().parse(entry["en"]):
            piece = literal.strip(" :;,.()—–-'«»")
            if len(piece) >= 6 and piece not in entry["fr"]:
                fragments.add(piece)
    return fragments - set(PARAMETERS)


ENGLISH = _english_fragments()


def english_in(texts) -> list[tuple[str, str]]:
    """The (text, English fragment) pairs where a text shows a fixed English part of the catalogue."""
    return [(t, f) for t in texts for f in ENGLISH if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", t)]


def _texts(node) -> list[str]:
    """Every text a component tree shows or announces: children, labels, titles, placeholders, data-messages."""
    if isinstance(node, list | tuple):
        return [t for child in node for t in _texts(child)]
    if isinstance(node, str):
        return [node]
    props = node.to_plotly_json()["props"] if hasattr(node, "to_plotly_json") else {}
    found = [props[k] for k in ("title", "placeholder", "aria-label") if isinstance(props.get(k), str)]
    found += list(json.loads(props.get("data-messages", "{}")).values())
    found += [o["label"] for o in props.get("options") or [] if isinstance(o, dict) and isinstance(o.get("label"), str)]
    children = props.get("children")
    return found + (_texts(children) if children is not None else [])


def test_the_catalogue_repeats_the_registries_english_exactly():
    assert {k: e["en"] for k, e in READINGS.items()} == {k: s.reading for k, s in INDICATORS.items()}
    named = {k: m.label for k, m in MEASURES.items() if ":" not in k}
    assert {k: MESSAGES[f"measure_{k}"]["en"] for k in named} == named
    sized = {k: m.label for k, m in MEASURES.items() if ":" in k}
    assert sized and all(text("measure_sized", measure=MESSAGES[f"measure_{k.split(':')[0]}"]["en"],
                              size=MESSAGES[f"size_{k.split(':')[1]}"]["en"]) == label for k, label in sized.items())
    assert {k: MESSAGES[f"size_{k}"]["en"] for k in EXPORT_SIZES} == {k: s.label for k, s in EXPORT_SIZES.items()}
    assert set(filters.LAYER_MENU) == set(LAYERS)
    assert OFFLINE_NOTE == MESSAGES["note_basemap_offline"]["en"]


def test_the_fragment_check_can_fail():
    assert english_in(["Quotient de localisation — indice sectoriel"]) == []
    assert english_in(["Location quotient — indice sectoriel"]) == [
        ("Location quotient — indice sectoriel", "Location quotient")]


def test_menu_options_and_readings_in_french(store):
    options = [*filters.indicator_options(None, "fr"), *filters.indicator_options(2009, "fr"),
               *filters.year_options(store, "sbs", "fr"), *filters.dataset_options(store, "fr"),
               *filters.measure_options(store, "sbs", "fr"), *filters.layer_options("fr"),
               *filters.palette_options("fr"), *filters.version_options("fr")]
    shown = [o["label"] for o in options] + [o["title"] for o in options if "title" in o]
    assert english_in(shown) == []
    lq = filters.indicator_options(None, "fr")[0]
    assert lq == {"label": "Quotient de localisation — indice sectoriel", "value": "lq", "title": READINGS["lq"]["fr"]}
    assert "2016 (contexte seulement)" in shown and "Salaires et traitements (M EUR)" in shown
    assert plain.reading("krugman", "fr").startswith("0 = la même composition sectorielle")


def test_menu_options_in_english_unchanged(store):
    lq = filters.indicator_options()[0]
    assert lq == {"label": "Location quotient — sector index", "value": "lq", "title": INDICATORS["lq"].reading}
    growth = filters.indicator_options()[list(INDICATORS).index("growth")]
    assert growth == {"label": "Growth — change since the start year", "value": "growth", "disabled": True,
                      "title": INDICATORS["growth"].reading}
    assert {"label": "2016 (context only)", "value": 2016} in filters.year_options(store)
    assert [o["label"] for o in filters.measure_options(store, "sbs")] == [
        "Persons employed", "Local units", "Wages and salaries (M EUR)"]
    assert filters.layer_options()[0] == {"label": "Industrial sites (Hotmaps)", "value": "sites"}
    assert filters.palette_options()[0]["label"] == "The indicator's own (red–blue around LQ 1)"
    assert [o["label"] for o in filters.version_options()] == [
        "NUTS 2013 (native for SBS)", "NUTS 2021 (SBS converted, JRC pop-2018 weights)"]


def test_a_synthetic_register_is_marked_in_french(tmp_path):
    import pandas as pd

    from data.synthetic import generate_firms

    firms = pd.concat(list(generate_firms(300, seed=0)), ignore_index=True)  # seeded synthetic register
    contents = "data:text/csv;base64," + base64.b64encode(firms.to_csv(index=False).encode()).decode()
    store = DataStore()
    *_, key = upload.handle_upload(store, contents, "synthetic.csv", None, replace=False, workspace=tmp_path,
                                   limits=DEFAULT_LIMITS, lang="fr")
    name = store.dataset(key).label  # the dataset's own name stays
    assert [o["label"] for o in filters.dataset_options(store, "fr") if o["value"] == key] == [f"{name} — SYNTHÉTIQUE"]
    assert [o["label"] for o in filters.dataset_options(store) if o["value"] == key] == [f"{name} — SYNTHETIC"]


@pytest.mark.parametrize("view", [View(sector="C"), View(indicator="krugman"), View(indicator="gdp_per_capita"),
                                  View(sector="C", indicator="lq_change", start=2009, reference="country")],
                         ids=["sector", "region", "context", "change"])
def test_the_map_title_in_french_as_a_figure_and_as_changes(store, view):
    view = effective_view(store, view)
    figure, _, keys, _ = update_map(store, view, None, None, False, "fr")
    title = figure.layout.title.text
    assert english_in([title]) == [] and "Réalisé avec Cluster Atlas." in figure.layout.annotations[0].text
    other = effective_view(store, View(sector="C29", version=view.version, level=view.level))
    _, changes, _, _ = update_map(store, other, keys, None, False, "fr")
    assert "Quotient de localisation" in changes["layout"]["title.text"]
    english, *_ = update_map(store, view, None, None, False)
    assert "Made with Cluster Atlas." in english.layout.annotations[0].text


def test_the_map_title_in_english_unchanged(store):
    figure, *_ = update_map(store, effective_view(store, View(sector="C")), None, None, False)
    assert figure.layout.title.text == ("<b>C Manufacturing — Location quotient</b><br><span style='font-size:12px'>"
                                        "persons employed, 2014, NUTS 2 (version 2013)</span>")


NOTICE_VIEWS = [View(dataset="nope"), View(sector="C", indicator="lq_change"),
                View(sector="C", indicator="lq_change", start=2014, year=2014), View(level=3, sector="C"),
                View(indicator="relatedness_density", sector="C"), View(version=2021, sector="C", year=2016)]


def _notices(store) -> list[str]:
    notices = [n for v in NOTICE_VIEWS for n in effective_view(store, v).notices]
    query = "?level=9&foo=1&zoom=99&sector=XX&countries=ZZ&alpha=0.3&start=1999&compare=QQ"
    notices += parse_query(query, store).notices
    return notices


def test_notices_in_french(store):
    notices = _notices(store)
    assert len(notices) == 15
    french = [div.children for div in status_children(None, notices, None, "fr")[1:]]
    assert english_in(french) == []
    assert "Avis : « Variation du quotient de localisation » demande une année de départ : affichage de « quotient " \
           "de localisation »" in french
    english = [div.children for div in status_children(None, notices, None, "en")[1:]]
    assert english == [f"Notice: {n}" for n in notices]
    assert "Notice: Change of the location quotient needs a start year: showing the location quotient" in english


def test_status_notes_in_french(store):
    relatedness = text("note_space_small", minimum=10, regions=4, level=2)
    weak = "; ".join((text("note_complexity_apart", count=3), text("note_complexity_weak", score="0.40")))
    line = (f"Economic complexity (ECI) · all sectors · 2014 · NUTS 2 (version 2013) · 0 of 320 regions with data · "
            f"{OFFLINE_NOTE} · {SERIES_BREAK_TEXT} · {relatedness} · {weak}")
    french = status_line(line, "fr")
    assert english_in([french]) == []
    assert french.startswith("Complexité économique (ICE) · tous les secteurs")
    assert "complexité des seules régions liées par des spécialisations communes : 3 région(s) à l’écart; le sens" \
           in french
    assert status_line(line, "en") == line


def test_export_and_upload_panels_in_french():
    french = _texts(export.panel("fr")) + _texts(upload.panel(DEFAULT_LIMITS, "fr"))
    assert english_in(french) == []
    assert {"Télécharger la carte", "Copier le lien", "Nom du jeu de données (facultatif)"} <= set(french)
    english = _texts(export.panel()) + _texts(upload.panel(DEFAULT_LIMITS))
    assert {"Download map", "Copy link", "Map format", "Retina: 1600 × 1000 at 2× (3200 × 2000)", "Your data",
            "Dataset name (optional)", "Drop a register, cluster list or Eurostat table here, or ",
            "Link copied: {url}"} <= set(english)


def test_upload_reports_in_french(tmp_path):
    contents = "data:text/csv;base64," + base64.b64encode(CSV.encode()).decode()
    answers = {lang: upload.handle_upload(DataStore(), contents, "firms.csv", f"firms-{lang}", replace=False,
                                          workspace=tmp_path, limits=DEFAULT_LIMITS, lang=lang)
               for lang in ("en", "fr")}
    french, english = _texts(answers["fr"][0]), _texts(answers["en"][0])
    table = french[french.index("ligne"):french.index("ligne") + 4]
    assert table == ["ligne", "colonne", "problème", "valeur"]  # the validation's own words (notes, problems) stay
    assert english_in([french[0], *table]) == [] and french[0].startswith("✓ firms.csv : ")
    assert english[0].startswith("✓ firms.csv: ") and "rows accepted" in english[0]
    refused = {lang: _texts(upload.report_children(None, ValueError("file 'x.csv': empty upload (0 bytes)"),
                                                   "x.csv", lang)) for lang in ("en", "fr")}
    assert refused["fr"][:2] == ["✗ Non chargé : file 'x.csv': empty upload (0 bytes)",
                                 "Rien n’a été modifié : les jeux de données chargés auparavant sont toujours là."]
    assert refused["en"][0] == "✗ Not loaded: file 'x.csv': empty upload (0 bytes)"


def test_playback_titles_in_french_and_the_cached_frames_english(store):
    from callbacks.playback import frames_for
    from views.state import control_values

    controls = control_values(effective_view(store, View(sector="C", level=2)))
    french = [frame["title"] for frame in frames_for(store, controls, "fr")["frames"]]
    english = [frame["title"] for frame in frames_for(store, controls)["frames"]]
    assert len(french) > 1 and all("C Manufacturing — Quotient de localisation · " in t for t in french)
    assert english_in(french) == [] and all("C Manufacturing — Location quotient · " in t for t in english)
